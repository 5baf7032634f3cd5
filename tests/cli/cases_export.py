"""--export-c: the header compiles as strict C99 and predicts what the program predicts. Native
only: wasm_and_native_agree (cases_common.py) requires the .wasm modules to write the native
program's headers byte for byte."""

import pathlib
import shutil
import subprocess

from support import DATA, ROUND_RULES, case, check, client_models

DRIVER = pathlib.Path(__file__).resolve().parent / "export_predict.c"


def compile_driver(header, out):
    subprocess.run(["gcc", "-std=c99", "-pedantic", "-Wall", "-Wextra", "-Werror", "-O2",
                    f"-DMODEL_HEADER=\"{header}\"", str(DRIVER), "-o", str(out)], check=True)


def three_classes(tmp):
    """boston.txt with its values binned into three classes: a table where a tree's leaves hold
    more than two classes and naive Bayes votes among them."""
    lines = []
    for line in (DATA / "boston.txt").read_text().splitlines():
        value, features = line.split("|", 1)
        label = "low" if float(value) < 17 else "middle" if float(value) < 25 else "high"
        lines.append(f"{label} |{features}")
    (tmp / "boston3.txt").write_text("\n".join(lines) + "\n")
    return tmp / "boston3.txt"


HIGH_FEATURE = 44156


def pima_with_a_high_feature(tmp):
    """pima.txt plus one row that holds only feature 44156, and a sample: the first 40 rows and
    that one. A model of it takes inputs 44,157 features wide, though it met only nine."""
    rows = (DATA / "pima.txt").read_text().splitlines(keepends=True)
    odd = f"pos | {HIGH_FEATURE}:1\n"
    (tmp / "high.txt").write_text("".join(rows) + odd)
    (tmp / "sample.txt").write_text("".join(rows[:40]) + odd)
    return tmp / "sample.txt"


def export_growth(p, tmp, export_option, options, name):
    """How many bytes `export_option` writes more for a model of high.txt than for one of pima.txt,
    both learned with `options`; and the model of high.txt."""
    sizes = []
    for data in (DATA / "pima.txt", tmp / "high.txt"):
        model = tmp / f"{name}-{data.stem}.tmk"
        p.run("-d", data, "-f", model, "--quiet", *options)
        p.run("-i", model, export_option, tmp / "size.out")
        sizes.append((tmp / "size.out").stat().st_size)
    return sizes[1] - sizes[0], model


def check_header_predicts(p, tmp, model, data, classifies, run):
    """Exports `model`, compiles the header with the driver and requires the program's -t -p output
    of `data` from it on every row."""
    header, driver = tmp / f"{model.stem}.h", tmp / f"{model.stem}-predict"
    p.run("-i", model, "--export-c", header)
    text = header.read_text()
    for forbidden in ("#include", "malloc", "printf", "math.h"):
        check(forbidden not in text, f"{run}: the header uses {forbidden}")
    compile_driver(header, driver)
    p.run("-d", data, "-i", model, "-t", "-p", tmp / "cli.txt", "--quiet")
    expected = (tmp / "cli.txt").read_text().splitlines()
    if classifies:  # "class p0 p1 ...", as -p and then -p --probabilities ("a:p0 b:p1 ...") write them
        p.run("-d", data, "-i", model, "-t", "-p", tmp / "probabilities.txt", "--probabilities", "--quiet")
        probabilities = (tmp / "probabilities.txt").read_text().splitlines()
        expected = [" ".join([label] + [pair.rsplit(":", 1)[1] for pair in pairs.split()])
                    for label, pairs in zip(expected, probabilities)]
    with open(data) as stdin:
        exported = subprocess.run([str(driver)], stdin=stdin, capture_output=True, text=True,
                                  check=True).stdout.splitlines()
    check(len(exported) == len(expected), f"{run}: {len(exported)} predictions, expected {len(expected)}")
    for row, (ours, theirs) in enumerate(zip(exported, expected)):
        # Numbers compare as doubles: %.17g and the program's shortest form read back the same.
        same = [w if i == 0 and classifies else float(w) for i, w in enumerate(ours.split())] == \
               [w if i == 0 and classifies else float(w) for i, w in enumerate(theirs.split())]
        check(same, f"{run} row {row + 1}: the header gives {ours!r}, the program {theirs!r}")


