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
#include "libbgp/config/toml_reader.hpp"

namespace bgp::config::detail {

Config build_config(const toml::table& root, const std::string& file);

// parse_policy.cpp
std::vector<Policy> parse_policies(TableReader& root);

// Shared value parsers (parse_values.cpp): each fails at the given place.
Prefix strict_prefix(const std::string& file, const toml::source_region& where, std::string_view text,
                     std::string_view what);
IpAddress address_value(const std::string& file, const toml::source_region& where, std::string_view text,
                        std::string_view what);
std::vector<Family> families_value(const std::string& file, TableReader& r, std::string_view key);
std::optional<RemoteAs> remote_as_value(TableReader& r, std::string_view key);

}  // namespace bgp::config::detail
