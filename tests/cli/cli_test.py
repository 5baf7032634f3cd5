#!/usr/bin/env python3
"""End-to-end tests of TinyMLKit's programs through their command lines, run by CTest.

  cli_test.py --list BUILD --model MODEL
  cli_test.py --case NAME --model MODEL --program PROGRAM [--runner CMD...] [--native PROGRAM]

The same cases run against the native programs and, with --runner node tools/wasi-run.mjs,
against the .wasm modules. cases_common.py holds the cases every model passes (with the data
and options of its profile); cases_MODEL.py the model's own. Data comes from the repository's
data/ folder or is generated with known answers; nothing depends on files outside the repo.
"""

import argparse
import importlib
import pathlib
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from support import CASES, Program  # noqa: E402

for case_file in sorted(HERE.glob("cases_*.py")):  # each registers its cases
    importlib.import_module(case_file.stem)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", choices=["native", "wasm"], help="the cases that apply to a build")
    parser.add_argument("--model", required=True)
    parser.add_argument("--case")
    parser.add_argument("--program")
    parser.add_argument("--runner", nargs="*", default=[])
    parser.add_argument("--native", help="the native program, for cases that compare builds")
    args = parser.parse_args()
    if args.list:
        print("\n".join(name for name, (models, builds, _) in CASES.items()
                        if args.model in models and args.list in builds))
        return 0
    with tempfile.TemporaryDirectory(prefix="tmk-cli-") as folder:
        work = pathlib.Path(folder) / "work"
        work.mkdir()
        program = Program(args.runner + [args.program], work, args.model)
        extra = [Program([args.native], work, args.model)] if args.native else []
        try:
            CASES[args.case][2](program, work, *extra)
        except AssertionError as failure:
            print(f"FAILED {args.model} {args.case}: {failure}", file=sys.stderr)
            return 1
    print(f"passed {args.model} {args.case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
