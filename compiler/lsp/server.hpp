// `plumb lsp`: a Language Server Protocol 3.17 server over a transport (stdin and stdout for
// the CLI). It keeps the open documents, answers requests with the features of features.hpp,
// and publishes each document's diagnostics once its text has stopped changing for a moment
// (the debounce), so that a burst of keystrokes costs one check. Every message gets an answer
// or is a notification: a malformed one gets a JSON-RPC error, never a crash or a hang.
#pragma once

#include <chrono>
#include <map>
#include <string>

#include <nlohmann/json.hpp>
#include <plumb/stage.hpp>

#include "compiler/lsp/documents.hpp"
#include "compiler/lsp/transport.hpp"

namespace plumb::lsp {

// How long a document's text must stay unchanged before its diagnostics are published.
inline constexpr std::chrono::milliseconds kDiagnosticsDelay{50};

class Server {
 public:
  Server(const StageRegistry& registry, Transport& transport)
      : registry_(registry), transport_(transport), documents_(registry) {}

  // Serves until `exit` or the end of the input: 0 after `shutdown` then `exit`, 1 otherwise
  // (as the protocol asks).
  int run();

 private:
  using Clock = std::chrono::steady_clock;

  void handle(const nlohmann::json& message);
  // The result of a request; throws what `handle` turns into a JSON-RPC error.
  nlohmann::json request(const std::string& method, const nlohmann::json& params);
  void notification(const std::string& method, const nlohmann::json& params);
  void publish_due();
  void publish(Document& document);
  void schedule(const std::string& uri);
  // Answers a failed request with an error, or logs a failed notification (window/logMessage).
  void fail(bool is_request, const nlohmann::json& id, const std::string& method, int code,
            const std::string& message);
  void send_error(const nlohmann::json& id, int code, const std::string& message);
  Document& document_of(const nlohmann::json& params);

  const StageRegistry& registry_;
  Transport& transport_;
  Documents documents_;
  std::map<std::string, Clock::time_point> pending_;  // uri → when to publish its diagnostics
  bool initialized_ = false;
  bool shutting_down_ = false;
  bool exited_ = false;
};

}  // namespace plumb::lsp
