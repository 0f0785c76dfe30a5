#!/usr/bin/env bash
# Cold start (RFC 4271 §8.2.2): bgpd is up before its peer. Its own attempts
# fail and it waits in Idle/Connect/Active; when gobgpd (configured as Cilium
# configures it) starts, the session comes up at once: bgpd keeps trying
# while the node refuses (not backing off in Idle), and an incoming
# connection from a configured neighbour is taken at once in Connect/Active.
# Established must follow gobgpd's listening socket within
# COLD_START_LIMIT_MS (1 500 ms by default; FRR takes ~0.15 s).
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

LIMIT_MS="${COLD_START_LIMIT_MS:-1500}"
netns_init cold-start
ns_add tor
ns_add node1
ns_link tor 10.20.0.101/24 node1 10.20.0.2/24
SOCK="$WORK/bgpd.sock"
# The seed ToR's neighbour settings (config/tor.toml): connect_retry 5 s.
cat >"$WORK/bgpd.toml" <<EOT
[bgp]
asn = 65001
router_id = "10.0.255.11"
ebgp_requires_policy = false
[bgp.ipv4_unicast]
networks = ["10.20.0.0/24"]

[[neighbor]]
address = "10.20.0.2"
remote_as = 65101
hold_time = 9
keepalive = 3
connect_retry = 5
ebgp_multihop = 4
graceful_restart = true
restart_time = 15
EOT
gobgp_node_config "$WORK/node1.toml" 10.20.0.2 65101 10.20.0.101 65001
bgpd_spawn tor
# Let bgpd's first attempts fail (nothing listens on the node yet).
sleep "${COLD_START_DELAY:-3}"
state_before="$(neighbor_field "$SOCK" 10.20.0.2 state)"
start_ms=$(date +%s%3N)
ns_spawn node1 "$WORK/gobgpd.log" gobgpd -f "$WORK/node1.toml" --api-hosts 127.0.0.1:50051 >/dev/null
# gobgpd's own first connection attempt comes 4-10 s after it starts
# (GoBGP's connect loop); the session must not wait for it.
# Timestamps from the logs, not from polling bgpctl (slow on a loaded machine).
listening_ms=""
while (( $(date +%s%3N) - start_ms < 20000 )); do
  if [[ -n "$(ns_exec node1 ss -Hltn 'sport = :179')" ]]; then listening_ms=$(date +%s%3N); break; fi
  sleep 0.02
done
[[ -n "$listening_ms" ]] || fail "gobgpd did not listen within 20 s"
wait_until 20 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "not Established within 20 s of gobgpd's listening"
est_line="$(grep -m1 "session established" "$WORK/bgpd.log")"
established_ms=$(date -d "$(cut -c1-23 <<<"$est_line")" +%s%3N)
elapsed=$((established_ms - start_ms)) after_listen=$((established_ms - listening_ms))
conn="$(neighbor_field "$SOCK" 10.20.0.2 connection)"
log "bgpd was $state_before when gobgpd started; gobgpd listened after $((listening_ms - start_ms)) ms;" \
  "Established $elapsed ms after gobgpd's start, $after_listen ms after it listened ($conn connection; limit $LIMIT_MS ms)"
# Measured from gobgpd's listening socket: its own start-up time depends on the machine's load.
((after_listen <= LIMIT_MS)) || fail "Established $after_listen ms after gobgpd listened (limit $LIMIT_MS ms)"
