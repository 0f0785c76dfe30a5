// load_string over arbitrary bytes: a ConfigError is the expected outcome
// for bad input; any other exception, crash or sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "libbgp/config/effective.hpp"
#include "libbgp/config/load.hpp"
#include "libbgp/config/warnings.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const bgp::config::Config c = bgp::config::load_string(text, "fuzz.toml");
    // Exercise what the daemon does next with a valid config.
    for (const auto& n : c.neighbors) (void)bgp::config::effective(c, n);
    for (const auto& r : c.listen_ranges) (void)bgp::config::effective(c, r, r.prefix.address());
    (void)bgp::config::diff(c, c);
    (void)bgp::config::warnings(c);
  } catch (const bgp::config::ConfigError&) {
  }
  return 0;
}
