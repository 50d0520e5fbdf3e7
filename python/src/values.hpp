// Values between Python and plumb. Python to plumb: None, bool, int (64 bits: a larger int is
// an OverflowError, never wrapped; objects with __index__ count as ints), float, str, list
// and tuple, dict with str keys (their order kept). Anything else is a TypeError naming the
// type and where it was (`[2]["tags"]`). plumb to Python: null None, bool, int, float, str,
// list, and records as dicts in key order. Call with the GIL held.
#pragma once

#include <stdexcept>
#include <string>

#include <pybind11/pybind11.h>
#include <plumb/value.hpp>

namespace plumb::python {

// A Python value plumb cannot hold. `python_type` is the exception class to raise for it.
class ConversionError : public std::runtime_error {
 public:
  ConversionError(PyObject* python_type, const std::string& message)
      : std::runtime_error(message), python_type_(python_type) {}
  PyObject* python_type() const { return python_type_; }

 private:
  PyObject* python_type_;
};

// Throws ConversionError; its message ends with where in the value it failed, if not at the
// top (` (at [2]["tags"])`).
Value to_value(PyObject* object);
// A new reference; throws pybind11::error_already_set when Python cannot make the object.
PyObject* to_python(const Value& value);
inline pybind11::object to_object(const Value& value) {
  return pybind11::reinterpret_steal<pybind11::object>(to_python(value));
}

// Raises `error` as its Python exception, its message prefixed (`argument `n`: `).
[[noreturn]] void raise_conversion(const ConversionError& error, const std::string& prefix);

}  // namespace plumb::python
