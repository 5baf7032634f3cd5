#!/usr/bin/env /usr/bin/python3
"""--export-onnx beside the programs on every stream in ../shared/data: each tree model (and nm
on the regression streams) learns the first ROWS rows (with the stream's --nominal columns from
nominal.tsv too), exports, passes ONNX's full check, and onnxruntime-node predicts the same rows.
For each run: the rows whose class differs (must be 0) and the largest relative difference of a
probability or value. Needs scripts/setup's onnxruntime-node and Debian's python3-onnx.

  bench/onnx_agreement.py [--rows 3000] [--models hoeffding,forest,hoeffding-regressor,forest-regressor,nm]

Progress goes to stderr; a Markdown table and a JSON summary line go to stdout.
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
sys.path.insert(0, str(REPO / "tests" / "cli"))
from cases_onnx import DRIVER, ONNXRUNTIME, checked_features  # noqa: E402
from support import Program  # noqa: E402

CLASSIFIERS = ("hoeffding", "forest")


def probabilities_or_values(line, classifies):
    words = line.split()
    if not classifies:
        return None, [float(words[0])]
    if ":" in words[-1]:  # the program's "label:p ..." with -p --probabilities
        return None, [float(word.rsplit(":", 1)[1]) for word in words]
    return words[0], [float(word) for word in words[1:]]


def compare(program, model, stream, options, rows, folder):
    data = folder / stream.name
    data.write_text("".join(stream.read_text().splitlines(keepends=True)[:rows]))
    classifies = model in CLASSIFIERS
    p = Program([str(program)], folder, model)
    p.run("-d", data, "-f", folder / "m.tmk", "--quiet", *options)
    p.run("-i", folder / "m.tmk", "--export-onnx", folder / "m.onnx")
    features = checked_features(folder / "m.onnx")
    p.run("-d", data, "-i", folder / "m.tmk", "-t", "-p", folder / "labels.txt", "--quiet")
    p.run("-d", data, "-i", folder / "m.tmk", "-t", "-p", folder / "values.txt", "--quiet",
          *(["--probabilities"] if classifies else []))
    exported = subprocess.run(["node", str(DRIVER), str(ONNXRUNTIME), str(folder / "m.onnx"), str(data), str(features)],
                              capture_output=True, text=True, check=True).stdout.splitlines()
    labels = (folder / "labels.txt").read_text().splitlines()
    values = (folder / "values.txt").read_text().splitlines()
    other_class, worst = 0, 0.0
    for ours, label, theirs in zip(exported, labels, values):
        our_label, our_numbers = probabilities_or_values(ours, classifies)
        _, their_numbers = probabilities_or_values(theirs, classifies)
        other_class += classifies and our_label != label
        for a, b in zip(our_numbers, their_numbers):
            if a != b:
                worst = max(worst, abs(a - b) / max(abs(a), abs(b)))
    return len(exported), other_class, worst


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--models", default="hoeffding,forest,hoeffding-regressor,forest-regressor,nm")
    args = parser.parse_args()
    nominal = dict(line.split("\t") for line in (SHARED / "nominal.tsv").read_text().splitlines()
                   if line and not line.startswith("#"))
    # The data README's table: | file | rows | features | task | ...
    tasks = {cells[0].lstrip("| "): cells[3] for cells in (line.split(" | ") for line in (SHARED / "README.md").read_text().splitlines())
             if len(cells) > 3}
    print("| model | stream | options | rows | rows with another class | largest relative difference |")
    print("|---|---|---|---:|---:|---:|")
    runs, other_classes, worst = 0, 0, 0.0
    for stream in sorted(SHARED.glob("*.txt")):
        regression = tasks.get(stream.name, "").startswith("regression")
        for model in args.models.split(","):
            if (model in CLASSIFIERS) == regression or (model == "nm" and not regression):
                continue
            variants = [[]] + ([["--nominal", nominal[stream.name].strip()]] if stream.name in nominal else [])
            for options in variants:
                with tempfile.TemporaryDirectory() as folder:
                    program = REPO / "build" / "native" / "bin" / f"tinymlkit-{model}"
                    n, other, difference = compare(program, model, stream, options, args.rows, pathlib.Path(folder))
                runs += 1
                other_classes += other
                worst = max(worst, difference)
                shown = " ".join(options)[:24]
                print(f"| {model} | {stream.stem} | {shown} | {n:,} | {other} | {difference:.3g} |", flush=True)
                print(f"{model} {stream.stem} {shown}: done", file=sys.stderr, flush=True)
    print(json.dumps({"runs": runs, "rows_with_another_class": other_classes, "largest_relative_difference": worst}))


if __name__ == "__main__":
    main()
