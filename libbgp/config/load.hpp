#pragma once
// TOML text -> validated Config. Loading runs at start-up and on reload, so it
// reports errors by throwing ConfigError (never on the data path).
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "libbgp/config/config.hpp"

namespace bgp::config {

// what() is "file:line:column: message" (line/column 0 when the error is not
// tied to a place, e.g. an unreadable file: then "file: message").
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string file, std::uint32_t line, std::uint32_t column, const std::string& message);
  // Several independent errors found in one pass: what() lists every one, a
  // line each; file/line/column/message are the first one's.
  explicit ConfigError(const std::vector<ConfigError>& errors);
  // Every error as "file:line:column: message" (one entry for a single error).
  const std::vector<std::string>& all() const { return all_; }
  const std::string& file() const { return file_; }
  std::uint32_t line() const { return line_; }
  std::uint32_t column() const { return column_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  std::uint32_t line_;
  std::uint32_t column_;
  std::string message_;
  std::vector<std::string> all_;
};

// Parses and validates; throws ConfigError listing every error found (each
// independent table is checked even after another failed; a TOML syntax
// error stops the parse at once). An unreadable file names the reason
// (strerror).
Config load_file(const std::string& path);
Config load_string(std::string_view text, std::string_view name = "<string>");

}  // namespace bgp::config
