#!/usr/bin/env python3
"""Classifier defaults on streams that are not in ../shared: six generated, seeded streams that no
default was chosen on (a check against tuning to the shared table, not a replacement for it).

  bench/unseen_streams.py [--program build/native/bin/tinymlkit-hoeffding] \
      [--candidate="--preset moa" --candidate="" ...]

- blobs: 8 classes of Gaussian blobs in 10 dimensions, 30,000 rows (naive Bayes is optimal);
- xor: the XOR of two thresholds, 6 irrelevant features, 10% label noise, 50,000 rows;
- sine: y = [x1 < sin(x0)], 2 irrelevant features, 50,000 rows;
- product: y = [x0 x1 > 0.25], 4 irrelevant features, 5% label noise, 40,000 rows;
- stagger: STAGGER-like nominal concepts that change every 20,000 rows, 3 irrelevant nominal
  features, 60,000 rows (run with --nominal);
- small: 5 classes of Gaussian blobs in 6 dimensions, 400 rows.

Prints progress to stderr, a Markdown table (progressive accuracy and leaves per candidate) and a
JSON line per candidate to stdout.
"""
import argparse
import json
import math
import os
import pathlib
import random
import shlex
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[1]


def write(path, rows):
    with open(path, "w") as f:
        for label, x in rows:
            f.write(f"{label} | " + " ".join(f"{i}:{v:.5g}" for i, v in enumerate(x) if v != 0) + "\n")


def blobs(rng, classes, dimension, rows):
    centres = [[rng.gauss(0, 1.5 if classes > 5 else 1.0) for _ in range(dimension)] for _ in range(classes)]
    out = []
    for _ in range(rows):
        c = rng.randrange(classes)
        out.append((f"k{c}", [rng.gauss(m, 1.0) for m in centres[c]]))
    return out


def uniform_concept(rng, prefix, rows, dimension, concept, noise):
    """Features uniform in [0, 1); the label is concept(x), flipped with probability `noise`."""
    out = []
    for _ in range(rows):
        x = [rng.random() for _ in range(dimension)]
        y = int(concept(x))
        out.append((f"{prefix}{1 - y if rng.random() < noise else y}", x))
    return out


def streams(folder):
    """Writes the six streams; returns (name, path, options) for each."""
    rng = random.Random(42)
    made = []
    write(folder / "blobs.txt", blobs(rng, 8, 10, 30000))
    made.append(("blobs", folder / "blobs.txt", []))
    write(folder / "xor.txt", uniform_concept(rng, "c", 50000, 8, lambda x: (x[0] > 0.5) != (x[1] > 0.5), 0.1))
    made.append(("xor", folder / "xor.txt", []))
    rows = []
    for _ in range(50000):
        x = [rng.random() * 2 * math.pi, rng.random() * 2 - 1, rng.random(), rng.random()]
        rows.append((f"s{int(x[1] < math.sin(x[0]))}", x))
    write(folder / "sine.txt", rows)
    made.append(("sine", folder / "sine.txt", []))
    rows = []
    for i in range(60000):
        size, color, shape = rng.randrange(3), rng.randrange(3), rng.randrange(3)
        phase = i // 20000
        y = (size == 0 and color == 0) if phase == 0 else (color == 2 or shape == 1) if phase == 1 else size > 0
        rows.append((f"t{int(y)}", [size, color, shape] + [rng.randrange(4) for _ in range(3)]))
    write(folder / "stagger.txt", rows)
    made.append(("stagger", folder / "stagger.txt", ["--nominal", "0,1,2,3,4,5"]))
    write(folder / "small.txt", blobs(rng, 5, 6, 400))
    made.append(("small", folder / "small.txt", []))
    write(folder / "product.txt", uniform_concept(rng, "p", 40000, 6, lambda x: x[0] * x[1] > 0.25, 0.05))
    made.append(("product", folder / "product.txt", []))
    return made


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--program", default=str(REPO / "build" / "native" / "bin" / "tinymlkit-hoeffding"))
    ap.add_argument("--candidate", action="append", help='options, e.g. --candidate="--preset moa"')
    a = ap.parse_args()
    candidates = a.candidate or ["--preset moa", ""]
    results = {c: {} for c in candidates}
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        made = streams(folder)
        for number, candidate in enumerate(candidates, 1):
            print(f"[{number}/{len(candidates)}] {candidate or '(defaults)'}", file=sys.stderr, flush=True)
            for name, path, options in made:
                summary = folder / "s.json"
                command = [a.program, "-d", str(path), "--quiet", "--summary-json", str(summary), *options,
                           *shlex.split(candidate)]
                subprocess.run(command, check=True)
                figures = json.load(open(summary))
                results[candidate][name] = (figures["accuracy"], figures.get("leaves"), figures["examples"])
    names = [name for name, _, _ in made]
    print("| options | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for candidate in candidates:
        cells = [f"{results[candidate][n][0]:.4f} ({results[candidate][n][1]} leaves)" for n in names]
        print(f"| `{candidate or '(defaults)'}` | " + " | ".join(cells) + " |")
    rows = {n: results[candidates[0]][n][2] for n in names}
    print("| 95% interval | " + " | ".join(f"±{math.sqrt(math.log(40) / (2 * rows[n])) * 100:.2f} pt" for n in names) + " |")
    for candidate in candidates:
        print(json.dumps({"options": candidate, "accuracy": {n: results[candidate][n][0] for n in names}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
