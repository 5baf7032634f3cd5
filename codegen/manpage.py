#!/usr/bin/env python3
"""A model's man page (section 1) from its spec and its program's --help, as help2man does.

  manpage.py SPEC --program PATH -o FILE

--help is the one text that holds the options every program shares (the runtime's table) and
the model's own (the spec's, generated into the program), so the man page reads it instead of
copying either; the spec gives the name line and the other programs for SEE ALSO.
"""

import argparse
import pathlib
import re
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from generate import render, write_if_changed  # noqa: E402
from spec import SpecError, load_spec  # noqa: E402

OPTION_LINE = re.compile(r"^  (?:(-\w), )?\s*(--\S+)(?: (\S+))?\s{2,}(.*)$")


def roff(text):
    """Text safe in a roff paragraph: backslashes and hyphens escaped, no line starts with a dot."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return re.sub(r"^([.'])", r"\\&\1", text, flags=re.MULTILINE)


def parse_help(text):
    """--help's parts: usage lines, description paragraph, and each section's options."""
    head, _, rest = text.partition("\nOptions:\n")
    usage_block, _, description = head.partition("\n\n")
    usage = [line.split(None, 1)[1] if line.startswith("usage:") else line.strip()
             for line in usage_block.splitlines()]
    sections = []
    for title, body in re.findall(r"(?:^|\n)(Options|Model options):\n(.*?)(?=\n\n|\Z)", "Options:\n" + rest, re.S):
        options = []
        for line in body.splitlines():
            match = OPTION_LINE.match(line)
            if match:
                short, long, value, help_text = match.groups()
                options.append({"short": short, "long": long, "value": value, "help": help_text.strip()})
            elif options:
                options[-1]["help"] += " " + line.strip()
        sections.append({"title": title.upper(), "options": options})
    return usage, " ".join(description.split()), sections


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("spec", type=pathlib.Path)
    parser.add_argument("--program", required=True, type=pathlib.Path)
    parser.add_argument("-o", "--output", required=True, type=pathlib.Path)
    args = parser.parse_args(argv)
    try:
        spec = load_spec(args.spec)
    except SpecError as error:
        print(f"manpage.py: {error}", file=sys.stderr)
        return 2
    help_text = subprocess.run([str(args.program), "--help"], capture_output=True, text=True, check=True).stdout
    version = subprocess.run([str(args.program), "--version"], capture_output=True, text=True, check=True).stdout
    usage, description, sections = parse_help(help_text)
    if not usage or not sections:
        print(f"manpage.py: {args.program} --help has no usage or options", file=sys.stderr)
        return 2
    others = sorted(path.stem for path in args.spec.parent.glob("*.yaml") if path.stem != spec["name"])
    page = render("man.1.j2", spec=spec, usage=usage, description=description, sections=sections,
                  version=version.strip(), others=others, roff=roff)
    write_if_changed(args.output, page)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
