#include "bgpd/daemon/route_engine.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>

#include "bgpd/daemon/graceful_restart.hpp"
#include "libbgp/fib/netlink_fib.hpp"
#include "libbgp/log/logger.hpp"
#include "libbgp/rib/import_update.hpp"
#include "libbgp/rib/show.hpp"

namespace bgp::daemon {
namespace {

namespace asio = boost::asio;

// FRR's default "bgp graceful-restart stalepath-time": how long stale paths
// of a peer that came back may wait for its End-of-RIB (RFC 4724 §4.2 leaves
// the value to the implementation).
constexpr std::chrono::seconds kStalePathTime{360};
// FIB queue length at which sessions pause reading: about 0.1 s of kernel
// programming, a few MiB of queue.
constexpr std::size_t kFibQueueHighWater = 1u << 16;
// RFC 4724 §4.1 excludes peers that set the R bit from the End-of-RIB wait
// (a restarting peer may wait for ours first). FRR's helper sets R in the
// OPEN it sends a restarted peer and still sends End-of-RIB within a second
// or two: such a peer is waited for this long after it came up, not at all
// only if it stays silent (a genuinely restarting peer waiting for us).
constexpr std::chrono::seconds kRestartingPeerGrace{3};

Family family_of(const Prefix& p) { return p.afi() == Afi::kIpv6 ? kIpv6Unicast : kIpv4Unicast; }

}  // namespace

std::unique_ptr<fib::FibSink> make_kernel_fib(const config::Config& config) {
  if (!config.fib.install) return nullptr;
  fib::NetlinkFibOptions o;
  o.target.table = config.fib.table;
  o.target.metric = config.fib.metric;
  o.target.protocol = config.fib.protocol;
  o.force_multipath = !config.fib.nexthop_objects;
  // Back-pressure (issue 9): above this many queued route updates sessions
  // stop reading (RouteEngine::fib_congested), so the queue stays near this
  // size however fast peers send, instead of growing to the hard limit.
  o.queue_high_water = kFibQueueHighWater;
  // The result handler only logs failures: do not collect a result per
  // installed route (300 000 of them for a full table).
  o.report_installed = false;
  // SIGTERM with graceful restart configured leaves the routes in the kernel
  // (our peers keep forwarding to us while we restart, RFC 4724 §4.1).
  bool graceful = false;
  for (const config::Neighbor& n : config.neighbors) graceful = graceful || config::effective(config, n).graceful_restart;
  for (const config::PeerGroup& g : config.peer_groups) graceful = graceful || g.settings.graceful_restart.value_or(false);
  o.retain_on_shutdown = config.fib.retain_on_shutdown || graceful;
  return std::make_unique<fib::NetlinkFib>(o);
}

UpdateAttributes to_update_attributes(const rib::PathAttributes& a) {
  UpdateAttributes u;
  u.origin = a.origin;
  u.as_path.reserve(a.as_path.size());
  for (const auto& s : a.as_path) u.as_path.push_back({s.type, s.asns});
  if (!a.next_hop.is_unspecified()) u.next_hop = a.next_hop;
  u.link_local_next_hop = a.next_hop_link_local;
  u.med = a.med;
  u.local_pref = a.local_pref;
  u.atomic_aggregate = a.atomic_aggregate;
  u.aggregator = a.aggregator;
  u.communities = a.communities;
  u.extended_communities = a.ext_communities;
  u.large_communities = a.large_communities;
  u.originator_id = a.originator_id;
  u.cluster_list = a.cluster_list;
  for (const auto& x : a.unknown) u.unknown.push_back({x.flags, x.type, x.value});
  return u;
}

struct RouteEngine::PeerState {
  config::EffectiveNeighbor neighbor;
  rib::PeerId id = 0;
  std::unique_ptr<rib::PeerImporter> importer;
  // While Established:
  bool up = false;
  SessionInfo session;
  Sender send;
  std::unique_ptr<rib::AdjRibOut> out;
  std::set<Family> eor_pending;   // End-of-RIB still to send after the initial table
  std::set<Family> eor_received;  // since the session came up
  bool warned_no_import = false;
  bool warned_no_export = false;
  std::uint64_t routes_not_sent = 0;  // announcements that could not be encoded (RouteEngine::not_sent)
  std::chrono::steady_clock::time_point up_since{};
  std::unique_ptr<asio::steady_timer> stale_timer;
  std::uint64_t stale_generation = 0;
};

RouteEngine::RouteEngine(asio::io_context& io, const config::Config& config, std::unique_ptr<fib::FibSink> fib,
                         NetworkSource networks)
    : io_(io),
      config_(&config),
      store_(config.bgp.max_attribute_sets),
      networks_(std::move(networks)),
      fib_(std::move(fib)),
      fib_sweep_timer_(io),
      defer_timer_(io) {
  refresh_connected_networks();
  rib_ = std::make_unique<rib::Rib>(store_, decision_options(), &resolver_);
}

RouteEngine::~RouteEngine() = default;

rib::DecisionOptions RouteEngine::decision_options() const {
  const auto& g = config_->bgp;
  rib::DecisionOptions o;
  o.med_always_compare = g.bestpath.med_always_compare;
  o.med_missing_as_worst = g.bestpath.med_missing_as_worst;
  o.ipv4 = {g.ipv4_unicast.maximum_paths, g.ipv4_unicast.maximum_paths_ibgp, g.ipv4_unicast.multipath_relax};
  o.ipv6 = {g.ipv6_unicast.maximum_paths, g.ipv6_unicast.maximum_paths_ibgp, g.ipv6_unicast.multipath_relax};
  return o;
}

void RouteEngine::start() {
  originate_networks();
  if (fib_) {
    // Start-up reconciliation: routes a previous run left stay until every
    // configured peer has sent End-of-RIB, or this timer fires.
    fib_sweep_timer_.expires_after(std::chrono::seconds(config_->fib.sweep_timeout));
    fib_sweep_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) fib_sweep("sweep timeout");
    });
    begin_deferral();
    fib_->set_result_handler([](std::span<const fib::FibResult> results) {
      // The FIB worker's thread: log only (the sink retries failures itself).
      for (const auto& r : results) {
        if (r.outcome == fib::FibOutcome::kFailed) {
          log::fib().warn("fib: {} not installed ({}): {}", r.prefix.to_string(), r.error, r.message);
        }
      }
    });
    check_startup_sweep();  // nothing to wait for without configured peers
  }
  schedule_propagation();
}

