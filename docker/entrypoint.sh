#!/bin/sh
# Entrypoint of the bgpd ToR container (issue 7):
#   1. makes the network namespace a router: IPv4/IPv6 forwarding on, and
#      ECMP hashed on the L4 5-tuple (fib_multipath_hash_policy=1) so the
#      flows of an anycast VIP spread over every node that announces it;
#   2. validates the configuration (bgpd --check-config) and stops with the
#      error and exit status 78 (EX_CONFIG) when it is wrong;
#   3. execs bgpd in the foreground: bgpd becomes PID 1 of the container and
#      receives SIGTERM (Cease/Administrative Shutdown to every peer, routes
#      withdrawn) and SIGHUP (reload) itself, no shell in between.
#
# Arguments starting with "-" are added to bgpd's command line; any other
# first argument is run instead of bgpd (e.g. `docker run ... bgpd bash`).
# Environment (defaults for the image; tests point them elsewhere):
#   BGPD            the daemon                    (/usr/bin/bgpd)
#   BGPD_CONFIG     the configuration             (/etc/bgpd/bgpd.toml)
#   BGPD_SYSCTL_DIR where sysctls are written     (/proc/sys)
#   BGPD_SKIP_SYSCTL=1  leave the sysctls alone (they were set by the runtime)
#   BGPD_METRICS_LISTEN ADDR:PORT  --metrics-listen for bgpd, overriding the
#                   config's [metrics] listen (the image sets 0.0.0.0:9179 so
#                   a Prometheus in the cluster reaches /metrics); unset or
#                   empty keeps the config's. A --metrics-listen argument wins.
#
# The image runs unprivileged: an unprivileged process cannot write
# /proc/sys, so the sysctls must already hold their values (set by the
# runtime, --sysctl, or by whoever made the network namespace); the
# entrypoint then only checks them.
set -eu

BGPD=${BGPD:-/usr/bin/bgpd}
BGPD_CONFIG=${BGPD_CONFIG:-/etc/bgpd/bgpd.toml}
BGPD_SYSCTL_DIR=${BGPD_SYSCTL_DIR:-/proc/sys}

say() { echo "bgpd-entrypoint: $*" >&2; }

if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  exec "$@"
fi

# set_sysctl NAME VALUE: write it, or accept it when the runtime already set
# it (e.g. `docker run --sysctl ...` with a read-only /proc/sys).
set_sysctl() {
  file="$BGPD_SYSCTL_DIR/$(echo "$1" | tr . /)"
  if [ ! -e "$file" ]; then
    say "sysctl $1 does not exist in this kernel"
    return 1
  fi
  if [ "$(cat "$file")" = "$2" ]; then
    return 0
  fi
  if ! echo "$2" 2>/dev/null >"$file"; then
    say "cannot set $1=$2 as uid $(id -u) (read-only /proc/sys, or unprivileged as the image runs): have the runtime set it, e.g. --sysctl $1=$2"
    return 1
  fi
  say "$1 = $2"
}

if [ "${BGPD_SKIP_SYSCTL:-0}" != 1 ]; then
  set_sysctl net.ipv4.ip_forward 1
  set_sysctl net.ipv4.fib_multipath_hash_policy 1
  set_sysctl net.ipv6.conf.all.forwarding 1
  set_sysctl net.ipv6.fib_multipath_hash_policy 1
fi

if [ ! -r "$BGPD_CONFIG" ]; then
  say "no configuration at $BGPD_CONFIG (mount one, or set BGPD_CONFIG)"
  exit 78
fi
if ! check=$("$BGPD" --check-config -c "$BGPD_CONFIG" 2>&1); then
  say "invalid configuration $BGPD_CONFIG:"
  echo "$check" >&2
  exit 78
fi
say "$check"

if [ -n "${BGPD_METRICS_LISTEN:-}" ]; then
  explicit=0
  for arg in "$@"; do
    case $arg in --metrics-listen | --metrics-listen=*) explicit=1 ;; esac
  done
  [ "$explicit" = 1 ] || set -- --metrics-listen "$BGPD_METRICS_LISTEN" "$@"
fi

exec "$BGPD" -c "$BGPD_CONFIG" "$@"
