"""The best-path scenario table shared by bestpath_frr.sh's feeder and checker.

Both routers under test (bgpd and FRR's bgpd) are AS 65001 and receive the
same paths from the same feeder peers (same addresses, router IDs, ASes), so
every tie-break of RFC 4271 §9.1.2.2 and the multipath rules see identical
input. Each scenario is one prefix; `expect` gives, per round, the peer whose
path must be best and the peers whose paths must be used for multipath
(best included; a single entry when there is no multipath). The checker
compares FRR with bgpd AND both with this expectation, so a scenario that
stops exercising its tie-break (both agreeing on something else) fails too.

Peer router IDs are chosen against their addresses so that "lowest router
ID" and "lowest peer address" pick different peers, and MEDs so that a MED
wrongly compared across neighbour ASes would pick the other path.
"""

# name: (address, asn, router_id). The routers under test are AS 65001.
PEERS = {
    "E1": ("10.0.0.11", 65101, "1.1.1.11"),
    "E2": ("10.0.0.12", 65101, "1.1.1.5"),   # lower router ID than E1, higher address
    "E3": ("10.0.0.13", 65102, "1.1.1.13"),
    "E4": ("10.0.0.31", 65103, "1.1.1.99"),  # highest router ID and address of the eBGP peers
    "I1": ("10.0.0.21", 65001, "1.1.1.21"),
    "I2": ("10.0.0.22", 65001, "1.1.1.22"),
}

# Rounds: the same input under different decision options. bgpd keys are
# [bgp] / [bgp.ipv4_unicast] / [bgp.bestpath] values; frr lines go under
# "router bgp 65001" (bestpath) or its ipv4 unicast address family (maximum-paths).
ROUNDS = {
    "relax": {
        "bgpd": {"multipath_relax": True, "med_always_compare": False, "med_missing_as_worst": False},
        "frr_bgp": ["bgp bestpath as-path multipath-relax"],
    },
    "strict": {
        "bgpd": {"multipath_relax": False, "med_always_compare": False, "med_missing_as_worst": False},
        "frr_bgp": [],
    },
    "med-options": {
        "bgpd": {"multipath_relax": True, "med_always_compare": True, "med_missing_as_worst": True},
        "frr_bgp": ["bgp bestpath as-path multipath-relax", "bgp always-compare-med",
                    "bgp bestpath med missing-as-worst"],
    },
}

# AS path: list of (segment type, [asns]); types: "seq", "set", "confed_seq", "confed_set".
def seq(*asns):
    return ("seq", list(asns))


def aset(*asns):
    return ("set", list(asns))


def confed(*asns):
    return ("confed_seq", list(asns))


IGP, EGP, INCOMPLETE = 0, 1, 2

