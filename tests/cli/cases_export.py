"""--export-c: the header compiles as strict C99 and predicts what the program predicts."""

import pathlib
import shutil
import subprocess

from support import DATA, case, check

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


# (data, options) a model is exported after; None stands for three_classes().
EXPORT_RUNS = {
    "nm": [("boston.txt", []), ("boston.txt", ["--loss", "huber"]), ("pima.txt", ["--loss", "logistic"]),
           ("pima.txt", ["--loss", "hinge"])],
    "hoeffding": [("pima.txt", []), ("pima.txt", ["--leaf-prediction", "mc"]), (None, []),
                  (None, ["--preset", "moa", "--grace-period", "50"]),
                  (None, ["--variance-smoothing", "0", "--grace-period", "30"])],
}


@case(models=tuple(EXPORT_RUNS))
def an_exported_c_header_predicts_as_the_program(p, tmp):
    check(shutil.which("gcc") is not None, "gcc is needed to compile the exported header")
    for number, (name, options) in enumerate(EXPORT_RUNS[p.model]):
        data = DATA / name if name else three_classes(tmp)
        run = f"{data.name} {options}"
        model, header = tmp / f"m{number}.tmk", tmp / f"m{number}.h"
        p.run("-d", data, "-f", model, "--quiet", *options)
        p.run("-i", model, "--export-c", header)
        text = header.read_text()
        for forbidden in ("#include", "malloc", "printf", "math.h"):
            check(forbidden not in text, f"{run}: the header uses {forbidden}")
        compile_driver(header, tmp / f"predict{number}")
        classifies = "logistic" in options or "hinge" in options or p.model != "nm"
        p.run("-d", data, "-i", model, "-t", "-p", tmp / f"cli{number}.txt", "--quiet")
        expected = (tmp / f"cli{number}.txt").read_text().splitlines()
        if classifies:  # "class p0 p1 ...", as -p and then -p --probabilities ("a:p0 b:p1 ...") write them
            p.run("-d", data, "-i", model, "-t", "-p", tmp / f"probabilities{number}.txt", "--probabilities", "--quiet")
            probabilities = (tmp / f"probabilities{number}.txt").read_text().splitlines()
            expected = [" ".join([label] + [pair.rsplit(":", 1)[1] for pair in pairs.split()])
                        for label, pairs in zip(expected, probabilities)]
        with open(data) as stdin:
            exported = subprocess.run([str(tmp / f"predict{number}")], stdin=stdin, capture_output=True, text=True,
                                      check=True).stdout.splitlines()
        check(len(exported) == len(expected), f"{run}: {len(exported)} predictions, expected {len(expected)}")
        for row, (ours, theirs) in enumerate(zip(exported, expected)):
            # Numbers compare as doubles: %.17g and the program's shortest form read back the same.
            same = [w if i == 0 and classifies else float(w) for i, w in enumerate(ours.split())] == \
                   [w if i == 0 and classifies else float(w) for i, w in enumerate(theirs.split())]
            check(same, f"{run} row {row + 1}: the header gives {ours!r}, the program {theirs!r}")


@case(models=("hoeffding",))
def a_tree_that_cannot_be_written_as_c_yet_is_a_usage_error(p, tmp):
    data = DATA / "pima.txt"
    p.run("-d", data, "-f", tmp / "nominal.tmk", "--nominal", "0", "--quiet")
    lines = data.read_text().splitlines(keepends=True)
    for client, part in (("a", lines[:400]), ("b", lines[400:])):
        (tmp / f"{client}.txt").write_text("".join(part))
        p.run("-d", tmp / f"{client}.txt", "-f", tmp / f"{client}.tmk", "--quiet")
    p.run("-m", tmp / "a.tmk", "-m", tmp / "b.tmk", "-f", tmp / "ensemble.tmk", "--quiet")
    for model, reason in (("nominal", "--nominal features"), ("ensemble", "aggregated ensemble")):
        result = p.run("-i", tmp / f"{model}.tmk", "--export-c", tmp / f"{model}.h", expect=1)
        check(reason in result.stderr and "cannot be written as C yet" in result.stderr, result.stderr)
        check(not (tmp / f"{model}.h").exists(), f"{model}: a header was written")


@case(models=("hoeffding-regressor", "forest", "forest-regressor"))
def a_model_that_cannot_be_written_as_c_is_a_usage_error(p, tmp):
    data = DATA / ("boston.txt" if "regressor" in p.model else "pima.txt")
    p.run("-d", data, "-f", tmp / "m.tmk", "--quiet")
    result = p.run("-i", tmp / "m.tmk", "--export-c", tmp / "m.h", expect=1)
    check("cannot be written as C yet" in result.stderr and not (tmp / "m.h").exists(), result.stderr)
