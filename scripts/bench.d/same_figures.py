#!/usr/bin/python3
"""Every figure of two landeff.gpkg files equal? (issue 21: a partitioned run against the single run.)

    scripts/bench.d/same_figures.py SINGLE/landeff.gpkg MERGED/landeff.gpkg

Streams in SQLite (a GeoPackage is an SQLite file), so it works at millions of rows where the Dask
test's Python dictionaries would not: layers keyed by their id (parcels by parcel_id, parks by
park_id, …) are joined on it and every column compared — numbers to 1e-9 relative, text and
geometry blobs exactly; other layers (findings, control lines…) are compared as multisets of whole
rows. Prints one line per layer and the first differences; exit status 1 if anything differs.
"""
import sqlite3
import sys

KEYS = {"parcels": "parcel_id", "parks": "park_id", "enterprises": "ent_id", "unsupplied": "appr_id",
        "region": "region_id"}


def layers(db, schema):
    return {r[0]: r[1] for r in db.execute(f"SELECT table_name, data_type FROM {schema}.gpkg_contents")}


def columns(db, schema, table):
    """The columns but the primary key (the fid, whose numbering a merge may change)."""
    return [r[1] for r in db.execute(f"PRAGMA {schema}.table_info(\"{table}\")") if r[5] == 0]


def q(name):
    return '"' + name.replace('"', '""') + '"'


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    db = sqlite3.connect(":memory:")
    db.execute("ATTACH DATABASE ? AS a", (sys.argv[1],))
    db.execute("ATTACH DATABASE ? AS b", (sys.argv[2],))
    la, lb = layers(db, "a"), layers(db, "b")
    bad = 0
    if sorted(la) != sorted(lb):
        print(f"layers differ: only in the first {sorted(set(la) - set(lb))}, only in the second {sorted(set(lb) - set(la))}")
        bad += 1
    values = 0
    for name in sorted(set(la) & set(lb)):
        ca, cb = columns(db, "a", name), columns(db, "b", name)
        if ca != cb:
            print(f"{name}: columns differ")
            bad += 1
            continue
        cols = ca
        t = q(name)
        n_a = db.execute(f"SELECT count(*) FROM a.{t}").fetchone()[0]
        n_b = db.execute(f"SELECT count(*) FROM b.{t}").fetchone()[0]
        key = KEYS.get(name)
        if key and key in cols:
            k = q(key)
            # A key that is not unique (an input's duplicate id, kept and reported as a finding) is
            # compared as whole rows; the others by joining on the key.
            dups = f"(SELECT {k} FROM a.{t} GROUP BY {k} HAVING count(*) > 1)"
            dup = db.execute(f"SELECT count(*) FROM {dups}").fetchone()[0]
            sel = ", ".join(q(c) for c in cols)
            dup_diff = db.execute(f"SELECT count(*) FROM (SELECT {sel} FROM a.{t} WHERE {k} IN {dups} EXCEPT "
                                  f"SELECT {sel} FROM b.{t} WHERE {k} IN {dups})").fetchone()[0] if dup else 0
            only_a = db.execute(f"SELECT count(*) FROM a.{t} x LEFT JOIN b.{t} y ON y.{k} = x.{k} WHERE y.{k} IS NULL").fetchone()[0]
            only_b = db.execute(f"SELECT count(*) FROM b.{t} y LEFT JOIN a.{t} x ON x.{k} = y.{k} WHERE x.{k} IS NULL").fetchone()[0]
            diff_terms = []
            for c in cols:
                c_ = q(c)
                diff_terms.append(
                    f"WHEN NOT (x.{c_} IS y.{c_} OR (typeof(x.{c_}) IN ('real','integer') AND typeof(y.{c_}) IN ('real','integer') "
                    f"AND abs(x.{c_} - y.{c_}) <= 1e-9 * max(1.0, abs(x.{c_}), abs(y.{c_})))) THEN {c!r}")
            case = "CASE " + " ".join(diff_terms) + " END"
            rows = db.execute(f"SELECT x.{k}, {case} AS col FROM a.{t} x JOIN b.{t} y ON y.{k} = x.{k} WHERE col IS NOT NULL AND x.{k} NOT IN {dups}").fetchall()
            values += (n_a - only_a) * len(cols)
            ok = not rows and only_a == 0 and only_b == 0 and dup_diff == 0 and n_a == n_b
            print(f"{name}: {n_a} vs {n_b} rows keyed by {key}, {len(cols)} columns: "
                  + ("every value equal" if ok else f"{len(rows)} rows differ, {only_a} only in the first, {only_b} only in the second, {dup_diff} rows of the {dup} duplicate keys differ"))
            for r in rows[:5]:
                print(f"  {key} {r[0]}: column {r[1]}")
        else:
            sel = ", ".join(q(c) for c in cols)
            a_not_b = db.execute(f"SELECT count(*) FROM (SELECT {sel} FROM a.{t} EXCEPT SELECT {sel} FROM b.{t})").fetchone()[0]
            b_not_a = db.execute(f"SELECT count(*) FROM (SELECT {sel} FROM b.{t} EXCEPT SELECT {sel} FROM a.{t})").fetchone()[0]
            values += n_a * len(cols)
            ok = a_not_b == 0 and b_not_a == 0 and n_a == n_b
            print(f"{name}: {n_a} vs {n_b} rows, whole rows compared: "
                  + ("the same rows" if ok else f"{a_not_b} rows only in the first, {b_not_a} only in the second"))
        bad += 0 if ok else 1
    print(f"{values} values compared; " + ("every figure equal" if bad == 0 else f"{bad} layers differ"))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
