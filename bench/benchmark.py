#!/usr/bin/env python3
"""Quality and speed of tinymlkit-nm on the shared datasets, native and wasm; prints figures.

  bench/benchmark.py [--shared ../shared/data] [--repeat 3]

Quality is progressive (test-then-train over the whole file, defaults unless stated), compared
with the figures in ../shared/reference. Speed is examples per second over the whole process,
best of --repeat runs, native and under node's WASI; the .wasm size is reported too.
Nothing here is a test: it prints what it measured (scripts/test runs the tests).
"""

import argparse
import json
import os
import pathlib
import subprocess
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
NATIVE = REPO / "build" / "native" / "bin" / "tinymlkit-nm"
WASM = REPO / "build" / "wasm" / "bin" / "tinymlkit-nm.wasm"
RUNNER = ["node", str(REPO / "tools" / "wasi-run.mjs"), str(WASM)]

# data, options, metric, sklearn's prequential SGD, Vowpal Wabbit's progressive figure
QUALITY = [
    ("linear_reg.txt", [], "rmse", 0.5646, 0.522),
    ("linear_logit.txt", ["--loss", "logistic"], "accuracy", None, 0.8385),
    ("pima.txt", ["--loss", "logistic"], "accuracy", 0.7066, 0.6549),
    ("pima.txt", ["--loss", "hinge"], "accuracy", 0.7066, 0.6549),
    ("breast_cancer.txt", ["--loss", "logistic"], "accuracy", 0.9296, 0.8612),
    ("breast_cancer.txt", ["--loss", "hinge"], "accuracy", 0.9296, 0.8612),
    ("sea.txt", ["--loss", "logistic"], "accuracy", 0.7819, 0.8797),
    ("boston.txt", [], "rmse", 12.81, 11.53),
    ("boston.txt", ["--loss", "huber"], "rmse", 12.81, 11.53),
    ("diabetes.txt", [], "rmse", 102.0, 143.8),
    ("diabetes.txt", ["--loss", "absolute"], "rmse", 102.0, 143.8),
]


def run(command, folder):
    summary = pathlib.Path(folder) / "summary.json"
    start = time.perf_counter()
    subprocess.run(command + ["--quiet", "--summary-json", str(summary)], check=True)
    wall = time.perf_counter() - start
    return json.loads(summary.read_text()), wall


def quality(shared, folder):
    print("| data | options | progressive | sklearn SGD | VW |")
    print("|---|---|---|---|---|")
    for data, options, metric, sgd, vw in QUALITY:
        result, _ = run([str(NATIVE), "-d", str(shared / data), *options], folder)
        print(f"| {data} | `{' '.join(options) or 'defaults'}` | {metric} {result[metric]:.4f} | "
              f"{sgd if sgd is not None else '–'} | {vw} |")
    model = pathlib.Path(folder) / "model.json"
    subprocess.run([str(NATIVE), "-d", str(shared / "linear_reg.txt"), "--quiet", "--readable-model", str(model)],
                   check=True)
    learned = json.loads(model.read_text())
    truth = [float(v) for v in (shared / "linear_reg.txt.weights").read_text().split()]
    error = max(abs(a - b) for a, b in zip(learned["weights"] + [learned["bias"]], truth))
    print(f"\nlinear_reg.txt: largest |learned - true| over weights and bias = {error:.4f}")


def speed(shared, folder, repeat):
    data = shared / "linear_reg.txt"
    rows = sum(1 for _ in open(data))
    print("\n| build | examples/s (whole process, best of %d) | examples/s (in the loop) |" % repeat)
    print("|---|---|---|")
    figures = {}
    for name, command in (("native", [str(NATIVE)]), ("wasm (node)", RUNNER)):
        runs = [run(command + ["-d", str(data)], folder) for _ in range(repeat)]
        best_wall = min(wall for _, wall in runs)
        best_loop = max(result["examples_per_second"] for result, _ in runs)
        figures[name] = best_wall
        print(f"| {name} | {rows / best_wall:,.0f} | {best_loop:,.0f} |")
    print(f"\nwasm / native wall time: {figures['wasm (node)'] / figures['native']:.2f}x; "
          f"tinymlkit-nm.wasm: {WASM.stat().st_size:,} bytes")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=pathlib.Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for program in (NATIVE, WASM):
        if not program.exists():
            raise SystemExit(f"{program} is missing: run scripts/build first")
    with tempfile.TemporaryDirectory(prefix="tmk-bench-") as folder:
        quality(args.shared, folder)
        speed(args.shared, folder, args.repeat)


if __name__ == "__main__":
    main()
