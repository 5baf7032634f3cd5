#!/usr/bin/env python3
"""End-to-end tests of a TinyMLKit program through its command line, run by CTest.

  cli_test.py --list native|wasm
  cli_test.py --case NAME --program PROGRAM [--runner CMD...] [--native PROGRAM]

The same cases run against the native program and, with --runner node tools/wasi-run.mjs,
against the .wasm module. Data comes from the repository's data/ folder or is generated here
with known true weights; nothing depends on files outside the repository.
"""

import argparse
import json
import math
import os
import pathlib
import random
import re
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[2]
DATA = REPO / "data"
CASES = {}
ONLY_IN_BUILD = {"dispatcher_runs_models_by_name": "native", "wasm_and_native_agree": "wasm"}


def case(function):
    CASES[function.__name__] = function
    return function


class Program:
    def __init__(self, command, workdir):
        self.command = command
        self.workdir = workdir

    def run(self, *args, stdin=None, expect=0):
        result = subprocess.run(self.command + [str(a) for a in args], cwd=self.workdir, input=stdin,
                                capture_output=True, text=True, timeout=300)
        if expect is not None and result.returncode != expect:
            raise AssertionError(f"exit {result.returncode}, expected {expect}: {' '.join(map(str, args))}\n"
                                 f"stderr: {result.stderr}")
        return result


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def summary(path):
    return json.loads(pathlib.Path(path).read_text())


def write_linear_stream(path, rows, weights, bias, noise, seed, logistic=False):
    """y = w.x + bias + N(0, noise^2), or a label drawn with P(1) = sigmoid(w.x + bias).
    Returns the accuracy of the true model on the drawn labels (the best achievable)."""
    rng = random.Random(seed)
    right = 0
    with open(path, "w") as out:
        for _ in range(rows):
            x = [rng.gauss(0, 1) for _ in weights]
            margin = sum(w * v for w, v in zip(weights, x)) + bias
            if logistic:
                label = 1 if rng.random() < 1 / (1 + math.exp(-margin)) else 0
                right += (margin >= 0) == (label == 1)
            else:
                label = f"{margin + rng.gauss(0, noise):.6f}"
            out.write(f"{label} | " + " ".join(f"{i}:{v:.5f}" for i, v in enumerate(x)) + "\n")
    return right / rows


WEIGHTS = [1.2, -0.7, 0.4, 0.0, 2.0]


@case
def regression_recovers_true_weights(p, tmp):
    write_linear_stream(tmp / "reg.txt", 20000, WEIGHTS, 0.5, 0.5, seed=1)
    p.run("-d", tmp / "reg.txt", "--readable-model", tmp / "m.json", "--summary-json", tmp / "s.json", "--quiet")
    model, s = summary(tmp / "m.json"), summary(tmp / "s.json")
    errors = [abs(a - b) for a, b in zip(model["weights"] + [model["bias"]], WEIGHTS + [0.5])]
    check(max(errors) < 0.05, f"weights off by {max(errors)}: {model['weights']} bias {model['bias']}")
    check(s["rmse"] < 0.56, f"progressive RMSE {s['rmse']} (noise 0.5)")
    check(s["examples"] == s["learned"] == 20000, s)


@case
def logistic_reaches_the_true_models_accuracy(p, tmp):
    best = write_linear_stream(tmp / "logit.txt", 20000, WEIGHTS, 0.5, 0, seed=2, logistic=True)
    for loss, slack in (("logistic", 0.015), ("hinge", 0.025)):
        p.run("-d", tmp / "logit.txt", "--loss", loss, "--summary-json", tmp / "s.json", "--quiet")
        accuracy = summary(tmp / "s.json")["accuracy"]
        check(accuracy >= best - slack, f"--loss {loss}: accuracy {accuracy}, true model {best}")


