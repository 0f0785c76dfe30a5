#pragma once
// TOML text -> validated Config. Loading runs at start-up and on reload, so it
// reports errors by throwing ConfigError (never on the data path).
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "libbgp/config/config.hpp"

namespace bgp::config {

// what() is "file:line:column: message" (line/column 0 when the error is not
// tied to a place, e.g. an unreadable file: then "file: message").
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string file, std::uint32_t line, std::uint32_t column, const std::string& message);
  const std::string& file() const { return file_; }
  std::uint32_t line() const { return line_; }
  std::uint32_t column() const { return column_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  std::uint32_t line_;
  std::uint32_t column_;
  std::string message_;
};

// Parses and validates; throws ConfigError on the first error found.
Config load_file(const std::string& path);
Config load_string(std::string_view text, std::string_view name = "<string>");

}  // namespace bgp::config
