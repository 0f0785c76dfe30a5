#!/usr/bin/env bash
# soft_reconfiguration_inbound (FRR "soft-reconfiguration inbound"): the
# neighbour (lib/announce.py) never offers route refresh, so only bgpd's
# stored pre-policy copy can re-apply a changed import policy. A reload to
# a rejecting policy removes its route, a reload back brings it back, both
# without the neighbour sending anything; `bgpctl neighbor ADDR clear soft
# in` re-evaluates locally. A neighbour without the setting (and without
# route refresh) gets an error from clear soft in.
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"
LIB="$(cd "$(dirname "$0")/lib" && pwd)"

netns_init soft-in
ns_add tor
ns_add n1
ns_add n2
ns_link tor 10.20.0.101/24 n1 10.20.0.2/24
ns_link tor 172.20.0.101/24 n2 172.20.0.2/24
SOCK="$WORK/bgpd.sock"
VIP=172.30.0.10

write_config() {  # IMPORT_POLICY
  cat >"$WORK/bgpd.toml" <<EOT
[bgp]
asn = 65001
router_id = "10.0.255.11"
ebgp_requires_policy = true

[[neighbor]]
address = "10.20.0.2"
remote_as = 65101
passive = true
soft_reconfiguration_inbound = true
import = "$1"
export = "accept-all"
[[neighbor]]
address = "172.20.0.2"
remote_as = 65102
passive = true
import = "accept-all"
export = "accept-all"

[[policy]]
name = "accept-all"
[[policy.term]]
action = "accept"
[[policy]]
name = "reject-all"
[[policy.term]]
action = "reject"

[fib]
install = false
EOT
}
write_config accept-all
bgpd_spawn tor
ns_spawn n1 "$WORK/announce-n1.log" python3 "$LIB/announce.py" 10.20.0.101 10.20.0.2 65101 10.20.0.2 10.20.0.2 "$VIP/32" >/dev/null
ns_spawn n2 "$WORK/announce-n2.log" python3 "$LIB/announce.py" 172.20.0.101 172.20.0.2 65102 172.20.0.2 172.20.0.2 172.30.0.20/32 >/dev/null
for a in 10.20.0.2 172.20.0.2; do
  wait_until 20 neighbor_state_is "$SOCK" "$a" Established || fail "$a did not reach Established"
done
has_best() { [[ "$("$BGPCTL" -s "$SOCK" show routes "$VIP/32" --json | jq -r '.[0].best // "none"')" == 10.20.0.2 ]]; }
no_best() { ! has_best; }
updates_in() { neighbor_field "$SOCK" 10.20.0.2 messages.in.update; }

wait_until 10 has_best || fail "route not learnt"
before="$(updates_in)"
write_config reject-all
"$BGPCTL" -s "$SOCK" reload >/dev/null || fail "reload failed"
wait_until 10 no_best || fail "rejecting import policy did not remove the route"
log "reload to reject-all: route gone"
write_config accept-all
"$BGPCTL" -s "$SOCK" reload >/dev/null || fail "reload failed"
wait_until 10 has_best || fail "the stored route did not come back after the policy accepted it again"
[[ "$(updates_in)" == "$before" ]] || fail "the neighbour sent UPDATEs: $before -> $(updates_in)"
log "reload back to accept-all: route back from the stored copy, no UPDATE from the neighbour"

out="$("$BGPCTL" -s "$SOCK" neighbor 10.20.0.2 clear soft in)" || fail "clear soft in failed: $out"
[[ "$out" == *"re-evaluated"* ]] || fail "clear soft in did not re-evaluate locally: $out"
has_best || fail "route lost by clear soft in"
if out2="$("$BGPCTL" -s "$SOCK" neighbor 172.20.0.2 clear soft in 2>&1)"; then
  fail "clear soft in without stored routes or route refresh should fail: $out2"
fi
log "clear soft in: '$out'; without the setting: '$out2'"
