// [[policy]] and its [[policy.term]] tables with [policy.term.match] and
// [policy.term.set]. The matching and setting semantics live in
// libbgp/policy; this file only parses and validates.
#include <algorithm>
#include <charconv>
#include <sstream>

#include "libbgp/config/parse.hpp"

namespace bgp::config::detail {
namespace {

const std::vector<std::string> kPolicyKeys{"name", "term"};
const std::vector<std::string> kTermKeys{"name", "action", "match", "set"};
const std::vector<std::string> kMatchKeys{"prefix", "community", "large_community", "as_path_length_min",
                                          "as_path_length_max", "as_path_contains", "family"};
const std::vector<std::string> kSetKeys{"local_pref", "med", "community", "large_community", "next_hop_self",
                                        "as_path_prepend"};
const std::vector<std::string> kPrefixTableKeys{"prefix", "ge", "le"};

// ge/le must satisfy: prefix length <= ge <= le <= family bits.
void check_bounds(const std::string& file, const toml::source_region& where, const PrefixMatch& m) {
  const unsigned bits = address_bits(m.prefix.afi());
  const unsigned len = m.prefix.length();
  const std::string p = m.prefix.to_string();
  if (m.ge && (*m.ge < len || *m.ge > bits)) {
    fail(file, where, "ge " + std::to_string(*m.ge) + " for " + p + " must be between " + std::to_string(len) +
                          " and " + std::to_string(bits));
  }
  const unsigned low = m.ge ? *m.ge : len;
  if (m.le && (*m.le < low || *m.le > bits)) {
    fail(file, where, "le " + std::to_string(*m.le) + " for " + p + " must be between " + std::to_string(low) +
                          " and " + std::to_string(bits));
  }
}

std::optional<std::uint8_t> small_number(std::string_view text) {
  unsigned v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v > 128) return std::nullopt;
  return static_cast<std::uint8_t>(v);
}

// "10.0.0.0/8", "10.0.0.0/8 le 24", "10.0.0.0/8 ge 24 le 32" (FRR prefix-list syntax).
PrefixMatch prefix_match_string(const std::string& file, const toml::source_region& where, const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  const std::string syntax = "invalid prefix match '" + text + "' (expected \"PREFIX [ge N] [le M]\")";
  if (words.empty()) fail(file, where, syntax);
  PrefixMatch m;
  m.prefix = strict_prefix(file, where, words[0], "prefix");
  std::size_t i = 1;
  auto bound = [&](std::string_view kw, std::optional<std::uint8_t>& out) {
    if (i < words.size() && words[i] == kw) {
      if (i + 1 >= words.size()) fail(file, where, syntax);
      out = small_number(words[i + 1]);
      if (!out) fail(file, where, syntax);
      i += 2;
    }
  };
  bound("ge", m.ge);
  bound("le", m.le);
  if (i != words.size()) fail(file, where, syntax);
  check_bounds(file, where, m);
  return m;
}

std::vector<PrefixMatch> prefix_matches(TableReader& r) {
  std::vector<PrefixMatch> out;
  const toml::node* n = r.node("prefix");
  if (!n) return out;
  const auto* arr = n->as_array();
  if (!arr) r.fail_at("prefix", "'prefix' in " + r.what() + " must be an array of \"PREFIX [ge N] [le M]\" strings or {prefix, ge, le} tables");
  for (const toml::node& e : *arr) {
    if (const auto* s = e.as_string()) {
      out.push_back(prefix_match_string(r.file(), e.source(), s->get()));
    } else if (const auto* t = e.as_table()) {
      TableReader pr(r.file(), *t, "a prefix match");
      const auto p = pr.string("prefix");
      if (!p) pr.missing("prefix");
      PrefixMatch m;
      m.prefix = strict_prefix(r.file(), pr.where("prefix"), *p, "prefix");
      if (auto ge = pr.integer("ge", 0, 128)) m.ge = static_cast<std::uint8_t>(*ge);
      if (auto le = pr.integer("le", 0, 128)) m.le = static_cast<std::uint8_t>(*le);
      check_bounds(r.file(), e.source(), m);
      pr.finish(kPrefixTableKeys);
      out.push_back(m);
    } else {
      fail(r.file(), e.source(), "elements of 'prefix' must be strings or tables");
    }
  }
  return out;
}

std::vector<std::uint32_t> communities(TableReader& r) {
  std::vector<std::uint32_t> out;
  if (auto items = r.strings("community")) {
    for (const auto& item : *items) {
      const auto c = parse_community(item.value);
      if (!c) {
        fail(r.file(), item.where, "invalid community '" + item.value +
                                       "' (expected ASN:VALUE with 16-bit parts, or a well-known name such as no-export)");
      }
      out.push_back(*c);
    }
  }
  return out;
}

std::vector<LargeCommunity> large_communities(TableReader& r) {
  std::vector<LargeCommunity> out;
  if (auto items = r.strings("large_community")) {
    for (const auto& item : *items) {
      const auto c = parse_large_community(item.value);
      if (!c) fail(r.file(), item.where, "invalid large community '" + item.value + "' (expected GLOBAL:LOCAL1:LOCAL2, RFC 8092)");
      out.push_back(*c);
    }
  }
  return out;
}

PolicyMatch parse_match(TableReader& term) {
  PolicyMatch m;
  const toml::table* t = term.subtable("match");
  if (!t) return m;
  TableReader r(term.file(), *t, "[policy.term.match]");
  m.prefixes = prefix_matches(r);
  m.communities = communities(r);
  m.large_communities = large_communities(r);
  if (auto v = r.integer("as_path_length_min", 0, 1024)) m.as_path_length_min = static_cast<std::uint32_t>(*v);
  if (auto v = r.integer("as_path_length_max", 0, 1024)) m.as_path_length_max = static_cast<std::uint32_t>(*v);
  if (m.as_path_length_min && m.as_path_length_max && *m.as_path_length_min > *m.as_path_length_max) {
    r.fail_at("as_path_length_max", "as_path_length_max (" + std::to_string(*m.as_path_length_max) +
                                        ") is less than as_path_length_min (" + std::to_string(*m.as_path_length_min) + ")");
  }
  if (auto v = r.integers("as_path_contains", 1, 4294967295LL)) {
    for (auto asn : *v) m.as_path_contains.push_back(static_cast<std::uint32_t>(asn));
  }
  if (r.has("family")) m.families = families_value(r.file(), r, "family");
  r.finish(kMatchKeys);
  return m;
}

PolicySet parse_set(TableReader& term) {
  PolicySet s;
  const toml::table* t = term.subtable("set");
  if (!t) return s;
  TableReader r(term.file(), *t, "[policy.term.set]");
  if (auto v = r.integer("local_pref", 0, 4294967295LL)) s.local_pref = static_cast<std::uint32_t>(*v);
  if (auto v = r.integer("med", 0, 4294967295LL)) s.med = static_cast<std::uint32_t>(*v);
  s.communities_add = communities(r);
  s.large_communities_add = large_communities(r);
  if (auto v = r.boolean("next_hop_self")) s.next_hop_self = *v;
  if (auto v = r.integer("as_path_prepend", 1, 32)) s.as_path_prepend = static_cast<std::uint8_t>(*v);
  r.finish(kSetKeys);
  return s;
}

PolicyTerm parse_term(TableReader& policy, const toml::table& t, std::size_t index) {
  TableReader r(policy.file(), t, "[[policy.term]]");
  PolicyTerm term;
  term.pos = r.pos();
  term.name = r.string("name").value_or("term " + std::to_string(index + 1));
  const auto action = r.string("action");
  if (!action) r.missing("action", "accept, reject or next");
  if (*action == "accept") {
    term.action = PolicyAction::kAccept;
  } else if (*action == "reject") {
    term.action = PolicyAction::kReject;
  } else if (*action == "next") {
    term.action = PolicyAction::kNext;
  } else {
    r.fail_at("action", "'action' must be \"accept\", \"reject\" or \"next\", not \"" + *action + "\"" +
                            did_you_mean(*action, {"accept", "reject", "next"}));
  }
  term.match = parse_match(r);
  term.set = parse_set(r);
  r.finish(kTermKeys);
  return term;
}

}  // namespace

std::vector<Policy> parse_policies(TableReader& root, std::vector<ConfigError>& errors) {
  std::vector<Policy> out;
  for (const toml::table* t : root.array_of_tables("policy")) try {
    TableReader r(root.file(), *t, "[[policy]]");
    Policy p;
    p.pos = r.pos();
    const auto name = r.string("name");
    if (!name) r.missing("name");
    if (name->empty()) r.fail_at("name", "policy name must not be empty");
    for (const auto& other : out) {
      if (other.name == *name) {
        r.fail_at("name", "duplicate policy '" + *name + "' (first defined at " + other.pos.to_string() + ")");
      }
    }
    p.name = *name;
    const auto terms = r.array_of_tables("term");
    for (std::size_t i = 0; i < terms.size(); ++i) p.terms.push_back(parse_term(r, *terms[i], i));
    r.finish(kPolicyKeys);
    out.push_back(std::move(p));
  } catch (const ConfigError& e) {
    errors.push_back(e);
    placeholder_by_name(out, *t, root.file());
  }
  return out;
}

}  // namespace bgp::config::detail
