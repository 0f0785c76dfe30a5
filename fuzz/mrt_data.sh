# Sourced by the seed-fuzz_*.sh scripts: sets `data` to the MRT corpus of
# tests/data (tests/data/README.md), or to $BGPD_TEST_DATA/mrt when set. The
# corpus ships with the repository, so a missing one is an error rather than
# a silently smaller seed set.
data=${BGPD_TEST_DATA:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/data}/mrt
[[ -d $data ]] || { echo "$(basename "$0"): no MRT data at $data" >&2; exit 1; }
