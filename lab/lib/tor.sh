# The pluggable router: one set of verbs over bgpd and FRR, so the lab
# topologies and the failover scenarios never care which implementation runs.
# TOR_IMPL is "bgpd" or "frr"; sourced after common.sh, frr.sh and bgpd.sh
# (and image.sh for bgpd from its container image).
#
#   router_start ROLE CONF   CONF: bgpd TOML, or a file holding FRR's frr.conf
#   router_stop ROLE         clean stop (SIGTERM: Cease to every peer)
#   router_established ROLE N
#   router_show_route ROLE PREFIX   the daemon's own view of PREFIX (for humans)
#   router_route_paths ROLE PREFIX  the same as "<next hop> <as.path> <multipath|best|other>" lines

check_impl() {
  case $1 in bgpd | frr) ;; *) die "unknown router implementation '$1' (bgpd|frr)" ;; esac
}

# bgpd runs from its container image instead of the build tree when
# TOR_IMAGE is set (anycast.sh --tor-image; lib/image.sh, which the labs
# without that option do not source).
from_image() { declare -F image_runs >/dev/null && image_runs "$1"; }

router_start() {
  case $TOR_IMPL in
    bgpd) if from_image "$1"; then image_start "$1" "$2"; else bgpd_start "$1" "$2"; fi ;;
    frr)
      mkdir -p "$(frr_dir "$1")" && cp "$2" "$(frr_dir "$1")/frr.conf"
      frr_start "$1"
      ;;
  esac
}

router_stop() {
  case $TOR_IMPL in
    bgpd) if from_image "$1"; then image_stop "$1"; else bgpd_stop "$1"; fi ;;
    frr) frr_stop "$1" ;;
  esac
}

router_established() {
  case $TOR_IMPL in
    bgpd) bgpd_established "$1" "$2" ;;
    frr) frr_established "$1" "$2" ;;
  esac
}

router_show_route() {
  case $TOR_IMPL in
    bgpd) bgpctl_ns "$1" show routes "$2" ;;
    frr) frr_vtysh "$1" "show bgp ipv4 unicast $2" ;;
  esac
}

router_show_summary() {
  case $TOR_IMPL in
    bgpd) bgpctl_ns "$1" show summary ;;
    frr) frr_vtysh "$1" "show bgp ipv4 unicast summary" ;;
  esac
}

router_route_paths() {
  case $TOR_IMPL in
    bgpd) bgpctl_ns "$1" show routes "$2" --json | "$PYTHON" "$LAB_ROOT/tools/route_paths.py" --format bgpd --prefix "$2" ;;
    frr) frr_vtysh "$1" "show bgp ipv4 unicast $2 json" | "$PYTHON" "$LAB_ROOT/tools/route_paths.py" --format frr ;;
  esac
}
