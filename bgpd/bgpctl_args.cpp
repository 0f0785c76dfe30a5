#include "bgpd/bgpctl_args.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "bgpd/build_info.hpp"
#include "libbgp/wire/address.hpp"
#include "libbgp/wire/notification.hpp"

namespace bgp::bgpctl {
namespace {

namespace po = boost::program_options;
using daemon::ClearKind;
using daemon::ControlCommand;

constexpr std::string_view kUsage =
    "Usage: bgpctl [-s PATH] [--json] COMMAND\n"
    "\n"
    "Commands:\n"
    "  show summary                       sessions at a glance\n"
    "  show neighbors [ADDR]              session details (all, or one neighbour)\n"
    "  show routes [PREFIX] [--family ipv4|ipv6]\n"
    "                                     the routing table (all, or exactly PREFIX)\n"
    "  show routes PREFIX longer          PREFIX and every more specific route (also --longer PREFIX)\n"
    "  show route PREFIX|ADDR             the route forwarding it (longest match)\n"
    "  show fib                           what is installed in the kernel\n"
    "  show anycast [--family ipv4|ipv6]  each /32 and /128 with its next hops, RIB vs kernel\n"
    "  show bfd                           BFD sessions: state, discriminators, timers, counters\n"
    "  neighbor ADDR clear                hard reset (Cease/Administrative Reset)\n"
    "  neighbor ADDR clear soft in|out    re-apply import policy (ROUTE-REFRESH) / re-send Adj-RIB-Out\n"
    "  neighbor ADDR shutdown [MESSAGE]   Cease/Administrative Shutdown (RFC 9003 message); stays down\n"
    "  neighbor ADDR enable               undo shutdown\n"
    "  reload                             re-read the configuration (as SIGHUP); errors are printed\n"
    "  show mrt file FILE [--format bgpdump]\n"
    "                                     print an MRT dump offline (no daemon needed)\n"
    "\n"
    "Every keyword may be shortened to a unique prefix: bgpctl sh su, bgpctl sh nei ADDR.\n"
    "\n"
    "Exit status: 0 ok, 1 bgpd answered with an error (e.g. config rejected), 2 bad command line,\n"
    "3 bgpd not running, 4 connection refused, 5 permission denied, 6 timeout or malformed\n"
    "response, 7 offline command failed, 8 no such neighbour or route, 9 internal error in bgpctl.\n"
    "With --json every error is a JSON object on stdout: {\"error\": TEXT, \"code\": STATUS}.\n"
    "\n";

UsageError usage_error(std::string message) { return UsageError{std::move(message) + " (see bgpctl --help)"}; }

// resolve_keyword as a plain optional: on error `error` holds the usage error.
std::optional<std::string> keyword(std::string_view word, std::initializer_list<Keyword> keywords, std::string_view scope,
                                   std::string_view noun, std::optional<UsageError>& error) {
  auto r = resolve_keyword(word, keywords, scope, noun);
  if (auto* e = std::get_if<UsageError>(&r)) {
    error = std::move(*e);
    return std::nullopt;
  }
  return std::get<std::string>(r);
}

struct Flags {
  std::optional<std::string> longer;
  std::optional<std::string> family;
};

// words after "show": what [arg...]
ParsedArgs parse_show(Invocation inv, std::vector<std::string> words, Flags flags) {
  if (words.size() < 2) return usage_error("show: what? (summary, neighbors, routes, route, fib, anycast, bfd, mrt)");
  std::optional<UsageError> error;
  const auto resolved = keyword(words[1],
                                {{"summary", "summary"}, {"neighbors", "neighbors"}, {"neighbor", "neighbors"}, {"routes", "routes"},
                                 {"route", "route"}, {"fib", "fib"}, {"anycast", "anycast"}, {"bfd", "bfd"}, {"mrt", "mrt"}},
                                "show", "object", error);
  if (!resolved) return *error;
  words[1] = *resolved;
  const std::string& what = words[1];
  // FRR's word order: `show routes PREFIX longer` (as `--longer PREFIX`).
  if (what == "routes" && words.size() == 4) {
    const auto word = keyword(words[3], {{"longer", "longer"}}, "show routes PREFIX", "keyword", error);
    if (!word) return *error;
    if (flags.longer) return usage_error("show routes: 'longer' and --longer together");
    flags.longer = words[2];
    words.pop_back();
    words.pop_back();
  }
  const std::size_t extra = words.size() - 2;
  auto& r = inv.request;
  const bool takes_family = what == "routes" || what == "anycast";
  if (flags.family && !takes_family) return usage_error("--family applies to show routes and show anycast only");
  if (flags.longer && what != "routes") return usage_error("--longer applies to show routes only");
  if (flags.family) {
    r.family = daemon::parse_family_keyword(*flags.family);
    if (!r.family) return usage_error(fmt::format("--family: '{}' is not ipv4 or ipv6", *flags.family));
  }
  if (what == "summary") {
    if (extra != 0) return usage_error("show summary takes no argument");
    r.command = ControlCommand::kShowSummary;
  } else if (what == "neighbors") {
    if (extra > 1) return usage_error("show neighbors takes at most one address");
    r.command = ControlCommand::kShowNeighbors;
    if (extra == 1) {
      r.address = IpAddress::parse(words[2]);
      if (!r.address) return usage_error(fmt::format("show neighbors: '{}' is not an IP address", words[2]));
    }
  } else if (what == "routes") {
    r.command = ControlCommand::kShowRoutes;
    if (extra > 1 || (extra == 1 && flags.longer)) return usage_error("show routes takes one prefix, or --longer PREFIX");
    const std::optional<std::string> text = flags.longer ? flags.longer : extra == 1 ? std::optional(words[2]) : std::nullopt;
    if (text) {
      // A bare address means its host route, as in `show ip bgp A.B.C.D/32`.
      r.prefix = daemon::parse_prefix_or_address(*text);
      if (!r.prefix) return usage_error(fmt::format("show routes: '{}' is not a prefix", *text));
      r.longer = flags.longer.has_value();
    }
  } else if (what == "route") {
    if (extra != 1) return usage_error("usage: show route PREFIX|ADDR");
    r.command = ControlCommand::kShowRoute;
    r.prefix = daemon::parse_prefix_or_address(words[2]);
    if (!r.prefix) return usage_error(fmt::format("show route: '{}' is not a prefix or address", words[2]));
  } else if (what == "fib") {
    if (extra != 0) return usage_error("show fib takes no argument");
    r.command = ControlCommand::kShowFib;
  } else if (what == "anycast") {
    if (extra != 0) return usage_error("show anycast takes no argument");
    r.command = ControlCommand::kShowAnycast;
  } else if (what == "bfd") {
    if (extra != 0) return usage_error("show bfd takes no argument");
    r.command = ControlCommand::kShowBfd;
  } else if (what == "mrt") {
    if (extra != 2 || !std::string_view("file").starts_with(words[2]) || words[2].empty()) return usage_error("usage: show mrt file FILE [--format bgpdump]");
    inv.mrt_file = words[3];
    if (inv.mrt_format != "bgpdump") return usage_error(fmt::format("show mrt: unknown --format '{}' (bgpdump)", inv.mrt_format));
  }
  if (r.prefix && r.family && (r.prefix->afi() == Afi::kIpv6) != (*r.family == kIpv6Unicast)) {
    return usage_error("the prefix is not of the --family given");
  }
  return inv;
}

// words: neighbor ADDR ACTION [arg...]
ParsedArgs parse_neighbor(Invocation inv, std::vector<std::string> words) {
  if (words.size() < 3) return usage_error("usage: neighbor ADDR clear [soft in|out] | shutdown [MESSAGE] | enable");
  auto& r = inv.request;
  r.address = IpAddress::parse(words[1]);
  if (!r.address) return usage_error(fmt::format("neighbor: '{}' is not an IP address", words[1]));
  std::optional<UsageError> error;
  const auto resolved = keyword(words[2], {{"clear", "clear"}, {"shutdown", "shutdown"}, {"enable", "enable"}},
                                "neighbor", "action", error);
  if (!resolved) return *error;
  const std::string& action = *resolved;
  const std::size_t extra = words.size() - 3;
  if (action == "clear") {
    r.command = ControlCommand::kNeighborClear;
    if (extra == 0) return inv;
    if (extra != 2 || !keyword(words[3], {{"soft", "soft"}}, "neighbor clear", "keyword", error)) {
      return usage_error("usage: neighbor ADDR clear [soft in|out]");
    }
    const auto direction = keyword(words[4], {{"in", "in"}, {"out", "out"}}, "neighbor clear soft", "direction", error);
    if (!direction) return usage_error(fmt::format("neighbor clear soft: '{}' is not in or out", words[4]));
    r.clear = *direction == "in" ? ClearKind::kSoftIn : ClearKind::kSoftOut;
  } else if (action == "shutdown") {
    r.command = ControlCommand::kNeighborShutdown;
    for (std::size_t i = 3; i < words.size(); ++i) r.message += (i > 3 ? " " : "") + words[i];
    // RFC 9003 §2: UTF-8 (the JSON request could not carry anything else either).
    if (!is_valid_utf8(r.message)) return usage_error("neighbor shutdown: the message is not valid UTF-8");
    if (r.message.size() > kMaxShutdownCommunication) {
      return usage_error(fmt::format("neighbor shutdown: the message is longer than {} octets (RFC 9003)",
                                     kMaxShutdownCommunication));
    }
  } else if (action == "enable") {
    if (extra != 0) return usage_error("neighbor enable takes no argument");
    r.command = ControlCommand::kNeighborEnable;
  }
  return inv;
}

}  // namespace

ParsedArgs parse_args(int argc, const char* const argv[]) {
  std::string socket_path;
  std::string format;
  std::string longer;
  std::string family;
  std::vector<std::string> words;
  po::options_description opts("Options");
  // clang-format off
  opts.add_options()
    ("help,h", "print this help and exit")
    ("version,V", "print the version and source commit and exit")
    ("socket,s", po::value<std::string>(&socket_path)->value_name("PATH"), "control socket (default /run/bgpd/bgpd.sock)")
    ("json,j", "print JSON instead of tables")
    ("longer", po::value<std::string>(&longer)->value_name("PREFIX"), "show routes: PREFIX and its more specifics")
    ("family", po::value<std::string>(&family)->value_name("ipv4|ipv6"), "show routes/anycast: one address family")
    ("format", po::value<std::string>(&format)->value_name("NAME"), "output format of show mrt (bgpdump)");
  // clang-format on
  po::options_description all;
  all.add(opts).add_options()("words", po::value<std::vector<std::string>>(&words), "");
  po::positional_options_description positional;
  positional.add("words", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return usage_error(e.what());
  }
  if (vm.count("help")) {
    std::ostringstream out;
    out << kUsage << opts;
    return Help{out.str()};
  }
  if (vm.count("version")) return Help{fmt::format("bgpctl {} (commit {})\n", build::kVersion, build::kCommit)};
  Invocation inv;
  if (vm.count("socket")) inv.socket_path = socket_path;
  inv.json = vm.count("json") > 0;
  if (vm.count("format")) inv.mrt_format = format;
  Flags flags;
  if (vm.count("longer")) flags.longer = longer;
  if (vm.count("family")) flags.family = family;
  if (words.empty()) return usage_error("missing command");
  std::optional<UsageError> error;
  const auto command = keyword(words[0], {{"show", "show"}, {"neighbor", "neighbor"}, {"neighbors", "neighbor"}, {"reload", "reload"}},
                               "", "command", error);
  if (!command) return *error;
  words[0] = *command;
  if (vm.count("format") && !(words.size() > 1 && words[0] == "show" && std::string_view("mrt").starts_with(words[1]))) {
    return usage_error("--format applies to show mrt only");
  }
  if (words[0] != "show" && (flags.longer || flags.family)) return usage_error("--longer and --family apply to show only");
  if (words[0] == "show") return parse_show(std::move(inv), std::move(words), flags);
  if (words[0] == "neighbor") return parse_neighbor(std::move(inv), std::move(words));
  if (words.size() != 1) return usage_error("reload takes no argument");
  inv.request.command = ControlCommand::kReload;
  return inv;
}

bool wants_json(int argc, const char* const argv[]) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--json" || a == "-j") return true;
    if (a == "--") break;
  }
  return false;
}