void RouteEngine::set_config(const config::Config& config) {
  config_ = &config;
  rib_->set_options(decision_options());  // re-runs the decision: multipath or MED rules may have changed
  originate_networks();
  // Policies are pointers into the configuration: every importer and
  // Adj-RIB-Out takes the new ones. With soft_reconfiguration_inbound the
  // stored pre-policy routes are imported again at once; otherwise routes
  // already accepted stay until the peer re-sends them. Exports are recomputed.
  for (auto& [addr, p] : peers_) {
    if (p->importer) p->importer->soft_reset(import_settings(*p));
    if (p->out) {
      p->out->set_settings(export_settings(*p));
      p->out->refresh();
    }
  }
  schedule_propagation();
}

void RouteEngine::set_neighbor(const config::EffectiveNeighbor& neighbor) {
  PeerState* p = find(neighbor.address);
  if (!p) return;
  p->neighbor = neighbor;
  // Reload: the neighbour's own policy names, max-prefix and next-hop-self
  // apply from now on (set_config only saw the previous neighbour settings).
  if (p->importer) (void)p->importer->soft_reset(import_settings(*p));  // no pre-policy copy: the daemon sends ROUTE-REFRESH
  if (p->out) {
    p->out->set_settings(export_settings(*p));
    p->out->refresh();
  }
  schedule_propagation();
}

void RouteEngine::originate_networks() {
  std::vector<Prefix> wanted = config_->bgp.ipv4_unicast.networks;
  wanted.insert(wanted.end(), config_->bgp.ipv6_unicast.networks.begin(), config_->bgp.ipv6_unicast.networks.end());
  for (const Prefix& p : originated_) {
    if (std::find(wanted.begin(), wanted.end(), p) == wanted.end()) rib_->withdraw(rib::kLocalPeer, p);
  }
  const rib::InternResult attrs = rib::network_route_attributes(store_);
  if (!attrs.ok()) {
    log::rib().error("cannot originate networks: attribute store full");
    return;
  }
  for (const Prefix& p : wanted) rib_->announce(rib::kLocalPeer, p, attrs.ref);
  originated_ = std::move(wanted);
}

RouteEngine::PeerState* RouteEngine::find(const IpAddress& peer) {
  const auto it = peers_.find(peer);
  return it == peers_.end() ? nullptr : it->second.get();
}
const RouteEngine::PeerState* RouteEngine::find(const IpAddress& peer) const {
  const auto it = peers_.find(peer);
  return it == peers_.end() ? nullptr : it->second.get();
}

rib::ImportSettings RouteEngine::import_settings(const PeerState& p) const {
  rib::ImportSettings s;
  s.local_as = config_->bgp.asn;
  s.router_id = config_->bgp.router_id;
  s.ebgp = p.session.negotiated.peer_as != config_->bgp.asn;
  s.policy.policy = p.neighbor.import_policy.empty() ? nullptr : config_->find_policy(p.neighbor.import_policy);
  s.policy.ebgp = s.ebgp;
  s.policy.ebgp_requires_policy = config_->bgp.ebgp_requires_policy;
  s.local_address = p.session.local_address;
  s.max_prefixes = p.neighbor.max_prefixes;
  s.soft_reconfiguration = p.neighbor.soft_reconfiguration_inbound;
  return s;
}

