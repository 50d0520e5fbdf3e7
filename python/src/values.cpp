// Value conversion. Records converted in a row that share their keys share one Shape (Python
// to plumb) or one set of key objects (plumb to Python), so a list of a million dicts builds
// its key list once.
#include "python/src/values.hpp"

#include <optional>
#include <unordered_map>
#include <vector>

namespace plumb::python {

namespace {

// A step of the path to the failing part of a value, prepended as the error unwinds.
class PathError : public ConversionError {
 public:
  PathError(PyObject* type, std::string message, std::string path)
      : ConversionError(type, message), message_(std::move(message)), path_(std::move(path)) {}
  const std::string& message() const { return message_; }
  const std::string& path() const { return path_; }

 private:
  std::string message_;
  std::string path_;
};

std::string type_name_of(PyObject* object) {
  return Py_TYPE(object)->tp_name;
}

std::string repr_of(PyObject* object) {
  PyObject* text = PyObject_Repr(object);
  if (!text) {
    PyErr_Clear();
    return "<" + type_name_of(object) + ">";
  }
  const char* utf8 = PyUnicode_AsUTF8(text);
  std::string out = utf8 ? utf8 : "";
  if (!utf8) PyErr_Clear();
  Py_DECREF(text);
  if (out.size() > 60) out = out.substr(0, 57) + "...";
  return out;
}

// Leaves the recursion check Python does for deeply nested (or self-containing) values.
class RecursionGuard {
 public:
  RecursionGuard() {
    if (Py_EnterRecursiveCall(" while converting a value for plumb")) {
      PyErr_Clear();
      throw PathError(PyExc_RecursionError,
                      "the value nests too deeply (or contains itself) for plumb", "");
    }
  }
  ~RecursionGuard() { Py_LeaveRecursiveCall(); }
  RecursionGuard(const RecursionGuard&) = delete;
  RecursionGuard& operator=(const RecursionGuard&) = delete;
};

class ToValue {
 public:
  Value convert(PyObject* o) {
    if (o == Py_None) return Value();
    if (PyBool_Check(o)) return Value::boolean(o == Py_True);
    if (PyLong_CheckExact(o)) return integer(o);
    if (PyFloat_CheckExact(o)) return Value::number(PyFloat_AS_DOUBLE(o));
    if (PyUnicode_CheckExact(o)) return string(o);
    if (PyList_Check(o) || PyTuple_Check(o)) return list(o);
    if (PyDict_Check(o)) return record(o);
    if (PyLong_Check(o)) return integer(o);
    if (PyFloat_Check(o)) return Value::number(PyFloat_AsDouble(o));
    if (PyUnicode_Check(o)) return string(o);
    if (PyIndex_Check(o)) {
      PyObject* index = PyNumber_Index(o);
      if (!index) {
        PyErr_Clear();
        throw PathError(PyExc_TypeError, type_name_of(o) + "'s __index__ failed", "");
      }
      Value v;
      try {
        v = integer(index);
      } catch (...) {
        Py_DECREF(index);
        throw;
      }
      Py_DECREF(index);
      return v;
    }
    throw PathError(PyExc_TypeError,
                    "a `" + type_name_of(o) + "` (" + repr_of(o) +
                        ") has no plumb value; use None, bool, int, float, str, list or dict",
                    "");
  }

 private:
  static Value integer(PyObject* o) {
    int overflow = 0;
    long long value = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow != 0) {
      throw PathError(PyExc_OverflowError,
                      "int " + repr_of(o) + " does not fit in plumb's 64-bit int", "");
    }
    if (value == -1 && PyErr_Occurred()) {
      PyErr_Clear();
      throw PathError(PyExc_TypeError, "cannot read the int " + repr_of(o), "");
    }
    return Value::integer(value);
  }

  static Value string(PyObject* o) {
    Py_ssize_t size = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(o, &size);
    if (!utf8) {
      PyErr_Clear();
      throw PathError(PyExc_ValueError,
                      "the str " + repr_of(o) + " is not valid Unicode (a lone surrogate?)", "");
    }
    return Value::string(std::string_view(utf8, static_cast<std::size_t>(size)));
  }

  Value list(PyObject* o) {
    RecursionGuard guard;
    const bool is_list = PyList_Check(o);
    const Py_ssize_t size = is_list ? PyList_GET_SIZE(o) : PyTuple_GET_SIZE(o);
    ListBuilder items(static_cast<std::size_t>(size));
    for (Py_ssize_t i = 0; i < size; ++i) {
      // A list may change under a callback (__index__ of an item): re-read its size.
      if (is_list && i >= PyList_GET_SIZE(o)) {
        throw PathError(PyExc_RuntimeError, "the list changed while it was converted", "");
      }
      PyObject* item = is_list ? PyList_GET_ITEM(o, i) : PyTuple_GET_ITEM(o, i);
      try {
        items[static_cast<std::size_t>(i)] = convert(item);
      } catch (const PathError& e) {
        throw PathError(e.python_type(), e.message(), "[" + std::to_string(i) + "]" + e.path());
      }
    }
    return items.finish(static_cast<std::size_t>(size));
  }

