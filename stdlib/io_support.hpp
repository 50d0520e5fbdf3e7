// Helpers shared by the io.* source files, and the registration of the stages defined outside
// io.cpp.
#pragma once

#include <plumb/stage.hpp>

#include <string>
#include <string_view>

namespace plumb::stdlib {

// `text` without a leading UTF-8 byte order mark.
std::string_view strip_bom(std::string_view text);

// The required `path: str` parameter.
Param path_param(std::string doc);

// io.read_csv and io.write_csv (io_csv.cpp), io.list_files (io_list.cpp).
void register_io_csv(StageRegistry& registry);
void register_io_list(StageRegistry& registry);

}  // namespace plumb::stdlib
