#pragma once
// A fixed-size array of zero bytes for the RIB's hash-table slots.
//
// Growing a table means a new array twice the old one's size, filled from the
// old one, which then goes. With both alive at full size the 2^20 → 2^21
// doubling of a 1 M-prefix IPv4 table holds 16 + 32 MiB at once: that was the
// daemon's peak RSS (bench/rib/README.md, "Peak memory of the 1 × 1 M feed").
// So a large array is its own anonymous mapping, and release_front() hands the
// pages of an already-consumed prefix back to the kernel while the rehash
// walks the old array front to back; the old array shrinks as the new one
// fills. A mapping also goes back to the OS at once when freed, whatever
// glibc's dynamic mmap threshold has become, and its pages start as the
// kernel's zero pages (no memset, as std::vector's value-initialisation would
// do). Small arrays come from calloc: a mapping per 16-slot table would waste
// a page and a system call.
//
// T must be valid when all-zero and trivially copyable.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <type_traits>
#include <utility>

namespace bgp::rib {

template <class T>
class ZeroedArray {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  // Arrays of at least this many bytes are mapped (glibc's initial
  // M_MMAP_THRESHOLD, so small ones behave as calloc always did).
  static constexpr std::size_t kMapBytes = std::size_t{128} << 10;

  ZeroedArray() = default;
  explicit ZeroedArray(std::size_t n) : n_(n) {
    if (n == 0) return;
    const std::size_t bytes = n * sizeof(T);
    if (bytes >= kMapBytes) {
      void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED) throw std::bad_alloc();  // as std::vector would: out of memory is not a data-path result
      p_ = static_cast<T*>(p);
      mapped_ = true;
    } else {
      p_ = static_cast<T*>(std::calloc(n, sizeof(T)));
      if (p_ == nullptr) throw std::bad_alloc();
    }
  }
  ZeroedArray(ZeroedArray&& o) noexcept
      : p_(std::exchange(o.p_, nullptr)), n_(std::exchange(o.n_, 0)), mapped_(std::exchange(o.mapped_, false)),
        released_(std::exchange(o.released_, 0)) {}
  ZeroedArray& operator=(ZeroedArray&& o) noexcept {
    if (this != &o) {
      reset();
      p_ = std::exchange(o.p_, nullptr);
      n_ = std::exchange(o.n_, 0);
      mapped_ = std::exchange(o.mapped_, false);
      released_ = std::exchange(o.released_, 0);
    }
    return *this;
  }
  ZeroedArray(const ZeroedArray&) = delete;
  ZeroedArray& operator=(const ZeroedArray&) = delete;
  ~ZeroedArray() { reset(); }

  std::size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  T& operator[](std::size_t i) { return p_[i]; }
  const T& operator[](std::size_t i) const { return p_[i]; }
  T* begin() { return p_; }
  T* end() { return p_ + n_; }
  const T* begin() const { return p_; }
  const T* end() const { return p_ + n_; }

  // The caller is done with elements [0, count): the whole pages among them
  // go back to the kernel now (they read as zero afterwards). Calls with a
  // growing count release only the new pages. No effect on a small array.
  void release_front(std::size_t count) {
    if (!mapped_) return;
    static const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t upto = (std::min(count, n_) * sizeof(T)) / page * page;
    if (upto <= released_) return;
    auto* base = reinterpret_cast<char*>(p_);
    // MADV_DONTNEED on private anonymous memory cannot fail on a valid range;
    // if it did, the pages would merely stay until the unmap.
    (void)::madvise(base + released_, upto - released_, MADV_DONTNEED);
    released_ = upto;
  }

 private:
  void reset() {
    if (p_ == nullptr) return;
    if (mapped_) {
      ::munmap(p_, n_ * sizeof(T));
    } else {
      std::free(p_);
    }
    p_ = nullptr;
    n_ = 0;
    mapped_ = false;
    released_ = 0;
  }

  T* p_ = nullptr;
  std::size_t n_ = 0;
  bool mapped_ = false;
  std::size_t released_ = 0;  // bytes from the start already handed back
};

}  // namespace bgp::rib