rib::ExportSettings RouteEngine::export_settings(const PeerState& p) const {
  rib::ExportSettings s;
  s.peer = p.id;
  s.local_as = config_->bgp.asn;
  s.ebgp = p.session.negotiated.peer_as != config_->bgp.asn;
  // Our address on the session is the next hop we give (RFC 4271 §5.1.3);
  // for the other family there is none on this session.
  (p.session.local_address.is_v4() ? s.self_v4 : s.self_v6) = p.session.local_address;
  s.next_hop_self = p.neighbor.next_hop_self;
  s.add_path_ipv4 = p.session.negotiated.add_path_send(kIpv4Unicast);
  s.add_path_ipv6 = p.session.negotiated.add_path_send(kIpv6Unicast);
  s.policy.policy = p.neighbor.export_policy.empty() ? nullptr : config_->find_policy(p.neighbor.export_policy);
  s.policy.ebgp = s.ebgp;
  s.policy.ebgp_requires_policy = config_->bgp.ebgp_requires_policy;
  return s;
}

void RouteEngine::session_up(const config::EffectiveNeighbor& neighbor, const SessionInfo& session, Sender send) {
  auto& slot = peers_[neighbor.address];
  if (!slot) slot = std::make_unique<PeerState>();
  PeerState& p = *slot;
  const bool returning = p.id != 0;  // graceful restart: its stale paths are still here
  p.neighbor = neighbor;
  p.session = session;
  p.send = std::move(send);
  p.up = true;
  p.up_since = std::chrono::steady_clock::now();
  p.eor_received.clear();
  const auto& n = session.negotiated;
  rib::PeerInfo info;
  info.address = neighbor.address;
  info.asn = n.peer_as;
  info.router_id = IpAddress::v4(n.peer_bgp_identifier);
  info.ibgp = n.peer_as == config_->bgp.asn;
  if (returning) {
    rib_->update_peer(p.id, info);
    // RFC 4724 §4.2: stale paths of a family the new capability leaves out,
    // or announces without the F bit (forwarding state lost), go at once;
    // the others wait for End-of-RIB.
    const std::array<Family, 2> all{kIpv4Unicast, kIpv6Unicast};
    for (const Family f : families_to_flush_on_reconnect(all, n.peer_graceful_restart)) {
      const std::size_t swept = rib_->end_of_rib(p.id, f);
      if (swept) {
        log::rib().info("neighbor {}: came back {} for {}: {} stale paths removed", neighbor.address.to_string(),
                        n.peer_graceful_restart ? "without the forwarding-state bit" : "without graceful restart",
                        family_name(f), swept);
      }
    }
    if (rib_->stale_count(p.id)) {
      arm_stale_timer(p, kStalePathTime, "stale-path time");
    } else if (p.stale_timer) {
      ++p.stale_generation;
      p.stale_timer->cancel();
    }
  } else {
    p.id = rib_->add_peer(info);
  }
  p.importer = std::make_unique<rib::PeerImporter>(*rib_, p.id, import_settings(p));
  if (import_settings(p).policy.blocks_everything() && !p.warned_no_import) {
    p.warned_no_import = true;
    log::rib().warn("neighbor {}: eBGP without an import policy: received routes are not accepted (RFC 8212)",
                 neighbor.address.to_string());
  }
  const rib::ExportSettings exp = export_settings(p);
  if (exp.policy.blocks_everything() && !p.warned_no_export) {
    p.warned_no_export = true;
    log::rib().warn("neighbor {}: eBGP without an export policy: nothing is announced (RFC 8212)", neighbor.address.to_string());
  }
  p.out = std::make_unique<rib::AdjRibOut>(*rib_, store_, exp);
  p.eor_pending = std::set<Family>(n.families.begin(), n.families.end());
  // Pending Loc-RIB changes belong to the peers already up: propagate them
  // first, then give this one the whole table.
  propagate();
  // RFC 4724 §4.1: while selection is deferred the table (and End-of-RIB)
  // goes out when the deferral ends: a helper would otherwise sweep the
  // routes we have not relearned yet.
  if (deferring_) {
    if (n.peer_graceful_restart && n.peer_graceful_restart->restarting()) {
      // Look again once its grace has passed (see kRestartingPeerGrace).
      auto t = std::make_shared<asio::steady_timer>(io_, kRestartingPeerGrace + std::chrono::milliseconds(10));
      t->async_wait([this, t](const boost::system::error_code& ec) {
        if (!ec) check_startup_sweep();
      });
    }
    check_startup_sweep();  // a peer without graceful restart sends no End-of-RIB
    return;
  }
  p.out->refresh();
  send_pending(p);
}

