#!/usr/bin/env bash
# scripts/bench --peers [N] (or PEERS=1 scripts/bench [N]): the peers (issue 20). On one generated city
# (the hostile one by default, N parcels, 20 000 unless given; --smoke: 300), the reduced workload —
# parcel × park intersection shares, per-park apportioned land/output/tax and per-mu figures, 批而未供 by
# difference (approval union ∩ park − union of the supplied parcels), GeoPackage out — in
#   (a) PostGIS: a throwaway PostgreSQL 15 server in a temporary directory (as the postgres user when
#       root), loaded by ogr2ogr, postgis.sql, exported by ogr2ogr;
#   (b) SpatiaLite SQL: spatialite.sql through `ogr2ogr -dialect SQLite -sql` on a GeoPackage;
# then compare.py checks their per-park figures against landeff's parks layer (relative difference
# ≤ 1e-9; mismatches named by park id) and the wall times are appended to $WORK/results.md beside
# the I/O floor and landeff's run. Exit status 1 when the figures disagree.
# Loading (CSV → table, renaming the Chinese fields) is timed as part of each peer.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN="${LANDEFF:-$ROOT/build/landeff}"   # LANDEFF=path: another build
WORK="${BENCH_DIR:-$ROOT/build-bench}"
SMOKE=0
[ "${1:-}" = "--smoke" ] && { SMOKE=1; shift; }
N=${1:-20000}; [ $SMOKE = 1 ] && N=${1:-300}
KIND=${CITIES:-hostile}
case $KIND in
  own) flag=(); city="$WORK/city-$N" ;;
  hostile) flag=(--hostile); city="$WORK/city-$N-hostile" ;;
  *) echo "bench --peers: CITIES: one of own, hostile" >&2; exit 2 ;;
esac
mkdir -p "$WORK"
RESULTS="$WORK/results.md"
if [ ! -f "$city/landeff.toml" ]; then
  "$BIN" synth --parcels "$N" --seed 7 "${flag[@]}" --out "$city" --overwrite --quiet
fi
TMP=$(mktemp -d /tmp/landeff-peers.XXXXXX)
PG_BIN=/usr/lib/postgresql/15/bin
AS=(); [ "$(id -u)" = 0 ] && AS=(runuser -u postgres --)
cleanup() {
  [ -f "$TMP/pg/postmaster.pid" ] && "${AS[@]}" "$PG_BIN/pg_ctl" -D "$TMP/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT

# wall CMD... → seconds (sets W)
wall() { local s e; s=$(date +%s.%N); "$@"; e=$(date +%s.%N); W=$(echo "scale=2; ($e - $s) / 1" | bc); }

# landeff itself, and the I/O floor.
wall ogr2ogr -f GPKG "$TMP/floor.gpkg" "$city/city.gpkg" parcels; FLOOR=$W
# The reduced workload reads the figures as the inputs give them: the objections' corrections that synth
# writes (one enterprise's tax × 8, issue 17) are left out of landeff's run too, or that enterprise's
# parks would differ by exactly the correction (332.48 × 7/8 = 290.92 万元 at 20 000 parcels, seed 7).
sed '/^\[inputs.corrections\]/,/^$/d' "$city/landeff.toml" > "$city/landeff-peers.toml"
wall "$BIN" run "$city/landeff-peers.toml" --out "$TMP/out" --overwrite --quiet --formats gpkg; LANDEFF=$W
T=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["config"]["settings"]["eval_date"])' "$TMP/out/run.json")
YEAR=${T%%-*}

# The peers' input: the city's layers with their fields renamed (the same for both peers).
prep() {  # prep OUT.gpkg
  local o=$1
  ogr2ogr -f GPKG "$o" "$city/city.gpkg" -dialect SQLite -nln parks -sql 'SELECT "园区代码" AS park_id, geom FROM parks'
  # Supply dates to ISO text (the synthetic city writes 2024-05-26, 2024/05/26 and 20240526, as
  # real registers do), so that both peers compare them with T as text; any other form is an error.
  ogr2ogr -update "$o" "$city/city.gpkg" -dialect SQLite -nln parcels -preserve_fid -sql \
    "SELECT fid, ZDDM AS zddm, QYDM AS qydm, CASE WHEN GDSJ GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' THEN substr(GDSJ, 1, 4) || '-' || substr(GDSJ, 5, 2) || '-' || substr(GDSJ, 7, 2) ELSE replace(GDSJ, '/', '-') END AS gdsj, geom FROM parcels"
  local odd; odd=$(ogrinfo -q -ro "$o" -sql "SELECT count(*) AS n FROM parcels WHERE gdsj NOT GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'" | awk '/n \(/{print $NF}')
  [ "$odd" = 0 ] || { echo "bench --peers: $odd supply dates (parcels.GDSJ) in a form the peers do not read" >&2; exit 1; }
  ogr2ogr -update "$o" "$city/city.gpkg" -dialect SQLite -nln approvals -sql 'SELECT geom FROM approvals'
  ogr2ogr -update "$o" "$city/enterprises.csv" -dialect SQLite -nln ents -sql \
    "SELECT \"统一社会信用代码\" AS qydm, CAST(\"工业总产值\" AS REAL) AS output, CAST(\"实缴税金\" AS REAL) AS tax FROM enterprises WHERE \"年度\" = '$YEAR'"
}

