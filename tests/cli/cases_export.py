"""--export-c: the header compiles as strict C99 and predicts what the program predicts."""

import pathlib
import shutil
import subprocess

from support import DATA, case, check

DRIVER = pathlib.Path(__file__).resolve().parent / "export_predict.c"


def compile_driver(header, out):
    subprocess.run(["gcc", "-std=c99", "-pedantic", "-Wall", "-Wextra", "-Werror", "-O2",
                    f"-DMODEL_HEADER=\"{header}\"", str(DRIVER), "-o", str(out)], check=True)


@case(models=("nm",))
def an_exported_c_header_predicts_as_the_program(p, tmp):
    check(shutil.which("gcc") is not None, "gcc is needed to compile the exported header")
    runs = [("boston.txt", []), ("boston.txt", ["--loss", "huber"]), ("pima.txt", ["--loss", "logistic"]),
            ("pima.txt", ["--loss", "hinge"])]
    for number, (data, options) in enumerate(runs):
        model, header = tmp / f"m{number}.tmk", tmp / f"m{number}.h"
        p.run("-d", DATA / data, "-f", model, "--quiet", *options)
        p.run("-i", model, "--export-c", header)
        text = header.read_text()
        for forbidden in ("#include", "malloc", "printf", "math.h"):
            check(forbidden not in text, f"{data} {options}: the header uses {forbidden}")
        compile_driver(header, tmp / f"predict{number}")
        classifies = "logistic" in options or "hinge" in options
        p.run("-d", DATA / data, "-i", model, "-t", "-p", tmp / f"cli{number}.txt", "--quiet")
        expected = (tmp / f"cli{number}.txt").read_text().splitlines()
        if classifies:  # "class p0 p1", as -p and then -p --probabilities ("a:p0 b:p1") write them
            p.run("-d", DATA / data, "-i", model, "-t", "-p", tmp / f"probabilities{number}.txt", "--probabilities",
                  "--quiet")
            probabilities = (tmp / f"probabilities{number}.txt").read_text().splitlines()
            expected = [" ".join([label] + [pair.rsplit(":", 1)[1] for pair in pairs.split()])
                        for label, pairs in zip(expected, probabilities)]
        with open(DATA / data) as stdin:
            exported = subprocess.run([str(tmp / f"predict{number}")], stdin=stdin, capture_output=True, text=True,
                                      check=True).stdout.splitlines()
        check(len(exported) == len(expected), f"{data} {options}: {len(exported)} predictions, expected {len(expected)}")
        for row, (ours, theirs) in enumerate(zip(exported, expected)):
            # Numbers compare as doubles: %.17g and the program's shortest form read back the same.
            same = [w if i == 0 and classifies else float(w) for i, w in enumerate(ours.split())] == \
                   [w if i == 0 and classifies else float(w) for i, w in enumerate(theirs.split())]
            check(same, f"{data} {options} row {row + 1}: the header gives {ours!r}, the program {theirs!r}")


@case(models=("hoeffding", "hoeffding-regressor", "forest", "forest-regressor"))
def a_model_that_cannot_be_written_as_c_is_a_usage_error(p, tmp):
    data = DATA / ("boston.txt" if "regressor" in p.model else "pima.txt")
    p.run("-d", data, "-f", tmp / "m.tmk", "--quiet")
    result = p.run("-i", tmp / "m.tmk", "--export-c", tmp / "m.h", expect=1)
    check("cannot be written as C yet" in result.stderr and not (tmp / "m.h").exists(), result.stderr)
