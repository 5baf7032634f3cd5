"""Cases every model passes, each run with its model's profile: the data it learns and a
hyperparameter it can be given."""

import pathlib
import re
import subprocess

from support import (ALL_MODELS, DATA, PROFILES, ROUND_RULES, case, check, client_models, load_json,
                     write_linear_stream)


def profile(p):
    return PROFILES[p.model]


@case()
def resumed_training_equals_one_run(p, tmp):
    data = DATA / profile(p)["data"]
    lines = data.read_text().splitlines(keepends=True)
    (tmp / "a.txt").write_text("".join(lines[:300]))
    (tmp / "b.txt").write_text("".join(lines[300:]))
    p.run("-d", tmp / "a.txt", "-f", tmp / "half.tmk", "--quiet")
    p.run("-d", tmp / "b.txt", "-i", tmp / "half.tmk", "-f", tmp / "resumed.tmk", "-p", tmp / "b.pred", "--quiet")
    p.run("-d", data, "-f", tmp / "whole.tmk", "-p", tmp / "whole.pred", "--quiet")
    check((tmp / "resumed.tmk").read_bytes() == (tmp / "whole.tmk").read_bytes(), "model files differ")
    tail = (tmp / "whole.pred").read_text().splitlines()[300:]
    check((tmp / "b.pred").read_text().splitlines() == tail, "predictions of the second half differ")


@case()
def test_only_learns_nothing(p, tmp):
    data = DATA / profile(p)["data"]
    p.run("-d", data, "-f", tmp / "m.tmk", "--quiet")
    p.run("-d", data, "-i", tmp / "m.tmk", "-t", "-f", tmp / "same.tmk", "-p", tmp / "p.txt",
          "--summary-json", tmp / "s.json", "--quiet")
    check((tmp / "m.tmk").read_bytes() == (tmp / "same.tmk").read_bytes(), "-t changed the model")
    summary = load_json(tmp / "s.json")
    rows = len(data.read_text().splitlines())
    check(summary["learned"] == 0 and summary["labeled"] == rows, summary)
    check(len((tmp / "p.txt").read_text().splitlines()) == rows, "one prediction per example")


@case()
def stdin_reads_like_a_file(p, tmp):
    data = DATA / profile(p)["data"]
    text = data.read_text()
    p.run("-d", "-", "-f", tmp / "stdin.tmk", "--quiet", stdin=text)
    p.run("-d", data, "-f", tmp / "file.tmk", "--quiet")
    check((tmp / "stdin.tmk").read_bytes() == (tmp / "file.tmk").read_bytes(), "stdin and file models differ")
    result = p.run("-d", "-", "-i", tmp / "file.tmk", "-t", "-p", "-", "--quiet", stdin=text)
    check(len(result.stdout.splitlines()) == len(text.splitlines()), "predictions to stdout: wrong line count")


@case()
def format_variants_give_the_same_model(p, tmp):
    clean = "1.5 | 0:1 1:2.5 3:-1\n-0.5 | 0:2 2:1\n2 | 1:1 3:4\n0.25 | 0:-1 2:3 3:0.5\n" * 30
    if profile(p)["task"] == "classification":
        clean = clean.replace("1.5 |", "a |").replace("-0.5 |", "b |").replace("0.25 |", "a |").replace("2 |", "b |")
    variant = "# a comment\r\n\r\n" + "".join(
        line.replace(" | ", "\t|\t").replace("2:1", "2") + " 4:0\r\n" for line in clean.splitlines())
    (tmp / "clean.txt").write_text(clean)
    (tmp / "variant.txt").write_bytes(variant.encode())
    p.run("-d", tmp / "clean.txt", "-f", tmp / "clean.tmk", "--quiet")
    p.run("-d", tmp / "variant.txt", "-f", tmp / "variant.tmk", "--quiet")
    check((tmp / "clean.tmk").read_bytes() == (tmp / "variant.tmk").read_bytes(),
          "tabs, CRLF, comments, value-less indexes or explicit zeros changed the model")


