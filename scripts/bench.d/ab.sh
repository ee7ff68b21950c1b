#!/usr/bin/env bash
# Two (or more) builds compared in interleaved rounds, for a machine whose speed drifts (README,
# Performance: "A machine whose speed drifts"): each round runs every binary once, one after the
# other, each into a fresh output directory, and prints the step's seconds from run.json
# (`timings_s`), the wall time and the CPU time (user + sys).
#   scripts/bench.d/ab.sh CITY_DIR STEP ROUNDS JOBS BINARY...
#   FORMATS=gpkg,geojson,shp,xlsx,html scripts/bench.d/ab.sh build-bench/city-1000000 html_data 2 2 old/landeff build/landeff
# CITY_DIR holds the landeff.toml of a city from `landeff synth` (scripts/bench caches them in
# build-bench/city-N); FORMATS defaults to gpkg.
set -euo pipefail
[ $# -ge 5 ] || { sed -n '2,10p' "$0" >&2; exit 2; }
CITY=$1 STEP=$2 ROUNDS=$3 JOBS=$4
shift 4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for round in $(seq "$ROUNDS"); do
  for bin in "$@"; do
    rm -rf "$tmp/out"
    /usr/bin/time -f "%e %U %S" -o "$tmp/time" "$bin" run "$CITY/landeff.toml" --out "$tmp/out" --quiet \
      --formats "${FORMATS:-gpkg}" --jobs "$JOBS" >/dev/null 2>"$tmp/err" || { echo "round $round: $bin failed:" >&2; cat "$tmp/err" >&2; exit 1; }
    python3 - "$tmp/out/run.json" "$STEP" "$bin" "$tmp/time" "$round" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["timings_s"]
wall, user, sys_ = map(float, open(sys.argv[4]).read().split()[-3:])
print(f"round {sys.argv[5]}  {sys.argv[3]}: {sys.argv[2]} {t.get(sys.argv[2], float('nan')):.2f} s, wall {wall:.2f} s, CPU {user + sys_:.1f} s")
PY
  done
done
