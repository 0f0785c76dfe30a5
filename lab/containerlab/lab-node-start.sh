#!/bin/sh
# Run by containerlab (exec) in a gobgp node once its links exist: address,
# default route, VIP + ClusterIP on loopback (lab/lib/node.sh node_setup),
# the HTTP server on the VIP, gobgpd, then the VIP and ClusterIP advertised.
set -eu
VIP=${LAB_VIP:-172.30.0.10}
CLUSTER_IP=${LAB_CLUSTER_IP:-10.96.0.10}
ip addr add "$NODE_ADDR" dev eth1
ip route replace default via "$NODE_GW"
ip addr add "$VIP/32" dev lo
ip addr add "$CLUSTER_IP/32" dev lo
nohup python3 /usr/local/bin/lab-httpd --bind "$VIP" --port 80 --name "$NODE_NAME" >/var/log/httpd.log 2>&1 &
nohup gobgpd -f /etc/gobgp/gobgpd.toml --api-hosts 127.0.0.1:50051 -p --pprof-disable >/var/log/gobgpd.log 2>&1 &
i=0
until gobgp -u 127.0.0.1 -p 50051 global >/dev/null 2>&1; do
  i=$((i + 1)); [ $i -lt 30 ] || { echo "gobgpd did not start" >&2; exit 1; }
  sleep 1
done
gobgp -u 127.0.0.1 -p 50051 global rib add "$VIP/32" -a ipv4
gobgp -u 127.0.0.1 -p 50051 global rib add "$CLUSTER_IP/32" -a ipv4
