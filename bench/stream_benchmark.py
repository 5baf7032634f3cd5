#!/usr/bin/env python3
"""Whole-process throughput and memory on a large generated stream, native and wasm.

  bench/stream_benchmark.py [--rows 1000000 10000000] [--features 10] [--no-wasm]

For each size: the raw read rate of the file (`cat FILE > /dev/null`, from the page cache) as the
physical ceiling; parse throughput (an unlabeled copy through tinymlkit-hoeffding, which then has
nothing to predict) and its ratio to the raw rate; and for each model, examples/s, MB/s of input
and peak RSS. Peak RSS should not grow from one size to the next. Prints figures; asserts nothing.
"""

import argparse
import os
import pathlib
import random
import subprocess
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
BIN = REPO / "build" / "native" / "bin"
WASM = REPO / "build" / "wasm" / "bin"
RUNNER = ["node", str(REPO / "tools" / "wasi-run.mjs")]
MODELS = {"nm": [], "hoeffding": [], "hoeffding-regressor": []}


def write_stream(path, unlabeled_path, rows, features, seed=5):
    """Regression labels y = w.x + noise; the unlabeled copy has the same features."""
    rng = random.Random(seed)
    weights = [rng.gauss(0, 1) for _ in range(features)]
    with open(path, "w") as out, open(unlabeled_path, "w") as bare:
        for _ in range(rows):
            x = [rng.gauss(0, 1) for _ in range(features)]
            body = " ".join(f"{j}:{v:.5f}" for j, v in enumerate(x))
            out.write(f"{sum(w * v for w, v in zip(weights, x)) + rng.gauss(0, 0.5):.5f} | {body}\n")
            bare.write(f"| {body}\n")


def timed(command):
    """Wall seconds and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen([str(c) for c in command], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(map(str, command))}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--features", type=int, default=10)
    parser.add_argument("--no-wasm", action="store_true")
    args = parser.parse_args()
    builds = [("native", lambda model: [BIN / f"tinymlkit-{model}"])]
    if not args.no_wasm:
        builds.append(("wasm", lambda model: RUNNER + [WASM / f"tinymlkit-{model}.wasm"]))
    print("| rows | build | program | seconds | examples/s | MB/s | peak RSS MB |\n|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="tmk-stream-") as folder:
        for rows in args.rows:
            data, bare = pathlib.Path(folder) / "stream.txt", pathlib.Path(folder) / "bare.txt"
            write_stream(data, bare, rows, args.features)
            megabytes = data.stat().st_size / 1e6
            timed(["cat", data])  # into the page cache
            raw, _ = timed(["sh", "-c", f"cat {data} > /dev/null"])
            print(f"| {rows:,} | – | cat (raw read) | {raw:.3f} | {rows / raw:,.0f} | {megabytes / raw:,.0f} | – |")
            for build, command in builds:
                parse, rss = timed(command("hoeffding") + ["-d", bare, "--quiet"])
                print(f"| {rows:,} | {build} | parse only | {parse:.3f} | {rows / parse:,.0f} | "
                      f"{bare.stat().st_size / 1e6 / parse:,.0f} | {rss:.1f} |")
                print(f"| {rows:,} | {build} | parse / raw read | {raw / parse:.1%} of the raw rate | | | |")
                for model, options in MODELS.items():
                    seconds, rss = timed(command(model) + ["-d", data, "--quiet", *options])
                    print(f"| {rows:,} | {build} | tinymlkit-{model} | {seconds:.3f} | {rows / seconds:,.0f} | "
                          f"{megabytes / seconds:,.0f} | {rss:.1f} |", flush=True)
            data.unlink()
            bare.unlink()


if __name__ == "__main__":
    main()
