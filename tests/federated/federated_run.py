#!/usr/bin/env python3
"""An end-to-end federated run of tinymlkit-nm: a dataset split across clients, some of them
Byzantine, several rounds (clients continue from the global model, train on their next chunk,
export summaries; the server aggregates), and the global model's held-out accuracy per rule and
per number of attackers.

  federated_run.py --program tinymlkit-nm [--runner CMD...] [--data FILE] [--clients 15]
                   [--rounds 3] [--rows N] [--byzantine 0,1,3,5,7] [--rules mean,median,...] [--check]

Attackers cycle through three attacks: a model with huge wrong weights (trained on flipped labels
and features scaled by 1e-6, so its weights in data units are 1e6 times too large and point the
wrong way), a model trained on label-flipped data, and a garbage file. Without --data the data is generated (logistic, 10 features). With
--check it asserts what robust aggregation promises: the mean collapses with one attacker; the
robust rules stay within a few points of the all-honest run up to f < n/2.
"""

import argparse
import json
import math
import pathlib
import random
import subprocess
import sys
import tempfile


def generated(rows, seed=12):
    rng = random.Random(seed)
    weights = [rng.gauss(0, 1) for _ in range(10)]
    lines = []
    for _ in range(rows):
        x = [rng.gauss(0, 1) for _ in weights]
        margin = sum(w * v for w, v in zip(weights, x)) + 0.5
        label = 1 if rng.random() < 1 / (1 + math.exp(-margin)) else 0
        lines.append(f"{label} | " + " ".join(f"{j}:{v:.5f}" for j, v in enumerate(x)))
    return lines


def attacked(lines, attack):
    out = []
    for line in lines:
        label, features = line.split("|", 1)
        label = "0 " if label.strip() == "1" else "1 "  # both attacks flip labels
        if attack == "huge":  # features scaled down: weights scaled up
            features = " ".join(f"{item.split(':')[0]}:{float(item.split(':')[1]) * 1e-6:.6g}" for item in features.split())
        out.append(f"{label}| {features}")
    return out


def federate(run, folder, chunks, test, rule, byzantine, rounds):
    clients = len(chunks)
    attacks = ["huge", "label-flip", "garbage"]
    glob = folder / "global.tmk"
    glob.unlink(missing_ok=True)
    for r in range(rounds):
        summaries = []
        for c in range(clients):
            summary = folder / f"client{c}.tmk"
            attack = attacks[c % 3] if c < byzantine else None
            if attack == "garbage":
                summary.write_bytes(b"\x00garbage" * 50)
            else:
                data = folder / f"client{c}.txt"
                rows = chunks[c][r]
                data.write_text("\n".join(attacked(rows, attack) if attack else rows) + "\n")
                start = ["-i", glob] if glob.exists() else ["--loss", "logistic"]
                run(["-d", data, *start, "--export-summary", summary, "--quiet"])
            summaries += ["-m", summary]
        # The server assumes the most its rule tolerates: F < n/2, or n >= 2F + 3 for Krum.
        assumed = (clients - 3) // 2 if rule == "krum" else (clients - 1) // 2
        run([*summaries, "-f", glob, "--aggregate", rule, "--byzantine", str(assumed), "--quiet"])
    run(["-d", test, "-i", glob, "-t", "--summary-json", folder / "test.json", "--quiet"])
    return json.loads((folder / "test.json").read_text())["accuracy"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--program", required=True)
    parser.add_argument("--runner", nargs="*", default=[])
    parser.add_argument("--data", type=pathlib.Path)
    parser.add_argument("--clients", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rows", type=int, default=300, help="rows per client per round")
    parser.add_argument("--byzantine", default="0,1,3,5,7")
    parser.add_argument("--rules", default="mean,median,geomedian,mean-around-median")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()

    needed = args.clients * args.rounds * args.rows
    lines = args.data.read_text().splitlines() if args.data else generated(needed + 5000)
    test_lines = lines[-5000:] if len(lines) >= needed + 5000 else lines[-len(lines) // 5:]
    train = lines[: len(lines) - len(test_lines)]
    per_client = len(train) // args.clients
    rows = min(args.rows, per_client // args.rounds)
    chunks = [[train[c * per_client + r * rows: c * per_client + (r + 1) * rows] for r in range(args.rounds)]
              for c in range(args.clients)]

    def run(arguments):
        subprocess.run(args.runner + [args.program] + [str(a) for a in arguments], check=True)

    byzantine = [int(f) for f in args.byzantine.split(",")]
    rules = args.rules.split(",")
    results = {}
    with tempfile.TemporaryDirectory(prefix="tmk-federated-") as folder:
        folder = pathlib.Path(folder)
        test = folder / "test.txt"
        test.write_text("\n".join(test_lines) + "\n")
        print(f"{args.clients} clients, {args.rounds} rounds of {rows} rows each; held-out accuracy of the global model")
        print("| f | " + " | ".join(rules) + " |\n|---|" + "---|" * len(rules))
        for f in byzantine:
            for rule in rules:
                results[(f, rule)] = federate(run, folder, chunks, test, rule, f, args.rounds)
            print(f"| {f} | " + " | ".join(f"{results[(f, rule)]:.3f}" for rule in rules) + " |", flush=True)
    if not args.check:
        return 0
    failures = []
    honest = {rule: results[(0, rule)] for rule in rules}
    for (f, rule), accuracy in results.items():
        if f == 0:
            continue
        if rule == "mean" and accuracy > honest[rule] - 0.1:
            failures.append(f"mean with {f} attackers: {accuracy:.3f}, all-honest {honest[rule]:.3f}: it did not collapse")
        if rule != "mean" and accuracy < honest[rule] - 0.05:
            failures.append(f"{rule} with {f} attackers: {accuracy:.3f}, all-honest {honest[rule]:.3f}")
    for failure in failures:
        print("FAILED " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
