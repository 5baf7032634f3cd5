#!/usr/bin/env python3
"""tinymlkit-forest beside the scikit-multiflow port's ARF and beside our own single tree, on every
shared classification stream: progressive accuracy on the rows the port used (its ARF ran on the
first 10,000 or 20,000 rows of the long streams) and on the whole stream.

  bench/forest_table.py [--forest build/native/bin/tinymlkit-forest]
                        [--tree build/native/bin/tinymlkit-hoeffding] [-- FOREST ARGS]

Progress goes to stderr, one line a stream; a Markdown table, the mean margins (over the port on
its rows, over the tree on whole streams and on the drifting ones) and one JSON line a stream go
to stdout.
"""
import argparse
import json
import math
import pathlib
import statistics
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DRIFTING = ("agrawal_drift", "rbf_drift", "sea")


def port_arf():
    rows = {}
    for line in (SHARED / "reference" / "port_figures.tsv").read_text().splitlines()[1:]:
        cells = line.split("\t")
        if cells[1] == "ARF" and cells[2] == "accuracy":
            rows[cells[0]] = (float(cells[3]), int(cells[4]))
    return rows


def nominal_columns():
    columns = {}
    for line in (SHARED / "data" / "nominal.tsv").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, cols = line.split("\t")
            columns[name] = cols
    return columns


def run(program, data, nominal, extra, folder):
    summary = folder / "summary.json"
    args = [program, "-d", data, "--quiet", "--summary-json", summary] + (["--nominal", nominal] if nominal else []) + extra
    subprocess.run([str(a) for a in args], check=True, capture_output=True)
    figures = json.loads(summary.read_text())
    return figures["accuracy"], figures["examples_per_second"]


def sea_ceiling():
    """The accuracy of an oracle that knows sea's four concepts and when they change (label =
    x0 + x1 <= theta, theta = 8, 9, 7, 9.5 over four equal blocks; shared/data/README.md): its 10%
    label noise caps every learner there."""
    lines = (SHARED / "data" / "sea.txt").read_text().splitlines()
    right = 0
    for i, line in enumerate(lines):
        label, features = line.split("|")
        x = {int(k): float(v) for k, v in (f.split(":") for f in features.split())}
        theta = (8, 9, 7, 9.5)[i * 4 // len(lines)]
        right += label.strip() == ("1" if x.get(0, 0.0) + x.get(1, 0.0) <= theta else "0")
    return right / len(lines)


def interval(rows, confidence=0.95):
    return math.sqrt(math.log(2 / (1 - confidence)) / (2 * rows))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--forest", default=str(REPO / "build" / "native" / "bin" / "tinymlkit-forest"))
    ap.add_argument("--tree", default=str(REPO / "build" / "native" / "bin" / "tinymlkit-hoeffding"))
    ap.add_argument("extra", nargs="*", help="more arguments for the forest (after --)")
    a = ap.parse_args()
    port, nominal = port_arf(), nominal_columns()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        for i, name in enumerate(sorted(port)):
            path = SHARED / "data" / f"{name}.txt"
            port_accuracy, port_rows = port[name]
            lines = path.read_text().splitlines(keepends=True)
            head = folder / "head.txt"
            head.write_text("".join(lines[:port_rows]))
            cols = nominal.get(f"{name}.txt")
            forest_head, _ = run(a.forest, head, cols, a.extra, folder)
            forest_whole, speed = run(a.forest, path, cols, a.extra, folder)
            tree_whole, _ = run(a.tree, path, cols, [], folder)
            result = {"stream": name, "port_rows": port_rows, "port_arf": port_accuracy, "forest_on_port_rows": forest_head,
                      "rows": len(lines), "tree": tree_whole, "forest": forest_whole, "forest_examples_per_second": speed,
                      "behind_port_beyond_interval": forest_head - port_accuracy < -interval(port_rows)}
            results.append(result)
            print(f"[{i + 1}/{len(port)}] {name}: forest {forest_head:.4f} (port {port_accuracy:.4f}) on {port_rows} rows; "
                  f"whole {forest_whole:.4f} (tree {tree_whole:.4f})", file=sys.stderr)
    print("| stream | port rows | port ARF | forest | margin | rows | single tree | forest | forest - tree | forest ex/s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        mark = " (beyond interval)" if r["behind_port_beyond_interval"] else ""
        print(f"| {r['stream']} | {r['port_rows']} | {r['port_arf']:.4f} | {r['forest_on_port_rows']:.4f} | "
              f"{(r['forest_on_port_rows'] - r['port_arf']) * 100:+.2f} pt{mark} | {r['rows']} | {r['tree']:.4f} | "
              f"{r['forest']:.4f} | {(r['forest'] - r['tree']) * 100:+.2f} pt | {r['forest_examples_per_second']:.0f} |")
    over_port = statistics.mean(r["forest_on_port_rows"] - r["port_arf"] for r in results)
    over_tree = statistics.mean(r["forest"] - r["tree"] for r in results)
    drifting = [r["forest"] - r["tree"] for r in results if r["stream"] in DRIFTING]
    behind = [r["stream"] for r in results if r["behind_port_beyond_interval"]]
    print(f"\nmean margin over the port's ARF (its rows): {over_port * 100:+.2f} points; behind beyond the interval on "
          f"{len(behind)}: {', '.join(behind) or 'none'}")
    print(f"mean margin over the single tree (whole streams): {over_tree * 100:+.2f} points; on the drifting streams "
          f"({', '.join(DRIFTING)}): {', '.join(f'{d * 100:+.2f}' for d in drifting)} points")
    sea = next((r for r in results if r["stream"] == "sea"), None)
    if sea:
        ceiling = sea_ceiling()
        print(f"sea: an oracle of its concepts scores {ceiling:.4f}, {(ceiling - sea['tree']) * 100:+.2f} points over the "
              f"single tree; the forest is {(ceiling - sea['forest']) * 100:.2f} points below it")
    for r in results:
        print(json.dumps(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
