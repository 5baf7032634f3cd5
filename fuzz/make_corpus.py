#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora into fuzz/corpus/ (small; kept in the repository).

  fuzz/make_corpus.py [--bin build/native/bin]

Seeds: lines of the shipped data and the CLI tests' bad lines, command lines, whole .tmk files
and model bodies (the checksummed part) of small models of every kind, and client vectors.
"""

import argparse
import pathlib
import random
import struct
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[1]
CORPUS = REPO / "fuzz" / "corpus"
sys.path.insert(0, str(REPO / "tests" / "cli"))
from cases_common import BAD_LINES  # noqa: E402
from support import PROFILES  # noqa: E402


def body_of(tmk):
    """The body of a .tmk file: after magic, version, length, kind and writer; before the checksum."""
    offset = 8 + 4 + 8
    for _ in range(2):  # kind, writer
        (size,) = struct.unpack_from("<I", tmk, offset)
        offset += 4 + size
    (size,) = struct.unpack_from("<Q", tmk, offset)
    return tmk[offset + 8: offset + 8 + size]


def seed(target, name, content):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode())


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bin", type=pathlib.Path, default=REPO / "build" / "native" / "bin")
    args = parser.parse_args()
    # Seeds are written over by name; nothing is deleted: the finding-* seeds (inputs fuzzing once
    # broke) and the inputs fuzzing found interesting stay.
    for i, line in enumerate((REPO / "data" / "pima.txt").read_text().splitlines()[:3] +
                             (REPO / "data" / "boston.txt").read_text().splitlines()[:2] +
                             ["# comment", "| 0:1 5", "spam 0.5 |\t7:2.5 3 1:-4e2\r"] + [bad for bad, _, _ in BAD_LINES]):
        seed("fuzz_data_line", f"line{i}", line)
    for i, args_list in enumerate([["-d", "data.txt", "--window=20", "--no-standardize"], ["-m", "a", "-mb", "--quiet"],
                                   ["--loss", "hinge", "--rate", "0.25", "--nominal", "3,0,7"], ["--widow", "3"]]):
        seed("fuzz_options", f"args{i}", "\n".join(args_list))
    with tempfile.TemporaryDirectory() as folder:
        folder = pathlib.Path(folder)
        small = "\n".join((REPO / "data" / "pima.txt").read_text().splitlines()[:40]) + "\n"
        (folder / "small.txt").write_text(small)
        (folder / "small-reg.txt").write_text("\n".join((REPO / "data" / "boston.txt").read_text().splitlines()[:40]) + "\n")
        # Every model in models/, on 40 rows of its task, at its defaults and with its first integer
        # hyperparameter at the least its range allows (a small window, an early split).
        for model, profile in PROFILES.items():
            data = folder / ("small-reg.txt" if profile["task"] == "regression" else "small.txt")
            name, _ = profile["hyperparameter"]
            for variant, options in (("defaults", []), ("least-" + name, [f"--{name}", profile["least_value"]])):
                out = folder / f"{model}-{variant}.bin"
                subprocess.run([args.bin / f"tinymlkit-{model}", "-d", data, "-f", out, "--quiet", *options], check=True)
                tmk = out.read_bytes()
                seed(f"fuzz_model_{model}", f"body-{variant}", body_of(tmk))
                seed("fuzz_model_file", f"model-{model}-{variant}", tmk)
                option_lines = "".join(f"--{options[i][2:]}={options[i + 1]}\n" for i in range(0, len(options), 2))
                seed(f"fuzz_learn_{model}", f"stream-{variant}", option_lines + data.read_text())
            # A tree whose leaves hold inherited naive Bayes statistics (model format 7) and the
            # whole stream's (format 8): all of pima at the defaults leaves one.
            if model == "hoeffding":
                out = folder / "inherited.bin"
                subprocess.run([args.bin / f"tinymlkit-{model}", "-d", REPO / "data" / "pima.txt", "-f", out, "--quiet"],
                               check=True)
                seed(f"fuzz_model_{model}", "body-inherited", body_of(out.read_bytes()))
            # Values and weights at the parser's limits, where sums overflow unless bounded.
            labels = ("9.9e99", "-9.9e99") if profile["task"] == "regression" else ("a", "b")
            seed(f"fuzz_learn_{model}", "stream-extremes",
                 "".join(f"{labels[i % 2]} 1000000 | 0:{('-', '')[i % 2]}9.9e99 1:1e-300\n" for i in range(40)))
    rng = random.Random(1)
    for i in range(4):
        n, d = 3 + i * 3, 1 + i
        values = b"".join(struct.pack("<d", rng.gauss(0, 1)) for _ in range(n * d))
        seed("fuzz_aggregate", f"clients{i}", bytes([n - 1, d - 1, i]) + values)
    print(f"seeds written to {CORPUS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
