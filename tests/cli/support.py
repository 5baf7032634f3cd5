"""What the CLI cases share: running a program, checks, case registration, generated streams."""

import json
import math
import os
import pathlib
import random
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parents[2]
DATA = REPO / "data"
sys.path.insert(0, str(REPO / "codegen"))
from spec import load_specs  # noqa: E402


def model_profiles(models_folder):
    """What the cases every model passes need of each spec in `models_folder`, by model name:
    task (classification or regression, from the spec's first task), data (a shipped table of
    that task), hyperparameter (the spec's first integer one, with a value off its default) and
    least_value (the least value its range allows) and federated (whether the spec declares
    federation)."""
    profiles = {}
    for spec in load_specs(pathlib.Path(models_folder).glob("*.yaml")):
        task = "regression" if spec["tasks"][0] == "regression" else "classification"
        first_integer = next(p for p in spec["hyperparameters"] if p["type"] == "integer")
        least = int(first_integer["range"][0])
        profiles[spec["name"]] = {"task": task, "data": "boston.txt" if task == "regression" else "pima.txt",
                                  "hyperparameter": (first_integer["name"], str(max(least, first_integer["default"] // 2))),
                                  "least_value": str(least), "federated": spec["federation"]}
    return profiles


PROFILES = model_profiles(REPO / "models")
ALL_MODELS = tuple(PROFILES)
FEDERATED_MODELS = tuple(name for name in PROFILES if PROFILES[name]["federated"])
CASES = {}  # name -> (models it applies to, builds it applies to, function)
# Every --aggregate rule a regression round takes.
ROUND_RULES = ("median", "geomedian", "mean-around-median", "trimmed-mean", "krum", "centered-clip", "mean")


def case(models=ALL_MODELS, builds=("native", "wasm")):
    def register(function):
        # Cases are looked up by name: a second case of the same name would silently replace the
        # first, and every model that ran it would lose it.
        if function.__name__ in CASES:
            raise ValueError(f"two CLI cases are named {function.__name__}")
        CASES[function.__name__] = (models, builds, function)
        return function
    return register


class Program:
    def __init__(self, command, workdir, model):
        self.command = command
        self.workdir = workdir
        self.model = model

    def run(self, *args, stdin=None, expect=0, stdout=subprocess.PIPE, env=None):
        """`stdin`: text, or an open file; `stdout`: an open file to give the program as its
        standard output instead of a pipe; `env`: variables added to the environment."""
        given = {"input": stdin} if stdin is None or isinstance(stdin, str) else {"stdin": stdin}
        environment = {**os.environ, **env} if env else None
        result = subprocess.run(self.command + [str(a) for a in args], cwd=self.workdir, **given,
                                stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=300,
                                env=environment)
        if expect is not None and result.returncode != expect:
            raise AssertionError(f"exit {result.returncode}, expected {expect}: {' '.join(map(str, args))}\n"
                                 f"stderr: {result.stderr}")
        return result


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def load_json(path):
    return json.loads(pathlib.Path(path).read_text())


def client_models(p, tmp, data, clients):
    """`clients` models, each learned by `p` from its consecutive part of `data`: the -m arguments
    of a federated round over them."""
    lines = data.read_text().splitlines(keepends=True)
    size = len(lines) // clients + 1
    arguments = []
    for client in range(clients):
        (tmp / f"client{client}.txt").write_text("".join(lines[client * size:(client + 1) * size]))
        p.run("-d", tmp / f"client{client}.txt", "-f", tmp / f"client{client}.tmk", "--quiet")
        arguments += ["-m", tmp / f"client{client}.tmk"]
    return arguments


def write_linear_stream(path, rows, weights, bias, noise, seed, logistic=False):
    """y = w.x + bias + N(0, noise^2), or a label drawn with P(1) = sigmoid(w.x + bias).
    Returns the accuracy of the true model on the drawn labels (the best achievable)."""
    rng = random.Random(seed)
    right = 0
    with open(path, "w") as out:
        for _ in range(rows):
            x = [rng.gauss(0, 1) for _ in weights]
            margin = sum(w * v for w, v in zip(weights, x)) + bias
            if logistic:
                label = 1 if rng.random() < 1 / (1 + math.exp(-margin)) else 0
                right += (margin >= 0) == (label == 1)
            else:
                label = f"{margin + rng.gauss(0, noise):.6f}"
            out.write(f"{label} | " + " ".join(f"{i}:{v:.5f}" for i, v in enumerate(x)) + "\n")
    return right / rows
