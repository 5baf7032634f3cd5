"""scripts/clang-tidy-cached on a small source folder of its own, with a stand-in clang-tidy that
logs each file it is given and reports a finding in any file that holds the word FINDING."""
import json
import os
import pathlib
import shutil
import subprocess
import tempfile
import unittest

SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "clang-tidy-cached"

STAND_IN = """#!/bin/sh
[ "$1" = --version ] && { echo "stand-in clang-tidy 1"; exit 0; }
file=$4
echo "$file" >>"$LINTED"
if grep -q FINDING "$file"; then echo "$file:1:1: error: a finding [stand-in]"; exit 1; fi
"""


class ClangTidyCached(unittest.TestCase):
    def setUp(self):
        self.work = pathlib.Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.work)
        self.cache = self.work / "cache"
        self.stand_in = self.work / "clang-tidy"
        self.stand_in.write_text(STAND_IN)
        self.stand_in.chmod(0o755)
        self.source = self.make_source(self.work / "one")

    def make_source(self, source, flags="-O2"):
        """A source folder with the script, a .clang-tidy, two files, a header and a compile
        database whose paths are absolute, as CMake writes them."""
        (source / "scripts").mkdir(parents=True)
        shutil.copy(SCRIPT, source / "scripts")
        (source / ".clang-tidy").write_text("Checks: bugprone-*\n")
        (source / "include").mkdir()
        (source / "include" / "shared.hpp").write_text("int shared();\n")
        (source / "src").mkdir()
        for name in ("a.cpp", "b.cpp"):
            (source / "src" / name).write_text(f'#include "shared.hpp"\n// {name}\n')
        self.write_database(source, flags)
        return source

    def write_database(self, source, flags):
        (source / "build").mkdir(exist_ok=True)
        entries = [{"directory": str(source / "build"), "file": str(source / "src" / name),
                    "command": f"c++ {flags} -I{source}/include -c {source}/src/{name}"}
                   for name in ("a.cpp", "b.cpp")]
        (source / "build" / "compile_commands.json").write_text(json.dumps(entries))

    def lint(self, source=None):
        """Runs the script on both files: its exit code, its output, and the files linted."""
        source = source or self.source
        log = self.work / "linted.log"
        log.unlink(missing_ok=True)
        env = dict(os.environ, CLANG_TIDY=str(self.stand_in), TMK_LINT_CACHE=str(self.cache),
                   LINTED=str(log))
        run = subprocess.run([source / "scripts" / "clang-tidy-cached", source / "build",
                              source / "src" / "a.cpp", source / "src" / "b.cpp"],
                             capture_output=True, text=True, env=env)
        linted = sorted(pathlib.Path(line).name for line in log.read_text().split()) if log.exists() else []
        return run.returncode, run.stdout, linted

    def test_a_clean_file_is_linted_once_while_its_inputs_stay_the_same(self):
        self.assertEqual(self.lint()[::2], (0, ["a.cpp", "b.cpp"]))
        code, output, linted = self.lint()
        self.assertEqual((code, linted), (0, []))
        self.assertIn("2 files, 2 clean before with the same inputs, 0 linted, 0 with findings", output)

    def test_a_changed_file_is_linted_again_and_only_it(self):
        self.lint()
        with open(self.source / "src" / "b.cpp", "a") as file:
            file.write("// changed\n")
        self.assertEqual(self.lint()[::2], (0, ["b.cpp"]))

    def test_a_changed_header_lints_every_file_again(self):
        self.lint()
        (self.source / "include" / "shared.hpp").write_text("int shared(int);\n")
        self.assertEqual(self.lint()[::2], (0, ["a.cpp", "b.cpp"]))

    def test_changed_checks_or_flags_lint_every_file_again(self):
        self.lint()
        (self.source / ".clang-tidy").write_text("Checks: bugprone-*,performance-*\n")
        self.assertEqual(self.lint()[::2], (0, ["a.cpp", "b.cpp"]))
        self.write_database(self.source, "-O3")
        self.assertEqual(self.lint()[::2], (0, ["a.cpp", "b.cpp"]))

    def test_a_file_with_findings_fails_and_is_never_taken_from_the_cache(self):
        with open(self.source / "src" / "a.cpp", "a") as file:
            file.write("// FINDING\n")
        for _ in range(2):
            code, output, linted = self.lint()
            self.assertEqual(code, 1)
            self.assertIn("a.cpp:1:1: error: a finding [stand-in]", output)
            self.assertIn("1 with findings", output)
        self.assertEqual(linted, ["a.cpp"])

    def test_a_clone_in_another_folder_shares_the_clean_results(self):
        self.lint()
        clone = self.make_source(self.work / "two")
        self.assertEqual(self.lint(clone)[::2], (0, []))


if __name__ == "__main__":
    unittest.main()
