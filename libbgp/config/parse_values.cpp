// Value-level parsers shared by the section parsers: prefixes, addresses,
// address families and remote AS.
#include <algorithm>

#include "libbgp/config/parse.hpp"

namespace bgp::config::detail {

Prefix strict_prefix(const std::string& file, const toml::source_region& where, std::string_view text,
                     std::string_view what) {
  const auto p = Prefix::parse(text);
  // A bare address would silently become a host prefix: require the length.
  if (!p || text.find('/') == std::string_view::npos) fail(file, where, "invalid " + std::string(what) + " '" + std::string(text) + "' (expected ADDRESS/LENGTH)");
  // Host bits set usually means a typo for another prefix; refuse rather
  // than silently mask (FRR warns, BIRD refuses).
  const auto slash = text.find('/');
  const auto addr = IpAddress::parse(text.substr(0, slash));
  if (addr && *addr != p->address()) {
    fail(file, where,
         std::string(what) + " '" + std::string(text) + "' has host bits set (did you mean '" + p->to_string() + "'?)");
  }
  return *p;
}

IpAddress address_value(const std::string& file, const toml::source_region& where, std::string_view text,
                        std::string_view what) {
  const auto a = IpAddress::parse(text);
  if (!a) fail(file, where, "invalid " + std::string(what) + " '" + std::string(text) + "' (expected an IPv4 or IPv6 address)");
  return *a;
}

std::vector<Family> families_value(const std::string& file, TableReader& r, std::string_view key) {
  std::vector<Family> out;
  const auto items = r.strings(key);
  if (!items) return out;
  if (items->empty()) r.fail_at(key, "'" + std::string(key) + "' in " + r.what() + " must not be empty");
  const std::vector<std::string> names{"ipv4-unicast", "ipv6-unicast"};
  for (const auto& item : *items) {
    const auto f = parse_family(item.value);
    if (!f) fail(file, item.where, "unknown address family '" + item.value + "' (ipv4-unicast, ipv6-unicast)" + did_you_mean(item.value, names));
    if (std::find(out.begin(), out.end(), *f) != out.end()) {
      fail(file, item.where, "address family '" + item.value + "' is listed twice");
    }
    out.push_back(*f);
  }
  return out;
}

std::optional<RemoteAs> remote_as_value(TableReader& r, std::string_view key) {
  const toml::node* n = r.node(key);
  if (!n) return std::nullopt;
  // Appended, not `"'" + std::string(key)`: GCC 12 at -O3 reports a false
  // -Wrestrict on that (GCC bug 105329).
  const std::string bad = std::string("'").append(key).append("' in ").append(r.what()).append(
      " must be an AS number (1-4294967295), \"external\" or \"internal\"");
  if (const auto* i = n->as_integer()) {
    if (i->get() < 1 || i->get() > 4294967295LL) r.fail_at(key, bad + ", not " + std::to_string(i->get()));
    return RemoteAs{RemoteAs::Kind::kNumber, static_cast<std::uint32_t>(i->get())};
  }
  if (const auto* s = n->as_string()) {
    if (s->get() == "external") return RemoteAs{RemoteAs::Kind::kExternal, 0};
    if (s->get() == "internal") return RemoteAs{RemoteAs::Kind::kInternal, 0};
    r.fail_at(key, bad + ", not \"" + s->get() + "\"" + did_you_mean(s->get(), {"external", "internal"}));
  }
  r.fail_at(key, bad);
}

}  // namespace bgp::config::detail
