// The control-socket request parser (bgpd/control_request.cpp) over
// arbitrary bytes: an error message is the expected outcome for bad input;
// an exception, crash or sanitizer report is a bug. A request that parses
// must survive the round trip bgpctl relies on: parse(to_json(r)) == r.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bgpd/control_request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bgp::daemon;
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const ParsedControlRequest parsed = parse_control_request(line);
  if (const auto* request = std::get_if<ControlRequest>(&parsed)) {
    const ParsedControlRequest again = parse_control_request(to_json(*request).dump());
    const auto* same = std::get_if<ControlRequest>(&again);
    if (!same || !(*same == *request)) std::abort();
  }
  return 0;
}
