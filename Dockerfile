# syntax=docker/dockerfile:1
# The bgpd ToR container (issue 7): a Release build in a bookworm build stage,
# and a runtime image holding only bgpd, bgpctl, their shared libraries,
# iproute2 for debugging, the entrypoint and the seed ToR configuration.
#
#   docker build -t bgpd .
#   docker run --name tor --network none --cap-add NET_ADMIN --cap-add NET_RAW \
#     --sysctl net.ipv4.ip_forward=1 --sysctl net.ipv4.fib_multipath_hash_policy=1 \
#     --sysctl net.ipv6.conf.all.forwarding=1 --sysctl net.ipv6.fib_multipath_hash_policy=1 \
#     -v $PWD/my-tor.toml:/etc/bgpd/bgpd.toml:ro bgpd
#   docker exec tor bgpctl show summary
#   docker kill -s HUP tor         # live reload
#
# docker/entrypoint.sh sets the forwarding and ECMP-hash sysctls (or accepts
# them when the runtime set them), validates /etc/bgpd/bgpd.toml and execs
# bgpd as PID 1, so SIGTERM/SIGHUP reach bgpd itself. Extra arguments go to
# bgpd: `docker run ... bgpd --log-format json --metrics-listen 0.0.0.0:9179`.

ARG DEBIAN_RELEASE=bookworm

FROM debian:${DEBIAN_RELEASE} AS build
# The build dependencies of scripts/install-deps.sh, without the test peers,
# benchmarks and fuzzing toolchain.
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      build-essential cmake ninja-build pkg-config \
      libboost-dev libboost-program-options-dev libfmt-dev libspdlog-dev prometheus-cpp-dev \
      libmnl-dev libtomlplusplus-dev nlohmann-json3-dev zlib1g-dev libcap-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBGPD_TESTS=OFF -DBGPD_BENCH=OFF \
 && cmake --build /build --target bgpd bgpctl \
 && strip /build/bgpd/bgpd /build/bgpd/bgpctl \
 && /build/bgpd/bgpd --check-config -c config/tor.toml

FROM debian:${DEBIAN_RELEASE}-slim AS runtime
# Runtime libraries of bgpd and bgpctl (bookworm package names), iproute2 to
# look at routes and links from inside the container. libcivetweb1 is the
# HTTP server under prometheus-cpp pull (/metrics); named although the pull
# library depends on it, as every library bgpd loads is.
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libboost-program-options1.74.0 libfmt9 libspdlog1.10 libtomlplusplus3 \
      libprometheus-cpp-core1.0 libprometheus-cpp-pull1.0 libcivetweb1 libmnl0 zlib1g libcap2 \
      iproute2 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /build/bgpd/bgpd /build/bgpd/bgpctl /usr/bin/
COPY docker/entrypoint.sh /usr/local/bin/bgpd-entrypoint
COPY config/tor.toml /etc/bgpd/bgpd.toml
LABEL org.opencontainers.image.title="bgpd" \
      org.opencontainers.image.description="BGP-4 speaker and anycast ToR router (ECMP into the Linux FIB)"
# BGP and the Prometheus endpoint of the example configurations.
EXPOSE 179/tcp 9179/tcp
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/bgpd-entrypoint"]
CMD []