# Each path: peer, as_path, and optional origin (default IGP), med,
# local_pref (iBGP only, and required there: FRR treats an iBGP UPDATE
# without it as withdrawn; eBGP LOCAL_PREF is ignored, RFC 4271 §5.1.5),
# originator_id, cluster_list. The next hop is always the peer's address.
SCENARIOS = [
    {"name": "higher local-pref wins over a shorter AS path",
     "prefix": "172.16.1.0/24",
     "paths": [{"peer": "I1", "as_path": [seq(65200, 65300)], "local_pref": 200},
               {"peer": "I2", "as_path": [seq(65200)], "local_pref": 100}],
     "expect": {"*": ("I1", ["I1"])}},
    {"name": "shorter AS path wins",
     "prefix": "172.16.2.0/24",
     "paths": [{"peer": "E1", "as_path": [seq(65101, 65200)]},
               {"peer": "E3", "as_path": [seq(65102)]}],
     "expect": {"*": ("E3", ["E3"])}},
    {"name": "AS_SET counts as one",
     "prefix": "172.16.3.0/24",
     "paths": [{"peer": "E3", "as_path": [seq(65102), aset(65200, 65201, 65202)]},
               {"peer": "E1", "as_path": [seq(65101, 65300, 65301)]}],
     "expect": {"*": ("E3", ["E3"])}},
    {"name": "confederation segments count zero",
     "prefix": "172.16.4.0/24",
     "paths": [{"peer": "I2", "as_path": [confed(65500, 65501), seq(65200)], "local_pref": 100},
               {"peer": "I1", "as_path": [seq(65200, 65300)], "local_pref": 100}],
     "expect": {"*": ("I2", ["I2"])}},
    {"name": "lower origin wins (IGP over INCOMPLETE)",
     "prefix": "172.16.5.0/24",
     "paths": [{"peer": "E1", "as_path": [seq(65101)], "origin": INCOMPLETE},
               {"peer": "E3", "as_path": [seq(65102)], "origin": IGP}],
     "expect": {"*": ("E3", ["E3"])}},
    {"name": "lower origin wins (EGP over INCOMPLETE), same neighbour AS",
     "prefix": "172.16.6.0/24",
     "paths": [{"peer": "E2", "as_path": [seq(65101)], "origin": INCOMPLETE},
               {"peer": "E1", "as_path": [seq(65101)], "origin": EGP}],
     "expect": {"*": ("E1", ["E1"])}},
    {"name": "lower MED wins from the same neighbour AS",
     "prefix": "172.16.7.0/24",
     "paths": [{"peer": "E1", "as_path": [seq(65101, 65200)], "med": 10},
               {"peer": "E2", "as_path": [seq(65101, 65200)], "med": 50}],
     "expect": {"*": ("E1", ["E1"])}},
    {"name": "MED not compared across neighbour ASes unless always-compare",
     "prefix": "172.16.8.0/24",
     "paths": [{"peer": "E1", "as_path": [seq(65101, 65200)], "med": 50},
               {"peer": "E3", "as_path": [seq(65102, 65200)], "med": 10}],
     "expect": {"relax": ("E1", ["E1", "E3"]), "strict": ("E1", ["E1"]), "med-options": ("E3", ["E3"])}},
    {"name": "missing MED is 0 unless missing-as-worst",
     "prefix": "172.16.9.0/24",
     "paths": [{"peer": "E1", "as_path": [seq(65101, 65200)]},
               {"peer": "E2", "as_path": [seq(65101, 65200)], "med": 10}],
     "expect": {"relax": ("E1", ["E1"]), "strict": ("E1", ["E1"]), "med-options": ("E2", ["E2"])}},
    {"name": "eBGP wins over iBGP",
     "prefix": "172.16.10.0/24",
     "paths": [{"peer": "I1", "as_path": [seq(65103)], "local_pref": 100},
               {"peer": "E4", "as_path": [seq(65103)]}],
     "expect": {"*": ("E4", ["E4"])}},
    {"name": "lowest router ID wins (compare-routerid), same-AS multipath",
     "prefix": "172.16.11.0/24",
     "paths": [{"peer": "E1", "as_path": [seq(65101, 65200)]},
               {"peer": "E2", "as_path": [seq(65101, 65200)]}],
     "expect": {"*": ("E2", ["E1", "E2"])}},
    {"name": "ORIGINATOR_ID stands for the router ID",
     "prefix": "172.16.12.0/24",
     "paths": [{"peer": "I1", "as_path": [seq(65200)], "local_pref": 100, "originator_id": "9.9.9.9"},
               {"peer": "I2", "as_path": [seq(65200)], "local_pref": 100, "originator_id": "8.8.8.8"}],
     "expect": {"*": ("I2", ["I1", "I2"])}},
    {"name": "shorter CLUSTER_LIST wins",
     "prefix": "172.16.13.0/24",
     "paths": [{"peer": "I1", "as_path": [seq(65200)], "local_pref": 100, "originator_id": "9.9.9.9",
                "cluster_list": ["1.1.1.1", "2.2.2.2"]},
               {"peer": "I2", "as_path": [seq(65200)], "local_pref": 100, "originator_id": "9.9.9.9",
                "cluster_list": ["3.3.3.3"]}],
     "expect": {"*": ("I2", ["I1", "I2"])}},
    {"name": "lowest peer address wins",
     "prefix": "172.16.14.0/24",
     "paths": [{"peer": "I2", "as_path": [seq(65200)], "local_pref": 100, "originator_id": "9.9.9.9",
                "cluster_list": ["3.3.3.3"]},
               {"peer": "I1", "as_path": [seq(65200)], "local_pref": 100, "originator_id": "9.9.9.9",
                "cluster_list": ["4.4.4.4"]}],
     "expect": {"*": ("I1", ["I1", "I2"])}},
    {"name": "multipath across neighbour ASes only with as-path multipath-relax",
     "prefix": "172.16.15.0/24",
     "paths": [{"peer": "E1", "as_path": [seq(65101, 65200)]},
               {"peer": "E2", "as_path": [seq(65101, 65200)]},
               {"peer": "E3", "as_path": [seq(65102, 65200)]}],
     "expect": {"relax": ("E2", ["E1", "E2", "E3"]), "strict": ("E2", ["E1", "E2"]),
                "med-options": ("E2", ["E1", "E2", "E3"])}},
    {"name": "relax needs equal AS path length",
     "prefix": "172.16.16.0/24",
     "paths": [{"peer": "E1", "as_path": [seq(65101, 65200)]},
               {"peer": "E3", "as_path": [seq(65102, 65200, 65201)]}],
     "expect": {"*": ("E1", ["E1"])}},
    {"name": "eBGP and iBGP paths are never multipath together",
     "prefix": "172.16.17.0/24",
     "paths": [{"peer": "E1", "as_path": [seq(65101)]},
               {"peer": "I1", "as_path": [seq(65101)], "local_pref": 100}],
     "expect": {"*": ("E1", ["E1"])}},
]


def expected(scenario, round_name):
    e = scenario["expect"]
    best, multipath = e.get(round_name, e.get("*"))
    return best, sorted(multipath)
