#pragma once
// Finding the few bytes a loop must look at closely, many bytes per step. Escaping JSON,
// checking and repairing XML and sanitising HTML all copy long runs of ordinary bytes;
// finding the special ones a block at a time, and the first of them exactly, made each
// several times faster (bench/parse_speed.sh).
//
// A scan is given a set of stop bytes three ways: a byte test, a 64-bit word test (SWAR,
// any processor) and a 16-byte block test (SSE2, every x86-64 processor). scan() uses
// the widest one the build has; scan_test.cpp holds all three to the byte test.

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace monsoon::parse::detail {
namespace swar {

inline constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
inline constexpr std::uint64_t kHighs = 0x8080808080808080ULL;

// Each test sets the high bit of the bytes it flags. The lowest flagged byte is always a
// true hit (a false one can only follow a true one, through a borrow), and only the first
// is used, so tests can be or-ed together.
inline std::uint64_t high_bit(std::uint64_t word) { return word & kHighs; }
inline std::uint64_t below(std::uint64_t word, unsigned char limit) {  // limit <= 0x80
  return (word - kOnes * limit) & ~word & kHighs;
}
inline std::uint64_t equal(std::uint64_t word, unsigned char byte) {
  const std::uint64_t x = word ^ (kOnes * byte);
  return (x - kOnes) & ~x & kHighs;
}
// Exact in every byte (no borrow crosses bytes), for masks that change the word.
inline std::uint64_t equal_exact(std::uint64_t word, unsigned char byte) {
  constexpr std::uint64_t kLows = ~kHighs;
  const std::uint64_t x = word ^ (kOnes * byte);
  return ~(((x & kLows) + kLows) | x | kLows);
}

}  // namespace swar

#if defined(__SSE2__)
namespace sse2 {

inline __m128i splat(unsigned char byte) { return _mm_set1_epi8(static_cast<char>(byte)); }
inline __m128i equal(__m128i block, unsigned char byte) {
  return _mm_cmpeq_epi8(block, splat(byte));
}
inline __m128i below(__m128i block, unsigned char limit) {  // unsigned compare, limit >= 1
  return _mm_cmpeq_epi8(_mm_min_epu8(block, splat(static_cast<unsigned char>(limit - 1))), block);
}

}  // namespace sse2
#endif

// Controls (< 0x20), bytes that are not ASCII (>= 0x80), and two ASCII stops.
struct PlainStops {
  unsigned char stop1;
  unsigned char stop2;

  bool operator()(unsigned char c) const { return c < 0x20 || c >= 0x80 || c == stop1 || c == stop2; }
  std::uint64_t word(std::uint64_t w) const {
    return swar::high_bit(w) | swar::below(w, 0x20) | swar::equal(w, stop1) |
           swar::equal(w, stop2);
  }
#if defined(__SSE2__)
  __m128i block(__m128i b) const {
    // Signed: bytes >= 0x80 are negative, so "below 0x20" takes them too.
    return _mm_or_si128(_mm_cmplt_epi8(b, _mm_set1_epi8(0x20)),
                        _mm_or_si128(sse2::equal(b, stop1), sse2::equal(b, stop2)));
  }
#endif
};

// What XML character data must look at: controls other than tab and line ends, '&', '<',
// and 0xEF, the lead byte of U+FFFE and U+FFFF. Other non-ASCII bytes (valid UTF-8 by
// then) pass at full speed, so Chinese, Japanese and Korean text costs what ASCII does.
struct XmlCharStops {
  bool operator()(unsigned char c) const {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == '&' || c == '<' || c == 0xEF;
  }
  std::uint64_t word(std::uint64_t w) const {
    // Controls: below 0x20 once tab, line feed and carriage return read as 0x29, 0x2A
    // and 0x2D, which are not stops.
    const std::uint64_t spaced = w | ((swar::equal_exact(w, '\t') | swar::equal_exact(w, '\n') |
                                       swar::equal_exact(w, '\r')) >> 2);
    return swar::below(spaced, 0x20) | swar::equal(w, '&') | swar::equal(w, '<') |
           swar::equal(w, 0xEF);
  }
#if defined(__SSE2__)
  __m128i block(__m128i b) const {
    const __m128i spaces = _mm_or_si128(_mm_or_si128(sse2::equal(b, '\t'), sse2::equal(b, '\n')),
                                        sse2::equal(b, '\r'));
    const __m128i controls = _mm_andnot_si128(spaces, sse2::below(b, 0x20));
    return _mm_or_si128(_mm_or_si128(controls, sse2::equal(b, '&')),
                        _mm_or_si128(sse2::equal(b, '<'), sse2::equal(b, 0xEF)));
  }
#endif
};

// Bytes that are not ASCII (>= 0x80).
struct NonAsciiStops {
  bool operator()(unsigned char c) const { return c >= 0x80; }
  std::uint64_t word(std::uint64_t w) const { return swar::high_bit(w); }
#if defined(__SSE2__)
  __m128i block(__m128i b) const { return b; }  // movemask takes the high bits
#endif
};

// Where white space may start: space and the controls below it (tab, line ends, form
// feed, vertical tab among them), and 0xC2 and 0xE3, the lead bytes of U+00A0 and U+3000.
struct SpaceStops {
  bool operator()(unsigned char c) const { return c <= 0x20 || c == 0xC2 || c == 0xE3; }
  std::uint64_t word(std::uint64_t w) const {
    return swar::below(w, 0x21) | swar::equal(w, 0xC2) | swar::equal(w, 0xE3);
  }
#if defined(__SSE2__)
  __m128i block(__m128i b) const {
    return _mm_or_si128(sse2::below(b, 0x21),
                        _mm_or_si128(sse2::equal(b, 0xC2), sse2::equal(b, 0xE3)));
  }
#endif
};

// Two bytes, whatever they are.
struct TwoStops {
  unsigned char stop1;
  unsigned char stop2;

  bool operator()(unsigned char c) const { return c == stop1 || c == stop2; }
  std::uint64_t word(std::uint64_t w) const { return swar::equal(w, stop1) | swar::equal(w, stop2); }
#if defined(__SSE2__)
  __m128i block(__m128i b) const { return _mm_or_si128(sse2::equal(b, stop1), sse2::equal(b, stop2)); }
#endif
};

// The first offset at or after `from` holding a stop byte; text.size() when none does.
template <typename Stops>
std::size_t scan_bytes(std::string_view text, std::size_t from, const Stops& stops) {
  for (std::size_t i = from; i < text.size(); ++i) {
    if (stops(static_cast<unsigned char>(text[i]))) return i;
  }
  return text.size();
}

template <typename Stops>
std::size_t scan_words(std::string_view text, std::size_t from, const Stops& stops) {
  std::size_t i = from;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, 8);
    if (const std::uint64_t flags = stops.word(word); flags != 0) {
      const int bit = std::endian::native == std::endian::little ? std::countr_zero(flags)
                                                                 : std::countl_zero(flags);
      return i + static_cast<std::size_t>(bit) / 8;
    }
  }
  return scan_bytes(text, i, stops);
}

