#pragma once
// Internal to bgp_config: TOML tree -> Config, section by section. Each
// parse_* reads one kind of table, validates it (including references to
// what was parsed before it) and throws ConfigError at the offending place.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "libbgp/config/config.hpp"
#include "libbgp/config/load.hpp"
#include "libbgp/config/toml_reader.hpp"

namespace bgp::config::detail {

Config build_config(const toml::table& root, const std::string& file);

// parse_policy.cpp. A policy that fails is reported in `errors` and kept by
// name only (so references to it do not add errors of their own).
std::vector<Policy> parse_policies(TableReader& root, std::vector<ConfigError>& errors);

// After a named table ([[policy]], [[peer_group]]) failed: keep an entry of
// that name and nothing else, unless the name is missing, empty or taken, so
// what refers to it is not reported as a second error.
template <typename T>
void placeholder_by_name(std::vector<T>& out, const toml::table& table, const std::string& file) {
  const auto name = table["name"].value<std::string>();
  if (!name || name->empty()) return;
  for (const auto& other : out) {
    if (other.name == *name) return;
  }
  T item;
  item.name = *name;
  item.pos = pos_of(file, table.source());
  out.push_back(std::move(item));
}

// Shared value parsers (parse_values.cpp): each fails at the given place.
Prefix strict_prefix(const std::string& file, const toml::source_region& where, std::string_view text,
                     std::string_view what);
IpAddress address_value(const std::string& file, const toml::source_region& where, std::string_view text,
                        std::string_view what);
std::vector<Family> families_value(const std::string& file, TableReader& r, std::string_view key);
std::optional<RemoteAs> remote_as_value(TableReader& r, std::string_view key);

}  // namespace bgp::config::detail
