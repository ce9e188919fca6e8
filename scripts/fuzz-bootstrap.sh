#!/usr/bin/env bash
# Fuzzes the native bootstrap's HTTP response parser (status line, headers, chunked decoder)
# with libFuzzer (clang, from Debian: apt-get install clang) for a bounded time.
#
#   scripts/fuzz-bootstrap.sh [SECONDS] [--merge]
#
# SECONDS      how long to fuzz (default 60)
# --merge      afterwards, merge inputs that found new coverage into the committed corpus
#              shell-lambda-runtime/src/test/fuzz/http_parse (the test suite replays it
#              through the ASan+UBSan build on every build)
#
# A crash leaves its input in shell-lambda-runtime/target/fuzz/artifacts/ and exits non-zero:
# fix the parser, then copy the input into the corpus so the replay guards the fix.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=60
merge=false
for arg in "$@"; do
  case $arg in
    --merge) merge=true ;;
    ''|*[!0-9]*) echo "usage: $0 [SECONDS] [--merge]" >&2; exit 2 ;;
    *) seconds=$arg ;;
  esac
done

src=$root/shell-lambda-runtime/src/main/c
out=$root/shell-lambda-runtime/target/fuzz
corpus=$root/shell-lambda-runtime/src/test/fuzz/http_parse

make --no-print-directory -C "$src" FUZZ_OUT="$out" fuzz
mkdir -p "$out/corpus" "$out/artifacts"
# new inputs go to target/fuzz/corpus; the committed corpus is only read
"$out/fuzz_http_parse" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
  -artifact_prefix="$out/artifacts/" -print_final_stats=1 "$out/corpus" "$corpus"
if $merge; then
  "$out/fuzz_http_parse" -merge=1 "$corpus" "$out/corpus"
  echo "merged new coverage into $corpus: review and commit it"
fi
