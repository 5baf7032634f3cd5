#!/usr/bin/env python3
"""The forests' speed, natively and in wasm (node's WASI), whole process, on the streams issue 11
names: tinymlkit-forest on sea.txt (goal: 200,000 examples/s natively, wasm within 1.5 times
native) and tinymlkit-forest-regressor on friedman1.txt, at their defaults (10 trees).

  bench/forest_speed.py [--runs 3] [--no-wasm]

Prints a Markdown table (the best of --runs runs of each) and a JSON line a program; asserts
nothing.
"""
import argparse
import json
import pathlib
import subprocess
import sys
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
RUNS = (("forest", "sea.txt"), ("forest-regressor", "friedman1.txt"))


def best_seconds(command, runs):
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(c) for c in command], check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-wasm", action="store_true")
    a = ap.parse_args()
    print("| program | stream | rows | native s | native ex/s | wasm s | wasm ex/s | wasm / native |")
    print("|---|---|---|---|---|---|---|---|")
    lines = []
    for model, stream in RUNS:
        data = SHARED / "data" / stream
        rows = sum(1 for _ in open(data))
        args = ["-d", data, "--quiet"]
        native = best_seconds([REPO / "build" / "native" / "bin" / f"tinymlkit-{model}", *args], a.runs)
        wasm = None if a.no_wasm else best_seconds(
            [REPO / "tools" / "wasi-run.mjs", REPO / "build" / "wasm" / "bin" / f"tinymlkit-{model}.wasm", *args],
            a.runs)
        wasm_cells = "| – | – | – |" if wasm is None else f"| {wasm:.2f} | {rows / wasm:,.0f} | {wasm / native:.2f} |"
        print(f"| tinymlkit-{model} | {stream} | {rows:,} | {native:.2f} | {rows / native:,.0f} {wasm_cells}", flush=True)
        lines.append({"program": f"tinymlkit-{model}", "stream": stream, "rows": rows, "native_seconds": native,
                      "native_examples_per_second": rows / native, "wasm_seconds": wasm,
                      "wasm_over_native": None if wasm is None else wasm / native})
    for line in lines:
        print(json.dumps(line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