@case()
def unlabeled_examples_are_predicted_not_learned(p, tmp):
    lines = (DATA / profile(p)["data"]).read_text().splitlines()
    mixed = [line if i % 3 else "|" + line.split("|", 1)[1] for i, line in enumerate(lines)]
    (tmp / "mixed.txt").write_text("\n".join(mixed) + "\n")
    p.run("-d", tmp / "mixed.txt", "-p", tmp / "p.txt", "--summary-json", tmp / "s.json", "--quiet")
    summary = load_json(tmp / "s.json")
    unlabeled = len(range(0, len(lines), 3))
    check(summary["examples"] == len(lines) and summary["learned"] == summary["labeled"] == len(lines) - unlabeled,
          summary)
    check(len((tmp / "p.txt").read_text().splitlines()) == len(lines), "one prediction per example")


BAD_LINES = [
    ("1 0:1 1:2", 3, "expected '|' before the features"),
    ("1 2", 4, "expected '|' before the features"),
    ("1 | :3", 5, "expected a feature index before ':'"),
    ("1 | 0:1 -2:3", 9, "must be non-negative"),
    ("1 | 1.5:3", 5, "non-negative integer feature index"),
    ("1 | 4294967296:1", 5, "not below 2^32"),
    ("1 | 0:1 1:abc", 11, "expected a number after ':'"),
    ("1 | 0:nan", 7, "must be finite"),
    ("1 | 0:inf", 7, "must be finite"),
    ("1 | 0:1 1:2 0:3", 13, "appears twice"),
    ("1 -2 | 0:1", 3, "importance weight"),
    ("1 x | 0:1", 3, "importance weight"),
    ("1 | 0:1 | 1:2", 9, "a second '|'"),
    # A carriage return inside a label: --skip-bad-lines once learned it as a class, and the model
    # file it saved could not be loaded (found by fuzz_learn_forest).
    ("a\rb | 0:1", 2, "carriage return"),
]
REGRESSION_BAD_LINES = [("spam | 0:1", 1, "expected a finite number as the label"),
                        ("x" * 100_000 + " | 0:1", 1, "got '" + "x" * 40 + "...'")]


def bad_lines(p):
    return BAD_LINES + (REGRESSION_BAD_LINES if profile(p)["task"] == "regression" else [])


@case()
def bad_data_is_refused_with_file_line_and_column(p, tmp):
    good = "2 | 0:1 1:2\n"
    for line, column, phrase in bad_lines(p):
        (tmp / "bad.txt").write_text(good * 3 + line + "\n" + good)
        result = p.run("-d", tmp / "bad.txt", "--quiet", expect=2)
        expected = f"{tmp / 'bad.txt'}:4:{column}:"
        check(expected in result.stderr and phrase in result.stderr and len(result.stderr) < 1000,
              f"line {line[:60]!r}: wanted {expected} ... {phrase!r}, got {result.stderr[:1000]!r}")


@case()
def skip_bad_lines_counts_them(p, tmp):
    lines = bad_lines(p)
    (tmp / "mixed.txt").write_text("".join(f"2 | 0:{i}\n{bad}\n" for i, (bad, _, _) in enumerate(lines)))
    result = p.run("-d", tmp / "mixed.txt", "--skip-bad-lines", "--summary-json", tmp / "s.json")
    summary = load_json(tmp / "s.json")
    check(summary["skipped"] == len(lines) and summary["learned"] == len(lines), summary)
    check(f"skipped = {len(lines)}" in result.stderr and "further bad lines" in result.stderr, result.stderr)
    p.run("-d", tmp / "mixed.txt", "--skip-bad-lines", "-p", tmp / "p.txt", "--quiet")
    predictions = (tmp / "p.txt").read_text().split("\n")[:-1]
    check(len(predictions) == 2 * len(lines) and all(not line for line in predictions[1::2])
          and all(predictions[0::2]), "a skipped line gets an empty prediction line, so predictions line up")


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


