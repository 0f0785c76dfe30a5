#include "libbgp/config/toml_reader.hpp"

#include <algorithm>
#include <utility>

#include "libbgp/config/load.hpp"

namespace bgp::config::detail {
namespace {

std::string_view type_phrase(toml::node_type t) {
  switch (t) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::none: break;
  }
  return "nothing";
}

// Levenshtein distance. Hand-written: none of the project's dependencies
// offers one, and the lists compared are a few dozen short key names.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + cost});
      diag = up;
    }
  }
  return row[b.size()];
}

bool before(const toml::source_region& a, const toml::source_region& b) {
  return std::pair(a.begin.line, a.begin.column) < std::pair(b.begin.line, b.begin.column);
}

}  // namespace

SourcePos pos_of(const std::string& file, const toml::source_region& where) {
  SourcePos p;
  p.file = file;
  p.line = where.begin.line;
  p.column = where.begin.column;
  if (p.line == 0) {  // implicit tables have no position of their own
    p.line = 1;
    p.column = 1;
  }
  return p;
}

void fail(const std::string& file, const toml::source_region& where, const std::string& message) {
  const SourcePos p = pos_of(file, where);
  throw ConfigError(file, p.line, p.column, message);
}

std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const auto c = closest(word, candidates);
  return c ? " (did you mean '" + *c + "'?)" : std::string();
}

TableReader::TableReader(const std::string& file, const toml::table& table, std::string what)
    : file_(file), table_(table), what_(std::move(what)) {}

SourcePos TableReader::pos() const { return pos_of(file_, table_.source()); }

toml::source_region TableReader::where(std::string_view key) const {
  if (const toml::node* n = table_.get(key)) return n->source();
  return table_.source();
}

void TableReader::fail_at(std::string_view key, const std::string& message) const { fail(file_, where(key), message); }
void TableReader::fail_here(const std::string& message) const { fail(file_, table_.source(), message); }

void TableReader::missing(std::string_view key, std::string_view hint) const {
  std::string m = "missing required key '" + std::string(key) + "' in " + what_;
  if (!hint.empty()) m += " (" + std::string(hint) + ")";
  fail_here(m);
}

const toml::node* TableReader::node(std::string_view key) {
  const toml::node* n = table_.get(key);
  if (n) consumed_.emplace_back(key);
  return n;
}

namespace {
[[noreturn]] void wrong_type(const TableReader& r, std::string_view key, const toml::node& n, std::string_view want) {
  r.fail_at(key, "'" + std::string(key) + "' in " + r.what() + " must be " + std::string(want) + ", not " +
                     std::string(type_phrase(n.type())));
}
}  // namespace

std::optional<std::int64_t> TableReader::integer(std::string_view key, std::int64_t min, std::int64_t max) {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  const auto* v = n->as_integer();
  if (!v) wrong_type(*this, key, *n, "an integer");
  const std::int64_t x = v->get();
  if (x < min || x > max) {
    fail_at(key, "'" + std::string(key) + "' in " + what_ + " must be between " + std::to_string(min) + " and " +
                     std::to_string(max) + ", not " + std::to_string(x));
  }
  return x;
}

std::optional<bool> TableReader::boolean(std::string_view key) {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  const auto* v = n->as_boolean();
  if (!v) wrong_type(*this, key, *n, "true or false");
  return v->get();
}

std::optional<std::string> TableReader::string(std::string_view key) {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  const auto* v = n->as_string();
  if (!v) wrong_type(*this, key, *n, "a string");
  return v->get();
}

std::optional<std::vector<TableReader::Item>> TableReader::strings(std::string_view key) {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  const auto* arr = n->as_array();
  if (!arr) wrong_type(*this, key, *n, "an array of strings");
  std::vector<Item> out;
  for (const toml::node& e : *arr) {
    const auto* s = e.as_string();
    if (!s) {
      fail(file_, e.source(), "elements of '" + std::string(key) + "' in " + what_ + " must be strings, not " +
                                  std::string(type_phrase(e.type())));
    }
    out.push_back(Item{s->get(), e.source()});
  }
  return out;
}

std::optional<std::vector<std::int64_t>> TableReader::integers(std::string_view key, std::int64_t min,
                                                               std::int64_t max) {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  const auto* arr = n->as_array();
  if (!arr) wrong_type(*this, key, *n, "an array of integers");
  std::vector<std::int64_t> out;
  for (const toml::node& e : *arr) {
    const auto* i = e.as_integer();
    if (!i) {
      fail(file_, e.source(), "elements of '" + std::string(key) + "' in " + what_ + " must be integers, not " +
                                  std::string(type_phrase(e.type())));
    }
    if (i->get() < min || i->get() > max) {
      fail(file_, e.source(), "elements of '" + std::string(key) + "' in " + what_ + " must be between " +
                                  std::to_string(min) + " and " + std::to_string(max) + ", not " +
                                  std::to_string(i->get()));
    }
    out.push_back(i->get());
  }
  return out;
}

const toml::table* TableReader::subtable(std::string_view key) {
  const toml::node* n = node(key);
  if (!n) return nullptr;
  const auto* t = n->as_table();
  if (!t) wrong_type(*this, key, *n, "a table");
  return t;
}

std::vector<const toml::table*> TableReader::array_of_tables(std::string_view key) {
  std::vector<const toml::table*> out;
  const toml::node* n = node(key);
  if (!n) return out;
  const auto* arr = n->as_array();
  if (!arr) {
    fail_at(key, "'" + std::string(key) + "' must be an array of tables (write [[" + std::string(key) +
                     "]]), not " + std::string(type_phrase(n->type())));
  }
  for (const toml::node& e : *arr) {
    const auto* t = e.as_table();
    if (!t) {
      fail(file_, e.source(), "elements of '" + std::string(key) + "' must be tables, not " +
                                  std::string(type_phrase(e.type())));
    }
    out.push_back(t);
  }
  return out;
}

void TableReader::finish(const std::vector<std::string>& allowed) const {
  const toml::key* first = nullptr;
  for (const auto& [k, v] : table_) {
    (void)v;
    if (std::find(consumed_.begin(), consumed_.end(), k.str()) != consumed_.end()) continue;
    if (!first || before(k.source(), first->source())) first = &k;
  }
  if (!first) return;
  fail(file_, first->source(),
       "unknown key '" + std::string(first->str()) + "' in " + what_ + did_you_mean(first->str(), allowed));
}

}  // namespace bgp::config::detail
