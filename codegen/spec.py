"""Loads and validates model specs (models/*.yaml) and computes what the templates print.

A spec is checked against spec.schema.json first (unknown keys, wrong types), then for what a
schema cannot say: a default inside its range or among its choices, names that are unique and
that do not clash with the options every program shares.
"""

import json
import pathlib
import re
import textwrap

import jsonschema
import yaml

SCHEMA_PATH = pathlib.Path(__file__).with_name("spec.schema.json")

# Options the runtime gives every program (runtime/src/command_line.cpp); a hyperparameter must
# not take one of these names.
COMMON_OPTIONS = {
    "data", "final-model", "initial-model", "predictions", "test-only", "probabilities",
    "readable-model", "summary-json", "skip-bad-lines", "seed", "confidence", "quiet", "help", "version",
    "export-summary", "export-c", "client-model", "aggregate", "byzantine", "strict", "preset",
}

CPP_OPTION_TYPES = {
    "integer": "kInteger",
    "real": "kReal",
    "bool": "kBool",
    "choice": "kChoice",
    "indexes": "kIndexList",
    "labels": "kLabelList",
    "feature-count": "kFeatureCount",
}
DEFAULT_VALUE_NAMES = {"integer": "N", "real": "X", "bool": "", "choice": "NAME", "indexes": "LIST", "labels": "LIST",
                       "feature-count": "COUNT"}


class SpecError(Exception):
    """A spec that cannot be used, with a message naming the file and the place in it."""