@case()
def corrupt_models_are_refused(p, tmp):
    data = DATA / profile(p)["data"]
    p.run("-d", data, "-f", tmp / "good.tmk", "--quiet")
    for name, content, phrase in corrupt_variants((tmp / "good.tmk").read_bytes()):
        (tmp / "bad.tmk").write_bytes(content)
        result = p.run("-d", data, "-i", tmp / "bad.tmk", "-t", expect=2)
        check(phrase in result.stderr and "bad.tmk" in result.stderr, f"{name}: {result.stderr!r}")


@case(builds=("native",))
def a_model_of_another_kind_is_refused(p, tmp):
    other = "hoeffding" if p.model != "hoeffding" else "nm"
    other_program = p.command[-1].replace(f"tinymlkit-{p.model}", f"tinymlkit-{other}")
    subprocess.run([other_program, "-d", DATA / "pima.txt", "-f", tmp / "other.tmk", "--quiet"]
                   + (["--loss", "logistic"] if other == "nm" else []), check=True)
    result = p.run("-d", DATA / profile(p)["data"], "-i", tmp / "other.tmk", "-t", expect=2)
    check(f"was written by tinymlkit-{other}" in result.stderr and f"tinymlkit-{p.model} reads" in result.stderr,
          result.stderr)


@case()
def a_failed_run_keeps_the_previous_model(p, tmp):
    p.run("-d", DATA / profile(p)["data"], "-f", tmp / "m.tmk", "--quiet")
    before = (tmp / "m.tmk").read_bytes()
    (tmp / "bad.txt").write_text("1 | 0:1\n1 | 0:x\n")
    p.run("-d", tmp / "bad.txt", "-i", tmp / "m.tmk", "-f", tmp / "m.tmk", "-p", tmp / "m.pred", expect=2)
    check((tmp / "m.tmk").read_bytes() == before, "the previous model was changed")
    check(sorted(f.name for f in tmp.iterdir()) == ["bad.txt", "m.tmk"], f"left behind: {list(tmp.iterdir())}")
    result = p.run("-d", DATA / profile(p)["data"], "-f", tmp / "no-such-folder" / "m.tmk", expect=3)
    # The message names the file asked for, not the temporary beside it that could not be made.
    check(f"cannot create {tmp / 'no-such-folder' / 'm.tmk'}: " in result.stderr, result.stderr)


@case()
def usage_errors_explain_themselves(p, tmp):
    data = DATA / profile(p)["data"]
    name, value = profile(p)["hyperparameter"]
    p.run("-d", data, "-f", tmp / "m.tmk", "--quiet")
    errors = [
        (["-d", data, f"--{name[:-1]}", "9"], f"did you mean --{name}?"),
        (["-d"], "--data needs a value"),
        (["-d", data, f"--{name}", "nan"], "expected"),
        (["-d", data, "stray"], "unexpected argument 'stray'"),
        (["-d", data, "-i", tmp / "m.tmk", f"--{name}", value], "a model keeps its hyperparameters"),
        (["-d", data, "-t"], "-t predicts with a trained model"),
        (["-d", data, "-f", data], "refusing to write over an input"),
        (["-d", data, "-i", tmp / "m.tmk", "--seed", "3"], "carries its own random state"),
        ([], "nothing to do"),
    ]
    for args, phrase in errors:
        result = p.run(*args, expect=1)
        check(phrase in result.stderr, f"{args}: wanted {phrase!r}, got {result.stderr!r}")


@case()
def help_and_version(p, tmp):
    help_text = p.run("--help").stdout
    name, _ = profile(p)["hyperparameter"]
    for flag in ("--data", "--final-model", "--readable-model", "--confidence", f"--{name}"):
        check(flag in help_text, f"--help lacks {flag}")
    version = p.run("--version").stdout
    check(re.match(rf"tinymlkit-{p.model} \d+\.\d+\.\d+ \(model file format \d+, vector loops (plain|avx2|avx512)\)", version), version)


