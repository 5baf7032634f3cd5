#!/usr/bin/env python3
"""Drift detection of tinymlkit-hoeffding: false alarms and swaps on stationary streams (one a
seed, each its own concept), and the delay to each known change of the shared drifting streams.

  bench/drift_benchmark.py [--program build/native/bin/tinymlkit-hoeffding] [--rows 1000000]
                           [--seeds 8] [-- OPTIONS...]

OPTIONS go to every run, to compare a setting with the defaults.

A swap is the background tree replacing the main one after a Hoeffding test showed it better;
its delay is the number of examples between the true change and the swap. Prints a Markdown
table, then one JSON line a stream.
"""
import argparse
import json
import pathlib
import random
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
# Where the shared streams change concept (shared/data/README.md).
CHANGES = {"sea.txt": [25000, 50000, 75000], "agrawal_drift.txt": [50000]}
NOMINAL = {"agrawal_drift.txt": "3,4,5"}


def stationary_stream(path, rows, seed=1):
    """P(y = 1) = sigmoid(w.x) over 10 Gaussian features: one concept, 15-30% irreducible error."""
    rng = random.Random(seed)
    weights = [rng.gauss(0, 1) for _ in range(10)]
    with open(path, "w") as out:
        for _ in range(rows):
            x = [rng.gauss(0, 1) for _ in range(10)]
            margin = sum(w * v for w, v in zip(weights, x))
            label = "1" if rng.random() < 1 / (1 + 2.718281828459045 ** -margin) else "0"
            out.write(label + " | " + " ".join(f"{j}:{v:.4f}" for j, v in enumerate(x)) + "\n")


def shown(delays):
    return ", ".join("none" if d is None else f"{d:,}" for d in delays) or "–"


def run(program, data, options, folder):
    summary, model = folder / "s.json", folder / "m.json"
    subprocess.run([program, "-d", data, "--quiet", "--summary-json", summary, "--readable-model", model, *options],
                   check=True)
    s, m = json.loads(summary.read_text()), json.loads(model.read_text())
    return s, m["drift_alarms_at_examples"], m["swapped_at_examples"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--program", default=str(REPO / "build" / "native" / "bin" / "tinymlkit-hoeffding"))
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows of each stationary stream")
    ap.add_argument("--seeds", type=int, default=8, help="stationary streams, seeds 1 to SEEDS")
    ap.add_argument("options", nargs="*", help="given to every run, after --")
    a = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="tmk-drift-") as folder:
        folder = pathlib.Path(folder)
        streams = []
        for seed in range(1, a.seeds + 1):
            print(f"writing stationary stream {seed} of {a.seeds}, {a.rows:,} rows", file=sys.stderr)
            stationary_stream(folder / f"stationary{seed}.txt", a.rows, seed)
            streams.append((f"stationary, seed {seed} (generated)", folder / f"stationary{seed}.txt", [], []))
        streams += [(name, SHARED / name, changes, ["--nominal", NOMINAL[name]] if name in NOMINAL else [])
                    for name, changes in CHANGES.items() if (SHARED / name).exists()]
        for name, data, changes, options in streams:
            print(f"running {name}", file=sys.stderr)
            summary, alarmed_at, swapped_at = run(a.program, data, options + a.options, folder)

            def delays(events):  # to the first event after each change and before the next
                found = []
                for change, following in zip(changes, changes[1:] + [float("inf")]):
                    after = [at - change for at in events if change < at < following]
                    found.append(min(after) if after else None)
                return found
            results.append({"stream": name, "rows": summary["examples"], "accuracy": summary["accuracy"],
                            "drifts": summary["drifts"], "swaps": summary["swaps"], "resets": summary["resets"],
                            "changes": changes, "alarmed_at": alarmed_at, "swapped_at": swapped_at,
                            "alarm_delays": delays(alarmed_at), "swap_delays": delays(swapped_at)})
    print("| stream | rows | accuracy | alarms (drifts) | swaps | background trees dropped (resets) "
          "| alarm delay to each change | swap delay to each change |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['stream']} | {r['rows']:,} | {r['accuracy']:.4f} | {r['drifts']:.0f} | {r['swaps']:.0f} | "
              f"{r['resets']:.0f} | {shown(r['alarm_delays'])} | {shown(r['swap_delays'])} |")
    for r in results:
        print(json.dumps(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
