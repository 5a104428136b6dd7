// Item count and title checksum of `monsoon parse --format jsonl` output, the figures
// ../shared/bench/gen_corpus.py writes to SUMMARY.json and pugixml_count prints.
//
// Usage: jsonl_title_checksum [--summary SUMMARY.json] [FILE...]   (no FILE: stdin)
// Prints: lines=<n> items=<n> title_fnv=<hex> bozo=<n> errors=<n>
// Checksum: sum mod 2^32 of FNV-1a-32 over the UTF-8 bytes of every entry title, trimmed
// of space, tab, CR and LF. With --summary, exits 1 (and says which figure differs) unless
// items and title_fnv equal SUMMARY.json's, and no line was an error or unreadable.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct Totals {
  std::uint64_t lines = 0;
  std::uint64_t items = 0;
  std::uint32_t title_fnv = 0;
  std::uint64_t bozo = 0;
  std::uint64_t errors = 0;  // lines that are not JSON objects, or feeds without entries key
};

std::uint32_t fnv1a_trimmed(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos)
    text = {};
  else
    text = text.substr(begin, text.find_last_not_of(kSpace) - begin + 1);
  std::uint32_t hash = 2166136261u;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  return hash;
}

void add_line(const std::string& line, Totals& totals) {
  if (line.empty()) return;
  ++totals.lines;
  const auto feed = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!feed.is_object()) {
    ++totals.errors;
    std::cerr << "jsonl_title_checksum: line " << totals.lines << " is not a JSON object\n";
    return;
  }
  if (feed.value("bozo", false)) ++totals.bozo;
  const auto entries = feed.find("entries");
  if (entries == feed.end() || !entries->is_array()) {
    ++totals.errors;
    std::cerr << "jsonl_title_checksum: line " << totals.lines << " ("
              << feed.value("file", std::string("?"))
              << ") has no entries: " << feed.value("bozo_exception", std::string()) << '\n';
    return;
  }
  for (const auto& entry : *entries) {
    ++totals.items;
    const auto title = entry.find("title");
    if (title != entry.end() && title->is_string()) {
      totals.title_fnv += fnv1a_trimmed(title->get_ref<const std::string&>());
    }
  }
}

bool add_stream(std::istream& in, Totals& totals) {
  std::string line;
  while (std::getline(in, line)) add_line(line, totals);
  return !in.bad();
}

std::string hex(std::uint32_t value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%08x", value);
  return buffer;
}

int check(const Totals& totals, const std::string& summary_path) {
  std::ifstream in(summary_path);
  const auto summary = nlohmann::json::parse(in, nullptr, false);
  if (!summary.is_object() || !summary.contains("items") || !summary.contains("title_fnv")) {
    std::cerr << "jsonl_title_checksum: cannot read items/title_fnv from " << summary_path << '\n';
    return 2;
  }
  const auto want_items = summary["items"].get<std::uint64_t>();
  const auto want_fnv = summary["title_fnv"].get<std::string>();
  bool ok = true;
  if (totals.items != want_items) {
    std::cerr << "MISMATCH items: monsoon " << totals.items << ", SUMMARY.json " << want_items
              << '\n';
    ok = false;
  }
  if (hex(totals.title_fnv) != want_fnv) {
    std::cerr << "MISMATCH title_fnv: monsoon " << hex(totals.title_fnv) << ", SUMMARY.json "
              << want_fnv << '\n';
    ok = false;
  }
  if (totals.errors != 0) {
    std::cerr << "MISMATCH: " << totals.errors << " output lines without entries\n";
    ok = false;
  }
  if (summary.contains("feeds") && totals.lines != summary["feeds"].get<std::uint64_t>()) {
    std::cerr << "MISMATCH feeds: monsoon printed " << totals.lines << " lines, SUMMARY.json has "
              << summary["feeds"] << " feeds\n";
    ok = false;
  }
  return ok ? 0 : 1;
}

int run(int argc, char** argv) {
  std::optional<std::string> summary_path;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--summary" && i + 1 < argc) {
      summary_path = argv[++i];
    } else if (arg == "-h" || arg == "--help") {
      std::cout << "usage: jsonl_title_checksum [--summary SUMMARY.json] [FILE...]\n";
      return 0;
    } else {
      files.emplace_back(arg);
    }
  }
  Totals totals;
  bool read_ok = true;
  if (files.empty()) {
    std::ios::sync_with_stdio(false);
    read_ok = add_stream(std::cin, totals);
  }
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in || !add_stream(in, totals)) {
      std::cerr << "jsonl_title_checksum: cannot read " << file << '\n';
      read_ok = false;
    }
  }
  std::cout << "lines=" << totals.lines << " items=" << totals.items
            << " title_fnv=" << hex(totals.title_fnv) << " bozo=" << totals.bozo
            << " errors=" << totals.errors << '\n';
  if (!read_ok) return 2;
  return summary_path ? check(totals, *summary_path) : 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "jsonl_title_checksum: " << error.what() << '\n';
    return 2;
  }
}