@case()
def max_features_is_enforced(p, tmp):
    limit = int(re.search(r"--max-features N .*?\(default (\d+)\)", p.run("--help").stdout, re.S).group(1))
    (tmp / "wide.txt").write_text(f"1 | 0:1 {limit}:2\n")
    result = p.run("-d", tmp / "wide.txt", expect=2)
    check(":1:9:" in result.stderr and f"--max-features {limit}" in result.stderr, result.stderr)


@case()
def readable_model_and_summary_are_json(p, tmp):
    p.run("-d", DATA / profile(p)["data"], "-f", tmp / "m.tmk", "--summary-json", tmp / "s.json", "--quiet")
    p.run("-i", tmp / "m.tmk", "--readable-model", tmp / "m.json")
    model = load_json(tmp / "m.json")
    check(model["model"] == p.model and model["writer"].startswith(f"tinymlkit-{p.model} "), model["writer"])
    summary = load_json(tmp / "s.json")
    for key in ("examples", "learned", "skipped", "average_loss", "seconds"):
        check(key in summary, f"summary lacks {key}")
    wanted = ("accuracy", "accuracy_bound") if profile(p)["task"] == "classification" else ("mae", "rmse")
    check(all(key in summary for key in wanted), f"summary lacks {wanted}")


@case(models=("nm",), builds=("native",))
def dispatcher_runs_models_by_name(p, tmp):
    dispatcher = pathlib.Path(p.command[-1]).with_name("tinymlkit")
    listing = subprocess.run([dispatcher, "--list"], capture_output=True, text=True, check=True).stdout
    check([line.split()[0] for line in listing.splitlines()] == sorted(ALL_MODELS), listing)
    version = subprocess.run([dispatcher, "nm", "--version"], capture_output=True, text=True, check=True).stdout
    check(version.startswith("tinymlkit-nm "), version)
    unknown = subprocess.run([dispatcher, "jungle"], capture_output=True, text=True)
    check(unknown.returncode == 1 and "no model 'jungle'" in unknown.stderr, unknown.stderr)


@case(builds=("wasm",))
def wasm_and_native_agree(p, tmp, native):
    runs = [(DATA / profile(p)["data"], ["--probabilities"] if profile(p)["task"] == "classification" else [])]
    if p.model == "nm":
        write_linear_stream(tmp / "reg.txt", 5000, [1.2, -0.7, 0.4, 0.0, 2.0], 0.5, 0.5, seed=6)
        write_linear_stream(tmp / "logit.txt", 5000, [1.2, -0.7, 0.4, 0.0, 2.0], 0.5, 0, seed=7, logistic=True)
        runs += [(tmp / "reg.txt", []), (tmp / "logit.txt", ["--loss", "logistic", "--probabilities"]),
                 (DATA / "pima.txt", ["--loss", "hinge"]), (DATA / "boston.txt", ["--loss", "huber"])]
    elif profile(p)["task"] == "classification":
        write_linear_stream(tmp / "logit.txt", 8000, [1.2, -0.7, 0.4, 0.0, 2.0], 0.5, 0, seed=7, logistic=True)
        # A concept that changes halfway: drift detectors, background trees and swaps run too.
        write_linear_stream(tmp / "after.txt", 8000, [-1.5, 0.3, 0.0, 2.0, -1.0], 0.5, 0, seed=8, logistic=True)
        (tmp / "changing.txt").write_text((tmp / "logit.txt").read_text() + (tmp / "after.txt").read_text())
        runs += [(tmp / "logit.txt", ["--probabilities"]), (tmp / "logit.txt", ["--leaf-prediction", "nb"]),
                 (tmp / "logit.txt", ["--grace-period", "50", "--tie-threshold", "0.5", "--max-bytes", "20000"]),
                 (tmp / "changing.txt", [])]
    else:
        write_linear_stream(tmp / "reg.txt", 8000, [1.2, -0.7, 0.4, 0.0, 2.0], 0.5, 0.5, seed=6)
        runs += [(tmp / "reg.txt", []), (tmp / "reg.txt", ["--leaf-model", "model"]),
                 (tmp / "reg.txt", ["--grace-period", "50", "--max-bytes", "20000"])]
        if p.model == "forest-regressor":
            # A function that changes halfway: drift detectors, background trees and swaps run too.
            write_linear_stream(tmp / "after.txt", 8000, [-1.5, 0.3, 0.0, 2.0, -1.0], 0.5, 0.5, seed=8)
            (tmp / "changing.txt").write_text((tmp / "reg.txt").read_text() + (tmp / "after.txt").read_text())
            runs += [(tmp / "changing.txt", [])]
    for data, options in runs:
        outputs = {}
        for name, program in (("native", native), ("wasm", p)):
            program.run("-d", data, "-f", tmp / f"{name}.tmk", "-p", tmp / f"{name}.pred", "--quiet", *options)
            program.run("-i", tmp / f"{name}.tmk", "--export-c", tmp / f"{name}.h", "--export-onnx", tmp / f"{name}.onnx")
            outputs[name] = [(tmp / f"{name}{suffix}").read_bytes() for suffix in (".tmk", ".pred", ".h", ".onnx")]
        for what, native_bytes, wasm_bytes in zip(("model files", "predictions", "--export-c headers",
                                                   "--export-onnx files"),
                                                  outputs["native"], outputs["wasm"]):
            check(native_bytes == wasm_bytes, f"{data.name} {options}: {what} differ")
    if p.model in ("hoeffding-regressor", "forest-regressor"):
        regression_ensembles_agree(p, tmp, native)


