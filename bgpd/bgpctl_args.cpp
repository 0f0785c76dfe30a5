#include "bgpd/bgpctl_args.hpp"

#include <sstream>
#include <vector>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "libbgp/wire/address.hpp"

namespace bgp::bgpctl {
namespace {

namespace po = boost::program_options;

constexpr std::string_view kUsage =
    "Usage: bgpctl [-s PATH] [--json] COMMAND\n"
    "\n"
    "Commands:\n"
    "  show summary                       sessions at a glance\n"
    "  show neighbors [ADDR]              session details (all, or one neighbour)\n"
    "  show routes [PREFIX]               the routing table (all, or one prefix)\n"
    "  show fib                           what is installed in the kernel\n"
    "  show mrt file FILE [--format bgpdump]\n"
    "                                     print an MRT dump offline (no daemon needed)\n"
    "\n";

UsageError usage_error(std::string message) { return UsageError{std::move(message) + " (see bgpctl --help)"}; }

// words after "show": what [arg...]
ParsedArgs parse_show(Invocation inv, const std::vector<std::string>& words) {
  if (words.size() < 2) return usage_error("show: what? (summary, neighbors, routes, fib, mrt)");
  const std::string& what = words[1];
  const std::size_t extra = words.size() - 2;
  if (what == "summary") {
    if (extra != 0) return usage_error("show summary takes no argument");
    inv.command = Command::kShowSummary;
  } else if (what == "neighbors" || what == "neighbor") {
    if (extra > 1) return usage_error("show neighbors takes at most one address");
    inv.command = Command::kShowNeighbors;
    if (extra == 1) {
      const auto addr = IpAddress::parse(words[2]);
      if (!addr) return usage_error(fmt::format("show neighbors: '{}' is not an IP address", words[2]));
      inv.argument = addr->to_string();
    }
  } else if (what == "routes" || what == "route") {
    if (extra > 1) return usage_error("show routes takes at most one prefix");
    inv.command = Command::kShowRoutes;
    if (extra == 1) {
      // A bare address means its host route, as in `show ip bgp A.B.C.D/32`.
      auto prefix = Prefix::parse(words[2]);
      if (!prefix) {
        if (const auto addr = IpAddress::parse(words[2])) prefix = Prefix(*addr, address_bits(addr->afi()));
      }
      if (!prefix) return usage_error(fmt::format("show routes: '{}' is not a prefix", words[2]));
      inv.argument = prefix->to_string();
    }
  } else if (what == "fib") {
    if (extra != 0) return usage_error("show fib takes no argument");
    inv.command = Command::kShowFib;
  } else if (what == "mrt") {
    if (extra != 2 || words[2] != "file") return usage_error("usage: show mrt file FILE [--format bgpdump]");
    inv.command = Command::kShowMrtFile;
    inv.argument = words[3];
    if (inv.mrt_format != "bgpdump") return usage_error(fmt::format("show mrt: unknown --format '{}' (bgpdump)", inv.mrt_format));
  } else {
    return usage_error(fmt::format("show: unknown object '{}'", what));
  }
  return inv;
}

}  // namespace

ParsedArgs parse_args(int argc, const char* const argv[]) {
  std::string socket_path;
  std::string format;
  std::vector<std::string> words;
  po::options_description opts("Options");
  // clang-format off
  opts.add_options()
    ("help,h", "print this help and exit")
    ("socket,s", po::value<std::string>(&socket_path)->value_name("PATH"), "control socket (default /run/bgpd/bgpd.sock)")
    ("json,j", "print JSON instead of tables")
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
  Invocation inv;
  if (vm.count("socket")) inv.socket_path = socket_path;
  inv.json = vm.count("json") > 0;
  if (vm.count("format")) inv.mrt_format = format;
  if (words.empty()) return usage_error("missing command");
  if (words[0] != "show") return usage_error(fmt::format("unknown command '{}'", words[0]));
  if (vm.count("format") && !(words.size() > 1 && words[1] == "mrt")) return usage_error("--format applies to show mrt only");
  return parse_show(std::move(inv), words);
}

daemon::Json to_request(const Invocation& inv) {
  daemon::Json request{{"command", "show"}};
  switch (inv.command) {
    case Command::kShowSummary: request["what"] = "summary"; break;
    case Command::kShowNeighbors:
      request["what"] = "neighbors";
      if (inv.argument) request["address"] = *inv.argument;
      break;
    case Command::kShowRoutes:
      request["what"] = "routes";
      if (inv.argument) request["prefix"] = *inv.argument;
      break;
    case Command::kShowFib: request["what"] = "fib"; break;
    case Command::kShowMrtFile: break;  // offline; never sent
  }
  return request;
}

}  // namespace bgp::bgpctl
