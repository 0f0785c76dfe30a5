# The podman options this host needs to create containers, for
# scripts/build-image.sh and the lab's --tor-image (lab/lib/image.sh).
# Sourced, never executed. Sets PODMAN_HOST_FLAGS (an array) for
# `podman build` and `podman run`.
#
# - OCI runtime: crun (podman's default on Debian 12) refuses a host whose
#   cgroup v2 hierarchy still holds controllers while the v1 hierarchies are
#   mounted ("cgroups in hybrid mode not supported, drop all controllers from
#   cgroupv2"); runc runs there. Chosen only on such a host.
# - Resource limits: podman asks rootful containers for RLIMIT_NOFILE 1048576
#   and RLIMIT_NPROC 4194304, which root may only set with CAP_SYS_RESOURCE
#   above its own hard limits; without that capability the runtime fails with
#   "setrlimit RLIMIT_NOFILE: Operation not permitted". The limits asked here
#   are root's own hard limits, capped (bgpd needs a few hundred files).

podman_host_flags() {
  PODMAN_HOST_FLAGS=()
  local controllers=/sys/fs/cgroup/unified/cgroup.controllers
  if [[ -r $controllers && -n $(tr -d '[:space:]' <"$controllers") ]]; then
    command -v runc >/dev/null || { echo "image-podman: hybrid cgroups need runc (apt-get install runc)" >&2; return 1; }
    PODMAN_HOST_FLAGS+=(--runtime runc)
  fi
  local nofile nproc
  nofile=$(ulimit -Hn) nproc=$(ulimit -Hu)
  [[ $nofile == unlimited || $nofile -gt 65536 ]] && nofile=65536
  [[ $nproc == unlimited || $nproc -gt 32768 ]] && nproc=32768
  PODMAN_HOST_FLAGS+=(--ulimit "nofile=$nofile:$nofile" --ulimit "nproc=$nproc:$nproc")
}
