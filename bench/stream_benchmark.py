#!/usr/bin/env python3
"""Whole-process throughput and memory on a large generated stream, native and wasm.

  bench/stream_benchmark.py [--rows 1000000 10000000] [--features 10] [--no-wasm] [--cpu N]

For each size: the raw read rate of the file (`cat FILE` into a null device, from the page cache) as the
physical ceiling; parse throughput (an unlabeled copy through tinymlkit-hoeffding, which then has
nothing to learn) and its ratio to the raw rate; and for each model, examples/s, MB/s of input
and peak RSS, the regression models on y = w.x + noise and the classifier on the sign of y.
Peak RSS should not grow from one size to the next. --cpu pins every run to one CPU (taskset):
where a machine's cores differ in speed, unpinned runs land on either and their figures with it.
Prints figures; asserts nothing.
"""

import argparse
import os
import pathlib
import random
import stat
import subprocess
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
BIN = REPO / "build" / "native" / "bin"
WASM = REPO / "build" / "wasm" / "bin"
GNU_TIME = "/usr/bin/time"  # Debian's package "time"
RUNNER = [str(REPO / "tools" / "wasi-run.mjs")]  # as a program: node starts once, with its flags
MODELS = {"nm": "regression", "hoeffding": "classes", "hoeffding-regressor": "regression"}


def write_streams(folder, rows, features, seed=5):
    """Three files of the same features: regression labels y = w.x + noise, classes sign(y), none."""
    rng = random.Random(seed)
    weights = [rng.gauss(0, 1) for _ in range(features)]
    paths = {kind: folder / f"{kind}.txt" for kind in ("regression", "classes", "unlabeled")}
    with open(paths["regression"], "w") as regression, open(paths["classes"], "w") as classes, \
            open(paths["unlabeled"], "w") as unlabeled:
        for _ in range(rows):
            x = [rng.gauss(0, 1) for _ in range(features)]
            body = " ".join(f"{j}:{v:.5f}" for j, v in enumerate(x))
            y = sum(w * v for w, v in zip(weights, x)) + rng.gauss(0, 0.5)
            regression.write(f"{y:.5f} | {body}\n")
            classes.write(f"{1 if y > 0 else -1} | {body}\n")
            unlabeled.write(f"| {body}\n")
    return paths


def private_null(folder):
    """A character device like /dev/null in our own folder, so that CTest's run of this benchmark
    writes to no host device; without the right to make one (not root), a plain file there."""
    path = folder / "null"
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        path.touch()
    return path


def timed(command, sink):
    """Wall seconds and peak RSS (MB) of one command, the RSS by GNU time: a child of this Python
    process would report Python's own peak (Linux keeps the high-water mark across exec)."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss, open(sink, "wb") as out:
        start = time.perf_counter()
        result = subprocess.run([GNU_TIME, "-f", "%M", "-o", rss.name, *map(str, command)], stdout=out)
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"failed: {' '.join(map(str, command))}")
        return seconds, int(rss.read().split()[-1]) / 1024


def best_of(runs, command, sink):
    return min(timed(command, sink)[0] for _ in range(runs))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--features", type=int, default=10)
    parser.add_argument("--no-wasm", action="store_true")
    parser.add_argument("--cpu", type=int, help="run every command on this CPU only")
    args = parser.parse_args()
    pin = [] if args.cpu is None else ["taskset", "-c", str(args.cpu)]
    builds = [("native", lambda model: pin + [BIN / f"tinymlkit-{model}"])]
    if not args.no_wasm:
        builds.append(("wasm", lambda model: pin + RUNNER + [WASM / f"tinymlkit-{model}.wasm"]))
    print("| rows | build | program | seconds | examples/s | MB/s | peak RSS MB |\n|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="tmk-stream-") as folder:
        null = private_null(pathlib.Path(folder))
        for rows in args.rows:
            streams = write_streams(pathlib.Path(folder), rows, args.features)
            bare = streams["unlabeled"]
            bare_megabytes = bare.stat().st_size / 1e6
            timed(pin + ["cat", bare], null)  # into the page cache
            raw = best_of(3, pin + ["cat", bare], null)
            print(f"| {rows:,} | – | cat (raw read) | {raw:.3f} | {rows / raw:,.0f} | {bare_megabytes / raw:,.0f} | – |")
            for build, command in builds:
                parse, rss = timed(command("hoeffding") + ["-d", bare, "--quiet"], null)
                print(f"| {rows:,} | {build} | parse only | {parse:.3f} | {rows / parse:,.0f} | "
                      f"{bare_megabytes / parse:,.0f} | {rss:.1f} |")
                print(f"| {rows:,} | {build} | parse / raw read | {raw / parse:.1%} of the raw rate | | | |")
                for model, stream in MODELS.items():
                    data = streams[stream]
                    seconds, rss = timed(command(model) + ["-d", data, "--quiet"], null)
                    print(f"| {rows:,} | {build} | tinymlkit-{model} | {seconds:.3f} | {rows / seconds:,.0f} | "
                          f"{data.stat().st_size / 1e6 / seconds:,.0f} | {rss:.1f} |", flush=True)
            for path in streams.values():
                path.unlink()


if __name__ == "__main__":
    main()
