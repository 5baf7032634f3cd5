"""Cases of tinymlkit-nm alone: what its losses learn, its probabilities, its simplex."""

import math
import random
import re

from support import DATA, case, check, load_json, write_linear_stream

WEIGHTS = [1.2, -0.7, 0.4, 0.0, 2.0]


@case(models=("nm",))
def hyperparameters_that_contradict_each_other_are_refused(p, tmp):
    write_linear_stream(tmp / "d.txt", 200, [1.0, -1.0], 0.0, 0.1, seed=3)
    for args, phrase in ((["--restart-step", "0.9"], "--restart-step 0.9 must be at most --initial-step 0.5"),
                         (["--min-step", "0.1"], "--min-step 0.1 must be at most --restart-step 0.05")):
        result = p.run("-d", tmp / "d.txt", *args, "--quiet", expect=1)
        check(phrase in result.stderr, result.stderr)


@case(models=("nm",))
def a_skipped_line_takes_no_class_slot(p, tmp):
    # The second line's index is past --max-features: skipped, its label must not become a class.
    (tmp / "d.txt").write_text("a | 0:1\nb | 99:1\nc | 0:2\na | 0:1\n")
    result = p.run("-d", tmp / "d.txt", "--max-features", "10", "--skip-bad-lines", "--loss", "logistic",
                   "--summary-json", tmp / "s.json", "--quiet")
    check(load_json(tmp / "s.json")["learned"] == 3, result.stderr)


@case(models=("nm",))
def regression_recovers_true_weights(p, tmp):
    write_linear_stream(tmp / "reg.txt", 20000, WEIGHTS, 0.5, 0.5, seed=1)
    p.run("-d", tmp / "reg.txt", "--readable-model", tmp / "m.json", "--summary-json", tmp / "s.json", "--quiet")
    model, s = load_json(tmp / "m.json"), load_json(tmp / "s.json")
    errors = [abs(a - b) for a, b in zip(model["weights"] + [model["bias"]], WEIGHTS + [0.5])]
    check(max(errors) < 0.05, f"weights off by {max(errors)}: {model['weights']} bias {model['bias']}")
    check(s["rmse"] < 0.56, f"progressive RMSE {s['rmse']} (noise 0.5)")
    check(s["examples"] == s["learned"] == 20000, s)


@case(models=("nm",))
def logistic_reaches_the_true_models_accuracy(p, tmp):
    best = write_linear_stream(tmp / "logit.txt", 20000, WEIGHTS, 0.5, 0, seed=2, logistic=True)
    for loss, slack in (("logistic", 0.015), ("hinge", 0.025)):
        p.run("-d", tmp / "logit.txt", "--loss", loss, "--summary-json", tmp / "s.json", "--quiet")
        accuracy = load_json(tmp / "s.json")["accuracy"]
        check(accuracy >= best - slack, f"--loss {loss}: accuracy {accuracy}, true model {best}")


@case(models=("nm",))
def quantile_loss_estimates_its_quantile(p, tmp):
    write_linear_stream(tmp / "reg.txt", 12000, WEIGHTS, 0.5, 1.0, seed=3)
    lines = (tmp / "reg.txt").read_text().splitlines()
    (tmp / "train.txt").write_text("\n".join(lines[:8000]) + "\n")
    (tmp / "test.txt").write_text("\n".join(lines[8000:]) + "\n")
    for tau in (0.1, 0.5, 0.9):
        p.run("-d", tmp / "train.txt", "-f", tmp / "q.tmk", "--loss", "quantile", "--quantile-tau", tau, "--quiet")
        p.run("-d", tmp / "test.txt", "-i", tmp / "q.tmk", "-t", "-p", tmp / "q.pred", "--quiet")
        predictions = [float(v) for v in (tmp / "q.pred").read_text().split()]
        labels = [float(line.split()[0]) for line in lines[8000:]]
        below = sum(y <= q for y, q in zip(labels, predictions)) / len(labels)
        check(abs(below - tau) < 0.04, f"tau {tau}: {below:.3f} of labels fall below the prediction")


@case(models=("nm",))
def absolute_and_huber_resist_outliers(p, tmp):
    rng = random.Random(4)
    with open(tmp / "outliers.txt", "w") as out:
        for _ in range(8000):
            x = rng.gauss(0, 1)
            y = 2 * x + 1 + rng.gauss(0, 0.1) + (rng.choice([-1, 1]) * 50 if rng.random() < 0.1 else 0)
            out.write(f"{y:.5f} | 0:{x:.5f}\n")
    for loss in ("absolute", "huber"):
        p.run("-d", tmp / "outliers.txt", "--loss", loss, "--readable-model", tmp / "m.json", "--quiet")
        model = load_json(tmp / "m.json")
        check(abs(model["weights"][0] - 2) < 0.1 and abs(model["bias"] - 1) < 0.2,
              f"--loss {loss} with 10% outliers: weight {model['weights'][0]}, bias {model['bias']}")


