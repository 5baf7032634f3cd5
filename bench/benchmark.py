#!/usr/bin/env python3
"""Quality, speed and memory of every TinyMLKit model, native and wasm; prints the figures.

  bench/benchmark.py [--shared ../shared/data] [--repeat 3]

Quality is progressive (test-then-train over the whole file, defaults unless stated), next to
the figures in ../shared/reference. Speed is examples per second, best of --repeat runs, over the
whole process and inside the learning loop, native and under node's WASI; then the seconds to
aggregate 1,000 client summaries under each rule. Long streams and peak memory are
bench/stream_benchmark.py's. Nothing here is a test (scripts/test runs those).
"""

import argparse
import json
import pathlib
import random
import subprocess
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
BIN = REPO / "build" / "native" / "bin"
WASM = REPO / "build" / "wasm" / "bin"
RUNNER = [str(REPO / "tools" / "wasi-run.mjs")]  # as a program: node starts once, with its flags

# model, data, options, metric, references (name, figure) from ../shared/reference
QUALITY = [
    ("nm", "linear_reg.txt", [], "rmse", [("SGD", 0.5646), ("VW", 0.522)]),
    ("nm", "linear_logit.txt", ["--loss", "logistic"], "accuracy", [("VW", 0.8385)]),
    ("nm", "pima.txt", ["--loss", "logistic"], "accuracy", [("SGD", 0.7066), ("VW", 0.6549)]),
    ("nm", "pima.txt", ["--loss", "hinge"], "accuracy", [("SGD", 0.7066), ("VW", 0.6549)]),
    ("nm", "breast_cancer.txt", ["--loss", "logistic"], "accuracy", [("SGD", 0.9296), ("VW", 0.8612)]),
    ("nm", "breast_cancer.txt", ["--loss", "hinge"], "accuracy", [("SGD", 0.9296), ("VW", 0.8612)]),
    ("nm", "sea.txt", ["--loss", "logistic"], "accuracy", [("SGD", 0.7819), ("VW", 0.8797)]),
    ("nm", "boston.txt", [], "rmse", [("SGD", 12.81), ("VW", 11.53)]),
    ("nm", "boston.txt", ["--loss", "huber"], "rmse", [("SGD", 12.81), ("VW", 11.53)]),
    ("nm", "diabetes.txt", [], "rmse", [("SGD", 102.0), ("VW", 143.8)]),
    ("nm", "diabetes.txt", ["--loss", "absolute"], "rmse", [("SGD", 102.0), ("VW", 143.8)]),
    ("hoeffding", "pima.txt", [], "accuracy", [("GaussianNB", 0.7432), ("SGD", 0.7066), ("MOA port", 0.7392)]),
    ("hoeffding", "breast_cancer.txt", [], "accuracy", [("GaussianNB", 0.9208), ("SGD", 0.9296), ("MOA port", 0.9243)]),
    ("hoeffding", "wine.txt", [], "accuracy", [("GaussianNB", 0.9379), ("SGD", 0.9379), ("MOA port", 0.9435)]),
    ("hoeffding", "satellite.txt", [], "accuracy", [("GaussianNB", 0.7882), ("SGD", 0.7664), ("MOA port", 0.7888)]),
    ("hoeffding", "dna.txt", [], "accuracy", [("GaussianNB", 0.2405), ("SGD", 0.8882), ("MOA port", 0.9174)]),
    ("hoeffding", "digits.txt", [], "accuracy", [("GaussianNB", 0.0991), ("SGD", 0.8263), ("MOA port", 0.8424)]),
    ("hoeffding", "sea.txt", [], "accuracy", [("GaussianNB", 0.8787), ("SGD", 0.7819), ("MOA port", 0.844)]),
    ("hoeffding", "sea.txt", ["--drift-detection", "none"], "accuracy", [("MOA port", 0.844)]),
    ("hoeffding-regressor", "boston.txt", [], "rmse", [("SGD", 12.81), ("MOA port", 6.184)]),
    ("hoeffding-regressor", "diabetes.txt", [], "rmse", [("SGD", 102.0), ("MOA port", 63.31)]),
    ("hoeffding-regressor", "linear_reg.txt", [], "rmse", [("SGD", 0.5646), ("MOA port", 1.183)]),
]
SPEED = [("nm", "linear_reg.txt", []), ("hoeffding", "sea.txt", []), ("hoeffding", "satellite.txt", []),
         ("hoeffding-regressor", "linear_reg.txt", [])]


def run(command, folder):
    summary = pathlib.Path(folder) / "summary.json"
    start = time.perf_counter()
    subprocess.run(command + ["--quiet", "--summary-json", str(summary)], check=True)
    return json.loads(summary.read_text()), time.perf_counter() - start


