#include "libbgp/config/load.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "libbgp/config/parse.hpp"

namespace bgp::config {
namespace {

std::string format_error(const std::string& file, std::uint32_t line, std::uint32_t column, const std::string& message) {
  if (line == 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

}  // namespace

ConfigError::ConfigError(std::string file, std::uint32_t line, std::uint32_t column, const std::string& message)
    : std::runtime_error(format_error(file, line, column, message)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      message_(message) {}

Config load_string(std::string_view text, std::string_view name) {
  const std::string file(name);
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    // toml++ already names what is wrong; we only re-anchor it.
    throw ConfigError(file, e.source().begin.line, e.source().begin.column, std::string(e.description()));
  }
  return detail::build_config(root, file);
}

Config load_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw ConfigError(path, 0, 0, "is a directory, not a configuration file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path, 0, 0, "cannot open configuration file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ConfigError(path, 0, 0, "cannot read configuration file");
  return load_string(text.str(), path);
}

}  // namespace bgp::config
