#!/usr/bin/env bash
# Resource limits against raw peers (issue 9):
#  - listen range limit: with `limit = 2`, a third dynamic neighbour gets
#    Cease/Connection Rejected (6/5) while two are up, and is accepted once
#    one has gone;
#  - max_attribute_sets = 20: a peer sending 30 distinct attribute sets is
#    reset with Cease/Out of Resources (6/8), logged;
#  - max_prefixes with max_prefixes_restart = 1 (minute): beyond the limit
#    Cease/Maximum Number of Prefixes Reached (6/1); the neighbour then stays
#    Idle and refuses connections for the restart time, and afterwards a
#    session comes up again (~70 s).
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

netns_init limits
ns_add tor
ns_add raw
ns_link tor 10.20.0.101/24 raw 10.20.0.3/24
dev="$(ip -n "$(ns raw)" -o link show type veth | awk -F'[ :@]+' '{print $2; exit}')"
for a in 4 5 6; do ip -n "$(ns raw)" addr add "10.20.0.$a/24" dev "$dev"; done
SOCK="$WORK/bgpd.sock"

cat >"$WORK/bgpd.toml" <<EOT
[bgp]
asn = 65001
router_id = "10.0.255.11"
ebgp_requires_policy = false
max_attribute_sets = 20

[fib]
install = false

[[peer_group]]
name = "dyn"
hold_time = 9
keepalive = 3

[[listen_range]]
prefix = "10.20.0.0/24"
remote_as = 65102
peer_group = "dyn"
limit = 2

[[neighbor]]
address = "10.20.0.3"
remote_as = 65102
passive = true
hold_time = 9
keepalive = 3
max_prefixes = 5
max_prefixes_restart = 1
EOT
bgpd_spawn tor
PEER="$(dirname "$0")/lib/limits_peer.py"
peer() { ns_exec raw python3 "$PEER" "$1" 10.20.0.101 "$2" 65102 "${@:3}"; }
dynamic_up() { [[ "$("$BGPCTL" -s "$SOCK" --json show neighbors | jq '[.[] | select(.dynamic and .state == "Established")] | length')" == "$1" ]]; }

# ---- dynamic neighbours per listen range ----
peer hold 10.20.0.4 8 >"$WORK/hold4.json" &
peer hold 10.20.0.5 8 >"$WORK/hold5.json" &
wait_until 10 dynamic_up 2 || fail "two dynamic neighbours did not come up"
out="$(peer try 10.20.0.6)"
jq -e '.established == false and (.detail | test("0605"))' <<<"$out" >/dev/null ||
  fail "third dynamic neighbour not refused with Cease/Connection Rejected: $out"
grep -q "connection from 10.20.0.6 refused: listen range 10.20.0.0/24 is at its limit of 2 peers" "$WORK/bgpd.log" ||
  fail "no log line for the refused dynamic neighbour"
log "listen range limit 2: third neighbour refused with 6/5"
wait
wait_until 15 dynamic_up 0 || fail "dynamic neighbours did not go away"
out="$(peer try 10.20.0.6)"
jq -e '.established' <<<"$out" >/dev/null || fail "dynamic neighbour refused below the limit: $out"
log "below the limit again: accepted"

# ---- max_attribute_sets ----
out="$(peer attrs 10.20.0.5 30)"
jq -e '.notification.code == 6 and .notification.subcode == 8' <<<"$out" >/dev/null ||
  fail "expected Cease/Out of Resources for the 21st attribute set, got $out"
grep -q "neighbor 10.20.0.5: attribute-set limit reached" "$WORK/bgpd.log" || fail "no log line for the attribute-set limit"
log "max_attribute_sets 20: peer reset with 6/8"

# ---- max_prefixes + max_prefixes_restart ----
out="$(peer flood 10.20.0.3 6)"
jq -e '.notification.code == 6 and .notification.subcode == 1' <<<"$out" >/dev/null ||
  fail "expected Cease/Maximum Number of Prefixes Reached, got $out"
down_at=$SECONDS
grep -q "neighbor 10.20.0.3: stays down for 1 min" "$WORK/bgpd.log" || fail "no log line for the restart time"
wait_until 5 neighbor_state_is "$SOCK" 10.20.0.3 Idle || fail "neighbour not Idle after max prefixes"
sleep 5
out="$(peer try 10.20.0.3)"
jq -e '.established == false' <<<"$out" >/dev/null || fail "session came up during max_prefixes_restart: $out"
neighbor_state_is "$SOCK" 10.20.0.3 Idle || fail "neighbour left Idle during the restart time"
log "max prefixes: 6/1, connections refused while down"
up=false
while ((SECONDS - down_at < 80)); do
  if ((SECONDS - down_at >= 50)) && peer try 10.20.0.3 | jq -e .established >/dev/null; then up=true; break; fi
  sleep 2
done
elapsed=$((SECONDS - down_at))
$up || fail "no session within 80 s of the max-prefix shutdown"
((elapsed >= 58)) || fail "session back after $elapsed s, before the 1 min restart time"
grep -q "neighbor 10.20.0.3: max_prefixes_restart elapsed" "$WORK/bgpd.log" || fail "no restart log line"
log "session back after $elapsed s (max_prefixes_restart = 1 min)"
