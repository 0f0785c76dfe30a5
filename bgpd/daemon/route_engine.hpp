#pragma once
// The daemon's route pipeline (DESIGN.md "data flows one way"): received
// UPDATEs -> per-peer import (libbgp/rib PeerImporter: loop detection, RFC
// 8212, import policy, max-prefix) -> Rib (Adj-RIBs-In, decision, multipath)
// -> change stream -> the FIB sink (kernel) and every established peer's
// Adj-RIB-Out -> UPDATEs packed by the wire encoder.
//
// Peers are keyed by address, not by session: a graceful-restart helper
// (RFC 4724 §4.2) keeps a peer's paths, marked stale, across the session
// drop, so the RIB peer id outlives the Connection. Lives on the session
// io_context thread; changes are propagated once per loop turn, so a burst
// of UPDATEs read in one batch becomes one FIB submission and packed UPDATEs.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "libbgp/config/config.hpp"
#include "libbgp/config/effective.hpp"
#include "libbgp/fib/fib_sink.hpp"
#include "libbgp/rib/adj_rib_out.hpp"
#include "libbgp/rib/attr_store.hpp"
#include "libbgp/rib/import.hpp"
#include "libbgp/rib/nexthop_resolver.hpp"
#include "libbgp/wire/update_encoder.hpp"
#include "libbgp/rib/rib.hpp"
#include "libbgp/wire/negotiation.hpp"
#include "libbgp/wire/update.hpp"
#include "libbgp/wire/update_encoder.hpp"

namespace bgp::daemon {

// What the engine needs to know about an Established session.
struct SessionInfo {
  IpAddress local_address;  // our end of the TCP connection: next hop self
  NegotiatedSession negotiated;
};

struct UpdateOutcome {
  bool max_prefix_exceeded = false;  // send Cease / Maximum Number of Prefixes Reached (RFC 4486 subcode 1)
  bool attribute_limit = false;      // the attribute-set limit was hit: reset the session
  std::optional<Family> end_of_rib;
};

// How the session went down, for the graceful-restart decision.
struct SessionDown {
  bool notification = false;  // a NOTIFICATION was sent or received
  bool hard_reset = false;    // Cease / Hard Reset (RFC 8538 §3): never graceful
  bool administrative = false;  // we stopped it (deconfigured, shutdown): never graceful
  bool bfd_down = false;        // BFD saw the path fail (RFC 5882 §4.3.2): never graceful
};

// What `soft_in` did (FRR "clear ip bgp X soft in").
enum class SoftIn : std::uint8_t {
  kReevaluated,     // soft_reconfiguration_inbound: the stored pre-policy routes went through import again
  kRefreshNeeded,   // no pre-policy copy: the caller sends ROUTE-REFRESH (RFC 2918) for each family
  kNotEstablished,  // no session with that neighbor
};

class RouteEngine {
 public:
  using Sender = std::function<void(Bytes message)>;

  // Where next hops resolve, for tests: asked at construction and by
  // recheck_next_hops(). The daemon leaves it empty and pushes the
  // NexthopTracker's answer through set_next_hop_networks() instead.
  using NetworkSource = std::function<std::vector<Prefix>()>;

  // `fib` may be null ([fib] install = false): routes are selected but not
  // installed.
  RouteEngine(boost::asio::io_context& io, const config::Config& config, std::unique_ptr<fib::FibSink> fib,
              NetworkSource networks = {});
  ~RouteEngine();
  RouteEngine(const RouteEngine&) = delete;
  RouteEngine& operator=(const RouteEngine&) = delete;

  // Originates the `networks` statements and arms the FIB start-up sweep.
  void start();
  // Reload: decision options, networks and policies of the new config
  // (which must outlive the engine or the next set_config).
  void set_config(const config::Config& config);
  void set_neighbor(const config::EffectiveNeighbor& neighbor);

  // ---- sessions (called by Peer) ----
  void session_up(const config::EffectiveNeighbor& neighbor, const SessionInfo& session, Sender send);
  UpdateOutcome update(const IpAddress& peer, const DecodedUpdate& update);
  void session_down(const IpAddress& peer, const SessionDown& how);
  void route_refresh(const IpAddress& peer, Family family);
  // RFC 7313 §4, the peer re-sending its routes for `family` on our request:
  // at BoRR (begin) they are marked stale, at EoRR (!begin) those not
  // re-announced are removed. Without an EoRR the stale-path time removes them.
  void enhanced_refresh(const IpAddress& peer, Family family, bool begin);
  // Soft inbound reset: re-runs the neighbor's import (current config's
  // policy and limits) over its stored pre-policy routes when it has
  // soft_reconfiguration_inbound; otherwise asks for a ROUTE-REFRESH.
  SoftIn soft_in(const IpAddress& peer);
  // The neighbour was deconfigured: its paths go now, stale or not.
  void remove_neighbor(const IpAddress& peer);

  // The FIB sink's queue is above its high-water mark: sessions stop reading
  // until it has drained to half of it (NetlinkFib), which back-pressures
  // fast peers through TCP.
  bool fib_congested() const { return fib_ && fib_->status().backpressure; }

  std::size_t received(const IpAddress& peer) const;
  std::size_t accepted(const IpAddress& peer) const;
  std::size_t stale(const IpAddress& peer) const;
  std::size_t advertised(const IpAddress& peer) const;  // Adj-RIB-Out size (0 unless Established)
  // Announcements to the peer that could not be encoded (no next hop for the
  // family, too long for its message size), since bgpd started.
  std::uint64_t not_sent(const IpAddress& peer) const;

