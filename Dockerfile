# syntax=docker/dockerfile:1.4
# The bgpd ToR container: bgpd and bgpctl built in a bookworm build stage,
# and a runtime stage holding only the two binaries, their shared libraries,
# iproute2 for debugging, the entrypoint and the seed ToR configuration.
# It runs as the unprivileged user bgpd (uid/gid 10179) and needs only
# CAP_NET_ADMIN (routes over rtnetlink) and CAP_NET_BIND_SERVICE (port 179).
#
# Built here with podman on a base made by debootstrap (no registry needed):
#   scripts/build-image.sh          # = podman build --build-arg BASE_IMAGE=localhost/bgpd-base:bookworm ...
# or anywhere with a registry:  docker build -t bgpd .
#
#   podman run -d --name tor --network ns:/run/netns/tor \
#     --cap-drop all --cap-add NET_ADMIN,NET_BIND_SERVICE --security-opt no-new-privileges --read-only \
#     --sysctl net.ipv4.ip_forward=1 --sysctl net.ipv4.fib_multipath_hash_policy=1 \
#     --sysctl net.ipv6.conf.all.forwarding=1 --sysctl net.ipv6.fib_multipath_hash_policy=1 \
#     -v /etc/bgpd/tor.toml:/etc/bgpd/bgpd.toml:ro localhost/bgpd
#   podman exec tor bgpctl show summary
#   podman kill -s HUP tor          # live reload
#
# docker/entrypoint.sh checks the forwarding and ECMP-hash sysctls (an
# unprivileged container cannot set them: the runtime or the namespace's
# owner does, e.g. --sysctl net.ipv4.ip_forward=1 ...), validates
# /etc/bgpd/bgpd.toml and execs bgpd as PID 1, so SIGTERM/SIGHUP reach bgpd
# itself. Extra arguments go to bgpd: `podman run ... bgpd --log-format json`.

ARG BASE_IMAGE=docker.io/library/debian:bookworm-slim

FROM ${BASE_IMAGE} AS build
# The build dependencies of scripts/install-deps.sh, without the test peers,
# benchmarks and fuzzing toolchain; ccache for rebuilds.
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      build-essential cmake ninja-build pkg-config ccache \
      libboost-dev libboost-program-options-dev libfmt-dev libspdlog-dev prometheus-cpp-dev \
      libmnl-dev libtomlplusplus-dev nlohmann-json3-dev zlib1g-dev libcap-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# The compiler cache lives in a build cache mount (kept by the builder
# between builds, never part of an image): a change to one source file
# recompiles that file only. -O2 as Debian builds its packages
# (dpkg-buildflags); CMake's Release default -O3 gains nothing measurable
# for a daemon that waits on sockets, and GCC 12's -O3 inlining raises
# -Wnull-dereference false positives.
ENV CCACHE_DIR=/ccache CCACHE_BASEDIR=/src CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE=2G
RUN --mount=type=cache,id=bgpd-ccache,target=/ccache \
    cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
      -DBGPD_TESTS=OFF -DBGPD_BENCH=OFF \
 && cmake --build /build --target bgpd bgpctl \
 && { ccache --show-stats | grep -E '^ *(Hits|Misses|Cacheable calls)' || true; } \
 && strip /build/bgpd/bgpd /build/bgpd/bgpctl \
 && /build/bgpd/bgpd --check-config -c config/tor.toml

FROM ${BASE_IMAGE} AS runtime
# Runtime libraries of bgpd and bgpctl (bookworm package names), iproute2 to
# look at routes and links from inside the container. libcivetweb1 is the
# HTTP server under prometheus-cpp pull (/metrics); named although the pull
# library depends on it, as every library bgpd loads is.
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libboost-program-options1.74.0 libfmt9 libspdlog1.10 libtomlplusplus3 \
      libprometheus-cpp-core1.0 libprometheus-cpp-pull1.0 libcivetweb1 libmnl0 zlib1g libcap2 \
      iproute2 \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/debconf/*-old /var/log/* \
 && groupadd --gid 10179 bgpd \
 && useradd --uid 10179 --gid bgpd --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin bgpd \
 && install -d -o bgpd -g bgpd -m 0750 /run/bgpd
COPY --from=build /build/bgpd/bgpd /build/bgpd/bgpctl /usr/bin/
COPY docker/entrypoint.sh /usr/local/bin/bgpd-entrypoint
COPY config/tor.toml /etc/bgpd/bgpd.toml
LABEL org.opencontainers.image.title="bgpd" \
      org.opencontainers.image.description="BGP-4 speaker and anycast ToR router (ECMP into the Linux FIB)"
# The control socket's directory (bgpctl inside the container, or a host
# directory mounted here for bgpctl outside it).
VOLUME /run/bgpd
# /metrics on every address of the pod's network namespace, so a Prometheus
# in the cluster can scrape it; overrides the configuration's [metrics]
# listen (empty: keep the configuration's). IPv4 only: Debian's civetweb is
# built without IPv6.
ENV BGPD_METRICS_LISTEN=0.0.0.0:9179
# BGP and the Prometheus endpoint.
EXPOSE 179/tcp 9179/tcp
# Numeric, so a runtime can verify runAsNonRoot without reading /etc/passwd.
USER 10179:10179
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/bgpd-entrypoint"]
CMD []