@case(models=("nm",))
def probabilities_cover_both_classes(p, tmp):
    p.run("-d", DATA / "pima.txt", "--loss", "logistic", "--probabilities", "-p", tmp / "p.txt", "--quiet")
    lines = (tmp / "p.txt").read_text().splitlines()
    check(len(lines) == 768, "one line per example")
    for line in lines[10:]:
        pairs = dict(item.split(":") for item in line.split())
        check(set(pairs) == {"neg", "pos"}, line)
        check(abs(sum(map(float, pairs.values())) - 1) < 1e-12, f"probabilities do not sum to 1: {line}")
    check(p.run("-d", DATA / "boston.txt", "--probabilities", expect=1).stderr.strip(), "regression refused")


@case(models=("nm",))
def a_third_class_is_refused_by_a_binary_loss(p, tmp):
    (tmp / "three.txt").write_text("a | 0:1\nb | 0:2\nc | 0:3\n")
    result = p.run("-d", tmp / "three.txt", "--loss", "hinge", expect=2)
    check(":3:1:" in result.stderr and "third class" in result.stderr, result.stderr)


@case(models=("nm",))
def readable_model_shows_simplex_and_history(p, tmp):
    write_linear_stream(tmp / "reg.txt", 6000, WEIGHTS, 0.5, 0.5, seed=5)
    p.run("-d", tmp / "reg.txt", "-f", tmp / "m.tmk", "--history", "4", "--quiet")
    p.run("-i", tmp / "m.tmk", "--readable-model", tmp / "m.json")
    model = load_json(tmp / "m.json")
    check(model["model"] == "nm" and model["hyperparameters"]["history"] == "4", model["hyperparameters"])
    check(len(model["simplex"]["vertices"]) == len(WEIGHTS) + 2, "a simplex has dimension + 1 vertices")
    losses = [v["window_loss"] for v in model["simplex"]["vertices"]]
    check(losses == sorted(losses), "vertices are sorted by loss")
    learned = [entry["examples_learned"] for entry in model["history"]]
    check(len(learned) == 4 and learned[-1] > 6000 - 500 - 25, f"history {learned}")
    check(all(later - earlier == 500 for earlier, later in zip(learned, learned[1:])), f"one entry a window: {learned}")


@case(models=("nm",))
def a_high_feature_index_grows_the_simplex_by_one_coordinate(p, tmp):
    """One row that holds only feature 1023 (below the default --max-features) after boston.txt's
    13 features: the simplex is over the features met, so it gains one coordinate and one vertex,
    not a coordinate for every index below 1023 (the model was 8.4 MB, and each update O(d²) per
    iteration). Last, so that the rows before it are learned as without it."""
    rows = (DATA / "boston.txt").read_text()
    (tmp / "high.txt").write_text(rows + "20 | 1023:1\n")
    sizes = []
    for data in (DATA / "boston.txt", tmp / "high.txt"):
        p.run("-d", data, "-f", tmp / "m.tmk", "--quiet")
        sizes.append((tmp / "m.tmk").stat().st_size)
    growth = sizes[1] - sizes[0]
    check(growth <= 1500, f"one row with feature 1023 grew the model from {sizes[0]:,} by {growth:,} bytes")
    p.run("-d", DATA / "boston.txt", "-i", tmp / "m.tmk", "-t", "--quiet")  # and it loads


WIDTHS = ("plain", "avx2", "avx512")


@case(models=("nm",), builds=("native",))
def every_vector_width_learns_the_same_bits(p, tmp):
    # The loss, margin and image loops take four or eight doubles to an instruction where the CPU
    # has AVX2 or AVX-512F, and TMK_VECTOR_LOOPS narrows the choice. Steep weights give large
    # margins, far along the softplus table. Every width must give the plain loops' model files
    # and predictions byte for byte, and --version must name the width taken.
    write_linear_stream(tmp / "logit.txt", 3000, [8 * w for w in WEIGHTS], 0.5, 0, seed=4, logistic=True)
    write_linear_stream(tmp / "reg.txt", 3000, WEIGHTS, 0.5, 0.5, seed=5)
    widest = re.search(r"vector loops (\w+)\)", p.run("--version").stdout).group(1)
    for loss, data in (("logistic", "logit.txt"), ("hinge", "logit.txt"), ("absolute", "reg.txt")):
        outputs = {}
        for width in WIDTHS:
            env = {"TMK_VECTOR_LOOPS": width}
            taken = WIDTHS[min(WIDTHS.index(width), WIDTHS.index(widest))]
            version = p.run("--version", env=env).stdout
            check(f"vector loops {taken})" in version, f"TMK_VECTOR_LOOPS={width}: {version}")
            p.run("-d", tmp / data, "--loss", loss, "-f", tmp / "m.tmk", "-p", tmp / "p.txt", "--quiet", env=env)
            outputs[width] = ((tmp / "m.tmk").read_bytes(), (tmp / "p.txt").read_bytes())
        for width in WIDTHS:
            check(outputs[width] == outputs["plain"], f"--loss {loss}: {width} differs from plain")