  // Asks the network source again now and re-checks every next hop if its
  // answer changed.
  void recheck_next_hops() { refresh_connected_networks(); }
  // The networks that resolve next hops (connected subnets, non-BGP kernel
  // routes) changed: paths whose next hop left them leave the decision, and
  // the FIB and Adj-RIBs-Out follow at once.
  void set_next_hop_networks(std::vector<Prefix> networks);
  // Next-hop liveness verdict: a dead next hop is unresolvable (its paths,
  // stale or not, leave every multipath set); alive again, they come back.
  void set_next_hop_dead(const IpAddress& next_hop, bool dead);

  // ---- views ----
  nlohmann::json routes_json(const std::optional<Prefix>& filter) const;
  std::string routes_text(const std::optional<Prefix>& filter) const;
  // `bgpctl show fib`: null when no FIB is installed.
  std::optional<fib::FibSnapshot> fib_snapshot();
  // The snapshot without waiting for it: `done` runs on the session thread
  // (the io_context) once the FIB thread has built it, or at once with
  // nullopt when the FIB is not installed. Not run if the engine has gone.
  using SnapshotDone = std::function<void(std::optional<fib::FibSnapshot>)>;
  void fib_snapshot_async(SnapshotDone done);
  // The FIB's counters (metrics): null when no FIB is installed.
  std::optional<fib::FibStatus> fib_status() const;
  // Every host route (/32, /128) of the Loc-RIB with the number of distinct
  // next hops of its selected paths (best and multipath), as `bgpctl show
  // anycast` counts them (rib_next_hops).
  struct HostRoute {
    Prefix prefix;
    std::size_t next_hops = 0;
  };
  std::vector<HostRoute> host_routes() const;

  // SIGTERM: with graceful restart configured on any neighbour or
  // [fib] retain_on_shutdown, the kernel keeps our routes; otherwise they go.
  void shutdown();
  // Whether shutdown() leaves our routes in the kernel: then the sessions
  // close without a NOTIFICATION, so graceful-restart helpers keep our
  // routes too (RFC 4724 §4.2, a TCP failure).
  bool retains_forwarding_on_shutdown() const;

  // ---- our own restart (RFC 4724 §4.1) ----
  // True while route selection is deferred after a restart with routes
  // retained in the kernel: the R bit of the capability we send.
  bool restarting() const { return deferring_; }
  // The F bit for `family`: the kernel holds forwarding state for it that a
  // session reset (or our restart) left in place.
  bool forwarding_preserved(Family family) const;
  // The peers whose End-of-RIB ends the deferral and are still awaited.
  std::vector<IpAddress> deferral_waiting_for() const;

  const rib::Rib& rib() const { return *rib_; }

 private:
  struct PeerState;

  PeerState* find(const IpAddress& peer);
  const PeerState* find(const IpAddress& peer) const;
  rib::ImportSettings import_settings(const PeerState& p) const;
  rib::ExportSettings export_settings(const PeerState& p) const;
  rib::DecisionOptions decision_options() const;
  void originate_networks();
  void schedule_propagation();
  void propagate();
  void send_pending(PeerState& p);
  void report_not_sent(PeerState& p, UpdatePacker& packer, const rib::OutBatch::Group& g, Family f, std::size_t count,
                       const char* why);
  void drop_peer(const IpAddress& peer);
  void arm_stale_timer(PeerState& p, std::chrono::seconds after, const char* why);
  void note_end_of_rib(PeerState& p, Family family);
  void check_startup_sweep();
  bool peer_done_for_startup(const IpAddress& address) const;
  void begin_deferral();
  void end_deferral(const char* why);
  void apply_changes(bool to_peers = true);
  void fib_sweep(const char* why);
  void refresh_connected_networks();

  boost::asio::io_context& io_;
  const config::Config* config_;
  rib::AttrStore store_;
  NetworkSource networks_;
  rib::NetworkResolver resolver_;
  std::unique_ptr<rib::Rib> rib_;
  std::unique_ptr<fib::FibSink> fib_;
  // After fib_: expires before the FIB thread is joined, so a snapshot it
  // finishes meanwhile is not delivered to a dying engine.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
  std::map<IpAddress, std::unique_ptr<PeerState>> peers_;
  std::vector<Prefix> originated_;
  std::vector<rib::RouteChange> changes_;
  bool propagation_scheduled_ = false;
  bool fib_swept_ = false;
  boost::asio::steady_timer fib_sweep_timer_;
  // RFC 4724 §4.1 selection deferral after a restart with retained routes:
  // changes are held here (per prefix, the first old and the last new next
  // hops) until every peer in startup_peers_ sent End-of-RIB or the timer fires.
  bool deferring_ = false;
  std::set<IpAddress> startup_peers_;
  std::map<Prefix, rib::RouteChange> deferred_;
  boost::asio::steady_timer defer_timer_;
  std::set<Family> forwarding_;  // families with routes in the kernel (adopted or installed)
};

// NetlinkFib for [fib] install = true (table, metric, protocol, nexthop
// objects, retention from the config); null otherwise. Throws on failure (start-up).
std::unique_ptr<fib::FibSink> make_kernel_fib(const config::Config& config);

// The attributes to put on the wire for a RIB attribute set.
UpdateAttributes to_update_attributes(const rib::PathAttributes& a);

}  // namespace bgp::daemon