  Value record(PyObject* o) {
    RecursionGuard guard;
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(PyDict_GET_SIZE(o)));
    std::vector<std::string_view> keys;
    keys.reserve(values.capacity());
    Py_ssize_t position = 0;
    PyObject* key = nullptr;
    PyObject* item = nullptr;
    while (PyDict_Next(o, &position, &key, &item)) {
      if (!PyUnicode_Check(key)) {
        throw PathError(PyExc_TypeError,
                        "dict keys must be str to become a plumb record, not `" +
                            type_name_of(key) + "` (" + repr_of(key) + ")",
                        "");
      }
      Py_ssize_t size = 0;
      const char* utf8 = PyUnicode_AsUTF8AndSize(key, &size);
      if (!utf8) {
        PyErr_Clear();
        throw PathError(PyExc_ValueError, "the key " + repr_of(key) + " is not valid Unicode", "");
      }
      keys.emplace_back(utf8, static_cast<std::size_t>(size));
      try {
        values.push_back(convert(item));
      } catch (const PathError& e) {
        throw PathError(e.python_type(), e.message(),
                        "[\"" + std::string(keys.back()) + "\"]" + e.path());
      }
    }
    if (!shape_ || !same_keys(*shape_, keys))
      shape_.emplace(std::span<const std::string_view>(keys));
    return Value::record(*shape_, std::move(values));
  }

  static bool same_keys(const Shape& shape, const std::vector<std::string_view>& keys) {
    if (shape.size() != keys.size()) return false;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (shape.key(i) != keys[i]) return false;
    }
    return true;
  }

  std::optional<Shape> shape_;  // of the last record built
};

class ToPython {
 public:
  PyObject* convert(const Value& v) {
    switch (v.kind()) {
      case ValueKind::Null:
      case ValueKind::Absent:
        Py_RETURN_NONE;
      case ValueKind::Bool:
        if (v.as_bool()) Py_RETURN_TRUE;
        Py_RETURN_FALSE;
      case ValueKind::Int:
        return checked(PyLong_FromLongLong(v.as_int()));
      case ValueKind::Float:
        return checked(PyFloat_FromDouble(v.as_float()));
      case ValueKind::Str: {
        std::string_view text = v.as_str();
        return checked(
            PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "strict"));
      }
      case ValueKind::List:
        return list(v);
      case ValueKind::Record:
        return record(v);
      case ValueKind::Shape:
        break;
    }
    PyErr_SetString(PyExc_SystemError, "plumb: a value of an unexpected kind reached Python");
    throw pybind11::error_already_set();
  }

 private:
  static PyObject* checked(PyObject* object) {
    if (!object) throw pybind11::error_already_set();
    return object;
  }

  PyObject* list(const Value& v) {
    std::span<const Value> items = v.as_list();
    PyObject* out = checked(PyList_New(static_cast<Py_ssize_t>(items.size())));
    for (std::size_t i = 0; i < items.size(); ++i) {
      try {
        PyList_SET_ITEM(out, static_cast<Py_ssize_t>(i), convert(items[i]));
      } catch (...) {
        Py_DECREF(out);  // unset items are null, which list dealloc skips
        throw;
      }
    }
    return out;
  }

  // The key objects of a shape, made once per conversion (the value being converted keeps its
  // shapes alive, so their addresses identify them).
  const std::vector<pybind11::object>& keys_of(ShapeView shape) {
    auto [it, added] = keys_.try_emplace(shape.object());
    if (added) {
      for (std::size_t i = 0; i < shape.size(); ++i) {
        std::string_view key = shape.key(i);
        it->second.push_back(pybind11::reinterpret_steal<pybind11::object>(checked(
            PyUnicode_DecodeUTF8(key.data(), static_cast<Py_ssize_t>(key.size()), "strict"))));
      }
    }
    return it->second;
  }

  PyObject* record(const Value& v) {
    // Elements of an unordered_map stay where they are when others are added.
    const std::vector<pybind11::object>& keys = keys_of(v.shape());
    std::span<const Value> values = v.field_values();
    PyObject* out = checked(PyDict_New());
    for (std::size_t i = 0; i < values.size(); ++i) {
      PyObject* item = nullptr;
      try {
        item = convert(values[i]);
      } catch (...) {
        Py_DECREF(out);
        throw;
      }
      const int failed = PyDict_SetItem(out, keys[i].ptr(), item);
      Py_DECREF(item);
      if (failed) {
        Py_DECREF(out);
        throw pybind11::error_already_set();
      }
    }
    return out;
  }

  std::unordered_map<const detail::Object*, std::vector<pybind11::object>> keys_;
};

}  // namespace

Value to_value(PyObject* object) {
  try {
    return ToValue().convert(object);
  } catch (const PathError& e) {
    throw ConversionError(e.python_type(),
                          e.path().empty() ? e.message() : e.message() + " (at " + e.path() + ")");
  }
}

PyObject* to_python(const Value& value) {
  return ToPython().convert(value);
}

void raise_conversion(const ConversionError& error, const std::string& prefix) {
  PyErr_SetString(error.python_type(), (prefix + error.what()).c_str());
  throw pybind11::error_already_set();
}

}  // namespace plumb::python