def regression_ensembles_agree(p, tmp, native):
    """Five native clients on boston's parts, aggregated with F = 1 by every rule: the module's
    ensemble, --export-c header and --export-onnx file are the native program's, byte for byte
    (Weiszfeld's iteration and clipping's steps included)."""
    clients = client_models(native, tmp, DATA / "boston.txt", 5)
    for rule in ROUND_RULES:
        outputs = {}
        for name, program in (("native", native), ("wasm", p)):
            out = tmp / f"{rule}-{name}"  # a new file: an existing -f model would be the round's previous global model
            program.run(*clients, "-f", f"{out}.tmk", "--aggregate", rule, "--byzantine", "1", "--quiet")
            program.run("-i", f"{out}.tmk", "--export-c", f"{out}.h", "--export-onnx", f"{out}.onnx")
            outputs[name] = [pathlib.Path(f"{out}{suffix}").read_bytes() for suffix in (".tmk", ".h", ".onnx")]
        for what, native_bytes, wasm_bytes in zip(("ensembles", "--export-c headers", "--export-onnx files"),
                                                  outputs["native"], outputs["wasm"]):
            check(native_bytes == wasm_bytes, f"five clients by {rule}: {what} differ")


TREE_MODELS = ("hoeffding", "forest", "hoeffding-regressor", "forest-regressor")


@case(models=TREE_MODELS)
def a_high_feature_index_grows_the_model_by_little(p, tmp):
    """One row that holds only feature 44156 after the model's own table: the trees met one more
    feature, once, so their file grows by at most a histogram a tree, not by a slot per feature
    index (the stream's statistics took 32 bytes per index, and each regression leaf a weight and
    a histogram per index: the forest-regressor's model went from 1.0 to 43 MB). Last, so that
    the forests draw the same bagging weights for the rows before it."""
    table = PROFILES[p.model]["data"]
    rows = (DATA / table).read_text()
    label = "pos" if table == "pima.txt" else "20"
    (tmp / "high.txt").write_text(rows + f"{label} | 44156:1\n")
    sizes = []
    for data in (DATA / table, tmp / "high.txt"):
        p.run("-d", data, "-f", tmp / "m.tmk", "--quiet")
        sizes.append((tmp / "m.tmk").stat().st_size)
    growth = sizes[1] - sizes[0]
    trees = 10 if p.model.startswith("forest") else 1  # the forests' default --trees
    check(growth <= 1500 * trees,  # a regression leaf's new histogram is most of it
          f"one row with feature 44156 grew the model from {sizes[0]:,} by {growth:,} bytes")
    p.run("-d", DATA / table, "-i", tmp / "m.tmk", "-t", "--quiet")  # and it loads


