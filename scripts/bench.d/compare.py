#!/usr/bin/python3
"""compare.py LANDEFF.gpkg PEER.gpkg... — the peers' per-park figures against landeff's parks layer.

Every park of landeff's parks layer must appear in each peer's peer_parks layer, and each figure
below must agree to a relative difference ≤ 1e-9 (of the larger magnitude; two values below
1e-9 in magnitude agree). Mismatches are printed with the park id; the last line is a summary.
Exit status 1 on any mismatch."""
import sys
from osgeo import ogr

FIELDS = ["land_mu", "output", "tax", "mu_output", "mu_tax", "appr_mu", "unsup_mu"]
REL = 1e-9


def rows(path, layer):
    ds = ogr.Open(path)
    if ds is None:
        sys.exit(f"compare: cannot open {path}")
    lyr = ds.GetLayerByName(layer)
    if lyr is None:
        sys.exit(f"compare: {path} has no layer {layer}")
    out = {}
    for f in lyr:
        pid = f.GetField("park_id")
        out[pid] = {k: (f.GetField(k) if f.GetFieldIndex(k) >= 0 and f.IsFieldSetAndNotNull(k) else None) for k in FIELDS}
    return out


def num(v):
    return 0.0 if v is None else float(v)


def main():
    ours = rows(sys.argv[1], "parks")
    bad, n = 0, 0
    for peer in sys.argv[2:]:
        theirs = rows(peer, "peer_parks")
        name = peer.rsplit("/", 1)[-1].removesuffix(".gpkg")
        for pid, a in sorted(ours.items()):
            b = theirs.get(pid)
            if b is None:
                print(f"{name}: park {pid}: missing")
                bad += 1
                continue
            for k in FIELDS:
                n += 1
                x, y = a[k], b[k]
                if x is None or y is None:  # a per-mu figure is null where the land is 0
                    if (x is None) != (y is None) and num(x) != 0 and num(y) != 0:
                        print(f"{name}: park {pid}: {k}: landeff {x}, peer {y}")
                        bad += 1
                    continue
                m = max(abs(x), abs(y))
                if m > 1e-9 and abs(x - y) / m > REL:
                    print(f"{name}: park {pid}: {k}: landeff {x!r}, peer {y!r}, relative difference {abs(x - y) / m:.3g}")
                    bad += 1
    print(f"{n - bad} of {n} per-park figures agree within {REL:g} ({len(ours)} parks × {len(FIELDS)} fields × {len(sys.argv) - 2} peers)"
          + ("" if not bad else f"; {bad} mismatches"))
    return 1 if bad else 0


sys.exit(main())
