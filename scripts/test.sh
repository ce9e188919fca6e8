#!/usr/bin/env bash
# Run all tests (the README's second command): installs what is missing first, then runs
# `mvn verify` at the reactor root with any arguments passed through, e.g.
#   scripts/test.sh                       the whole suite
#   scripts/test.sh -o -Dinvoker.skip=true
# On a fresh Debian 12 machine run it as root or with sudo available: the setup script
# (scripts/setup-debian.sh) runs only when its check finds something missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if ! scripts/setup-debian.sh --check; then
  scripts/setup-debian.sh
fi
exec mvn verify "$@"
