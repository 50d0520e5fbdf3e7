// Tells ThreadSanitizer about the ordering oneTBB gives when work queued on one thread runs on
// another. Debian's libtbb is not built with TSan, so the synchronisation inside it is
// invisible and TSan would report the task's own captured state as a race. Every hand-off to
// the arena calls handoff_send() before queueing, and the queued work calls handoff_receive()
// before it reads anything; waiting for the task group is followed by handoff_receive() too,
// and every task calls handoff_send() when it ends. Without TSan both compile to nothing.
#pragma once

namespace plumb::exec {

#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void* address);
extern "C" void __tsan_release(void* address);

inline char handoff_token;

inline void handoff_send() {
  __tsan_release(&handoff_token);
}
inline void handoff_receive() {
  __tsan_acquire(&handoff_token);
}
#else
inline void handoff_send() {
}
inline void handoff_receive() {
}
#endif

}  // namespace plumb::exec
