#!/usr/bin/env bash
# The Debian package, end to end (ctest: package.deb, label package):
#   1. CPack builds the .deb from BUILD (the binaries as built there);
#   2. its control data: name, Conflicts/Replaces openbgpd, the conffile, the
#      maintainer scripts, and a Depends that names the package of every shared
#      library the binaries need (objdump NEEDED, ldd, dpkg -S: independent of
#      the dpkg-shlibdeps run that wrote it);
#   3. dpkg --root installs it into an empty scratch root (maintainer scripts
#      run chrootless with DPKG_ROOT, as Debian's DPKG_ROOT support does): the
#      files are exactly the expected list, postinst created the user bgpd;
#   4. the installed bgpd accepts the installed /etc/bgpd/bgpd.toml
#      (--check-config), bgpctl runs, the man pages render without warnings
#      (man -l), the bash completion completes;
#   5. systemd-analyze verify --root passes on the installed unit (the root
#      gets the host's systemd targets and kill(1) — what the Depends-free
#      scratch root lacks of a Debian system — and MANPATH points into the root
#      so the unit's Documentation= man pages must exist there);
#   6. dpkg --root -P removes every file again.
# Usage: test-package.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
tmp=$(mktemp -d /tmp/bgpd-package.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

step "cpack"
start=$SECONDS
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1 || { cat "$tmp/cpack.log"; fail "cpack"; }
debs=("$tmp"/pkg/bgpd_*.deb)
[[ -f ${debs[0]} ]] || fail "no .deb in $tmp/pkg"
deb=${debs[0]}
echo "$(basename "$deb"): $(stat -c %s "$deb") bytes, built in $((SECONDS - start)) s"

step "control data"
field() { dpkg-deb -f "$deb" "$1"; }
[[ $(field Package) == bgpd ]] || fail "Package: $(field Package)"
grep -qw openbgpd <<<"$(field Conflicts)" || fail "Conflicts lacks openbgpd: $(field Conflicts)"
grep -qw openbgpd <<<"$(field Replaces)" || fail "Replaces lacks openbgpd: $(field Replaces)"
depends=$(field Depends)
echo "Depends: $depends"
mkdir "$tmp/control"
dpkg-deb -e "$deb" "$tmp/control"
grep -qx /etc/bgpd/bgpd.toml "$tmp/control/conffiles" || fail "conffiles lacks /etc/bgpd/bgpd.toml"
for s in postinst prerm postrm; do
  [[ -x $tmp/control/$s ]] || fail "no executable $s"
  sh -n "$tmp/control/$s" || fail "$s: syntax"
done

step "Depends covers every needed shared library (objdump NEEDED + ldd + dpkg -S)"
dpkg-deb -x "$deb" "$tmp/x"
dep_names=$(sed 's/(.*)//; s/ //g' <<<"${depends//[,|]/$'\n'}" | sort -u)
for bin in "$tmp/x/usr/sbin/bgpd" "$tmp/x/usr/bin/bgpctl"; do
  while read -r lib; do
    real=$(readlink -f "$lib")
    # merged /usr: dpkg knows /lib/x86_64-linux-gnu/libc.so.6, ldd may say /usr/lib/...
    owner=$(dpkg -S "$lib" "$real" "${lib#/usr}" "${real#/usr}" 2>/dev/null | head -n1 | cut -d: -f1) || true
    [[ -n $owner ]] || fail "$(basename "$bin"): no package owns $lib"
    # The owner, or a virtual package it provides (libspdlog1.10 provides
    # libspdlog1.10-fmt9, the name its shlibs file gives), must be a dependency.
    names=$(printf '%s\n' "$owner"; dpkg-query -W -f='${Provides}\n' "$owner" | sed 's/([^)]*)//g; s/,/\n/g; s/ //g')
    grep -qxFf <(grep . <<<"$names") <<<"$dep_names" ||
      fail "$(basename "$bin") loads $lib from $owner (${names//$'\n'/ }), not in Depends: $depends"
  # Only the binary's own DT_NEEDED libraries (as dpkg-shlibdeps): what they
  # load in turn is their packages' Depends.
  done < <(ldd "$bin" | awk -v needed="$(objdump -p "$bin" | awk '$1 == "NEEDED" {printf "%s ", $2}')" \
    'BEGIN {n = split(needed, a, " "); for (i = 1; i <= n; i++) want[a[i]] = 1} $2 == "=>" && ($1 in want) {print $3}')
done
echo "every library's package is in Depends"

step "dpkg --root install into an empty root"
root=$tmp/root
mkdir -p "$root"/usr/{bin,sbin,lib} "$root"/etc "$root"/var/lib/dpkg/{info,updates,triggers}
for d in bin sbin lib; do ln -s usr/$d "$root/$d"; done  # merged /usr, as Debian 12
touch "$root"/var/lib/dpkg/{status,available}
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"
# Chrootless maintainer scripts run with the host's tools and DPKG_ROOT set;
# --force-unsafe-io: no fsync per file (a scratch root);
# --force-depends: the scratch root has none of Depends (checked above).
dpkg --root="$root" --force-script-chrootless --force-depends --force-not-root --force-unsafe-io -i "$deb" >"$tmp/dpkg.log" 2>&1 ||
  { cat "$tmp/dpkg.log"; fail "dpkg -i"; }
[[ $(dpkg --root="$root" -s bgpd | sed -n 's/^Status: //p') == "install ok installed" ]] || fail "bgpd not installed"
grep -q '^bgpd:x:[0-9]*:[0-9]*:.*:/nonexistent:/usr/sbin/nologin$' "$root/etc/passwd" || fail "postinst made no user bgpd: $(cat "$root/etc/passwd")"
grep -q '^bgpd:x:' "$root/etc/group" || fail "postinst made no group bgpd"

expected="/etc/bgpd/bgpd.toml
/usr/bin/bgpctl
/usr/lib/systemd/system/bgpd.service
/usr/lib/sysusers.d/bgpd.conf
/usr/sbin/bgpd
/usr/share/bash-completion/completions/bgpctl
/usr/share/doc/bgpd/README.md
/usr/share/doc/bgpd/config.md
/usr/share/doc/bgpd/examples/bgpd.toml
/usr/share/doc/bgpd/examples/minimal.toml
/usr/share/doc/bgpd/examples/spine.toml
/usr/share/doc/bgpd/examples/tor.toml
/usr/share/man/man5/bgpd.toml.5.gz
/usr/share/man/man8/bgpctl.8.gz
/usr/share/man/man8/bgpd.8.gz"
actual=$(dpkg --root="$root" -L bgpd | while read -r f; do [[ -d $root$f ]] || echo "$f"; done | sort)
[[ $actual == "$expected" ]] || fail "installed files differ:$(diff <(echo "$expected") <(echo "$actual"))"
echo "$(wc -l <<<"$actual") files as expected"

step "the installed binaries and configuration"
"$root/usr/sbin/bgpd" --version
"$root/usr/sbin/bgpd" -c "$root/etc/bgpd/bgpd.toml" --check-config || fail "bgpd --check-config on the installed bgpd.toml"
for ex in "$root"/usr/share/doc/bgpd/examples/*.toml; do
  "$root/usr/sbin/bgpd" -c "$ex" --check-config >/dev/null || fail "example $(basename "$ex") does not check"
done
"$root/usr/bin/bgpctl" --help >/dev/null || fail "bgpctl --help"

step "man pages render (man -l, groff warnings are failures)"
for page in "$root"/usr/share/man/man*/*.gz; do
  out=$(MANWIDTH=80 man --warnings -l "$page" 2>"$tmp/man.err") || fail "man -l $page"
  [[ ! -s $tmp/man.err ]] || fail "man -l $page: $(cat "$tmp/man.err")"
  grep -q '^NAME' <<<"$out" || fail "$page has no NAME section"
done
echo "3 pages render"

step "bash completion"
if [[ -f /usr/share/bash-completion/bash_completion ]]; then
  got=$(bash -c 'source /usr/share/bash-completion/bash_completion; source "$1"
    COMP_WORDS=(bgpctl show an); COMP_CWORD=2; COMP_LINE="bgpctl show an"; COMP_POINT=${#COMP_LINE}
    _bgpctl; echo "${COMPREPLY[*]}"' _ "$root/usr/share/bash-completion/completions/bgpctl")
  [[ $got == anycast ]] || fail "completion of 'bgpctl show an': '$got'"
  echo "bgpctl show an<TAB> -> $got"
else
  bash -n "$root/usr/share/bash-completion/completions/bgpctl"
  echo "bash-completion not installed: syntax checked only"
fi

step "systemd-analyze verify --root"
grep -qx 'ExecStart=/usr/sbin/bgpd -c /etc/bgpd/bgpd.toml' "$root/usr/lib/systemd/system/bgpd.service" ||
  fail "unit's ExecStart: $(grep ExecStart= "$root/usr/lib/systemd/system/bgpd.service")"
while read -r f; do cp -n "$f" "$root/usr/lib/systemd/system/"; done < <(dpkg -L systemd | grep -E '^/lib/systemd/system/[^/]*\.target$|^/usr/lib/systemd/system/[^/]*\.target$')
cp /bin/kill "$root/usr/bin/kill"
MANPATH=$root/usr/share/man systemd-analyze verify --root="$root" bgpd.service 2>"$tmp/verify.err" ||
  { cat "$tmp/verify.err"; fail "systemd-analyze verify"; }
[[ ! -s $tmp/verify.err ]] || { cat "$tmp/verify.err"; fail "systemd-analyze verify printed warnings"; }
echo "bgpd.service verifies in the installed root"

step "dpkg --root -P"
dpkg --root="$root" --force-script-chrootless --force-not-root --force-unsafe-io -P bgpd >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log"; fail "dpkg -P"; }
left=$(echo "$expected" | while read -r f; do [[ ! -e $root$f ]] || echo "$f"; done)
[[ -z $left ]] || fail "left after purge: $left"
[[ ! -e $root/etc/bgpd ]] || fail "/etc/bgpd left after purge"
echo "package test passed in $((SECONDS)) s"
