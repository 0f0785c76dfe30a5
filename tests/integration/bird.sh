#!/usr/bin/env bash
# bgpd against BIRD 2 (Debian bird2): the session establishes with graceful
# restart, 4-octet AS, route refresh, enhanced route refresh and extended
# messages negotiated, and routes flow both ways.
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

netns_init bird
ns_add tor
ns_add bird
ns_link tor 10.20.0.101/24 bird 10.20.0.2/24
SOCK="$WORK/bgpd.sock"

bgpd_tor_config "$WORK/bgpd.toml" 10.20.0.2 65301 'graceful_restart = true
restart_time = 30'
cat >"$WORK/bird.conf" <<EOT
router id 10.20.0.2;
protocol device {}
protocol static vip {
  ipv4;
  route 172.30.0.10/32 blackhole;
}
protocol bgp tor {
  local 10.20.0.2 as 65301;
  neighbor 10.20.0.101 as 65001;
  hold time 9;
  keepalive time 3;
  connect retry time 1;
  graceful restart on;
  enable extended messages on;
  enable route refresh on;
  ipv4 {
    import all;
    export where proto = "vip";
  };
}
EOT

bgpd_spawn tor
ns_spawn bird "$WORK/bird.log" bird -f -c "$WORK/bird.conf" -s "$WORK/bird.ctl" >/dev/null
birdc_() { ns_exec bird birdc -s "$WORK/bird.ctl" "$@"; }

wait_until 30 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "bgpd did not reach Established with BIRD"
wait_until 10 bash -c "ip netns exec $(ns bird) birdc -s $WORK/bird.ctl show protocols tor | grep -q Established" ||
  fail "BIRD did not reach Established"
negotiated_has "$SOCK" 10.20.0.2 "multiprotocol(ipv4-unicast)" route-refresh enhanced-route-refresh extended-message \
  4-octet-as "graceful-restart(120s)" || fail "capabilities not negotiated with BIRD"
wait_until 10 bash -c "[[ \$(\"$BGPCTL\" -s \"$SOCK\" show neighbors 10.20.0.2 --json | jq '.[0].prefixes_accepted') == 1 ]]" ||
  fail "bgpd did not accept BIRD's prefix"
wait_until 10 bash -c "ip netns exec $(ns bird) birdc -s $WORK/bird.ctl show route protocol tor | grep -q 192.168.20.0/24" ||
  fail "BIRD did not receive our networks"
# BIRD saw our graceful restart capability with our restart time.
birdc_ show protocols all tor >"$WORK/bird-protocol.txt"
sed -n '/Neighbor capabilities/,/Session:/p' "$WORK/bird-protocol.txt" | grep -q "Restart time: 30" ||
  fail "BIRD did not see our graceful restart capability: $(cat "$WORK/bird-protocol.txt")"
log "$(birdc_ show protocols tor | tail -1)"
