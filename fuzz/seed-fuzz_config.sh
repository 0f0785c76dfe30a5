#!/usr/bin/env bash
# Seeds for fuzz_config: the example configurations. Usage: seed-fuzz_config.sh DIR
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
cp "$ROOT"/config/*.toml "$1"/
