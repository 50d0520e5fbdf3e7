// `file://` URIs, as editors name documents, and the paths the compiler reads: percent
// escapes decoded one way, written the other. A URI of another scheme keeps its text as its
// path (imports then resolve against the working folder).
#pragma once

#include <string>
#include <string_view>

namespace plumb::lsp {

std::string path_from_uri(std::string_view uri);
std::string uri_from_path(std::string_view path);

}  // namespace plumb::lsp
