#pragma once
// HugeArray<T>: a fixed-size array of value-initialised trivially copyable T for
// large random-access tables. Arrays of 2 MiB or more are 2 MiB aligned and, on
// Linux, advised into transparent huge pages: a table of millions of cells read at
// random then costs one TLB entry per 2 MiB instead of per 4 KiB, which is most of
// a lookup's cost. Elsewhere, or when the kernel declines, it is an ordinary array.
// Not thread-safe; movable, not copyable.

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace monsoon::store::detail {

template <class T>
class HugeArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  HugeArray() = default;
  explicit HugeArray(std::size_t size) : size_(size) {
    if (size == 0) return;
    const std::size_t bytes = round_up(size * sizeof(T));
    data_ = static_cast<T*>(std::aligned_alloc(alignment(bytes), bytes));
    if (data_ == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (bytes >= kHugePage) madvise(data_, bytes, MADV_HUGEPAGE);  // a hint: failure is fine
#endif
    for (std::size_t i = 0; i < size; ++i) new (data_ + i) T{};
  }
  HugeArray(HugeArray&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  HugeArray& operator=(HugeArray&& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    return *this;
  }
  HugeArray(const HugeArray&) = delete;
  HugeArray& operator=(const HugeArray&) = delete;
  ~HugeArray() { std::free(data_); }

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

 private:
  static constexpr std::size_t kHugePage = std::size_t{2} << 20;
  static std::size_t alignment(std::size_t bytes) { return bytes >= kHugePage ? kHugePage : 64; }
  // aligned_alloc wants a multiple of the alignment.
  static std::size_t round_up(std::size_t bytes) {
    const std::size_t a = alignment(bytes);
    return (bytes + a - 1) / a * a;
  }

  T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace monsoon::store::detail
