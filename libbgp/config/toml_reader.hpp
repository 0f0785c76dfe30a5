#pragma once
// Internal to bgp_config: typed, position-aware access to one TOML table.
// Every key read is marked consumed; finish() turns any key never read into
// "unknown key" with a did-you-mean suggestion. All failures throw
// ConfigError carrying file:line:column of the offending key or value.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "libbgp/config/config.hpp"

namespace bgp::config::detail {

[[noreturn]] void fail(const std::string& file, const toml::source_region& where, const std::string& message);
SourcePos pos_of(const std::string& file, const toml::source_region& where);

// The closest candidate within a small edit distance, for "did you mean".
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);  // "" or " (did you mean 'x'?)"

class TableReader {
 public:
  // `what` names the table in messages: "[bgp]", "[[neighbor]]".
  TableReader(const std::string& file, const toml::table& table, std::string what);

  const std::string& file() const { return file_; }
  const std::string& what() const { return what_; }
  const toml::table& table() const { return table_; }
  SourcePos pos() const;
  bool has(std::string_view key) const { return table_.contains(key); }

  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max);
  std::optional<bool> boolean(std::string_view key);
  std::optional<std::string> string(std::string_view key);
  // An array whose elements are all strings; each element keeps its position.
  struct Item {
    std::string value;
    toml::source_region where;
  };
  std::optional<std::vector<Item>> strings(std::string_view key);
  std::optional<std::vector<std::int64_t>> integers(std::string_view key, std::int64_t min, std::int64_t max);
  const toml::table* subtable(std::string_view key);
  // [[key]] arrays; an inline array of inline tables is accepted too.
  std::vector<const toml::table*> array_of_tables(std::string_view key);
  // Raw access (marks consumed) for values with several accepted shapes.
  const toml::node* node(std::string_view key);

  // Position of a key's value (or of the table when absent).
  toml::source_region where(std::string_view key) const;
  [[noreturn]] void fail_at(std::string_view key, const std::string& message) const;
  [[noreturn]] void fail_here(const std::string& message) const;
  [[noreturn]] void missing(std::string_view key, std::string_view hint = {}) const;

  // Every key present must have been read; `allowed` lists the known keys
  // (for the suggestion; keys read are always allowed).
  void finish(const std::vector<std::string>& allowed) const;

 private:
  const std::string& file_;
  const toml::table& table_;
  std::string what_;
  std::vector<std::string> consumed_;
};

}  // namespace bgp::config::detail
