"""What the CLI cases share: running a program, checks, case registration, generated streams."""

import json
import math
import pathlib
import random
import subprocess

REPO = pathlib.Path(__file__).resolve().parents[2]
DATA = REPO / "data"
CASES = {}  # name -> (models it applies to, builds it applies to, function)
ALL_MODELS = ("nm", "hoeffding", "hoeffding-regressor")


def case(models=ALL_MODELS, builds=("native", "wasm")):
    def register(function):
        CASES[function.__name__] = (models, builds, function)
        return function
    return register


class Program:
    def __init__(self, command, workdir, model):
        self.command = command
        self.workdir = workdir
        self.model = model

    def run(self, *args, stdin=None, expect=0):
        result = subprocess.run(self.command + [str(a) for a in args], cwd=self.workdir, input=stdin,
                                capture_output=True, text=True, timeout=300)
        if expect is not None and result.returncode != expect:
            raise AssertionError(f"exit {result.returncode}, expected {expect}: {' '.join(map(str, args))}\n"
                                 f"stderr: {result.stderr}")
        return result


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def load_json(path):
    return json.loads(pathlib.Path(path).read_text())


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
