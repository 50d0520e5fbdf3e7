// The server's loop and dispatch (server.hpp): lifecycle (initialize, initialized, shutdown,
// exit), document synchronisation (full or incremental), the debounced diagnostics, and the
// requests, each answered by its feature (features.hpp).
#include "compiler/lsp/server.hpp"

#include <optional>

#include "compiler/lsp/features.hpp"

namespace plumb::lsp {

namespace {

// JSON-RPC and LSP error codes.
enum ErrorCode {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  kServerNotInitialized = -32002,
  kRequestFailed = -32803,
};

// A request refused with an error code of the protocol.
struct ProtocolError {
  int code;
  std::string message;
};

nlohmann::json capabilities() {
  return {
      {"positionEncoding", "utf-16"},
      {"textDocumentSync",
       {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
      {"hoverProvider", true},
      {"completionProvider",
       {{"triggerCharacters", {".", "@", "(", ","}}, {"resolveProvider", false}}},
      {"signatureHelpProvider", {{"triggerCharacters", {"(", ","}}}},
      {"definitionProvider", true},
      {"referencesProvider", true},
      {"documentSymbolProvider", true},
      {"renameProvider", {{"prepareProvider", true}}},
      {"documentFormattingProvider", true},
  };
}

}  // namespace

int Server::run() {
  for (;;) {
    std::optional<std::chrono::milliseconds> wait;
    if (!pending_.empty()) {
      Clock::time_point first = Clock::time_point::max();
      for (const auto& [uri, when] : pending_)
        first = std::min(first, when);
      wait = std::chrono::duration_cast<std::chrono::milliseconds>(first - Clock::now()) +
             std::chrono::milliseconds(1);
    }
    Transport::Incoming incoming = transport_.next(wait);
    switch (incoming.status) {
      case Transport::Status::Message:
        handle(incoming.message);
        break;
      case Transport::Status::Malformed:
        send_error(nullptr, kParseError, incoming.problem);
        break;
      case Transport::Status::Timeout:
        break;
      case Transport::Status::Closed:
        return shutting_down_ ? 0 : 1;
    }
    if (exited_) return shutting_down_ ? 0 : 1;
    publish_due();
  }
}

void Server::handle(const nlohmann::json& message) {
  if (!message.is_object() || !message.contains("method") || !message["method"].is_string()) {
    // A response to a request of ours (we send none) or not a message at all.
    if (message.is_object() && (message.contains("result") || message.contains("error"))) return;
    nlohmann::json id = message.is_object() && message.contains("id") ? message["id"] : nullptr;
    send_error(id, kInvalidRequest, "not a JSON-RPC request or notification");
    return;
  }
  const std::string method = message["method"].get<std::string>();
  const nlohmann::json params = message.value("params", nlohmann::json::object());
  const bool is_request = message.contains("id");
  const nlohmann::json id = is_request ? message["id"] : nullptr;
  if (is_request && !id.is_number_integer() && !id.is_string()) {
    send_error(nullptr, kInvalidRequest, "a request's id must be an integer or a string");
    return;
  }
  try {
    if (!is_request) {
      notification(method, params);
      return;
    }
    nlohmann::json result = request(method, params);
    transport_.send({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
  } catch (const ProtocolError& error) {
    fail(is_request, id, method, error.code, error.message);
  } catch (const RequestFailed& failed) {
    fail(is_request, id, method, kRequestFailed, failed.message);
  } catch (const nlohmann::json::exception& error) {
    fail(is_request, id, method, kInvalidParams, std::string("invalid params: ") + error.what());
  } catch (const std::exception& error) {
    fail(is_request, id, method, kInternalError, error.what());
  }
}

Document& Server::document_of(const nlohmann::json& params) {
  const std::string uri = params.at("textDocument").at("uri").get<std::string>();
  Document* document = documents_.find(uri);
  if (!document) throw ProtocolError{kInvalidParams, "the document " + uri + " is not open"};
  return *document;
}

nlohmann::json Server::request(const std::string& method, const nlohmann::json& params) {
  if (method == "initialize") {
    if (initialized_) throw ProtocolError{kInvalidRequest, "the server is already initialized"};
    initialized_ = true;
    return {{"capabilities", capabilities()},
            {"serverInfo", {{"name", "plumb"}, {"version", "1"}}}};
  }
  if (!initialized_) throw ProtocolError{kServerNotInitialized, "the server is not initialized"};
  if (shutting_down_) throw ProtocolError{kInvalidRequest, "the server is shutting down"};
  if (method == "shutdown") {
    shutting_down_ = true;
    return nullptr;
  }
  if (method == "textDocument/completion") {
    Document& document = document_of(params);
    return completion(
        document, document.lines.offset(document.text, position_from_json(params.at("position"))),
        registry_);
  }
  if (method == "textDocument/signatureHelp") {
    Document& document = document_of(params);
    return signature_help(
        document, document.lines.offset(document.text, position_from_json(params.at("position"))),
        registry_);
  }
  if (method == "textDocument/formatting") return formatting(document_of(params));
  Document& document = [&]() -> Document& {
    if (method.starts_with("textDocument/")) return document_of(params);
    throw ProtocolError{kMethodNotFound, "no method " + method};
  }();
  const Analysed& analysed = documents_.analysed(document);
  if (method == "textDocument/documentSymbol") return document_symbols(document, analysed);
  const std::uint32_t offset =
      document.lines.offset(document.text, position_from_json(params.at("position")));
  if (method == "textDocument/hover") return hover(document, analysed, offset, registry_);
  if (method == "textDocument/definition") return definition(document, analysed, offset);
  if (method == "textDocument/references") {
    bool declaration =
        params.contains("context") && params["context"].value("includeDeclaration", false);
    return references(document, analysed, offset, declaration);
  }
  if (method == "textDocument/prepareRename") return prepare_rename(document, analysed, offset);
  if (method == "textDocument/rename") {
    return rename(document, analysed, offset, params.at("newName").get<std::string>());
  }
  throw ProtocolError{kMethodNotFound, "no method " + method};
}

void Server::notification(const std::string& method, const nlohmann::json& params) {
  if (method == "exit") {
    exited_ = true;
    return;
  }
  if (!initialized_ || shutting_down_) return;
  if (method == "textDocument/didOpen") {
    const nlohmann::json& item = params.at("textDocument");
    const std::string uri = item.at("uri").get<std::string>();
    documents_.open(uri, item.at("text").get<std::string>(), item.value("version", 0));
    schedule(uri);
  } else if (method == "textDocument/didChange") {
    const std::string uri = params.at("textDocument").at("uri").get<std::string>();
    documents_.change(uri, params.at("contentChanges"),
                      params.at("textDocument").value("version", 0));
    schedule(uri);
  } else if (method == "textDocument/didClose") {
    const std::string uri = params.at("textDocument").at("uri").get<std::string>();
    documents_.close(uri);
    pending_.erase(uri);
    transport_.send({{"jsonrpc", "2.0"},
                     {"method", "textDocument/publishDiagnostics"},
                     {"params", {{"uri", uri}, {"diagnostics", nlohmann::json::array()}}}});
  } else if (method == "textDocument/didSave" || method == "workspace/didChangeWatchedFiles") {
    // Another document may import the file saved: its diagnostics may change too.
    for (const std::string& uri : documents_.invalidate_all())
      schedule(uri);
  }
  // Other notifications (initialized, $/cancelRequest, ...) need nothing.
}

void Server::schedule(const std::string& uri) {
  if (documents_.find(uri)) pending_[uri] = Clock::now() + kDiagnosticsDelay;
}

void Server::publish_due() {
  const Clock::time_point now = Clock::now();
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second > now) {
      ++it;
      continue;
    }
    if (Document* document = documents_.find(it->first)) publish(*document);
    it = pending_.erase(it);
  }
}

void Server::publish(Document& document) {
  nlohmann::json items;
  try {
    items = diagnostics(document, documents_.analysed(document));
  } catch (const std::exception& error) {
    items =
        nlohmann::json::array({{{"range", {{"start", to_json({0, 0})}, {"end", to_json({0, 0})}}},
                                {"severity", 1},
                                {"source", "plumb"},
                                {"message", std::string("internal error: ") + error.what()}}});
  }
  transport_.send(
      {{"jsonrpc", "2.0"},
       {"method", "textDocument/publishDiagnostics"},
       {"params", {{"uri", document.uri}, {"version", document.version}, {"diagnostics", items}}}});
}

void Server::fail(bool is_request, const nlohmann::json& id, const std::string& method, int code,
                  const std::string& message) {
  if (is_request) {
    send_error(id, code, message);
    return;
  }
  // A notification has no answer: the client's log shows what was ignored and why.
  transport_.send(
      {{"jsonrpc", "2.0"},
       {"method", "window/logMessage"},
       {"params", {{"type", 1}, {"message", "plumb lsp: ignored " + method + ": " + message}}}});
}

void Server::send_error(const nlohmann::json& id, int code, const std::string& message) {
  transport_.send(
      {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
}

}  // namespace plumb::lsp
