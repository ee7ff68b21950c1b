#!/usr/bin/python3
"""scripts/bench.d/same_figures.py can fail: it passes a run against itself and against a copy
whose fid numbering differs, and names the parcel, column or row of every kind of difference.

    test_same_figures.py LANDEFF SCRIPT WORKDIR
"""
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

landeff, script, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
failed = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failed.append(what)


def run(*cmd):
    return subprocess.run(list(cmd), capture_output=True, text=True)


r = run(landeff, "synth", "--parcels", "300", "--seed", "5", "--out", str(work / "city"), "--quiet")
assert r.returncode == 0, r.stderr
r = run(landeff, "run", str(work / "city" / "landeff.toml"), "--out", str(work / "a"), "--quiet", "--formats", "gpkg")
assert r.returncode == 0, r.stderr
a = work / "a" / "landeff.gpkg"


def variant(name, sql):
    p = work / f"{name}.gpkg"
    shutil.copy(a, p)
    db = sqlite3.connect(p)
    # The copy's R-tree triggers call SpatiaLite/GDAL SQL functions Python's sqlite3 lacks: drop them.
    for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        db.execute(f'DROP TRIGGER "{t}"')
    for s in sql:
        db.execute(s)
    db.commit()
    db.close()
    return run("/usr/bin/python3", script, str(a), str(p))


r = run("/usr/bin/python3", script, str(a), str(a))
check(r.returncode == 0 and "every figure equal" in r.stdout, "a run against itself: every figure equal")

pid = sqlite3.connect(a).execute("SELECT parcel_id FROM parcels WHERE area_m2 > 0 ORDER BY parcel_id LIMIT 1").fetchone()[0]
# Renumbered fids (as a merge writes them) are not a difference: parcels reversed in fid order.
r = variant("renumbered", ["CREATE TABLE t AS SELECT * FROM parcels",
                           "DELETE FROM parcels",
                           "INSERT INTO parcels SELECT * FROM t ORDER BY ogc_fid DESC",
                           "UPDATE parcels SET ogc_fid = -ogc_fid",
                           "DROP TABLE t"])
check(r.returncode == 0, "fids renumbered: still equal" + ("" if r.returncode == 0 else ": " + r.stdout[-400:]))

# 1e-12 relative is within the 1e-9 tolerance; 1e-6 is not, and the parcel and column are named.
r = variant("tiny", [f"UPDATE parcels SET area_m2 = area_m2 * (1 + 1e-12) WHERE parcel_id = '{pid}'"])
check(r.returncode == 0, "area_m2 × (1 + 1e-12): equal within 1e-9")
r = variant("small", [f"UPDATE parcels SET area_m2 = area_m2 * (1 + 1e-6) WHERE parcel_id = '{pid}'"])
check(r.returncode == 1 and f"parcel_id {pid}: column area_m2" in r.stdout, f"area_m2 × (1 + 1e-6) on {pid}: differs, named")
r = variant("text", [f"UPDATE parcels SET state = 'x' WHERE parcel_id = '{pid}'"])
check(r.returncode == 1 and f"parcel_id {pid}: column state" in r.stdout, "a text value changed: differs, named")
r = variant("missing", [f"DELETE FROM parcels WHERE parcel_id = '{pid}'"])
check(r.returncode == 1 and "1 only in the first" in r.stdout, "a parcel missing: 1 only in the first")
r = variant("finding", ["UPDATE findings SET message = message || '!' WHERE rowid = (SELECT min(rowid) FROM findings)"])
check(r.returncode == 1 and "findings:" in r.stdout and "1 rows only in the first" in r.stdout, "a finding's text changed: the row differs")
sys.exit(1 if failed else 0)