UpdateOutcome RouteEngine::update(const IpAddress& peer, const DecodedUpdate& update) {
  UpdateOutcome out;
  PeerState* p = find(peer);
  if (!p || !p->up || !p->importer) return out;
  const rib::UpdateImport r = rib::import_update(*p->importer, update);
  if (r.result.status == rib::ImportStatus::kAttrLimit) out.attribute_limit = true;
  if (r.result.max_prefix == rib::MaxPrefixEvent::kWarning) {
    log::rib().warn("neighbor {}: accepted prefixes crossed the max-prefix warning threshold ({} of {})", peer.to_string(),
                 accepted(peer), p->neighbor.max_prefixes ? p->neighbor.max_prefixes->limit : 0);
  } else if (r.result.max_prefix == rib::MaxPrefixEvent::kExceeded) {
    out.max_prefix_exceeded = true;
  }
  if (r.end_of_rib) {
    out.end_of_rib = r.end_of_rib;
    note_end_of_rib(*p, *r.end_of_rib);
  }
  // A burst of UPDATEs read in one turn (128 KiB per session, tens of
  // thousands of prefixes) would grow the change stream past the RIB's
  // recycled entries, each new one allocated and freed again: hand it on
  // once it holds that many.
  if (rib_->change_count() >= rib::Rib::kMaxSpareChanges) propagate();
  schedule_propagation();
  return out;
}

void RouteEngine::note_end_of_rib(PeerState& p, Family family) {
  const std::size_t swept = rib_->end_of_rib(p.id, family);
  if (swept) log::rib().info("neighbor {}: End-of-RIB for {}: {} stale paths removed", p.neighbor.address.to_string(), family_name(family), swept);
  p.eor_received.insert(family);
  bool all = true;
  for (const Family f : p.session.negotiated.families) all = all && p.eor_received.contains(f);
  if (all && p.stale_timer) {
    ++p.stale_generation;
    p.stale_timer->cancel();
  }
  check_startup_sweep();
}

void RouteEngine::session_down(const IpAddress& peer, const SessionDown& how) {
  PeerState* p = find(peer);
  if (!p || !p->up) return;
  p->up = false;
  p->send = nullptr;
  p->out.reset();
  p->eor_pending.clear();
  const auto& gr = p->session.negotiated.peer_graceful_restart;
  GrSessionEnd end;
  end.helper = p->neighbor.graceful_restart;
  end.peer_capable = gr.has_value();
  end.notification_negotiated = p->session.negotiated.graceful_notification;
  end.notification = how.notification;
  end.hard_reset = how.hard_reset;
  // RFC 5882 §4.3.2: when BFD took the session down the forwarding path is
  // what failed, so the peer's routes leave the kernel now, not after the restart time.
  end.administrative = how.administrative || how.bfd_down;
  end.end_of_rib_pending = rib_->stale_count(p->id) > 0;
  const GrRetention keep = retention_on_session_end(end);
  if (keep.retain) {
    if (keep.flush_previous) {
      const std::size_t swept = rib_->sweep_stale(p->id);
      log::rib().info("neighbor {}: down again before End-of-RIB: {} paths stale since the previous restart removed",
                      peer.to_string(), swept);
    }
    rib_->peer_down(p->id, true);
    const std::chrono::seconds restart(gr->restart_time);
    log::rib().info("neighbor {}: graceful restart: {} paths kept as stale for up to {} s", peer.to_string(),
                 rib_->stale_count(p->id), restart.count());
    if (rib_->stale_count(p->id) == 0) {
      drop_peer(peer);
    } else {
      arm_stale_timer(*p, restart, "restart time");
    }
  } else {
    drop_peer(peer);
  }
  schedule_propagation();
}

void RouteEngine::enhanced_refresh(const IpAddress& peer, Family family, bool begin) {
  PeerState* p = find(peer);
  if (!p || !p->up) return;
  const std::string name = peer.to_string();
  if (begin) {
    rib_->begin_refresh(p->id, family);
    log::rib().info("neighbor {}: Beginning-of-RIB-Refresh for {}: {} paths marked stale (RFC 7313 §4)", name,
                    family_name(family), rib_->stale_count(p->id));
    // §4: an EoRR that never comes must not keep the stale paths for ever.
    arm_stale_timer(*p, kStalePathTime, "End-of-RIB-Refresh wait");
    return;
  }
  const std::size_t purged = rib_->end_of_rib(p->id, family);
  // The wait is over, unless other stale paths (graceful restart, another
  // family's refresh) still need the timer.
  if (rib_->stale_count(p->id) == 0) ++p->stale_generation;
  log::rib().info("neighbor {}: End-of-RIB-Refresh for {}: {} stale paths removed (RFC 7313 §4)", name, family_name(family),
                  purged);
  if (purged) schedule_propagation();
}

