"""--export-onnx: every file passes ONNX's full check and predicts in onnxruntime what the program
predicts, on the runs --export-c is tested on (cases_export.py). Native only, as the export cases:
wasm_and_native_agree (cases_common.py) requires the .wasm modules to write the native program's
files byte for byte."""

import math
import random
import shutil
import subprocess

from cases_export import (CLASSIFIERS, EXPORT_RUNS, HIGH_FEATURE, check_header_predicts, export_growth, federated_ensemble,
                          nominal_options, pima_with_a_high_feature, three_classes)
from support import DATA, REPO, ROUND_RULES, case, check

ONNXRUNTIME = REPO / "build" / "npm-onnx" / "node_modules" / "onnxruntime-node"
DRIVER = REPO / "tests" / "cli" / "onnx_predict.mjs"
# Probabilities: onnxruntime's Exp and naive Bayes' ReduceSum round differently from the
# program's portable exp and its product of ratios, by a few units in the last place; classes
# must agree on every row. Regression values are summed in the program's order: equal. A
# probability is exp of a vote, so the votes' last-place differences grow with the vote: they are
# compared as logarithms, within RELATIVE_TOLERANCE of the larger of 1 and the logarithm (a
# probability of 1.9e-228, exp(-524), differed by 1.3e-9 relative on the sparse rows below).
RELATIVE_TOLERANCE = 1e-9


def checked_features(path):
    """The ONNX checker's full check (shape and type inference included) on the file, and the
    number of features its input X holds."""
    import onnx  # Debian's python3-onnx, which Debian's python3 runs the tests with
    model = onnx.load(str(path))
    onnx.checker.check_model(model, full_check=True)
    return model.graph.input[0].type.tensor_type.shape.dim[1].dim_value


def same_number(ours, theirs, exact):
    if exact:
        return float(ours) == float(theirs)
    a, b = float(ours), float(theirs)
    if a > 0 and b > 0:
        return abs(math.log(a) - math.log(b)) <= RELATIVE_TOLERANCE * max(1.0, abs(math.log(b)))
    return math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-300)


def check_onnx_predicts(p, tmp, model, data, classifies, run):
    """Exports `model`, checks the file and requires the program's -t -p output of `data` from
    onnxruntime on every row: the same class and probabilities within RELATIVE_TOLERANCE, or the
    same value."""
    exported = tmp / f"{model.stem}.onnx"
    p.run("-i", model, "--export-onnx", exported)
    features = checked_features(exported)
    p.run("-d", data, "-i", model, "-t", "-p", tmp / "cli.txt", "--quiet")
    expected = (tmp / "cli.txt").read_text().splitlines()
    if classifies:
        p.run("-d", data, "-i", model, "-t", "-p", tmp / "probabilities.txt", "--probabilities", "--quiet")
        probabilities = (tmp / "probabilities.txt").read_text().splitlines()
        expected = [" ".join([label] + [pair.rsplit(":", 1)[1] for pair in pairs.split()])
                    for label, pairs in zip(expected, probabilities)]
    rows = subprocess.run(["node", str(DRIVER), str(ONNXRUNTIME), str(exported), str(data), str(features)],
                          capture_output=True, text=True, check=True).stdout.splitlines()
    check(len(rows) == len(expected), f"{run}: {len(rows)} predictions, expected {len(expected)}")
    for row, (ours, theirs) in enumerate(zip(rows, expected)):
        ours_words, theirs_words = ours.split(), theirs.split()
        if classifies:
            check(ours_words[0] == theirs_words[0], f"{run} row {row + 1}: onnxruntime gives {ours!r}, the program {theirs!r}")
            ours_words, theirs_words = ours_words[1:], theirs_words[1:]
        same = len(ours_words) == len(theirs_words) and \
            all(same_number(a, b, not classifies) for a, b in zip(ours_words, theirs_words))
        check(same, f"{run} row {row + 1}: onnxruntime gives {ours!r}, the program {theirs!r}")


