#!/usr/bin/env bash
# Builds bgpd's container image with Debian's podman, without any image
# registry (none is reachable from these machines):
#
#   1. the base image: a Debian bookworm "minbase" root filesystem made by
#      debootstrap from the Debian package mirror, trimmed like Docker's
#      debian:bookworm-slim (no docs, man pages or locales) and imported into
#      podman's local storage as localhost/bgpd-base:bookworm. Made once;
#      later runs reuse it (--rebuild-base makes it again).
#   2. the image: `podman build` of the repository's Dockerfile on that base
#      (multi-stage: a build stage with the compiler and -dev packages, a
#      runtime stage with bgpd, bgpctl and their shared libraries only). The
#      build stage compiles through ccache in a build cache mount, so a rebuild
#      after a source change recompiles only what changed.
#
#   scripts/build-image.sh [--tag NAME] [--rebuild-base] [--no-cache] [--base-only]
#
# Run as root (debootstrap, and the lab runs the image as root's podman).
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian),
# DEBIAN_SECURITY_MIRROR (default http://deb.debian.org/debian-security).
# Prints the image's name, size and the build's wall time.
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=image-podman.sh
source "$REPO_ROOT/scripts/image-podman.sh"

TAG=localhost/bgpd:latest
BASE=localhost/bgpd-base:bookworm
SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
rebuild_base=0 base_only=0 build_args=()

say() { printf '[build-image %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "error: $*"; exit 1; }

while (($#)); do
  case $1 in
    --tag) (($# >= 2)) || die "--tag needs a name"; TAG=$2; shift 2 ;;
    --rebuild-base) rebuild_base=1; shift ;;
    --base-only) base_only=1; shift ;;
    --no-cache) build_args+=(--no-cache); shift ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

[[ $(id -u) -eq 0 ]] || die "run as root (debootstrap needs it; the lab uses root's podman storage)"

# podman, buildah and debootstrap from Debian (also in scripts/install-deps.sh).
need=()
for p in podman buildah debootstrap uidmap runc; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  say "installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# make_base: debootstrap + trim + podman import.
make_base() {
  local root started=$SECONDS
  root=$(mktemp -d /var/tmp/bgpd-base.XXXXXX)
  chmod 0755 "$root"   # apt in the chroot downloads as user _apt
  # Whatever happens, the scratch root filesystem does not stay behind.
  trap 'rm -rf "$root"' RETURN
  say "debootstrap --variant=minbase $SUITE from $MIRROR"
  debootstrap --variant=minbase --components=main "$SUITE" "$root" "$MIRROR" >"$root.log" 2>&1 ||
    { tail -n 30 "$root.log" >&2; rm -f "$root.log"; die "debootstrap failed"; }
  rm -f "$root.log"
  cat >"$root/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb $SECURITY_MIRROR $SUITE-security main
EOF
  # What Docker's slim images leave out: documentation, man pages, locales
  # (copyright files stay, as Debian's licences ask).
  cat >"$root/etc/dpkg/dpkg.cfg.d/bgpd-image-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
EOF
  cat >"$root/etc/apt/apt.conf.d/90bgpd-image" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
EOF
  # Upgrade to the current point and security releases, then drop the
  # downloaded lists and packages: the image holds installed files only.
  chroot "$root" /bin/sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -y -qq upgrade' >/dev/null 2>&1
  chroot "$root" /bin/sh -c 'apt-get clean'
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/log/*.log \
    "$root"/usr/share/doc/*/[!c]* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/*
  find "$root/usr/share/doc" -mindepth 1 -maxdepth 1 -type d -empty -delete
  : >"$root/etc/machine-id"
  podman rmi -f "$BASE" >/dev/null 2>&1 || true
  tar -C "$root" --numeric-owner --xattrs -c . |
    podman import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["/bin/bash"]' \
      --message "debootstrap --variant=minbase $SUITE $MIRROR (scripts/build-image.sh)" \
      - "$BASE" >/dev/null
  say "base image $BASE: $(podman image inspect --format '{{.Size}}' "$BASE" | numfmt --to=iec) in $((SECONDS - started)) s"
}

if ((rebuild_base)) || ! podman image exists "$BASE"; then
  make_base
else
  say "base image $BASE exists (--rebuild-base to make it again)"
fi
((base_only)) && exit 0

# The image. --network host: the build stages reach the Debian mirror through
# the host's own network (no podman bridge is created); --pull=never: the
# base is the local one, no registry is asked.
podman_host_flags
started=$SECONDS
say "podman build -t $TAG (base $BASE)"
podman build "${PODMAN_HOST_FLAGS[@]}" --network=host --pull=never --build-arg "BASE_IMAGE=$BASE" \
  ${build_args[@]+"${build_args[@]}"} -t "$TAG" -f "$REPO_ROOT/Dockerfile" "$REPO_ROOT"
say "image $TAG: $(podman image inspect --format '{{.Size}}' "$TAG" | numfmt --to=iec) built in $((SECONDS - started)) s"