@case
def quantile_loss_estimates_its_quantile(p, tmp):
    write_linear_stream(tmp / "reg.txt", 12000, WEIGHTS, 0.5, 1.0, seed=3)
    lines = (tmp / "reg.txt").read_text().splitlines()
    (tmp / "train.txt").write_text("\n".join(lines[:8000]) + "\n")
    (tmp / "test.txt").write_text("\n".join(lines[8000:]) + "\n")
    for tau in (0.1, 0.5, 0.9):
        p.run("-d", tmp / "train.txt", "-f", tmp / "q.tmk", "--loss", "quantile", "--quantile-tau", tau, "--quiet")
        p.run("-d", tmp / "test.txt", "-i", tmp / "q.tmk", "-t", "-p", tmp / "q.pred", "--quiet")
        predictions = [float(v) for v in (tmp / "q.pred").read_text().split()]
        labels = [float(line.split()[0]) for line in lines[8000:]]
        below = sum(y <= q for y, q in zip(labels, predictions)) / len(labels)
        check(abs(below - tau) < 0.04, f"tau {tau}: {below:.3f} of labels fall below the prediction")


@case
def absolute_and_huber_resist_outliers(p, tmp):
    rng = random.Random(4)
    with open(tmp / "outliers.txt", "w") as out:
        for _ in range(8000):
            x = rng.gauss(0, 1)
            y = 2 * x + 1 + rng.gauss(0, 0.1) + (rng.choice([-1, 1]) * 50 if rng.random() < 0.1 else 0)
            out.write(f"{y:.5f} | 0:{x:.5f}\n")
    for loss in ("absolute", "huber"):
        p.run("-d", tmp / "outliers.txt", "--loss", loss, "--readable-model", tmp / "m.json", "--quiet")
        model = summary(tmp / "m.json")
        check(abs(model["weights"][0] - 2) < 0.1 and abs(model["bias"] - 1) < 0.2,
              f"--loss {loss} with 10% outliers: weight {model['weights'][0]}, bias {model['bias']}")


@case
def resumed_training_equals_one_run(p, tmp):
    lines = (DATA / "boston.txt").read_text().splitlines(keepends=True)
    (tmp / "a.txt").write_text("".join(lines[:300]))
    (tmp / "b.txt").write_text("".join(lines[300:]))
    p.run("-d", tmp / "a.txt", "-f", tmp / "half.tmk", "--quiet")
    p.run("-d", tmp / "b.txt", "-i", tmp / "half.tmk", "-f", tmp / "resumed.tmk", "-p", tmp / "b.pred", "--quiet")
    p.run("-d", DATA / "boston.txt", "-f", tmp / "whole.tmk", "-p", tmp / "whole.pred", "--quiet")
    check((tmp / "resumed.tmk").read_bytes() == (tmp / "whole.tmk").read_bytes(), "model files differ")
    tail = (tmp / "whole.pred").read_text().splitlines()[300:]
    check((tmp / "b.pred").read_text().splitlines() == tail, "predictions of the second half differ")


@case
def test_only_learns_nothing(p, tmp):
    p.run("-d", DATA / "pima.txt", "--loss", "logistic", "-f", tmp / "m.tmk", "--quiet")
    p.run("-d", DATA / "pima.txt", "-i", tmp / "m.tmk", "-t", "-f", tmp / "same.tmk", "-p", tmp / "p.txt",
          "--summary-json", tmp / "s.json", "--quiet")
    check((tmp / "m.tmk").read_bytes() == (tmp / "same.tmk").read_bytes(), "-t changed the model")
    s = summary(tmp / "s.json")
    check(s["learned"] == 0 and s["labeled"] == 768, s)
    check(set((tmp / "p.txt").read_text().split()) <= {"pos", "neg"}, "predictions are not class tokens")


@case
def stdin_reads_like_a_file(p, tmp):
    text = (DATA / "boston.txt").read_text()
    p.run("-d", "-", "-f", tmp / "stdin.tmk", "--quiet", stdin=text)
    p.run("-d", DATA / "boston.txt", "-f", tmp / "file.tmk", "--quiet")
    check((tmp / "stdin.tmk").read_bytes() == (tmp / "file.tmk").read_bytes(), "stdin and file models differ")
    result = p.run("-d", "-", "-i", tmp / "file.tmk", "-t", "-p", "-", "--quiet", stdin=text)
    check(len(result.stdout.splitlines()) == 506, "predictions to stdout: wrong line count")


