# A Cilium node for the containerlab leaf/spine topology: Debian's gobgpd
# (the BGP library Cilium embeds) and the lab's HTTP server on the VIP.
#   docker build -t bgpd-lab-gobgp:latest -f lab/containerlab/gobgp.Dockerfile lab
FROM debian:bookworm-slim
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gobgpd iproute2 python3 \
 && rm -rf /var/lib/apt/lists/*
COPY tools/httpd.py /usr/local/bin/lab-httpd
COPY containerlab/lab-node-start.sh /usr/local/bin/lab-node-start
CMD ["sleep", "infinity"]
