// libFuzzer target for BFD (RFC 5880). Input: a sequence of records, each one
// length octet, one time-step octet (milliseconds) and that many payload
// octets; each payload is a UDP datagram for decode(), and each packet that
// decodes is delivered to one Session, with time advancing by the step and
// expire() called whenever the session's deadline has passed.
// Invariants that trap: a decoded packet encodes back to the input's first 24
// octets (Length normalised to 24, which decode accepted); nothing shorter
// than 24 octets decodes; the session never sends P and F together, never
// sends a zero My Discriminator or Detect Mult, only ever moves along RFC 5880
// §6.2's transitions, and its deadline is never in the past after expire().
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "libbgp/bfd/packet.hpp"
#include "libbgp/bfd/session.hpp"

namespace {

using namespace bgp;
using namespace bgp::bfd;

void check(bool ok) {
  if (!ok) std::abort();
}

bool allowed(State from, State to) {
  switch (from) {
    case State::kDown: return to == State::kInit || to == State::kUp || to == State::kAdminDown;
    case State::kInit: return to == State::kUp || to == State::kDown || to == State::kAdminDown;
    case State::kUp: return to == State::kDown || to == State::kAdminDown;
    case State::kAdminDown: return to == State::kDown;
  }
  return false;
}

void check_output(const Session& s, const Output& o, State before) {
  if (o.send) {
    check(!(o.send->poll && o.send->final));
    check(o.send->my_discriminator == s.local_discriminator());
    check(o.send->detect_mult != 0);
    check(o.send->state == s.state());
    std::array<std::byte, kControlPacketSize> out{};
    check(encode(*o.send, out) == kControlPacketSize);
    const DecodeResult again = decode(out);
    // Our own packets pass every reception check (your discriminator 0 only in Down/AdminDown).
    check(again.ok() && again.packet == *o.send);
  }
  if (o.change) check(o.change->from == before && o.change->to == s.state() && allowed(before, o.change->to));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::uint32_t seed = 1;
  Session session(0x1234, Timing{100'000, 100'000, 3}, [&seed] { return seed = seed * 1103515245u + 12345u; });
  TimePoint now = TimePoint{} + std::chrono::hours(1);
  check_output(session, session.start(now), State::kDown);
  std::size_t i = 0;
  while (i + 2 <= size) {
    const std::size_t len = data[i];
    const std::uint32_t step_ms = data[i + 1];
    i += 2;
    const std::size_t n = std::min(len, size - i);
    const Bytes datagram(reinterpret_cast<const std::byte*>(data + i), n);
    i += n;
    now += std::chrono::milliseconds(step_ms);
    while (session.next_deadline() <= now) {
      const State before = session.state();
      check_output(session, session.expire(session.next_deadline()), before);
    }
    const DecodeResult r = decode(datagram);
    if (!r.ok()) continue;
    check(n >= kControlPacketSize);
    std::array<std::byte, kControlPacketSize> out{};
    check(encode(r.packet, out) == kControlPacketSize);
    std::array<std::byte, kControlPacketSize> in{};
    std::copy_n(datagram.begin(), kControlPacketSize, in.begin());
    in[3] = std::byte(kControlPacketSize);
    check(in == out);
    const State before = session.state();
    if (r.packet.your_discriminator != 0 && r.packet.your_discriminator != session.local_discriminator()) continue;
    check_output(session, session.receive(r.packet, now), before);
    if (step_ms == 255) {
      const State b = session.state();
      check_output(session, session.set_admin_down(b != State::kAdminDown, now), b);
    }
  }
  return 0;
}
