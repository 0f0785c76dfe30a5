# FRR (zebra + bgpd) as a router in a lab namespace: the reference ToR, the
# leaves of the leaf/spine lab, and optionally its spine. Sourced after common.sh.
#
# Each instance has its own directory (config, pid files, zserv socket, vty
# sockets, logs) so instances in different namespaces never share a path.
# FRR's daemons drop to user frr, hence the world-writable directory.

FRR_LIB=${FRR_LIB:-/usr/lib/frr}

frr_dir() { printf '%s/frr-%s' "$STATE_DIR" "$1"; }

frr_vtysh() {  # frr_vtysh ROLE CMD...: one vtysh command per -c
  local role=$1 args=(); shift
  for c in "$@"; do args+=(-c "$c"); done
  vtysh --vty_socket "$(frr_dir "$role")" "${args[@]}"
}

# frr_start ROLE: zebra then bgpd in ROLE's namespace with the frr.conf
# already written to $(frr_dir ROLE)/frr.conf (both daemons read the one file).
frr_start() {
  local role=$1 d; d=$(frr_dir "$role")
  mkdir -p "$d" && chmod 0777 "$d"
  chmod 0666 "$d/frr.conf"
  spawn "zebra-$role" "$role" "$FRR_LIB/zebra" -f "$d/frr.conf" -i "$d/zebra.pid" \
    -z "$d/zserv.api" --vty_socket "$d" --log "file:$d/zebra.log" >/dev/null
  wait_until 10 "zebra in $role" test -S "$d/zserv.api" || return 1
  # bfdd only when the configuration has a `bfd` node (neighbor X bfd needs it).
  if grep -q '^bfd' "$d/frr.conf"; then
    spawn "bfdd-$role" "$role" "$FRR_LIB/bfdd" -f "$d/frr.conf" -i "$d/bfdd.pid" \
      -z "$d/zserv.api" --vty_socket "$d" --log "file:$d/bfdd.log" >/dev/null
  fi
  spawn "bgpd-$role" "$role" "$FRR_LIB/bgpd" -f "$d/frr.conf" -i "$d/bgpd.pid" \
    -z "$d/zserv.api" --vty_socket "$d" --log "file:$d/bgpd.log" >/dev/null
  wait_until 10 "FRR bgpd in $role" frr_vtysh "$role" "show bgp summary" || return 1
}

# frr_stop ROLE: SIGTERM to bgpd (it sends Cease to its peers) then zebra
# (which removes the routes it installed, as FRR does on a plain restart).
frr_stop() {
  stop_named "bgpd-$1" TERM 10
  [[ -z $(pid_of "bfdd-$1") ]] || stop_named "bfdd-$1" TERM 10
  stop_named "zebra-$1" TERM 10
}

# frr_established ROLE N: at least N BGP sessions are Established.
frr_established() {
  local n
  n=$(frr_vtysh "$1" "show bgp ipv4 unicast summary json" 2>/dev/null |
    "$PYTHON" -c 'import json,sys; d=json.load(sys.stdin); print(sum(1 for p in d.get("peers",{}).values() if p.get("state")=="Established"))' 2>/dev/null)
  [[ ${n:-0} -ge $2 ]]
}