void RouteEngine::arm_stale_timer(PeerState& p, std::chrono::seconds after, const char* why) {
  if (!p.stale_timer) p.stale_timer = std::make_unique<asio::steady_timer>(io_);
  const std::uint64_t generation = ++p.stale_generation;
  p.stale_timer->expires_after(after);
  const IpAddress address = p.neighbor.address;
  p.stale_timer->async_wait([this, address, generation, why](const boost::system::error_code& ec) {
    if (ec) return;
    PeerState* q = find(address);
    if (!q || q->stale_generation != generation) return;
    const std::size_t swept = rib_->sweep_stale(q->id);
    log::rib().info("neighbor {}: {} expired: {} stale paths removed", address.to_string(), why, swept);
    if (!q->up) drop_peer(address);
    schedule_propagation();
  });
}

void RouteEngine::drop_peer(const IpAddress& peer) {
  const auto it = peers_.find(peer);
  if (it == peers_.end()) return;
  PeerState& p = *it->second;
  p.importer.reset();
  if (p.id != 0 && rib_->has_peer(p.id)) rib_->remove_peer(p.id);
  peers_.erase(it);
}

void RouteEngine::remove_neighbor(const IpAddress& peer) {
  drop_peer(peer);
  schedule_propagation();
}

void RouteEngine::route_refresh(const IpAddress& peer, Family family) {
  PeerState* p = find(peer);
  if (!p || !p->up || !p->out) return;
  (void)family;  // the Adj-RIB-Out is recomputed whole; unchanged routes are not re-sent twice
  propagate();
  // RFC 2918 §4: the peer wants the Adj-RIB-Out again: forget what was sent.
  p->out->clear();
  p->out->refresh();
  send_pending(*p);
}

SoftIn RouteEngine::soft_in(const IpAddress& peer) {
  PeerState* p = find(peer);
  if (!p || !p->up || !p->importer) return SoftIn::kNotEstablished;
  // False when the importer kept no copy (soft reconfiguration was off when
  // the routes arrived): it now has the new settings, and the routes the
  // ROUTE-REFRESH brings back go through them (and are kept if now enabled).
  if (!p->importer->soft_reset(import_settings(*p))) return SoftIn::kRefreshNeeded;
  log::rib().info("neighbor {}: soft inbound reset from {} stored routes", peer.to_string(),
               p->importer->received(kIpv4Unicast) + p->importer->received(kIpv6Unicast));
  schedule_propagation();
  return SoftIn::kReevaluated;
}

std::size_t RouteEngine::received(const IpAddress& peer) const {
  const PeerState* p = find(peer);
  if (!p || !p->importer) return 0;
  return p->importer->received(kIpv4Unicast) + p->importer->received(kIpv6Unicast);
}

std::size_t RouteEngine::accepted(const IpAddress& peer) const {
  const PeerState* p = find(peer);
  if (!p || p->id == 0) return 0;
  return rib_->peer_prefix_count(p->id, kIpv4Unicast) + rib_->peer_prefix_count(p->id, kIpv6Unicast);
}

std::size_t RouteEngine::stale(const IpAddress& peer) const {
  const PeerState* p = find(peer);
  return p && p->id ? rib_->stale_count(p->id) : 0;
}

std::size_t RouteEngine::advertised(const IpAddress& peer) const {
  const PeerState* p = find(peer);
  return p && p->out ? p->out->advertised_count() : 0;
}

std::uint64_t RouteEngine::not_sent(const IpAddress& peer) const {
  const PeerState* p = find(peer);
  return p ? p->routes_not_sent : 0;
}

void RouteEngine::schedule_propagation() {
  if (propagation_scheduled_) return;
  propagation_scheduled_ = true;
  asio::post(io_, [this] {
    propagation_scheduled_ = false;
    propagate();
  });
}

void RouteEngine::propagate() {
  rib_->drain_changes(changes_);
  if (changes_.empty()) return;
  if (deferring_) {
    // RFC 4724 §4.1: nothing reaches the kernel or the peers yet.
    for (rib::RouteChange& c : changes_) {
      auto [it, fresh] = deferred_.try_emplace(c.prefix);
      if (fresh) {
        it->second = std::move(c);
      } else {
        it->second.new_next_hops = std::move(c.new_next_hops);
        it->second.best = std::move(c.best);
        it->second.multipath = std::move(c.multipath);
      }
    }
    changes_.clear();
    return;
  }
  apply_changes();
}

