# A Cilium node emulated in a namespace: gobgpd configured the way Cilium's
# BGP control plane configures its embedded GoBGP, the LB VIP and a ClusterIP
# on the node's loopback, and an HTTP server on the VIP answering with the
# node name. Sourced after common.sh.

LAB_VIP=${LAB_VIP:-172.30.0.10}
LAB_CLUSTER_IP=${LAB_CLUSTER_IP:-10.96.0.10}
GOBGP_API=127.0.0.1
GOBGP_PORT=50051

# NODE_GR_NOTIFICATION=1 (default) advertises the RFC 8538 N bit as Cilium
# does; 0 gives the variant without it (plain RFC 4724 graceful restart).
NODE_GR_NOTIFICATION=${NODE_GR_NOTIFICATION:-1}

# node_toml AS ROUTER_ID NEIGHBOUR NEIGHBOUR_AS: the gobgpd configuration
# Cilium's BGP control plane gives its embedded GoBGP for one peer
# (pkg/bgpv1/gobgp/peer.go; lab/README.md "Cilium-faithful nodes" lists each
# setting and its source): timers from CiliumBGPPeerConfig (hold 9,
# keepalive 3, connect retry 5) plus the fixed idle hold after reset of 5 s;
# eBGP multihop TTL 4; graceful restart 15 s with notification-enabled (the
# N bit) and mp-graceful-restart on each family. Cilium also sets
# LocalRestarting on every peer it adds: node_bgp_start passes -r for that.
node_toml() {
  local notification=true
  [[ $NODE_GR_NOTIFICATION == 0 ]] && notification=false
  cat <<EOF
[global.config]
  as = $1
  router-id = "$2"
[[neighbors]]
  [neighbors.config]
    neighbor-address = "$3"
    peer-as = $4
  [neighbors.transport.config]
    local-address = "0.0.0.0"
  [neighbors.timers.config]
    connect-retry = 5
    hold-time = 9
    keepalive-interval = 3
    idle-hold-time-after-reset = 5
  [neighbors.ebgp-multihop.config]
    enabled = true
    multihop-ttl = 4
  [neighbors.graceful-restart.config]
    enabled = true
    restart-time = 15
    notification-enabled = $notification
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
EOF
}

gobgp_cli() {  # gobgp_cli ROLE ARGS...: the gobgp client against ROLE's gobgpd
  local role=$1; shift
  ip netns exec "$(ns "$role")" gobgp -u "$GOBGP_API" -p "$GOBGP_PORT" "$@"
}

# node_setup ROLE NAME IP/LEN GATEWAY: addresses, default route, VIP and
# ClusterIP on loopback (as Cilium's datapath answers for them locally).
node_setup() {
  local role=$1 ip=$3 gw=$4 n; n=$(ns "$role")
  ip -n "$n" addr add "$ip" dev eth0
  ip -n "$n" route add default via "$gw"
  ip -n "$n" addr add "$LAB_VIP/32" dev lo
  ip -n "$n" addr add "$LAB_CLUSTER_IP/32" dev lo
}

# node_http_start ROLE NAME: the VIP's HTTP server, answering NAME.
node_http_start() {
  spawn "http-$1" "$1" "$PYTHON" "$LAB_ROOT/tools/httpd.py" --bind "$LAB_VIP" --port 80 --name "$2" >/dev/null
}

# node_bgp_start ROLE AS ROUTER_ID NEIGHBOUR NEIGHBOUR_AS [--restarting]:
# starts gobgpd and advertises the VIP and the ClusterIP once its API answers.
# Every start sets the R bit (gobgpd -r), as Cilium sets LocalRestarting on
# every peer it adds (setPeerGracefulRestart): gobgpd then holds its routes
# until the ToR's End-of-RIB. --restarting is accepted for the scenarios
# that say so; every start is one.
node_bgp_start() {
  local role=$1 as=$2 rid=$3 nbr=$4 nbr_as=$5 flags=(-r)
  node_toml "$as" "$rid" "$nbr" "$nbr_as" >"$STATE_DIR/gobgpd-$role.toml"
  spawn "gobgpd-$role" "$role" gobgpd -f "$STATE_DIR/gobgpd-$role.toml" \
    --api-hosts "$GOBGP_API:$GOBGP_PORT" -p --pprof-disable "${flags[@]}" >/dev/null
  wait_until 15 "gobgpd API in $role" gobgp_cli "$role" global || return 1
  node_advertise "$role"
}

node_advertise() {  # node_advertise ROLE: VIP + ClusterIP, next hop = the session address
  gobgp_cli "$1" global rib add "$LAB_VIP/32" -a ipv4 >/dev/null
  gobgp_cli "$1" global rib add "$LAB_CLUSTER_IP/32" -a ipv4 >/dev/null
}

node_withdraw_vip() { gobgp_cli "$1" global rib del "$LAB_VIP/32" -a ipv4 >/dev/null; }

# node_bgp_stop ROLE SIGNAL: TERM makes gobgpd send a Cease NOTIFICATION;
# KILL makes it vanish without one (the kernel closes the socket).
node_bgp_stop() { stop_named "gobgpd-$1" "${2:-TERM}" 10; }

node_established() {  # node_established ROLE: its one session is Established
  gobgp_cli "$1" neighbor 2>/dev/null | grep -q 'Establ'
}
