#!/usr/bin/env bash
# Installs everything the shell-lambda build, its tests and the README's two commands need on
# Debian 12. Run as root (or it uses sudo). Idempotent: when everything is present it installs
# nothing, runs no apt-get, and says so.
#
#   scripts/setup-debian.sh           install what is missing
#   scripts/setup-debian.sh --check   only check: exit 0 when nothing is missing, 1 (naming it) otherwise;
#                                     needs no root (scripts/demo.sh and scripts/test.sh run it first)
#
#  - JDK 17 and Maven (openjdk-17-jdk-headless, maven)
#  - native toolchain for the bootstrap: gcc, musl-tools (x86_64 musl),
#    gcc-aarch64-linux-gnu + musl-dev:arm64 (arm64 musl), qemu-user (runs arm64 tests)
#  - clang + libclang-rt for the libFuzzer target (scripts/fuzz-bootstrap.sh)
#  - the host counterparts of provided.al2023's commands, read from the inventory the embedded
#    runtime links onto a local function's PATH (third column of
#    shell-lambda-runtime/src/main/resources/META-INF/shell-lambda/al2023-commands.txt),
#    and util-linux (setsid: the embedded runtime starts each bootstrap in its own session)
#  - the tests' own tools: unzip/zipinfo, zip, procps, file, shellcheck
#  - the AWS CLI v2 (Debian's awscli, /usr/bin/aws: the local-run IT runs the line shell-lambda:run
#    prints with it; a pip-installed v1 `aws` earlier on PATH is never used)
#  - chromium (headless browser tests), without its recommended packages
#  - Debian's static gojq for x86_64 and arm64, extracted into .tools/gojq/<arch>/jq:
#    the offline stand-in for jq. Tests and README commands find it through the
#    Maven property `shell-lambda.tools` (default: ${maven.multiModuleProjectDirectory}/.tools).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
tools="${SHELL_LAMBDA_TOOLS:-$here/.tools}"
check_only=false
case "${1:-}" in
  --check) check_only=true ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

inventory="$here/shell-lambda-runtime/src/main/resources/META-INF/shell-lambda/al2023-commands.txt"
mapfile -t al2023_host < <(grep -v '^#' "$inventory" | awk 'NF >= 3 {print $3}' | sort -u)

packages=(
  openjdk-17-jdk-headless maven
  gcc make musl-tools gcc-aarch64-linux-gnu musl-dev:arm64 qemu-user
  clang libclang-rt-14-dev
  util-linux
  # what the tests themselves use: unzip -t / zipinfo, ps, file, shellcheck (packaging warnings)
  unzip zip procps file shellcheck
  awscli chromium
  "${al2023_host[@]}"
)

# The cheap check: one dpkg-query per package (a fraction of a second), two file tests.
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
missing_gojq=()
for arch in x86_64 arm64; do
  if [ ! -x "$tools/gojq/$arch/jq" ]; then missing_gojq+=("$arch"); fi
done

if [ ${#missing[@]} -eq 0 ] && [ ${#missing_gojq[@]} -eq 0 ]; then
  echo "setup: nothing to install: all ${#packages[@]} Debian packages and the gojq stand-ins ($tools/gojq) are present"
  exit 0
fi
if $check_only; then
  echo "setup: missing:${missing[*]:+ Debian packages ${missing[*]};}${missing_gojq[*]:+ gojq for ${missing_gojq[*]} under $tools/gojq}" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "setup: installing needs root: run this as root, or install sudo" >&2
    exit 1
  fi
  SUDO="sudo"
fi

add_arm64() {
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $SUDO dpkg --add-architecture arm64
  fi
}

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  add_arm64
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

fetch_gojq() { # $1 = debian arch, $2 = lambda arch
  local dest="$tools/gojq/$2"
  if [ -x "$dest/jq" ]; then return 0; fi
  local work; work=$(mktemp -d)
  chmod 0755 "$work" # apt downloads as its own user (_apt), which must be able to write there
  local spec="gojq"; [ "$1" = arm64 ] && spec="gojq:arm64"
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    add_arm64
    $SUDO apt-get update -qq
  fi
  # apt's lists may be older than the mirror (a machine set up a while ago): refresh once and retry
  (cd "$work" && apt-get download -qq "$spec") || { $SUDO apt-get update -qq && (cd "$work" && apt-get download -qq "$spec"); }
  dpkg-deb -x "$work"/gojq_*.deb "$work/x"
  mkdir -p "$dest"
  install -m 0755 "$work/x/usr/bin/gojq" "$dest/jq"
  rm -rf "$work"
  echo "setup: gojq for $2 at $dest/jq"
}
fetch_gojq amd64 x86_64
fetch_gojq arm64 arm64
echo "setup: done (jq stand-ins under $tools/gojq)"
