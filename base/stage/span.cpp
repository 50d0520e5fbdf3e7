// plumb::Span: child spans for stage code, through the StageContext running on this thread.
#include <plumb/span.hpp>
#include <plumb/stage.hpp>

namespace plumb {

Span::Span(std::string_view name)
    : context_(StageContext::current()), handle_(context_ ? context_->begin_span(name) : 0) {
}

Span::~Span() {
  if (handle_ != 0) context_->end_span(handle_, error_type_, error_message_);
}

void Span::set(std::string_view key, const Value& value) {
  if (handle_ != 0) context_->span_attribute(handle_, key, value);
}

void Span::set_error(std::string_view type, std::string_view message) {
  error_type_ = type;
  error_message_ = message;
}

}  // namespace plumb