# (b) SpatiaLite.
sl() {
  prep "$TMP/sl-in.gpkg"
  sed "s/@T@/$T/g" "$HERE/spatialite.sql" > "$TMP/sl.sql"
  ogr2ogr -f GPKG "$TMP/spatialite.gpkg" "$TMP/sl-in.gpkg" -dialect SQLite -sql "@$TMP/sl.sql" -nln peer_parks -nlt MULTIPOLYGON
}
wall sl; SL=$W

# (a) PostGIS: the server's start is not timed; the load from the city is.
mkdir -p "$TMP/pg"; [ "$(id -u)" = 0 ] && chown postgres "$TMP" "$TMP/pg"
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${AS[@]}" "$PG_BIN/initdb" -D "$TMP/pg" -A trust -U postgres -E UTF8 --no-locale >/dev/null
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$TMP/pg" -l "$TMP/pg/log" -w -t 120 -o "-p $PORT -k $TMP/pg -c listen_addresses=127.0.0.1 -c max_parallel_workers_per_gather=0" start >/dev/null
PSQL=(psql -q -X -h 127.0.0.1 -p "$PORT" -U postgres)
"${PSQL[@]}" -d postgres -c 'CREATE DATABASE peers' >/dev/null
"${PSQL[@]}" -d peers -c 'CREATE EXTENSION postgis' >/dev/null
PG="PG:host=127.0.0.1 port=$PORT dbname=peers user=postgres"
pg() {
  prep "$TMP/pg-in.gpkg"
  for l in parks parcels approvals ents; do
    ogr2ogr -f PostgreSQL "$PG" "$TMP/pg-in.gpkg" "$l" -lco GEOMETRY_NAME=geom -lco FID=fid -preserve_fid -nlt PROMOTE_TO_MULTI
  done
  "${PSQL[@]}" -d peers -v T="$T" -f "$HERE/postgis.sql" >/dev/null
  ogr2ogr -f GPKG "$TMP/postgis.gpkg" "$PG" peer_out -nln peer_parks -nlt MULTIPOLYGON
}
wall pg; PGT=$W

ok=0
/usr/bin/python3 "$HERE/compare.py" "$TMP/out/landeff.gpkg" "$TMP/spatialite.gpkg" "$TMP/postgis.gpkg" > "$TMP/cmp.txt" || ok=$?
cat "$TMP/cmp.txt" >&2
r() { echo "scale=2; $1 / $FLOOR" | bc; }
{
  echo
  echo "## peers $(date -u +%Y-%m-%dT%H:%MZ) — $N parcels ($KIND city), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), landeff $("$BIN" --version | awk '{print $2}') ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'))"
  echo
  echo "| run | wall s | ÷ I/O floor | ÷ landeff |"
  echo "|---|---|---|---|"
  echo "| I/O floor (ogr2ogr parcels → GPKG) | $FLOOR | 1.00 | $(echo "scale=2; $FLOOR / $LANDEFF" | bc) |"
  echo "| landeff run --formats gpkg (every stage) | $LANDEFF | $(r "$LANDEFF") | 1.00 |"
  echo "| PostGIS (load, reduced workload, export; server start excluded) | $PGT | $(r "$PGT") | $(echo "scale=2; $PGT / $LANDEFF" | bc) |"
  echo "| SpatiaLite SQL (ogr2ogr -dialect SQLite, load and export) | $SL | $(r "$SL") | $(echo "scale=2; $SL / $LANDEFF" | bc) |"
  echo "|   agreement: $(tail -1 "$TMP/cmp.txt") | | | |"
} | tee -a "$RESULTS"
exit $ok
