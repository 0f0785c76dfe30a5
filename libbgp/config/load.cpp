#include "libbgp/config/load.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

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
      message_(message),
      all_{what()} {}

namespace {
std::string joined(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const auto& e : errors) {
    for (const auto& line : e.all()) out += (out.empty() ? "" : "\n") + line;
  }
  return out;
}
}  // namespace

ConfigError::ConfigError(const std::vector<ConfigError>& errors)
    : std::runtime_error(joined(errors)),
      file_(errors.empty() ? std::string() : errors.front().file()),
      line_(errors.empty() ? 0 : errors.front().line()),
      column_(errors.empty() ? 0 : errors.front().column()),
      message_(errors.empty() ? std::string() : errors.front().message()) {
  for (const auto& e : errors) all_.insert(all_.end(), e.all().begin(), e.all().end());
}

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
  // POSIX open/read rather than ifstream: errno says why (permission
  // denied, no such file), which ifstream does not promise to keep.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw ConfigError(path, 0, 0, std::string("cannot open configuration file: ") + std::strerror(errno));
  std::string text;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      throw ConfigError(path, 0, 0, std::string("cannot read configuration file: ") + std::strerror(err));
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return load_string(text, path);
}

}  // namespace bgp::config