@case
def format_variants_give_the_same_model(p, tmp):
    clean = "1.5 | 0:1 1:2.5 3:-1\n-0.5 | 0:2 2:1\n2 | 1:1 3:4\n0.25 | 0:-1 2:3 3:0.5\n" * 30
    variant = "# a comment\r\n\r\n" + "".join(
        line.replace(" | ", "\t|\t").replace("2:1", "2") + " 4:0\r\n" for line in clean.splitlines())
    (tmp / "clean.txt").write_text(clean)
    (tmp / "variant.txt").write_bytes(variant.encode())
    p.run("-d", tmp / "clean.txt", "-f", tmp / "clean.tmk", "--quiet")
    p.run("-d", tmp / "variant.txt", "-f", tmp / "variant.tmk", "--quiet")
    check((tmp / "clean.tmk").read_bytes() == (tmp / "variant.tmk").read_bytes(),
          "tabs, CRLF, comments, value-less indexes or explicit zeros changed the model")


@case
def unlabeled_examples_are_predicted_not_learned(p, tmp):
    lines = (DATA / "boston.txt").read_text().splitlines()
    mixed = [line if i % 3 else "|" + line.split("|", 1)[1] for i, line in enumerate(lines)]
    (tmp / "mixed.txt").write_text("\n".join(mixed) + "\n")
    p.run("-d", tmp / "mixed.txt", "-p", tmp / "p.txt", "--summary-json", tmp / "s.json", "--quiet")
    s = summary(tmp / "s.json")
    check(s["examples"] == 506 and s["learned"] == s["labeled"] == 506 - 169, s)
    check(len((tmp / "p.txt").read_text().splitlines()) == 506, "one prediction per example")


@case
def probabilities_cover_both_classes(p, tmp):
    p.run("-d", DATA / "pima.txt", "--loss", "logistic", "--probabilities", "-p", tmp / "p.txt", "--quiet")
    lines = (tmp / "p.txt").read_text().splitlines()
    check(len(lines) == 768, "one line per example")
    for line in lines[10:]:
        pairs = dict(item.split(":") for item in line.split())
        check(set(pairs) == {"neg", "pos"}, line)
        check(abs(sum(map(float, pairs.values())) - 1) < 1e-12, f"probabilities do not sum to 1: {line}")
    check(p.run("-d", DATA / "boston.txt", "--probabilities", expect=1).stderr.strip(), "regression refused")


BAD_LINES = [
    ("1 0:1 1:2", "1:3:", "expected '|' before the features"),
    ("1 2", "1:4:", "expected '|' before the features"),
    ("1 | :3", "1:5:", "expected a feature index before ':'"),
    ("1 | 0:1 -2:3", "1:9:", "must be non-negative"),
    ("1 | 1.5:3", "1:5:", "non-negative integer feature index"),
    ("1 | 4294967296:1", "1:5:", "not below 2^32"),
    ("1 | 0:1 1:abc", "1:11:", "expected a number after ':'"),
    ("1 | 0:nan", "1:7:", "must be finite"),
    ("1 | 0:inf", "1:7:", "must be finite"),
    ("1 | 0:1 1:2 0:3", "1:13:", "appears twice"),
    ("1 -2 | 0:1", "1:3:", "importance weight"),
    ("1 x | 0:1", "1:3:", "importance weight"),
    ("spam | 0:1", "1:1:", "expected a finite number as the label"),
    ("1 | 0:1 | 1:2", "1:9:", "a second '|'"),
]


@case
def bad_data_is_refused_with_file_line_and_column(p, tmp):
    good = "2 | 0:1 1:2\n"
    for line, position, phrase in BAD_LINES:
        (tmp / "bad.txt").write_text(good * 3 + line + "\n" + good)
        result = p.run("-d", tmp / "bad.txt", "--quiet", expect=2)
        expected = f"{tmp / 'bad.txt'}:4:{position.split(':')[1]}:"
        check(expected in result.stderr and phrase in result.stderr,
              f"line {line!r}: wanted {expected} ... {phrase!r}, got {result.stderr!r}")


@case
def skip_bad_lines_counts_them(p, tmp):
    text = "".join(f"2 | 0:{i}\n{bad}\n" for i, (bad, _, _) in enumerate(BAD_LINES))
    (tmp / "mixed.txt").write_text(text)
    result = p.run("-d", tmp / "mixed.txt", "--skip-bad-lines", "--summary-json", tmp / "s.json")
    s = summary(tmp / "s.json")
    check(s["skipped"] == len(BAD_LINES) and s["learned"] == len(BAD_LINES), s)
    check(f"skipped = {len(BAD_LINES)}" in result.stderr and "further bad lines" in result.stderr, result.stderr)


