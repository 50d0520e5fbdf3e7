// Writing a stage's signature (signature_text.hpp).
#include "base/stage/signature_text.hpp"

#include <plumb/json.hpp>

namespace plumb {

std::string param_text(const Param& p) {
  std::string out = p.name + ": " + p.type.to_string();
  if (p.default_value) out += " = " + to_json(*p.default_value);
  return out;
}

std::string signature_text(const StageSignature& s) {
  std::string out = s.name + "(";
  for (std::size_t i = 0; i < s.params.size(); ++i)
    out += (i ? ", " : "") + param_text(s.params[i]);
  if (!s.extra_keywords.empty()) {
    out += std::string(s.params.empty() ? "" : ", ") + "**" + s.extra_keywords;
  }
  return out + ") -> " + s.result.to_string();
}

}  // namespace plumb
