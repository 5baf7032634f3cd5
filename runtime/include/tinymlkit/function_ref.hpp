// A non-owning reference to a callable, cheaper than std::function and never allocating: the
// objective a minimizer calls is always alive for the whole call that takes it.
#pragma once

#include <memory>
#include <type_traits>
#include <utility>

namespace tinymlkit {

template <class Signature>
class FunctionRef;

template <class R, class... Args>
class FunctionRef<R(Args...)> {
 public:
  template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, FunctionRef> && std::is_invocable_r_v<R, F&, Args...>)
  FunctionRef(F& callable)  // NOLINT(google-explicit-constructor): used like a function parameter
      : object_(std::addressof(callable)), call_([](void* object, Args... args) -> R {
          return (*static_cast<F*>(object))(std::forward<Args>(args)...);
        }) {}

  R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

 private:
  void* object_;
  R (*call_)(void*, Args...);
};

}  // namespace tinymlkit