#if defined(__SSE2__)
template <typename Stops>
std::size_t scan_blocks(std::string_view text, std::size_t from, const Stops& stops) {
  const char* data = text.data();
  const std::size_t size = text.size();
  if (size < 16) return scan_words(text, from, stops);
  auto flags = [&](std::size_t at) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + at));
    return static_cast<unsigned>(_mm_movemask_epi8(stops.block(block)));
  };
  std::size_t i = from;
  for (; i + 16 <= size; i += 16) {
    if (const unsigned mask = flags(i); mask != 0) {
      return i + static_cast<std::size_t>(std::countr_zero(mask));
    }
  }
  if (i >= size) return size;
  // The tail: the last sixteen bytes again, without the ones before `i`.
  const std::size_t last = size - 16;
  const unsigned mask = flags(last) & (0xFFFFU << (i - last));
  return mask != 0 ? last + static_cast<std::size_t>(std::countr_zero(mask)) : size;
}
#endif

template <typename Stops>
std::size_t scan(std::string_view text, std::size_t from, const Stops& stops) {
#if defined(__SSE2__)
  return scan_blocks(text, from, stops);
#else
  return scan_words(text, from, stops);
#endif
}

// Offset of the first byte at or after `from` that is a control (< 0x20), not ASCII
// (>= 0x80), `stop1` or `stop2`; text.size() when there is none. Stops must be ASCII.
inline std::size_t skip_plain(std::string_view text, std::size_t from, char stop1, char stop2) {
  return scan(text, from,
              PlainStops{static_cast<unsigned char>(stop1), static_cast<unsigned char>(stop2)});
}

// Offset of the first byte at or after `from` that XmlCharStops names.
inline std::size_t skip_xml_chars(std::string_view text, std::size_t from) {
  return scan(text, from, XmlCharStops{});
}

}  // namespace monsoon::parse::detail
