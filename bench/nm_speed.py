#!/usr/bin/env python3
"""tinymlkit-nm's learning speed beside Vowpal Wabbit's, on the same generated streams (issue 14).

  bench/nm_speed.py [--rows 1000000] [--wide-rows 100000] [--runs 3] [--no-wasm]

Streams as bench/stream_benchmark.py writes them (y = w.x + noise, classes sign(y)), 10 features
over --rows rows and 100 features over --wide-rows. Each program learns progressively (predict,
then learn, every row) at its defaults: tinymlkit-nm with --loss squared, logistic and hinge;
`vw --loss_function ...` the same (with --binary for the classifiers) when `vw` is on the PATH
(Debian has no package: README, "Measured figures", says how to build it). Seconds are the best
of --runs whole-process runs. Prints a Markdown table and one JSON line per row; asserts nothing.
"""
import argparse
import json
import math
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

from forest_speed import best_seconds
from stream_benchmark import write_streams

REPO = pathlib.Path(__file__).resolve().parents[1]
NM = REPO / "build" / "native" / "bin" / "tinymlkit-nm"
WASM_NM = [REPO / "tools" / "wasi-run.mjs", REPO / "build" / "wasm" / "bin" / "tinymlkit-nm.wasm"]
LOSSES = (("squared", "regression"), ("logistic", "classes"), ("hinge", "classes"))


def nm_quality(command, folder):
    """The progressive RMSE or accuracy from tinymlkit-nm's summary."""
    summary = folder / "summary.json"
    subprocess.run([str(c) for c in command] + ["--summary-json", summary], check=True, capture_output=True)
    figures = json.loads(summary.read_text())
    return figures["rmse"] if "rmse" in figures else figures["accuracy"]


def vw_quality(command, loss):
    """VW's progressive "average loss": the mean squared error (as an RMSE) or the error rate."""
    run = subprocess.run([str(c) for c in command], check=True, capture_output=True, text=True)
    average = float(re.search(r"average loss = ([0-9.eE+-]+)", run.stderr).group(1))
    return math.sqrt(average) if loss == "squared" else 1.0 - average


def measure(features, rows, runs, wasm, folder):
    streams = write_streams(folder, rows, features)
    results = []
    for loss, kind in LOSSES:
        data = streams[kind]
        row = {"features": features, "rows": rows, "loss": loss}
        ours = ["-d", data, "--loss", loss, "--quiet"]
        row["nm_seconds"] = best_seconds([NM, *ours], runs)
        row["nm_quality"] = nm_quality([NM, *ours], folder)
        if wasm:
            row["wasm_seconds"] = best_seconds([*WASM_NM, *ours], runs)
        if shutil.which("vw"):
            theirs = ["vw", "-d", data, "--loss_function", loss, "--progress", str(rows)]
            theirs += ["--binary"] if kind == "classes" else []
            row["vw_seconds"] = best_seconds(theirs, runs)
            row["vw_quality"] = vw_quality(theirs, loss)
        results.append(row)
        print(table_row(row), flush=True)
    return results


def table_row(row):
    rows = row["rows"]
    metric = "RMSE" if row["loss"] == "squared" else "accuracy"
    cells = [f"{row['features']}", f"{rows:,}", row["loss"], f"{row['nm_seconds']:.2f}",
             f"{rows / row['nm_seconds']:,.0f}", f"{metric} {row['nm_quality']:.4f}"]
    cells += [f"{row['wasm_seconds'] / row['nm_seconds']:.2f}"] if "wasm_seconds" in row else ["–"]
    if "vw_seconds" in row:
        cells += [f"{row['vw_seconds']:.2f}", f"{rows / row['vw_seconds']:,.0f}", f"{metric} {row['vw_quality']:.4f}",
                  f"{row['vw_seconds'] / row['nm_seconds']:.2f}"]
    else:
        cells += ["–", "–", "–", "–"]
    return "| " + " | ".join(cells) + " |"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--wide-rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-wasm", action="store_true")
    a = ap.parse_args()
    if not shutil.which("vw"):
        print("vw is not on the PATH: its columns stay empty", file=sys.stderr)
    print("| features | rows | loss | nm s | nm ex/s | nm progressive | wasm / native | vw s | vw ex/s |"
          " vw progressive | vw s / nm s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for features, rows in ((10, a.rows), (100, a.wide_rows)):
            folder = pathlib.Path(tmp) / str(features)
            folder.mkdir()
            results += measure(features, rows, a.runs, not a.no_wasm, folder)
    for row in results:
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
