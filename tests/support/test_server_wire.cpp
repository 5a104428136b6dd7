#include "test_server_wire.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>
#include <string>
#include <utility>
#include <zlib.h>

namespace monsoon::testing::wire {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

// Splits "a\r\nb" into its first line and the rest; a bare "\n" also ends a line.
std::string_view take_line(std::string_view& rest) {
  const auto end = rest.find('\n');
  std::string_view line = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool parse_request_line(std::string_view line, Request& request) {
  const auto first_space = line.find(' ');
  const auto last_space = line.rfind(' ');
  if (first_space == std::string_view::npos || first_space == last_space) return false;
  request.method = std::string(line.substr(0, first_space));
  request.target = std::string(line.substr(first_space + 1, last_space - first_space - 1));
  request.version = std::string(line.substr(last_space + 1));
  if (request.method.empty() || request.target.empty()) return false;
  if (request.version != "HTTP/1.1" && request.version != "HTTP/1.0") return false;

  // Absolute-form ("http://host/path"), as a client sends it to a proxy.
  std::string_view origin = request.target;
  if (const auto scheme = origin.find("://"); scheme != std::string_view::npos) {
    const auto slash = origin.find('/', scheme + 3);
    origin = slash == std::string_view::npos ? std::string_view("/") : origin.substr(slash);
  }
  const auto question = origin.find('?');
  request.path = std::string(origin.substr(0, question));
  if (question != std::string_view::npos) request.query = std::string(origin.substr(question + 1));
  return true;
}

bool has_header(const Response& response, std::string_view lower_name) {
  return std::any_of(response.headers.begin(), response.headers.end(),
                     [&](const auto& header) { return lower(header.first) == lower_name; });
}

bool asks_to_close(const Response& response) {
  return std::any_of(response.headers.begin(), response.headers.end(), [](const auto& header) {
    return lower(header.first) == "connection" && lower(trim(header.second)) == "close";
  });
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 410:
      return "Gone";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Unknown";
  }
}

// RFC 9110 section 6.4.1: these never have content, whatever the headers say.
bool status_has_body(int status) { return status >= 200 && status != 204 && status != 304; }

}  // namespace

std::optional<Request> parse_request_head(std::string_view head) {
  Request request;
  if (!parse_request_line(take_line(head), request)) return std::nullopt;
  while (!head.empty()) {
    const std::string_view line = take_line(head);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    std::string name = lower(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    auto [it, inserted] = request.headers.try_emplace(std::move(name), value);
    if (!inserted) it->second.append(", ").append(value);
  }
  return request;
}

RequestBody request_body(const Request& request) {
  if (request.headers.count("transfer-encoding") != 0) return {BodyFraming::unsupported, 0};
  const auto it = request.headers.find("content-length");
  if (it == request.headers.end()) return {BodyFraming::none, 0};
  std::size_t length = 0;
  const std::string& text = it->second;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), length);
  if (error != std::errc() || end != text.data() + text.size() || length > kMaxBodyBytes) {
    return {BodyFraming::unsupported, 0};
  }
  return {BodyFraming::length, length};
}

bool client_keeps_alive(const Request& request) {
  const std::string connection = lower(request.header("connection"));
  return request.version == "HTTP/1.1" && connection.find("close") == std::string::npos;
}

std::string gzip_compress(std::string_view data) {
  z_stream stream{};
  constexpr int kGzipWindowBits = 15 + 16;  // 16 asks zlib for a gzip wrapper, not zlib's own
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  // zlib's API is not const-correct; deflate only reads next_in.
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
  return out;
}

ResponsePlan plan_response(const Response& response, bool head_request, bool keep_alive) {
  ResponsePlan plan;
  const bool has_body = status_has_body(response.status);
  std::string payload = response.gzip ? gzip_compress(response.body) : response.body;
  plan.chunked = has_body && response.chunked;
  plan.close = !keep_alive || response.close_after.has_value() || asks_to_close(response) ||
               (has_body && !plan.chunked &&
                (response.omit_content_length || response.declared_length.has_value()));

  std::string& head = plan.head;
  head = "HTTP/1.1 " + std::to_string(response.status) + " ";
  head.append(reason_phrase(response.status)).append("\r\n");
  for (const auto& [name, value] : response.headers) {
    head.append(name).append(": ").append(value).append("\r\n");
  }
  if (response.gzip && !has_header(response, "content-encoding")) {
    head += "Content-Encoding: gzip\r\n";
  }
  if (plan.chunked) {
    if (!has_header(response, "transfer-encoding")) head += "Transfer-Encoding: chunked\r\n";
  } else if (has_body && !has_header(response, "content-length")) {
    if (response.declared_length) {
      head += "Content-Length: " + std::to_string(*response.declared_length) + "\r\n";
    } else if (!response.omit_content_length) {
      head += "Content-Length: " + std::to_string(payload.size()) + "\r\n";
    }
  }
  if (plan.close && !has_header(response, "connection")) head += "Connection: close\r\n";
  head += "\r\n";

  if (has_body && !head_request) plan.payload = std::move(payload);
  plan.piece_bytes = response.drip_chunk > 0 ? response.drip_chunk
                     : plan.chunked          ? kDefaultChunkBytes
                                             : std::max<std::size_t>(plan.payload.size(), 1);
  if (response.close_after && *response.close_after < plan.payload.size()) {
    plan.cut_at = response.close_after;
  }
  return plan;
}

}  // namespace monsoon::testing::wire
