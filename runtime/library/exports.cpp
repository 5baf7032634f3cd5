// The C ABI of a library module (build/wasm/lib/tinymlkit-MODEL.lib.wasm), which js/ calls: a
// ModelSession behind an opaque handle. Text and bytes cross as (pointer, size) in the module's
// memory, which the caller fills through tmk_alloc. A call that can fail returns 0 on failure (a
// null handle, where it makes one), and tmk_error_data/size then hold the message.
//
// The last error is the module's one mutable global, as errno is C's: a creation that fails has
// no session to keep it in, and a module instance runs on one thread.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>

#include "tinymlkit/model_session.hpp"

#define TMK_EXPORT(name) extern "C" __attribute__((export_name(name)))

namespace {

using tinymlkit::ModelSession;

std::string last_error;  // NOLINT(cppcoreguidelines-avoid-non-const-global-variables): see above

int succeeded(const tinymlkit::Status& status) {
  if (status) return 1;
  last_error = status.error().message;
  return 0;
}

ModelSession* session_or_null(tinymlkit::Result<std::unique_ptr<ModelSession>> made) {
  if (!made) {
    last_error = made.error().message;
    return nullptr;
  }
  return made->release();
}

std::string_view text(const char* data, size_t size) { return {data, size}; }

}  // namespace

TMK_EXPORT("tmk_alloc") void* tmk_alloc(size_t size) { return std::malloc(size == 0 ? 1 : size); }
TMK_EXPORT("tmk_dealloc") void tmk_dealloc(void* memory) { std::free(memory); }

TMK_EXPORT("tmk_create") ModelSession* tmk_create(const char* settings, size_t size) {
  return session_or_null(ModelSession::create(tinymlkit::kLibraryModel, text(settings, size)));
}
TMK_EXPORT("tmk_load") ModelSession* tmk_load(const char* bytes, size_t size) {
  return session_or_null(ModelSession::load(tinymlkit::kLibraryModel, text(bytes, size)));
}
// The global model of a federated round over `models` (ModelSession::aggregate).
TMK_EXPORT("tmk_aggregate")
ModelSession* tmk_aggregate(const char* settings, size_t settings_size, const char* models, size_t models_size,
                            int with_previous) {
  return session_or_null(ModelSession::aggregate(tinymlkit::kLibraryModel, text(settings, settings_size),
                                                 text(models, models_size), with_previous != 0));
}
TMK_EXPORT("tmk_free") void tmk_free(ModelSession* session) { delete session; }

// 1 for a classifier, 0 for a regressor.
TMK_EXPORT("tmk_classifies") int tmk_classifies(const ModelSession* session) { return session->classifies() ? 1 : 0; }

// 1 for an example, 2 for a blank or comment line.
TMK_EXPORT("tmk_take_line")
int tmk_take_line(ModelSession* session, const char* line, size_t size, int learn, int probabilities) {
  auto taken = session->take_line(text(line, size), learn != 0, probabilities != 0);
  if (!taken) {
    last_error = taken.error().message;
    return 0;
  }
  return *taken ? 1 : 2;
}
TMK_EXPORT("tmk_learn_text") int tmk_learn_text(ModelSession* session, const char* lines, size_t size) {
  return succeeded(session->learn_text(text(lines, size)));
}
TMK_EXPORT("tmk_take_features")
int tmk_take_features(ModelSession* session, const uint32_t* indexes, const double* values, size_t count,
                      const char* label, size_t label_size, double weight, int learn, int probabilities) {
  return succeeded(session->take_features(std::span(indexes, count), std::span(values, count),
                                          text(label, label_size), weight, learn != 0, probabilities != 0));
}

TMK_EXPORT("tmk_save") int tmk_save(ModelSession* session, int client_summary) {
  return succeeded(session->save(client_summary != 0));
}
TMK_EXPORT("tmk_summary") void tmk_summary(ModelSession* session) { session->summary_json(); }
TMK_EXPORT("tmk_describe") void tmk_describe(ModelSession* session) { session->describe(); }
TMK_EXPORT("tmk_export_c") int tmk_export_c(ModelSession* session) { return succeeded(session->export_c()); }
TMK_EXPORT("tmk_export_onnx") int tmk_export_onnx(ModelSession* session) { return succeeded(session->export_onnx()); }

TMK_EXPORT("tmk_output_data") const char* tmk_output_data(const ModelSession* session) {
  return session->output().data();
}
TMK_EXPORT("tmk_output_size") size_t tmk_output_size(const ModelSession* session) { return session->output().size(); }
TMK_EXPORT("tmk_error_data") const char* tmk_error_data() { return last_error.data(); }
TMK_EXPORT("tmk_error_size") size_t tmk_error_size() { return last_error.size(); }