def quality(shared, folder):
    print("| model | data | options | progressive | references |\n|---|---|---|---|---|")
    for model, data, options, metric, references in QUALITY:
        result, _ = run([str(BIN / f"tinymlkit-{model}"), "-d", str(shared / data), *options], folder)
        extra = f" ({int(result['drifts'])} drifts)" if "drifts" in result and result["drifts"] else ""
        refs = ", ".join(f"{name} {value}" for name, value in references)
        print(f"| {model} | {data} | `{' '.join(options) or 'defaults'}` | {metric} {result[metric]:.4f}{extra} | {refs} |")
    model = pathlib.Path(folder) / "model.json"
    subprocess.run([str(BIN / "tinymlkit-nm"), "-d", str(shared / "linear_reg.txt"), "--quiet", "--readable-model",
                    str(model)], check=True)
    learned = json.loads(model.read_text())
    truth = [float(v) for v in (shared / "linear_reg.txt.weights").read_text().split()]
    error = max(abs(a - b) for a, b in zip(learned["weights"] + [learned["bias"]], truth))
    print(f"\nnm on linear_reg.txt: largest |learned - true| over weights and bias = {error:.4f}")


def speed(shared, folder, repeat):
    print(f"\n| model | data | native ex/s (process) | native ex/s (loop) | wasm ex/s (process) | wasm ex/s (loop) | "
          f"wasm/native (loop) |\n|---|---|---|---|---|---|---|")
    for model, data, options in SPEED:
        rows = sum(1 for _ in open(shared / data))
        figures = []
        for command in ([str(BIN / f"tinymlkit-{model}")], RUNNER + [str(WASM / f"tinymlkit-{model}.wasm")]):
            runs = [run(command + ["-d", str(shared / data), *options], folder) for _ in range(repeat)]
            figures.append((rows / min(wall for _, wall in runs), max(r["examples_per_second"] for r, _ in runs)))
        (native_process, native_loop), (wasm_process, wasm_loop) = figures
        print(f"| {model} | {data} | {native_process:,.0f} | {native_loop:,.0f} | {wasm_process:,.0f} | "
              f"{wasm_loop:,.0f} | {native_loop / wasm_loop:.2f}x |")


def aggregation_speed(folder, clients=1000, features=100):
    """Seconds to aggregate `clients` tinymlkit-nm summaries of `features` features, per rule."""
    rng = random.Random(3)
    weights = [rng.gauss(0, 1) for _ in range(features)]
    paths = []
    for c in range(clients):
        data = pathlib.Path(folder) / "client.txt"
        with open(data, "w") as out:
            for _ in range(40):
                x = [rng.gauss(0, 1) for _ in range(features)]
                y = sum(w * v for w, v in zip(weights, x)) + rng.gauss(0, 0.5)
                out.write(f"{y:.4f} | " + " ".join(f"{j}:{v:.3f}" for j, v in enumerate(x)) + "\n")
        paths.append(pathlib.Path(folder) / f"client{c}.tmk")
        subprocess.run([str(BIN / "tinymlkit-nm"), "-d", str(data), "--export-summary", str(paths[-1]), "--quiet"],
                       check=True)
    arguments = [item for path in paths for item in ("-m", str(path))]
    print(f"\n| rule ({clients} clients, {features} features) | seconds (whole process, loading included) | "
          f"Weiszfeld iterations |\n|---|---|---|")
    for rule in ("median", "geomedian", "mean-around-median", "trimmed-mean", "krum", "centered-clip", "mean"):
        glob = pathlib.Path(folder) / "global.tmk"
        glob.unlink(missing_ok=True)
        byzantine = (clients - 3) // 2 if rule == "krum" else (clients - 1) // 2
        start = time.perf_counter()
        subprocess.run([str(BIN / "tinymlkit-nm"), *arguments, "-f", str(glob), "--aggregate", rule,
                        "--byzantine", str(byzantine), "--quiet"], check=True)
        seconds = time.perf_counter() - start
        subprocess.run([str(BIN / "tinymlkit-nm"), "-i", str(glob), "--readable-model", str(glob) + ".json"],
                       check=True)
        iterations = json.loads(pathlib.Path(str(glob) + ".json").read_text())["federation"]["history"][-1]
        print(f"| {rule} | {seconds:.3f} | {iterations['weiszfeld_iterations'] if rule == 'geomedian' else '–'} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=pathlib.Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    modules = sorted(WASM.glob("*.wasm"))
    if not (BIN / "tinymlkit-nm").exists() or not modules:
        raise SystemExit("build/native or build/wasm is missing: run scripts/build first")
    with tempfile.TemporaryDirectory(prefix="tmk-bench-") as folder:
        quality(args.shared, folder)
        speed(args.shared, folder, args.repeat)
        aggregation_speed(folder)
    print("\n" + "\n".join(f"{module.name}: {module.stat().st_size:,} bytes" for module in modules))


if __name__ == "__main__":
    main()
