#!/usr/bin/env python3
"""The program's defaults against scikit-multiflow's Hoeffding tree on every shared stream.

Issue 9's goal: at the defaults, progressive accuracy at or above the port's on every stream
within the stream's Hoeffding interval (95%: sqrt(ln(2 / 0.05) / (2 n))), and at least
--min-mean points above it on average. The port's figures are in
../shared/reference/port_figures.tsv, the nominal columns in ../shared/data/nominal.tsv. Prints
one line a stream as it goes, then a summary line of key=value pairs.

Exits 77 (CTest's skip) when the shared folder is not beside the checkout.
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile

SKIP = 77


def port_accuracies(shared, model):
    figures = {}
    with open(os.path.join(shared, "reference", "port_figures.tsv")) as f:
        next(f)
        for line in f:
            stream, port_model, metric, figure, rows = line.rstrip("\n").split("\t")[:5]
            if port_model == model and metric == "accuracy":
                figures[stream] = (float(figure), int(rows))
    return figures


def nominal_columns(shared):
    columns = {}
    with open(os.path.join(shared, "data", "nominal.tsv")) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            name, _, indexes = line.rstrip("\n").partition("\t")
            columns[name] = indexes
    return columns


def hoeffding_interval(rows, confidence=0.95):
    return math.sqrt(math.log(2 / (1 - confidence)) / (2 * rows))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--program", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--model", default="HT", help="the port's model in port_figures.tsv")
    ap.add_argument("--min-mean", type=float, default=2.0, help="points above the port on average")
    a = ap.parse_args()
    figures_file = os.path.join(a.shared, "reference", "port_figures.tsv")
    if not os.path.exists(figures_file):
        print(f"skipped: {figures_file} is missing")
        return SKIP
    nominal = nominal_columns(a.shared)
    margins, behind = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for stream, (port, rows) in sorted(port_accuracies(a.shared, a.model).items()):
            data = os.path.join(a.shared, "data", stream + ".txt")
            if not os.path.exists(data):
                continue
            # The port's figure may cover the file's first rows only.
            head = os.path.join(tmp, "data.txt")
            with open(data) as source, open(head, "w") as out:
                for _, line in zip(range(rows), source):
                    out.write(line)
            summary = os.path.join(tmp, "s.json")
            command = [a.program, "-d", head, "--quiet", "--summary-json", summary]
            if stream + ".txt" in nominal:
                command += ["--nominal", nominal[stream + ".txt"]]
            run = subprocess.run(command, capture_output=True, text=True)
            if run.returncode != 0:
                print(f"FAIL: {' '.join(command)} exited {run.returncode}: {run.stderr.strip()}")
                return 1
            margin = json.load(open(summary))["accuracy"] - port
            interval = hoeffding_interval(rows)
            margins.append(margin)
            if margin < -interval:
                behind.append(stream)
            print(f"{stream}: port {port:.4f}, defaults {port + margin:.4f}, margin {margin * 100:+.2f} "
                  f"points (interval ±{interval * 100:.2f})", flush=True)
    if not margins:
        print("skipped: no shared stream has a port figure")
        return SKIP
    mean = statistics.mean(margins) * 100
    ok = not behind and mean >= a.min_mean
    print(f"summary: streams={len(margins)} mean_margin_points={mean:+.2f} min_mean={a.min_mean:+.2f} "
          f"behind_beyond_interval={','.join(behind) or 'none'} result={'pass' if ok else 'fail'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