@case
def a_third_class_is_refused_by_a_binary_loss(p, tmp):
    (tmp / "three.txt").write_text("a | 0:1\nb | 0:2\nc | 0:3\n")
    result = p.run("-d", tmp / "three.txt", "--loss", "hinge", expect=2)
    check(":3:1:" in result.stderr and "third class" in result.stderr, result.stderr)


@case
def max_features_is_enforced(p, tmp):
    (tmp / "wide.txt").write_text("1 | 0:1 5000:2\n")
    result = p.run("-d", tmp / "wide.txt", expect=2)
    check(":1:9:" in result.stderr and "--max-features 1024" in result.stderr, result.stderr)
    p.run("-d", tmp / "wide.txt", "--max-features", "5001", "--quiet")


def corrupt_variants(model):
    version = bytearray(model)
    version[8] = 9
    flipped = bytearray(model)
    flipped[len(model) // 2] ^= 0x10
    return [
        ("not a model", b"label | 0:1\n" * 5, "not a TinyMLKit model"),
        ("truncated", model[: len(model) - 100], "truncated"),
        ("flipped byte", bytes(flipped), "checksum mismatch"),
        ("newer version", bytes(version), "format version 9"),
        ("trailing bytes", model + b"x", "unexpected bytes"),
        ("empty", b"", "not a TinyMLKit model"),
    ]


@case
def corrupt_models_are_refused(p, tmp):
    p.run("-d", DATA / "boston.txt", "-f", tmp / "good.tmk", "--quiet")
    for name, content, phrase in corrupt_variants((tmp / "good.tmk").read_bytes()):
        (tmp / "bad.tmk").write_bytes(content)
        result = p.run("-d", DATA / "boston.txt", "-i", tmp / "bad.tmk", "-t", expect=2)
        check(phrase in result.stderr and "bad.tmk" in result.stderr, f"{name}: {result.stderr!r}")


@case
def a_failed_run_keeps_the_previous_model(p, tmp):
    p.run("-d", DATA / "boston.txt", "-f", tmp / "m.tmk", "--quiet")
    before = (tmp / "m.tmk").read_bytes()
    (tmp / "bad.txt").write_text("1 | 0:1\n1 | 0:x\n")
    p.run("-d", tmp / "bad.txt", "-f", tmp / "m.tmk", "-p", tmp / "m.pred", expect=2)
    check((tmp / "m.tmk").read_bytes() == before, "the previous model was changed")
    check(sorted(f.name for f in tmp.iterdir()) == ["bad.txt", "m.tmk"], f"left behind: {list(tmp.iterdir())}")
    result = p.run("-d", DATA / "boston.txt", "-f", tmp / "no-such-folder" / "m.tmk", expect=3)
    check("cannot create" in result.stderr, result.stderr)


@case
def usage_errors_explain_themselves(p, tmp):
    p.run("-d", DATA / "boston.txt", "-f", tmp / "m.tmk", "--quiet")
    errors = [
        (["-d", DATA / "boston.txt", "--windw", "9"], "did you mean --window?"),
        (["-d"], "--data needs a value"),
        (["-d", DATA / "boston.txt", "--window", "5"], "outside 10 to 1000000"),
        (["-d", DATA / "boston.txt", "--window", "ten"], "expected an integer"),
        (["-d", DATA / "boston.txt", "--loss", "cubic"], "is not one of squared"),
        (["-d", DATA / "boston.txt", "stray"], "unexpected argument 'stray'"),
        (["-d", DATA / "boston.txt", "-i", tmp / "m.tmk", "--loss", "absolute"], "a model keeps its hyperparameters"),
        (["-d", DATA / "boston.txt", "-t"], "-t predicts with a trained model"),
        (["-d", DATA / "boston.txt", "-f", DATA / "boston.txt"], "refusing to overwrite the input"),
        (["-d", DATA / "boston.txt", "-i", tmp / "m.tmk", "--seed", "3"], "carries its own random state"),
        ([], "nothing to do"),
    ]
    for args, phrase in errors:
        result = p.run(*args, expect=1)
        check(phrase in result.stderr, f"{args}: wanted {phrase!r}, got {result.stderr!r}")


@case
def help_and_version(p, tmp):
    help_text = p.run("--help").stdout
    for flag in ("--data", "--final-model", "--loss", "--window", "--[no-]standardize", "--quantile-tau"):
        check(flag in help_text, f"--help lacks {flag}")
    check(re.match(r"tinymlkit-nm \d+\.\d+\.\d+ \(model file format \d+\)", p.run("--version").stdout), "version")


@case
def readable_model_shows_simplex_and_history(p, tmp):
    write_linear_stream(tmp / "reg.txt", 6000, WEIGHTS, 0.5, 0.5, seed=5)
    p.run("-d", tmp / "reg.txt", "-f", tmp / "m.tmk", "--history", "4", "--quiet")
    p.run("-i", tmp / "m.tmk", "--readable-model", tmp / "m.json")
    model = summary(tmp / "m.json")
    check(model["model"] == "nm" and model["hyperparameters"]["history"] == "4", model["hyperparameters"])
    check(len(model["simplex"]["vertices"]) == len(WEIGHTS) + 2, "a simplex has dimension + 1 vertices")
    losses = [v["window_loss"] for v in model["simplex"]["vertices"]]
    check(losses == sorted(losses), "vertices are sorted by loss")
    learned = [entry["examples_learned"] for entry in model["history"]]
    check(len(learned) == 4 and learned[-1] > 6000 - 500 - 25, f"history {learned}")
    check(all(later - earlier == 500 for earlier, later in zip(learned, learned[1:])), f"one entry a window: {learned}")


@case
def dispatcher_runs_models_by_name(p, tmp):
    dispatcher = pathlib.Path(p.command[-1]).with_name("tinymlkit")
    listing = subprocess.run([dispatcher, "--list"], capture_output=True, text=True, check=True).stdout
    check(listing.startswith("nm "), listing)
    version = subprocess.run([dispatcher, "nm", "--version"], capture_output=True, text=True, check=True).stdout
    check(version.startswith("tinymlkit-nm "), version)
    unknown = subprocess.run([dispatcher, "tree"], capture_output=True, text=True)
    check(unknown.returncode == 1 and "no model 'tree'" in unknown.stderr, unknown.stderr)


@case
def wasm_and_native_agree(p, tmp, native):
    write_linear_stream(tmp / "reg.txt", 5000, WEIGHTS, 0.5, 0.5, seed=6)
    write_linear_stream(tmp / "logit.txt", 5000, WEIGHTS, 0.5, 0, seed=7, logistic=True)
    runs = [(tmp / "reg.txt", []), (tmp / "logit.txt", ["--loss", "logistic", "--probabilities"]),
            (DATA / "pima.txt", ["--loss", "hinge"]), (DATA / "boston.txt", ["--loss", "huber"])]
    for data, options in runs:
        outputs = {}
        for name, program in (("native", native), ("wasm", p)):
            program.run("-d", data, "-f", tmp / f"{name}.tmk", "-p", tmp / f"{name}.pred", "--quiet", *options)
            outputs[name] = ((tmp / f"{name}.tmk").read_bytes(), (tmp / f"{name}.pred").read_text().split())
        check(outputs["native"][0] == outputs["wasm"][0], f"{data.name} {options}: model files differ")
        for a, b in zip(outputs["native"][1], outputs["wasm"][1]):
            check(a == b or close_numbers(a, b), f"{data.name} {options}: prediction {a} vs {b}")


def close_numbers(a, b):
    numbers = [float(x.rsplit(":", 1)[-1]) for x in (a, b)]
    return math.isclose(*numbers, rel_tol=1e-9, abs_tol=1e-12)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--list", choices=["native", "wasm"], help="the cases that apply to a build")
    parser.add_argument("--case")
    parser.add_argument("--program")
    parser.add_argument("--runner", nargs="*", default=[])
    parser.add_argument("--native", help="the native program, for cases that compare builds")
    args = parser.parse_args()
    if args.list:
        print("\n".join(name for name in CASES if ONLY_IN_BUILD.get(name, args.list) == args.list))
        return 0
    with tempfile.TemporaryDirectory(prefix="tmk-cli-") as folder:
        tmp = pathlib.Path(folder)
        work = tmp / "work"
        work.mkdir()
        program = Program(args.runner + [args.program], work)
        extra = [Program([args.native], work)] if args.native else []
        try:
            CASES[args.case](program, work, *extra)
        except AssertionError as failure:
            print(f"FAILED {args.case}: {failure}", file=sys.stderr)
            return 1
    print(f"passed {args.case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
