// The explicit stack of the walks over nested values (equality, hashing, ordering, JSON
// writing): values may nest arbitrarily deep (`x = [x]` in a loop), so no walk recurses. The
// first frames live inside the stack object, so shallow values — nearly all of them — cost
// no allocation; deeper levels go to the heap.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>
#include <vector>

#include "base/invariant/check.hpp"

namespace plumb {

template <typename Frame, std::size_t kInline = 32>
class WalkStack {
  static_assert(std::is_trivially_copyable_v<Frame>);

 public:
  bool empty() const noexcept { return size_ == 0; }
  std::size_t size() const noexcept { return size_; }

  Frame& top() noexcept {
    PLUMB_DCHECK(size_ > 0, "top() of an empty walk stack");
    return size_ <= kInline ? inline_[size_ - 1] : heap_[size_ - kInline - 1];
  }

  void push(const Frame& frame) {
    if (size_ < kInline) {
      inline_[size_] = frame;
    } else if (size_ - kInline < heap_.size()) {
      heap_[size_ - kInline] = frame;
    } else {
      heap_.push_back(frame);
    }
    ++size_;
  }

  void pop() noexcept {
    PLUMB_DCHECK(size_ > 0, "pop() of an empty walk stack");
    --size_;
  }

 private:
  std::array<Frame, kInline> inline_;
  std::vector<Frame> heap_;
  std::size_t size_ = 0;
};

}  // namespace plumb