def _load_yaml(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as error:
        raise SpecError(f"{path}: {error}") from None


def _schema_errors(document):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(top level)"
        yield f"{where}: {error.message}"


def _text_default(parameter):
    value = parameter["default"]
    if parameter["type"] == "bool":
        return "true" if value else "false"
    if parameter["type"] == "real":
        return repr(float(value))
    return str(value)


def _camel(name):
    """info-gain -> InfoGain: a spec name as a C++ type or enumerator name."""
    return "".join(part.capitalize() for part in name.split("-"))


# The config field of each hyperparameter type, and its initializer from the spec's default.
CPP_FIELD_TYPES = {"integer": "int64_t", "real": "double", "bool": "bool",
                   "indexes": "std::vector<uint32_t>", "labels": "std::vector<std::string>",
                   "feature-count": "FeatureCount"}


def _field_initializer(parameter):
    kind, default = parameter["type"], parameter["default"]
    if kind == "choice":
        return f"{parameter['identifier']}::k{_camel(default)}"
    if kind == "indexes":
        return "{" + ", ".join(item.strip() for item in str(default).split(",") if item.strip()) + "}"
    if kind == "feature-count" and default in ("sqrt", "log2"):
        return f"{{FeatureCount::Kind::k{_camel(default)}, 0}}"
    if kind == "feature-count":
        return f"{{FeatureCount::Kind::{'kFraction' if default < 1 else 'kCount'}, {float(default)!r}}}"
    if kind == "labels":
        return "{" + ", ".join(f'"{item.strip()}"' for item in str(default).split(",") if item.strip()) + "}"
    return _text_default(parameter)


def _check_parameter(parameter):
    name, kind, default = parameter["name"], parameter["type"], parameter["default"]
    if name in COMMON_OPTIONS:
        yield f"hyperparameter '{name}' takes the name of an option every program has"
    if kind == "integer" and (isinstance(default, bool) or not isinstance(default, int)):
        yield f"hyperparameter '{name}': default {default!r} is not an integer"
    elif kind == "real" and (isinstance(default, bool) or not isinstance(default, (int, float))):
        yield f"hyperparameter '{name}': default {default!r} is not a number"
    elif kind == "bool" and not isinstance(default, bool):
        yield f"hyperparameter '{name}': default {default!r} is not true or false"
    elif kind == "choice" and default not in parameter["choices"]:
        yield f"hyperparameter '{name}': default {default!r} is not one of {parameter['choices']}"
    elif kind == "choice":
        enumerators = [_camel(choice) for choice in parameter["choices"]]
        for choice in parameter["choices"]:
            if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", choice):
                yield f"hyperparameter '{name}': choice {choice!r} must be lower-case words joined by '-'"
        if len(set(enumerators)) != len(enumerators):
            yield f"hyperparameter '{name}': two choices give one C++ enumerator ({enumerators})"
    elif kind == "feature-count" and not isinstance(default, str) and not (default < 1 or default == int(default)):
        yield f"hyperparameter '{name}': default {default} is neither a whole count nor a fraction below 1"
    elif kind in ("integer", "real"):
        low, high = parameter["range"]
        if low > high:
            yield f"hyperparameter '{name}': range [{low}, {high}] is empty"
        elif not low <= default <= high:
            yield f"hyperparameter '{name}': default {default} is outside its range [{low}, {high}]"


def _check_presets(document):
    parameters = {p["name"]: p for p in document["hyperparameters"]}
    names = [preset["name"] for preset in document.get("presets", [])]
    yield from (f"preset '{n}' is defined twice" for n in sorted(set(names)) if names.count(n) > 1)
    for preset in document.get("presets", []):
        for name, value in preset["values"].items():
            if name not in parameters:
                yield f"preset '{preset['name']}' sets '{name}', which is not a hyperparameter"
                continue
            for problem in _check_parameter({**parameters[name], "default": value}):
                yield f"preset '{preset['name']}': {problem.replace('default ', 'value ')}"


RELATIONS = {"<=": ("kAtMost", lambda a, b: a <= b), "<": ("kLessThan", lambda a, b: a < b)}


def _check_constraints(document):
    parameters = {p["name"]: p for p in document["hyperparameters"]}
    for constraint in document.get("constraints", []):
        left, relation, right = constraint["rule"].split()
        unknown = [n for n in (left, right) if n not in parameters or parameters[n]["type"] not in ("integer", "real")]
        if unknown:
            yield f"constraint '{constraint['rule']}': '{unknown[0]}' is not a numeric hyperparameter"
        elif not RELATIONS[relation][1](parameters[left]["default"], parameters[right]["default"]):
            yield f"the defaults break constraint '{constraint['rule']}'"


def load_spec(path):
    """Returns the spec at `path` with the fields the templates need, or raises SpecError."""
    path = pathlib.Path(path)
    document = _load_yaml(path)
    problems = list(_schema_errors(document))
    if not problems:
        if document["name"] != path.stem:
            problems.append(f"name: '{document['name']}' must match the file name '{path.stem}'")
        names = [p["name"] for p in document["hyperparameters"]]
        problems += [f"hyperparameter '{n}' is defined twice" for n in sorted(set(names)) if names.count(n) > 1]
        for parameter in document["hyperparameters"]:
            problems += list(_check_parameter(parameter))
        problems += list(_check_presets(document))
        problems += list(_check_constraints(document))
    if problems:
        raise SpecError("\n".join(f"{path}: {problem}" for problem in problems))
    return _enrich(document)


def _enrich(spec):
    spec["program"] = f"tinymlkit-{spec['name']}"
    spec.setdefault("federation", False)
    spec["config_name"] = spec["runtime"]["config"].removeprefix("tinymlkit::")
    for parameter in spec["hyperparameters"]:
        parameter["field"] = parameter["name"].replace("-", "_")
        parameter["identifier"] = _camel(parameter["name"])
        parameter["cpp_type"] = CPP_OPTION_TYPES[parameter["type"]]
        if parameter["type"] == "choice":
            parameter["enumerators"] = [{"name": f"k{_camel(choice)}", "text": choice} for choice in parameter["choices"]]
            parameter["cpp_field_type"] = parameter["identifier"]
        else:
            parameter["cpp_field_type"] = CPP_FIELD_TYPES[parameter["type"]]
        parameter["cpp_initializer"] = _field_initializer(parameter)
        parameter["default_text"] = _text_default(parameter)
        parameter.setdefault("value_name", DEFAULT_VALUE_NAMES[parameter["type"]])
        low, high = parameter.get("range", (0, 0))
        parameter["min_text"], parameter["max_text"] = repr(float(low)), repr(float(high))
    for constraint in spec.setdefault("constraints", []):
        constraint["left"], relation, constraint["right"] = constraint["rule"].split()
        constraint["relation"] = RELATIONS[relation][0]
        constraint["why"] = " ".join(constraint["why"].split())
    types = {p["name"]: p["type"] for p in spec["hyperparameters"]}
    for preset in spec.setdefault("presets", []):
        preset["identifier"] = _camel(preset["name"])
        preset["settings"] = [{"name": name, "text": _text_default({"type": types[name], "default": value})}
                              for name, value in preset["values"].items()]
        preset["help"] = " ".join(preset["help"].split())
    spec["description_lines"] = textwrap.wrap(" ".join(spec["description"].split()), 88)
    return spec


def load_specs(paths):
    return [load_spec(path) for path in sorted(paths, key=lambda p: pathlib.Path(p).stem)]
