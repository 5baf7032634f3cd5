#!/usr/bin/env python3
"""TinyMLKit's code generator: model specs in, C++ mains and docs out.

  generate.py main SPEC -o FILE          the standalone main of one model
  generate.py fuzz SPEC -o FILE          the libFuzzer harness of one model's loader
  generate.py fuzz-learn SPEC -o FILE    the libFuzzer harness that trains one model on fuzzed lines
  generate.py library SPEC -o FILE       the binding of one model's library module (reactor .wasm)
  generate.py config SPEC -o FILE        one model's config struct and choice enums (a header)
  generate.py defaults SPEC -o FILE      set_defaults() for one model's config (a header)
  generate.py dispatcher SPEC... -o FILE the `tinymlkit` dispatcher, which knows every model
  generate.py docs SPEC... [--check README | --update README]
                                         the hyperparameter tables of the README

Rendering is deterministic: the same specs and templates give the same bytes. C++ output is
formatted with the repository's .clang-format when clang-format is installed.
"""

import argparse
import pathlib
import re
import shutil
import subprocess
import sys

import jinja2

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from spec import SpecError, load_spec, load_specs  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "templates"
# what -> (template, values beside the spec)
SINGLE_SPEC_TEMPLATES = {
    "main": ("main.cpp.j2", {}),
    "fuzz": ("fuzz_model.cpp.j2", {"oracle": "model_body"}),
    "fuzz-learn": ("fuzz_model.cpp.j2", {"oracle": "data_lines"}),
    "library": ("library.cpp.j2", {}),
    "config": ("config.hpp.j2", {}),
    "defaults": ("defaults.hpp.j2", {}),
}
DOCS_BEGIN = "<!-- generated hyperparameter tables: begin (codegen/generate.py docs) -->"
DOCS_END = "<!-- generated hyperparameter tables: end -->"


def cpp_string(text):
    """A C++ string literal body for `text`."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def environment():
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cpp_string"] = cpp_string
    return env


def render(template, **values):
    return environment().get_template(template).render(**values)


def format_cpp(text):
    """Applies the repository's .clang-format, as to all C++ here; left as rendered without it."""
    clang_format = shutil.which("clang-format")
    if clang_format is None:
        return text
    return subprocess.run([clang_format, f"--assume-filename={REPO / 'generated.cpp'}"], input=text,
                          capture_output=True, text=True, check=True).stdout


def write_if_changed(path, text):
    """Leaves an unchanged file alone so the build does not recompile it."""
    path = pathlib.Path(path)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def docs_section(specs):
    return f"{DOCS_BEGIN}\n{render('hyperparameters.md.j2', specs=specs)}{DOCS_END}"


def update_docs(readme_path, specs, check_only):
    readme = pathlib.Path(readme_path).read_text(encoding="utf-8")
    pattern = re.compile(re.escape(DOCS_BEGIN) + ".*?" + re.escape(DOCS_END), re.DOTALL)
    if not pattern.search(readme):
        raise SpecError(f"{readme_path}: no generated hyperparameter section to update")
    updated = pattern.sub(lambda _: docs_section(specs), readme)
    if check_only:
        if updated != readme:
            raise SpecError(f"{readme_path}: hyperparameter tables are out of date; run "
                            f"codegen/generate.py docs models/*.yaml --update {readme_path}")
        return
    pathlib.Path(readme_path).write_text(updated, encoding="utf-8")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=[*SINGLE_SPEC_TEMPLATES, "dispatcher", "docs"])
    parser.add_argument("specs", nargs="+", type=pathlib.Path)
    parser.add_argument("-o", "--output", type=pathlib.Path)
    docs_mode = parser.add_mutually_exclusive_group()
    docs_mode.add_argument("--check", metavar="README", help="fail if README's tables are out of date")
    docs_mode.add_argument("--update", metavar="README", help="rewrite README's tables")
    args = parser.parse_args(argv)
    try:
        if args.what in SINGLE_SPEC_TEMPLATES:
            if len(args.specs) != 1 or not args.output:
                parser.error(f"{args.what} takes one spec and -o FILE")
            spec = load_spec(args.specs[0])
            template, values = SINGLE_SPEC_TEMPLATES[args.what]
            source = render(template, spec=spec, spec_path=f"models/{args.specs[0].name}", **values)
            write_if_changed(args.output, format_cpp(source))
        elif args.what == "dispatcher":
            if not args.output:
                parser.error("dispatcher takes -o FILE")
            write_if_changed(args.output, format_cpp(render("dispatcher.cpp.j2", specs=load_specs(args.specs))))
        else:
            specs = load_specs(args.specs)
            if args.check or args.update:
                update_docs(args.check or args.update, specs, check_only=bool(args.check))
            else:
                sys.stdout.write(docs_section(specs) + "\n")
    except SpecError as error:
        print(f"generate.py: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