# (data, options) a model is exported after; None stands for three_classes().
EXPORT_RUNS = {
    "nm": [("boston.txt", []), ("boston.txt", ["--loss", "huber"]), ("pima.txt", ["--loss", "logistic"]),
           ("pima.txt", ["--loss", "hinge"])],
    "hoeffding": [("pima.txt", []), ("pima.txt", ["--leaf-prediction", "mc"]), (None, []),
                  (None, ["--preset", "moa", "--grace-period", "50"]),
                  (None, ["--variance-smoothing", "0", "--grace-period", "30"]),
                  (None, ["--nominal", "3,8", "--grace-period", "50"]),  # naive Bayes' category counts
                  (None, ["--nb-features", "present", "--grace-period", "30"])],  # boston leaves out zeros
    "forest": [("pima.txt", []), (None, ["--seed", "5"]), (None, ["--trees", "3", "--no-weighted-vote"]),
               ("pima.txt", ["--nb-features", "present"])],
    "hoeffding-regressor": [("boston.txt", ["--grace-period", "50"]),
                            ("boston.txt", ["--grace-period", "50", "--leaf-model", "model"]),
                            ("boston.txt", ["--grace-period", "50", "--leaf-model", "mean"])],
    "forest-regressor": [("boston.txt", []), ("boston.txt", ["--aggregation", "mean", "--trees", "4"])],
}
CLASSIFIERS = ("hoeffding", "forest")


@case(models=tuple(EXPORT_RUNS), builds=("native",))
def an_exported_c_header_predicts_as_the_program(p, tmp):
    check(shutil.which("gcc") is not None, "gcc is needed to compile the exported header")
    for number, (name, options) in enumerate(EXPORT_RUNS[p.model]):
        data = DATA / name if name else three_classes(tmp)
        p.run("-d", data, "-f", tmp / f"m{number}.tmk", "--quiet", *options)
        classifies = "logistic" in options or "hinge" in options or p.model in CLASSIFIERS
        check_header_predicts(p, tmp, tmp / f"m{number}.tmk", data, classifies, f"{data.name} {options}")


def nominal_options(model):
    """Multiway splits on pima's pregnancies (0) and age (7), whose rows then bring categories a
    split never met, and naive Bayes' category counts at the leaves."""
    return ["--nominal", "0,7"] + (["--grace-period", "20", "--tie-threshold", "0.3"] if model == "hoeffding" else [])


@case(models=CLASSIFIERS, builds=("native",))
def a_tree_with_nominal_splits_exports_as_c(p, tmp):
    check(shutil.which("gcc") is not None, "gcc is needed to compile the exported header")
    options = nominal_options(p.model)
    p.run("-d", DATA / "pima.txt", "-f", tmp / "nominal.tmk", "--quiet", *options)
    check_header_predicts(p, tmp, tmp / "nominal.tmk", DATA / "pima.txt", True, f"pima.txt {options}")
    counts = (tmp / "nominal.h").read_text().split("tinymlkit_branch_count[TINYMLKIT_SPLITS + 1] = {")[1].split("}")[0]
    check(any(int(count) > 0 for count in counts.split(",")), "no split of the model is nominal")




def federated_ensemble(p, tmp, rule, clients=3, options=()):
    """The aggregate of `clients` clients that learned parts of the profile's data, by `rule`
    (and round `options`)."""
    data = DATA / ("pima.txt" if p.model in CLASSIFIERS else "boston.txt")
    clients = client_models(p, tmp, data, clients)
    p.run(*clients, "-f", tmp / f"{rule}.tmk", "--aggregate", rule, "--quiet", *options)
    return data, tmp / f"{rule}.tmk"


@case(models=("hoeffding", "forest", "hoeffding-regressor", "forest-regressor"), builds=("native",))
def a_federated_ensemble_exports_as_c(p, tmp):
    check(shutil.which("gcc") is not None, "gcc is needed to compile the exported header")
    for rule in ("median", "mean"):  # classifiers: the members vote or average; regressors: median or mean
        data, model = federated_ensemble(p, tmp, rule)
        check_header_predicts(p, tmp, model, data, p.model in CLASSIFIERS, f"the ensemble aggregated by {rule}")


@case(models=("hoeffding-regressor", "forest-regressor"), builds=("native",))
def a_regression_ensemble_exports_as_c_by_every_round_rule(p, tmp):
    check(shutil.which("gcc") is not None, "gcc is needed to compile the exported header")
    for rule in ROUND_RULES:  # five clients, F = 1: each rule drops, trims or clips someone
        data, model = federated_ensemble(p, tmp, rule, clients=5, options=("--byzantine", "1"))
        check_header_predicts(p, tmp, model, data, False, f"five clients aggregated by {rule}")


@case(models=CLASSIFIERS, builds=("native",))
def a_high_feature_index_grows_the_c_header_by_little(p, tmp):
    """The header takes inputs 44,157 features wide, but its tables hold what the model met: at
    most a byte per feature index more (every feature's smoothing, a table, took six)."""
    sample = pima_with_a_high_feature(tmp)
    for name, options in (("plain", []), ("nominal", nominal_options(p.model))):
        growth, model = export_growth(p, tmp, "--export-c", options, name)
        check(growth <= HIGH_FEATURE, f"{name}: {HIGH_FEATURE:,} more features grew the header by {growth:,} bytes")
        check_header_predicts(p, tmp, model, sample, True, f"{name}, feature {HIGH_FEATURE}")
