#!/usr/bin/env python3
"""Where a run works on one core alone: the samples of `perf script` whose thread was the only one
of the process running at that moment, counted by the landeff functions in their stacks.

    perf record -F 499 --call-graph dwarf,16384 -o run.data -- landeff run CITY/landeff.toml \
        --out OUT --quiet --formats gpkg --jobs 2
    perf script -i run.data -F tid,time,ip,sym > run.txt
    scripts/bench.d/serial_samples.py run.txt 499 [DEPTH] [TOP]

A sample counts as serial when no other thread of the process has a sample within 1.5 sampling
periods of it. Each is counted under its first DEPTH (3) named landeff:: frames; the TOP (30) largest
are printed in seconds (samples / frequency). With two cores, every one-core second is a second of
--jobs 2's wall time that a parallel loop could halve (README, Performance).
"""
import bisect
import collections
import re
import sys


def read_samples(path):
    """(tid, time, [frame symbol, innermost first]) per sample."""
    samples, cur = [], None
    head = re.compile(r"\s*(\d+)\s+([\d.]+):\s*$")
    with open(path, errors="replace") as f:
        for line in f:
            if not line.strip():
                if cur:
                    samples.append(cur)
                cur = None
                continue
            m = head.match(line)
            if m:
                cur = (int(m.group(1)), float(m.group(2)), [])
                continue
            if cur is not None:
                parts = line.strip().split(None, 1)
                cur[2].append(re.sub(r"\(.*", "", parts[1] if len(parts) > 1 else "?"))
    if cur:
        samples.append(cur)
    return samples


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    samples = read_samples(sys.argv[1])
    hz = float(sys.argv[2])
    depth = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 30
    window = 1.5 / hz
    times = collections.defaultdict(list)
    for tid, t, _ in samples:
        times[tid].append(t)
    for v in times.values():
        v.sort()

    def others_running(tid, t):
        for other, v in times.items():
            if other == tid:
                continue
            i = bisect.bisect_left(v, t - window)
            if i < len(v) and v[i] <= t + window:
                return True
        return False

    counts = collections.Counter()
    serial = 0
    for tid, t, frames in samples:
        if others_running(tid, t):
            continue
        serial += 1
        named = [f for f in frames if f.startswith("landeff::") and f != "landeff::"]
        counts[" < ".join(named[:depth]) if named else (frames[0] if frames else "?")] += 1
    print(f"{len(samples)} samples, {serial} on one core alone = {serial / hz:.2f} s")
    for key, n in counts.most_common(top):
        print(f"{n / hz:7.3f} s  {key}")


if __name__ == "__main__":
    main()
