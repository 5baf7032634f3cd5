#!/usr/bin/env python3
"""Flash and RAM of a --export-c header on a Cortex-M4 (issue 13), for every model on the shipped
dataset of its task.

  bench/c_export_size.py

Each model is trained on the whole file by the native program, written with --export-c, and
linked for a Cortex-M4 (arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os, Debian's
gcc-arm-none-eabi) into a program whose only code is one call of tinymlkit_predict: no C library,
only libgcc, which holds the soft double arithmetic (the M4's FPU is single precision). Flash is
text + data and RAM is data + bss (the probe's own input and output, 8 bytes a feature); the stack
is not counted. The tree also runs on ../shared/data/sea.txt when that folder is there (issue 13's
goal: a tree for sea under 8 KB of flash). Prints a Markdown table and one JSON line per row;
asserts nothing.
"""
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[1]
BIN = REPO / "build" / "native" / "bin"
SHARED = REPO.parent / "shared" / "data"
RUNS = (("nm", REPO / "data" / "boston.txt", ["--loss", "squared"]),
        ("nm", REPO / "data" / "boston.txt", ["--loss", "huber"]),
        ("nm", REPO / "data" / "pima.txt", ["--loss", "logistic"]),
        ("nm", REPO / "data" / "pima.txt", ["--loss", "hinge"]),
        ("hoeffding", REPO / "data" / "pima.txt", []),
        ("hoeffding", SHARED / "sea.txt", []),
        ("hoeffding-regressor", REPO / "data" / "boston.txt", ["--grace-period", "50"]),
        ("forest", REPO / "data" / "pima.txt", []),
        ("forest-regressor", REPO / "data" / "boston.txt", []))
PROBE = """#include MODEL_HEADER
volatile double input[TINYMLKIT_FEATURES + 1];
volatile double output;
void probe(void) {
  double x[TINYMLKIT_FEATURES + 1];
  int i;
  for (i = 0; i < TINYMLKIT_FEATURES; ++i) x[i] = input[i];
#ifdef TINYMLKIT_CLASSES
  { double probabilities[TINYMLKIT_CLASSES + 1]; output = tinymlkit_predict(x, probabilities) + probabilities[0]; }
#else
  output = tinymlkit_predict(x);
#endif
}
"""


def main():
    if shutil.which("arm-none-eabi-gcc") is None:
        print("c_export_size.py: needs Debian's gcc-arm-none-eabi (apt-get install gcc-arm-none-eabi)", file=sys.stderr)
        return 1
    print("| model | data | options | flash (bytes) | RAM (bytes) |\n|---|---|---|---:|---:|")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        work = pathlib.Path(folder)
        (work / "probe.c").write_text(PROBE)
        for model, data, options in RUNS:
            if not data.exists():
                continue
            program = BIN / f"tinymlkit-{model}"
            subprocess.run([program, "-d", data, "-f", work / "m.tmk", "--quiet", *options], check=True)
            subprocess.run([program, "-i", work / "m.tmk", "--export-c", work / "m.h"], check=True)
            subprocess.run(["arm-none-eabi-gcc", "-std=c99", "-mcpu=cortex-m4", "-mthumb", "-Os", "-ffunction-sections",
                            "-fdata-sections", "-DMODEL_HEADER=\"m.h\"", f"-I{work}", "-nostdlib", "-nostartfiles",
                            "-Wl,--gc-sections", "-Wl,-e,probe", work / "probe.c", "-lgcc", "-o", work / "probe.elf"],
                           check=True)
            sizes = subprocess.run(["arm-none-eabi-size", work / "probe.elf"], check=True, capture_output=True,
                                   text=True).stdout.splitlines()[1].split()
            text, data_bytes, bss = (int(value) for value in sizes[:3])
            row = {"model": model, "data": data.name, "options": " ".join(options), "flash": text + data_bytes,
                   "ram": data_bytes + bss}
            rows.append(row)
            print(f"| {model} | {data.name} | `{row['options']}` | {row['flash']:,} | {row['ram']:,} |")
    for row in rows:
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