void RouteEngine::apply_changes(bool to_peers) {
  // `debug rib`: one line per batch, one per prefix at trace.
  if (spdlog::logger& rlog = log::rib(); rlog.should_log(spdlog::level::debug)) {
    rlog.debug("{} prefixes changed best path or next hops", changes_.size());
    if (rlog.should_log(spdlog::level::trace)) {
      for (const rib::RouteChange& c : changes_) {
        rlog.trace("{}: {} next hops -> {}{}", c.prefix.to_string(), c.old_next_hops.size(), c.new_next_hops.size(),
                   c.best ? "" : " (unreachable)");
      }
    }
  }
  if (fib_) {
    // One batch, moved to the FIB thread whole: a prefix and a set index per
    // route, the batch's few distinct next-hop sets stored once.
    fib::RouteBatch batch;
    batch.routes.reserve(changes_.size());
    for (const rib::RouteChange& c : changes_) {
      if (c.old_next_hops == c.new_next_hops) continue;  // e.g. a stale mark: no FIB churn
      batch.add_gateways(c.prefix, c.new_next_hops);
      if (!c.new_next_hops.empty()) forwarding_.insert(family_of(c.prefix));
    }
    const std::size_t n = batch.size();
    if (n > 0 && fib_->submit(std::move(batch)) == fib::SubmitStatus::kRejected) {
      log::fib().error("fib: queue full, {} route updates dropped", n);
    }
  }
  if (!to_peers) return;
  for (auto& [addr, p] : peers_) {
    if (!p->up || !p->out) continue;
    p->out->apply(changes_);
    send_pending(*p);
  }
}

void RouteEngine::send_pending(PeerState& p) {
  if (!p.send || !p.out) return;
  const auto& n = p.session.negotiated;
  EncodeContext ctx;
  ctx.four_octet_as = n.four_octet_as;
  ctx.add_path_ipv4 = n.add_path_send(kIpv4Unicast);
  ctx.add_path_ipv6 = n.add_path_send(kIpv6Unicast);
  ctx.extended_message = n.extended_message;
  std::vector<std::byte> buffer(ctx.max_message_size());
  UpdatePacker packer(ctx, buffer);
  const std::string name = p.neighbor.address.to_string();
  const rib::OutBatch batch = p.out->drain();
  for (const Family f : n.families) {
    std::vector<NlriEntry> entries;
    for (const rib::OutKey& k : batch.withdrawn) {
      if (family_of(k.prefix) == f) entries.push_back({k.prefix, k.path_id});
    }
    if (!entries.empty() && !packer.withdraw_all(f, entries, p.send)) {
      log::update().error("neighbor {}: could not encode {} withdrawals", name, family_name(f));
    }
  }
  for (const rib::OutBatch::Group& g : batch.announced) {
    const UpdateAttributes attrs = to_update_attributes(*g.attrs);
    for (const Family f : n.families) {
      std::vector<NlriEntry> entries;
      for (const rib::OutKey& k : g.nlri) {
        if (family_of(k.prefix) == f) entries.push_back({k.prefix, k.path_id});
      }
      if (entries.empty()) continue;
      const char* why = nullptr;
      if (!attrs.next_hop) {
        why = "no next hop of ours for the family on this session";
      } else if (!packer.announce_all(attrs, f, entries, p.send)) {
        why = "the attributes do not fit the peer's maximum message size";
      }
      if (why) report_not_sent(p, packer, g, f, entries.size(), why);
    }
  }
  if (spdlog::logger& ulog = log::update(); ulog.should_log(spdlog::level::debug)) {
    std::size_t announced = 0;
    for (const rib::OutBatch::Group& g : batch.announced) announced += g.nlri.size();
    if (announced != 0 || !batch.withdrawn.empty()) {
      ulog.debug("neighbor {}: UPDATEs sent: {} prefixes announced, {} withdrawn", name, announced, batch.withdrawn.size());
    }
  }
  // RFC 4724 §2: End-of-RIB once the initial table has been sent.
  for (const Family f : p.eor_pending) p.send(packer.end_of_rib(f));
  p.eor_pending.clear();
}

