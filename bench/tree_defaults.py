#!/usr/bin/env python3
"""Candidate defaults of a tree program against the scikit-multiflow port on every shared
stream: for each candidate, the mean margin, the worst stream and how many streams are behind
by more than their Hoeffding interval. Defaults are chosen from this whole table, never one file.
A randomized model (the forest) runs with --seed 1..N and its margins are the means over seeds.

  bench/tree_defaults.py --program build/native/bin/tinymlkit-hoeffding \
      --candidate "" --candidate "--variance-smoothing 0.03" ...
  bench/tree_defaults.py --program build/native/bin/tinymlkit-forest --model ARF --seeds 3 \
      --candidate "" --candidate "--max-features-per-split log2"

Progress goes to stderr, one line a candidate; the table (Markdown) and a JSON line a candidate
go to stdout.
"""
import argparse
import json
import math
import os
import re
import shlex
import subprocess
import sys

TOOL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "tools", "port_table.py")


def interval(accuracy, rows, confidence=0.95):
    """Hoeffding's two-sided interval half-width for an accuracy over `rows` examples."""
    return math.sqrt(math.log(2 / (1 - confidence)) / (2 * rows))


def evaluate(program, model, extra):
    run = subprocess.run([sys.executable, TOOL, "--program", program, *(["--model", model] if model else []), "--", *extra],
                         capture_output=True, text=True)
    rows = re.findall(r"^\| (\w+) \| (\d+) \| ([\d.]+) \| ([\d.]+) \| ([+-][\d.]+) pt", run.stdout, re.M)
    if not rows:
        raise SystemExit(f"port_table.py gave no rows for {extra}:\n{run.stdout}\n{run.stderr}")
    margins = {name: float(ours) - float(port) for name, n, port, ours, _ in rows}
    behind = [name for name, n, port, ours, _ in rows if float(ours) - float(port) < -interval(float(port), int(n))]
    return margins, behind


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--program", required=True)
    ap.add_argument("--model", default=None, help="the port's model to compare with (port_table.py --model)")
    ap.add_argument("--seeds", type=int, default=0, help="run each candidate with --seed 1..N, margins averaged")
    ap.add_argument("--candidate", action="append", default=[], help="extra options, one string")
    a = ap.parse_args()
    results = []
    for i, candidate in enumerate(a.candidate or [""]):
        runs = [evaluate(os.path.abspath(a.program), a.model, shlex.split(candidate) + (["--seed", str(seed)] if seed else []))
                for seed in (range(1, a.seeds + 1) if a.seeds else [0])]
        margins = {name: sum(run[0][name] for run in runs) / len(runs) for name in runs[0][0]}
        behind = sorted({name for run in runs for name in run[1]})
        mean = sum(margins.values()) / len(margins)
        worst = min(margins, key=margins.get)
        results.append((candidate, mean, worst, margins[worst], behind, margins))
        print(f"[{i + 1}/{len(a.candidate or [''])}] {candidate or '(defaults)'}: mean {mean * 100:+.2f} pt, "
              f"worst {worst} {margins[worst] * 100:+.2f} pt, behind on {len(behind)}", file=sys.stderr)
    print("| options | mean margin | worst stream | streams behind (beyond the interval, any seed) |")
    print("|---|---|---|---|")
    for candidate, mean, worst, worst_margin, behind, _ in results:
        print(f"| `{candidate or '(defaults)'}` | {mean * 100:+.2f} pt | {worst} {worst_margin * 100:+.2f} pt | "
              f"{len(behind)}: {', '.join(behind) or 'none'} |")
    for candidate, mean, worst, worst_margin, behind, margins in results:
        print(json.dumps({"options": candidate, "mean_margin": mean, "behind": behind, "margins": margins}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