def check_tools():
    check(shutil.which("node") is not None, "node is needed to run onnxruntime")
    check(ONNXRUNTIME.is_dir(), f"onnxruntime-node is missing from {ONNXRUNTIME}: run scripts/setup")


@case(models=tuple(EXPORT_RUNS), builds=("native",))
def an_exported_onnx_model_predicts_as_the_program(p, tmp):
    check_tools()
    for number, (name, options) in enumerate(EXPORT_RUNS[p.model]):
        data = DATA / name if name else three_classes(tmp)
        p.run("-d", data, "-f", tmp / f"m{number}.tmk", "--quiet", *options)
        classifies = "logistic" in options or "hinge" in options or p.model in CLASSIFIERS
        check_onnx_predicts(p, tmp, tmp / f"m{number}.tmk", data, classifies, f"{data.name} {options}")


@case(models=CLASSIFIERS, builds=("native",))
def a_tree_with_nominal_splits_exports_as_onnx(p, tmp):
    check_tools()
    p.run("-d", DATA / "pima.txt", "-f", tmp / "nominal.tmk", "--quiet", *nominal_options(p.model))
    check_onnx_predicts(p, tmp, tmp / "nominal.tmk", DATA / "pima.txt", True, "pima.txt with --nominal")
    import onnx
    modes = [attribute for node in onnx.load(str(tmp / "nominal.onnx")).graph.node
             for attribute in node.attribute if attribute.name == "nodes_modes"]
    check(b"BRANCH_EQ" in modes[0].strings, "no split of the model is nominal")


@case(models=("hoeffding", "forest", "hoeffding-regressor", "forest-regressor"), builds=("native",))
def a_federated_ensemble_exports_as_onnx(p, tmp):
    check_tools()
    for rule in ("median", "mean"):  # classifiers: the members vote or average; regressors: median or mean
        data, model = federated_ensemble(p, tmp, rule)
        check_onnx_predicts(p, tmp, model, data, p.model in CLASSIFIERS, f"the ensemble aggregated by {rule}")


@case(models=("hoeffding-regressor", "forest-regressor"), builds=("native",))
def a_regression_ensemble_exports_as_onnx_by_every_round_rule(p, tmp):
    check_tools()
    for rule in ROUND_RULES:  # five clients, F = 1: each rule drops, trims or clips someone
        data, model = federated_ensemble(p, tmp, rule, clients=5, options=("--byzantine", "1"))
        check_onnx_predicts(p, tmp, model, data, False, f"five clients aggregated by {rule}")


@case(models=("nm", "hoeffding", "forest"))
def a_classifier_that_learned_no_class_refuses_onnx_and_keeps_the_old_file(p, tmp):
    (tmp / "empty.txt").write_text("")
    p.run("-d", tmp / "empty.txt", "-f", tmp / "m.tmk", "--quiet", *(["--loss", "logistic"] if p.model == "nm" else []))
    (tmp / "m.onnx").write_bytes(b"a previous export")
    result = p.run("-i", tmp / "m.tmk", "--export-onnx", tmp / "m.onnx", expect=1)
    check("--export-onnx:" in result.stderr and "not learned a class yet" in result.stderr, result.stderr)
    check((tmp / "m.onnx").read_bytes() == b"a previous export", "the refused export replaced the file")


@case(models=CLASSIFIERS, builds=("native",))
def a_high_feature_index_grows_the_onnx_file_by_the_input_alone(p, tmp):
    """The input X is 44,157 wide: the file may grow by a few numbers per feature index for that,
    not by one per leaf, class and feature (a forest's file was 664 MB). The sample still predicts
    as the program predicts."""
    check_tools()
    sample = pima_with_a_high_feature(tmp)
    for name, options in (("plain", []), ("nominal", nominal_options(p.model))):
        growth, model = export_growth(p, tmp, "--export-onnx", options, name)
        check(growth <= 32 * HIGH_FEATURE, f"{name}: {HIGH_FEATURE:,} more features grew the file by {growth:,} bytes")
        check_onnx_predicts(p, tmp, model, sample, True, f"{name}, feature {HIGH_FEATURE}")


