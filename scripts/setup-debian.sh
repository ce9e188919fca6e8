#!/usr/bin/env bash
# Installs everything the shell-lambda build and tests need on Debian 12.
# Run as root (or it uses sudo). Idempotent: does nothing when all is present.
#
#  - native toolchain for the bootstrap: gcc, musl-tools (x86_64 musl),
#    gcc-aarch64-linux-gnu + musl-dev:arm64 (arm64 musl), qemu-user (runs arm64 tests)
#  - clang + libclang-rt for the libFuzzer target (scripts/fuzz-bootstrap.sh)
#  - the host counterparts of provided.al2023's commands, read from the inventory the embedded
#    runtime links onto a local function's PATH (third column of
#    shell-lambda-runtime/src/main/resources/META-INF/shell-lambda/al2023-commands.txt),
#    and util-linux (setsid: the embedded runtime starts each bootstrap in its own session)
#  - Debian's static gojq for x86_64 and arm64, extracted into .tools/gojq/<arch>/jq:
#    the offline stand-in for jq. Tests and README commands find it through the
#    Maven property `shell-lambda.tools` (default: ${maven.multiModuleProjectDirectory}/.tools).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
tools="${SHELL_LAMBDA_TOOLS:-$here/.tools}"

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

inventory="$here/shell-lambda-runtime/src/main/resources/META-INF/shell-lambda/al2023-commands.txt"
mapfile -t al2023_host < <(grep -v '^#' "$inventory" | awk 'NF >= 3 {print $3}' | sort -u)

packages=(
  gcc make musl-tools gcc-aarch64-linux-gnu musl-dev:arm64 qemu-user
  clang libclang-rt-14-dev
  util-linux
  "${al2023_host[@]}"
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $SUDO dpkg --add-architecture arm64
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: Debian packages already installed"
fi

fetch_gojq() { # $1 = debian arch, $2 = lambda arch
  local dest="$tools/gojq/$2"
  if [ -x "$dest/jq" ]; then return 0; fi
  local work; work=$(mktemp -d)
  local spec="gojq"; [ "$1" = arm64 ] && spec="gojq:arm64"
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $SUDO dpkg --add-architecture arm64 && $SUDO apt-get update -qq
  fi
  (cd "$work" && apt-get download -qq "$spec")
  dpkg-deb -x "$work"/gojq_*.deb "$work/x"
  mkdir -p "$dest"
  install -m 0755 "$work/x/usr/bin/gojq" "$dest/jq"
  rm -rf "$work"
  echo "setup: gojq for $2 at $dest/jq"
}
fetch_gojq amd64 x86_64
fetch_gojq arm64 arm64
echo "setup: done (jq stand-ins under $tools/gojq)"
