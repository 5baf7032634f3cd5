#!/usr/bin/env python3
"""`--preset moa` against scikit-multiflow's Hoeffding tree (the port of MOA), row by row.

The port's progressive predictions for every shared stream are in
../shared/reference/traces/NAME.ht.txt.gz. The port was given the file's classes up front
(`partial_fit(classes=...)`), so the program gets them as --classes, and the nominal columns
as --nominal (../shared/data/nominal.tsv). Passes when at least --min-agreement of the rows get
the same prediction and the accuracy is within --max-gap of the port's.

Exits 77 (CTest's skip) when the shared folder is not beside the checkout.
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile

SKIP = 77


def nominal_columns(shared, stream):
    with open(os.path.join(shared, "data", "nominal.tsv")) as f:
        for line in f:
            name, _, columns = line.rstrip("\n").partition("\t")
            if name == stream + ".txt":
                return columns
    return ""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--program", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--stream", required=True)
    ap.add_argument("--min-agreement", type=float, default=0.995)
    ap.add_argument("--max-gap", type=float, default=0.001)
    a = ap.parse_args()
    data = os.path.join(a.shared, "data", a.stream + ".txt")
    trace = os.path.join(a.shared, "reference", "traces", a.stream + ".ht.txt.gz")
    if not (os.path.exists(data) and os.path.exists(trace)):
        print(f"skipped: {data} or {trace} is missing")
        return SKIP
    with open(data) as f:
        labels = sorted({line.split(None, 1)[0] for line in f if line.strip()})
    with tempfile.TemporaryDirectory() as tmp:
        predictions, summary = os.path.join(tmp, "p.txt"), os.path.join(tmp, "s.json")
        command = [a.program, "-d", data, "--quiet", "--preset", "moa", "--classes", ",".join(labels),
                   "-p", predictions, "--summary-json", summary]
        if nominal := nominal_columns(a.shared, a.stream):
            command += ["--nominal", nominal]
        run = subprocess.run(command, capture_output=True, text=True)
        if run.returncode != 0:
            print(f"FAIL: {' '.join(command)} exited {run.returncode}: {run.stderr.strip()}")
            return 1
        ours = [line.split()[0] if line.strip() else "" for line in open(predictions)]
        accuracy = json.load(open(summary))["accuracy"]
    theirs = [line.strip() for line in gzip.open(trace, "rt")]
    if len(ours) != len(theirs):
        print(f"FAIL: {len(ours)} predictions for {len(theirs)} rows of the trace")
        return 1
    differ = [i + 1 for i, (x, y) in enumerate(zip(ours, theirs)) if x != y]
    port_accuracy = sum(y == line.split(None, 1)[0] for y, line in zip(theirs, open(data))) / len(theirs)
    agreement = 1 - len(differ) / len(theirs)
    print(f"{a.stream}: {len(theirs)} rows, {len(differ)} differ (agreement {agreement:.4f}); "
          f"accuracy {accuracy:.4f}, port {port_accuracy:.4f}; first rows that differ: {differ[:10]}")
    if agreement < a.min_agreement or abs(accuracy - port_accuracy) > a.max_gap:
        print(f"FAIL: needs agreement >= {a.min_agreement} and accuracy within {a.max_gap} of the port's")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