// Announcements that could not be encoded are not advertised (the
// Adj-RIB-Out holds what was sent); where the peer still holds a previous
// version of a route it is withdrawn rather than left in place.
void RouteEngine::report_not_sent(PeerState& p, UpdatePacker& packer, const rib::OutBatch::Group& g, Family f, std::size_t count,
                                   const char* why) {
  const std::vector<rib::OutKey> previous = p.out->not_sent(g, f);
  p.routes_not_sent += count;
  log::update().warn("neighbor {}: {} {} prefixes not announced ({}); {} previously advertised withdrawn",
                     p.neighbor.address.to_string(), count, family_name(f), why, previous.size());
  if (previous.empty()) return;
  std::vector<NlriEntry> entries;
  entries.reserve(previous.size());
  for (const rib::OutKey& k : previous) entries.push_back({k.prefix, k.path_id});
  if (!packer.withdraw_all(f, entries, p.send)) {
    log::update().error("neighbor {}: could not encode {} withdrawals", p.neighbor.address.to_string(), family_name(f));
  }
}

// RFC 4724 §4.1: a peer no longer holds up the start-up when it sent
// End-of-RIB for every family, or when it is not one to wait for: it has no
// graceful restart (it sends no End-of-RIB), or it is restarting itself (R
// bit: it may wait for ours) and has been silent for kRestartingPeerGrace.
bool RouteEngine::peer_done_for_startup(const IpAddress& address) const {
  const PeerState* p = find(address);
  if (!p || !p->up) return false;
  const auto& gr = p->session.negotiated.peer_graceful_restart;
  if (!gr) return true;
  bool all = true;
  for (const Family f : p->session.negotiated.families) all = all && p->eor_received.contains(f);
  if (all) return true;
  return gr->restarting() && std::chrono::steady_clock::now() - p->up_since >= kRestartingPeerGrace;
}

void RouteEngine::check_startup_sweep() {
  if (!fib_ || fib_swept_) return;
  for (const IpAddress& a : startup_peers_) {
    if (!peer_done_for_startup(a)) return;
  }
  fib_sweep(deferring_ ? "End-of-RIB from every peer up before the restart" : "End-of-RIB from every configured neighbor");
}

void RouteEngine::begin_deferral() {
  // Whom to wait for: the configured neighbours, and the dynamic peers
  // whose routes were adopted from the kernel (their next hops inside a
  // listen range), as graceful_restart.hpp explains.
  std::vector<IpAddress> configured;
  for (const config::Neighbor& cn : config_->neighbors) {
    const config::EffectiveNeighbor e = config::effective(*config_, cn);
    if (!e.shutdown) configured.push_back(e.address);
  }
  std::vector<Prefix> ranges;
  for (const config::ListenRange& r : config_->listen_ranges) ranges.push_back(r.prefix);
  std::vector<IpAddress> hops;
  std::size_t adopted = 0;
  for (const fib::FibEntry& e : fib_->snapshot().entries) {
    if (!e.stale) continue;
    ++adopted;
    forwarding_.insert(family_of(e.prefix));
    for (const fib::NextHop& nh : e.kernel) hops.push_back(nh.gateway);
  }
  startup_peers_ = peers_to_wait_for(configured, ranges, hops);
  if (adopted == 0 || config_->bgp.select_defer_time == 0) return;
  deferring_ = true;
  log::rib().info("restart with {} routes kept in the kernel: route selection deferred until {} peers sent End-of-RIB, at most {} s",
                  adopted, startup_peers_.size(), config_->bgp.select_defer_time);
  defer_timer_.expires_after(std::chrono::seconds(config_->bgp.select_defer_time));
  defer_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) fib_sweep("selection deferral timer (select_defer_time) expired");
  });
}

void RouteEngine::end_deferral(const char* why) {
  if (!deferring_) return;
  propagate();  // the last changes join the deferred ones
  deferring_ = false;
  defer_timer_.cancel();
  log::rib().info("route selection deferral ended ({}): {} prefixes to install", why, deferred_.size());
  changes_.clear();
  changes_.reserve(deferred_.size());
  for (auto& [prefix, c] : deferred_) changes_.push_back(std::move(c));
  deferred_.clear();
  apply_changes(/*to_peers=*/false);
  // The peers that came up meanwhile get their table and End-of-RIB now.
  for (auto& [addr, p] : peers_) {
    if (!p->up || !p->out) continue;
    p->out->refresh();
    send_pending(*p);
  }
}

std::vector<IpAddress> RouteEngine::deferral_waiting_for() const {
  std::vector<IpAddress> out;
  if (!deferring_) return out;
  for (const IpAddress& a : startup_peers_) {
    if (!peer_done_for_startup(a)) out.push_back(a);
  }
  return out;
}

bool RouteEngine::forwarding_preserved(Family family) const { return fib_ && forwarding_.contains(family); }

bool RouteEngine::retains_forwarding_on_shutdown() const {
  if (!fib_ || !config_->fib.install) return false;
  if (config_->fib.retain_on_shutdown) return true;
  for (const config::Neighbor& n : config_->neighbors) {
    if (config::effective(*config_, n).graceful_restart) return true;
  }
  for (const config::PeerGroup& g : config_->peer_groups) {
    if (g.settings.graceful_restart.value_or(false)) return true;
  }
  return false;
}