@case(models=CLASSIFIERS, builds=("native",))
def an_onnx_file_of_sparse_rows_is_no_larger_than_its_model(p, tmp):
    """2,000 rows of 20 features out of 100,000, one of the first five deciding the class (as
    bench/sparse_benchmark.py): voters meet very different numbers of features, and tables padded
    to the most were eight times the model file. The file may add a few numbers per column of
    its input (each feature's default naive Bayes term) to what the model holds, which lists only
    the features it met."""
    check_tools()
    rng = random.Random(1)
    lines = []
    for _ in range(2000):
        indexes = {rng.randrange(5)}
        while len(indexes) < 20:
            indexes.add(rng.randrange(100_000))
        values = {index: rng.uniform(-1, 1) for index in indexes}
        label = int(sum(value for index, value in values.items() if index < 5) > 0)
        lines.append(f"{label} | " + " ".join(f"{index}:{values[index]:.4f}" for index in sorted(indexes)))
    (tmp / "sparse.txt").write_text("\n".join(lines) + "\n")
    (tmp / "sample.txt").write_text("\n".join(lines[:30]) + "\n")
    p.run("-d", tmp / "sparse.txt", "-f", tmp / "sparse.tmk", "--quiet")
    p.run("-i", tmp / "sparse.tmk", "--export-onnx", tmp / "size.onnx")
    onnx_size, model_size = (tmp / "size.onnx").stat().st_size, (tmp / "sparse.tmk").stat().st_size
    columns = checked_features(tmp / "size.onnx")
    check(onnx_size <= model_size + 40 * columns,
          f"the ONNX file is {onnx_size:,} bytes, the model {model_size:,}, the input {columns:,} columns")
    check_onnx_predicts(p, tmp, tmp / "sparse.tmk", tmp / "sample.txt", True, "sparse rows")


@case(models=("hoeffding-regressor", "forest-regressor"), builds=("native",))
def a_high_feature_index_grows_a_regressors_exports_by_the_input_alone(p, tmp):
    """A row that holds only feature 44156 first, then boston.txt: every leaf's linear model
    inherits a weight for it. The exports take inputs 44,157 columns wide and standardize each
    (a mean and a scale a column), but the leaves' weights are the features they list: padded to
    the input's width, the forest's ONNX file was 43 MB and its header 21 MB for a 1 MB model.
    Both still predict as the program."""
    rows = (DATA / "boston.txt").read_text().splitlines(keepends=True)
    (tmp / "high.txt").write_text(f"20 | {HIGH_FEATURE}:1\n" + "".join(rows))
    (tmp / "sample.txt").write_text(f"20 | {HIGH_FEATURE}:1\n" + "".join(rows[:30]))
    for data in (DATA / "boston.txt", tmp / "high.txt"):
        p.run("-d", data, "-f", tmp / f"{data.stem}.tmk", "--quiet")
        p.run("-i", tmp / f"{data.stem}.tmk", "--export-onnx", tmp / f"{data.stem}.onnx",
              "--export-c", tmp / f"{data.stem}.h")
    for suffix in (".onnx", ".h"):
        growth = (tmp / f"high{suffix}").stat().st_size - (tmp / f"boston{suffix}").stat().st_size
        check(growth <= 32 * (HIGH_FEATURE + 1), f"{suffix}: {HIGH_FEATURE:,} more columns grew the file by {growth:,} bytes")
    check_tools()
    check_onnx_predicts(p, tmp, tmp / "high.tmk", tmp / "sample.txt", False, f"feature {HIGH_FEATURE}")
    check_header_predicts(p, tmp, tmp / "high.tmk", tmp / "sample.txt", False, f"feature {HIGH_FEATURE}")
