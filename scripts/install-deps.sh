#!/usr/bin/env bash
# Installs the Debian 12 packages bgpd needs to build, test, benchmark and run
# its lab. Idempotent: does nothing when everything is already installed.
set -euo pipefail

BUILD_PKGS=(build-essential cmake ninja-build ccache pkg-config clang lld libclang-rt-14-dev
  libboost-dev libboost-program-options-dev libfmt-dev libspdlog-dev prometheus-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev libmnl-dev libtomlplusplus-dev nlohmann-json3-dev
  zlib1g-dev libcap-dev
  scdoc dpkg-dev man-db bash-completion)  # man pages; the .deb (dpkg-shlibdeps) and its test
# Real peers and the tools the integration tests and the lab drive.
PEER_PKGS=(gobgpd frr bird2 exabgp iproute2 iputils-ping curl procps python3 python3-yaml psmisc gnuplot-nox
  systemd
  bgpdump)  # RIPE's bgpdump: tests/mrt/debian_bgpdump_test.sh compares `bgpctl show mrt` with it

missing=()
for p in "${BUILD_PKGS[@]}" "${PEER_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: missing packages (${missing[*]}); run as root" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# The Debian frr/bird2 packages may start system instances where an init system
# runs; the tests start their own instances in namespaces, never these.
for svc in frr bird; do
  command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null &&
    systemctl stop "$svc" 2>/dev/null || true
done
exit 0
