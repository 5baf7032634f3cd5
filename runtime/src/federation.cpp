#include "tinymlkit/federation.hpp"

namespace tinymlkit {

void FederationRecord::add(FederationRound entry) {
  round = entry.round;
  history.push_back(std::move(entry));
  if (history.size() > kRoundsKept) history.erase(history.begin());
}

void FederationRecord::save(ByteWriter& out) const {
  out.u64(round);
  out.u64(history.size());
  for (const FederationRound& entry : history) {
    out.u64(entry.round);
    out.str(entry.rule);
    out.u64(entry.byzantine);
    out.u64(entry.accepted);
    out.u64(entry.iterations);
    out.u64(entry.rejected.size());
    for (const RejectedClient& client : entry.rejected) {
      out.str(client.file);
      out.str(client.reason);
    }
  }
}

Status FederationRecord::load(ByteReader& in) {
  TMK_ASSIGN_OR_RETURN(round, in.u64());
  TMK_ASSIGN_OR_RETURN(size_t rounds, in.count(44));
  if (rounds > kRoundsKept) return in.malformed("a federation history longer than it is kept");
  history.assign(rounds, FederationRound{});
  for (FederationRound& entry : history) {
    TMK_ASSIGN_OR_RETURN(entry.round, in.u64());
    TMK_ASSIGN_OR_RETURN(entry.rule, in.str());
    TMK_ASSIGN_OR_RETURN(entry.byzantine, in.u64());
    TMK_ASSIGN_OR_RETURN(entry.accepted, in.u64());
    TMK_ASSIGN_OR_RETURN(entry.iterations, in.u64());
    TMK_ASSIGN_OR_RETURN(size_t rejected, in.count(8));
    entry.rejected.resize(rejected);
    for (RejectedClient& client : entry.rejected) {
      TMK_ASSIGN_OR_RETURN(client.file, in.str());
      TMK_ASSIGN_OR_RETURN(client.reason, in.str());
    }
  }
  return {};
}

void FederationRecord::describe(JsonWriter& out) const {
  out.begin_object("federation");
  out.field("round", round);
  out.begin_array("history");
  for (const FederationRound& entry : history) {
    out.begin_object();
    out.field("round", entry.round);
    out.field("rule", entry.rule);
    out.field("byzantine", entry.byzantine);
    out.field("accepted", entry.accepted);
    out.field("weiszfeld_iterations", entry.iterations);
    out.begin_array("rejected");
    for (const RejectedClient& client : entry.rejected) {
      out.begin_object();
      out.field("file", client.file);
      out.field("reason", client.reason);
      out.end_object();
    }
    out.end_array();
    out.end_object();
  }
  out.end_array();
  out.end_object();
}

}  // namespace tinymlkit