@case(builds=("wasm",))
def the_module_fits_its_size_budget(p, tmp):
    # 300 KB until the trees wrote themselves as C, 320 KB until they wrote ONNX, 352 KB until the
    # exports' naive Bayes tables went sparse, 356 KB until the stream's feature statistics did,
    # 360 KB until new tree leaves inherited naive Bayes (README, "Measured figures"): the C
    # templates, the ONNX graphs, nanopb's encoder, the index map and the inherited statistics'
    # upkeep are code and text the module carries.
    module = pathlib.Path(p.command[-1])
    size = module.stat().st_size
    check(module.suffix == ".wasm" and size < 364_000, f"{module.name}: {size:,} bytes, over the 364 KB budget")


@case(models=("nm", "hoeffding"))
def predicting_with_t_never_adds_a_class(p, tmp):
    (tmp / "train.txt").write_text("".join(f"{'a' if i % 2 else 'b'} | 0:{i % 2 + 0.1 * (i % 7)}\n" for i in range(200)))
    (tmp / "test.txt").write_text("a | 0:1\nc | 0:1\nb | 0:0\n")
    p.run("-d", tmp / "train.txt", "-f", tmp / "m.tmk", "--quiet", *(["--loss", "logistic"] if p.model == "nm" else []))
    p.run("-d", tmp / "test.txt", "-i", tmp / "m.tmk", "-t", "-p", tmp / "p.txt", "-f", tmp / "after.tmk",
          "--summary-json", tmp / "s.json", "--quiet")
    check(len((tmp / "p.txt").read_text().splitlines()) == 3, "every example is predicted")
    summary = load_json(tmp / "s.json")
    check(summary["accuracy"] <= 2 / 3 + 1e-9, f"the unknown class counts as an error: {summary}")
    check((tmp / "after.tmk").read_bytes() == (tmp / "m.tmk").read_bytes(), "-t changed the model")


@case(models=("hoeffding", "forest", "nm"))
def a_class_label_is_at_most_a_kilobyte(p, tmp):
    """A model keeps every class label it met, in memory, in its file and in its exports: 1,000
    rows of two features, each with its own 100 KB label, made the tree's model 100 MB and its
    run 494 MB. A label of 1,024 bytes is a class; one of 1,025 is refused where it stands, as
    --classes and a model file refuse it."""
    binary = ["--loss", "logistic"] if p.model == "nm" else []
    longest, longer = "a" * 1024, "b" * 1025
    (tmp / "ok.txt").write_text(f"{longest} | 0:1\nshort | 0:2\n")
    p.run("-d", tmp / "ok.txt", *binary, "-f", tmp / "m.tmk", "--quiet")
    p.run("-d", tmp / "ok.txt", "-i", tmp / "m.tmk", "-t", "--quiet")  # and it loads
    (tmp / "long.txt").write_text(f"short | 0:1\n{longer} | 0:2\n")
    result = p.run("-d", tmp / "long.txt", *binary, "-f", tmp / "n.tmk", expect=2)
    check("long.txt:2:1:" in result.stderr and "1025 bytes" in result.stderr and "at most 1024" in result.stderr,
          result.stderr)
    check(not (tmp / "n.tmk").exists(), "no model from a refused run")
    if p.model != "nm":
        result = p.run("-d", tmp / "ok.txt", "--classes", f"short,{longer}", expect=1)
        check("at most 1024" in result.stderr, result.stderr)


@case(builds=("native",))
def an_unknown_vector_loops_setting_is_refused(p, tmp):
    (tmp / "d.txt").write_text("1 | 0:1\n")
    result = p.run("-d", tmp / "d.txt", "--quiet", env={"TMK_VECTOR_LOOPS": "sse9"}, expect=1)
    check('TMK_VECTOR_LOOPS must be plain, avx2 or avx512, got "sse9"' in result.stderr, result.stderr)