void RouteEngine::fib_sweep(const char* why) {
  if (!fib_ || fib_swept_) return;
  // Never sweep under a deferral: the routes held back would be missing.
  end_deferral(why);
  fib_swept_ = true;
  fib_sweep_timer_.cancel();
  // The sweep must see every route the RIB wants: submit pending changes first.
  propagate();
  log::fib().info("fib: removing routes left by a previous run ({})", why);
  fib_->sweep();
}

void RouteEngine::refresh_connected_networks() {
  if (networks_) set_next_hop_networks(networks_());
}

void RouteEngine::set_next_hop_networks(std::vector<Prefix> now) {
  std::sort(now.begin(), now.end());
  now.erase(std::unique(now.begin(), now.end()), now.end());  // a connected network is also a kernel route
  std::vector<Prefix> before = resolver_.networks();
  std::sort(before.begin(), before.end());
  if (now == before) return;
  resolver_.clear();
  for (const Prefix& p : now) resolver_.add(p);
  if (rib_) {
    log::rib().info("next-hop networks changed ({} connected networks and kernel routes now): re-checking next hops", now.size());
    rib_->revalidate_nexthops();
    propagate();  // at once: a lost link or route must leave the kernel now, not after the next event
  }
}

void RouteEngine::set_next_hop_dead(const IpAddress& next_hop, bool dead) {
  if (!resolver_.set_dead(next_hop, dead) || !rib_) return;
  rib_->revalidate_nexthops();
  propagate();  // the liveness deadline already passed: no further batching
}

nlohmann::json RouteEngine::routes_json(const std::optional<Prefix>& filter) const {
  nlohmann::json all = nlohmann::json::array();
  for (const Family f : {kIpv4Unicast, kIpv6Unicast}) {
    if (filter && family_of(*filter) != f) continue;
    for (auto& r : rib::routes_json(rib::show_routes(*rib_, f, filter))) all.push_back(std::move(r));
  }
  return all;
}

std::string RouteEngine::routes_text(const std::optional<Prefix>& filter) const {
  std::vector<rib::RouteRow> rows;
  for (const Family f : {kIpv4Unicast, kIpv6Unicast}) {
    if (filter && family_of(*filter) != f) continue;
    auto r = rib::show_routes(*rib_, f, filter);
    rows.insert(rows.end(), std::make_move_iterator(r.begin()), std::make_move_iterator(r.end()));
  }
  return rib::routes_table(rows);
}

std::optional<fib::FibSnapshot> RouteEngine::fib_snapshot() {
  if (!fib_) return std::nullopt;
  return fib_->snapshot();
}

void RouteEngine::fib_snapshot_async(SnapshotDone done) {
  if (!fib_) {
    done(std::nullopt);
    return;
  }
  fib_->snapshot_async([&io = io_, alive = std::weak_ptr<int>(alive_), done = std::move(done)](fib::FibSnapshot snapshot) mutable {
    // FIB thread: hand the result to the session thread.
    asio::post(io, [alive = std::move(alive), done = std::move(done), snapshot = std::move(snapshot)]() mutable {
      if (!alive.expired()) done(std::move(snapshot));
    });
  });
}

std::optional<fib::FibStatus> RouteEngine::fib_status() const {
  if (!fib_) return std::nullopt;
  return fib_->status();
}

std::vector<RouteEngine::HostRoute> RouteEngine::host_routes() const {
  std::vector<HostRoute> out;
  std::set<IpAddress> hops;
  for (const Family f : {kIpv4Unicast, kIpv6Unicast}) {
    rib_->walk(f, [&](const Prefix& prefix, std::span<const rib::Path> paths) {
      if (!prefix.is_host()) return;
      hops.clear();
      for (const rib::Path& p : paths) {
        if (!p.has(rib::path_flag::kBest) && !p.has(rib::path_flag::kMultipath)) continue;
        const rib::PathAttributes& a = rib_->attr_store().get(p.attr);
        // The forwarding address, as `show routes` prints it (RFC 2545 §3 link-local).
        hops.insert(a.next_hop_link_local && a.next_hop.is_unspecified() ? *a.next_hop_link_local : a.next_hop);
      }
      out.push_back({prefix, hops.size()});
    });
  }
  return out;
}

void RouteEngine::shutdown() {
  fib_sweep_timer_.cancel();
  defer_timer_.cancel();
  for (auto& [addr, p] : peers_) {
    if (p->stale_timer) p->stale_timer->cancel();
  }
  // NetlinkFib leaves or flushes its routes as configured when destroyed.
  fib_.reset();
}

}  // namespace bgp::daemon