std::variant<std::string, UsageError> resolve_keyword(std::string_view word, std::initializer_list<Keyword> keywords,
                                                      std::string_view scope, std::string_view noun) {
  std::vector<std::string> names;      // every keyword word starts
  std::vector<std::string> canonical;  // what they mean, without repeats
  for (const Keyword& k : keywords) {
    if (word == k.name) return std::string(k.canonical);
    if (word.empty() || !std::string_view(k.name).starts_with(word)) continue;
    names.emplace_back(k.name);
    if (std::find(canonical.begin(), canonical.end(), k.canonical) == canonical.end()) canonical.emplace_back(k.canonical);
  }
  if (canonical.size() == 1) return canonical.front();
  const std::string where = scope.empty() ? std::string() : std::string(scope) + ": ";
  std::string all;
  for (const Keyword& k : keywords) all += std::string(all.empty() ? "" : ", ") + k.name;
  if (canonical.empty()) return usage_error(fmt::format("{}unknown {} '{}' ({})", where, noun, word, all));
  std::sort(names.begin(), names.end());
  std::string candidates;
  for (const auto& n : names) candidates += std::string(candidates.empty() ? "" : ", ") + n;
  return usage_error(fmt::format("{}ambiguous {} '{}' ({})", where, noun, word, candidates));
}

daemon::Json to_request(const Invocation& inv) { return daemon::to_json(inv.request); }

}  // namespace bgp::bgpctl
