// A stage's signature as the reference writes it: `io.read_text(path: str) -> str`, with
// defaults and the extra keyword arguments (`**fields`). `plumb stdlib` and the language
// server's hover and signature help show it.
#pragma once

#include <string>

#include <plumb/stage.hpp>

namespace plumb {

std::string signature_text(const StageSignature& signature);
// One parameter as the signature writes it: `name: type = default`.
std::string param_text(const Param& param);

}  // namespace plumb
