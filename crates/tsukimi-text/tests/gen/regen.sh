#!/bin/sh
# Regenerates every expected-result file in tests/data by running the reference lua5.4.
# Run from anywhere: sh crates/tsukimi-text/tests/gen/regen.sh
set -e
cd "$(dirname "$0")/../.."
for name in patterns format pack utf8 date; do
  lua5.4 "tests/gen/$name.lua" > "tests/data/$name.txt"
  echo "tests/data/$name.txt: $(wc -l < "tests/data/$name.txt") cases"
done
