"""Cases of tinymlkit-hoeffding alone: what its trees learn and how they stay bounded."""

import math
import random

from support import case, check, load_json, write_linear_stream


def threshold_stream(path, rows, seed, noise=0.0):
    """label = x0 > 5 with x uniform in [0, 10]^3: the right split is known."""
    rng = random.Random(seed)
    with open(path, "w") as out:
        for _ in range(rows):
            x = [rng.uniform(0, 10) for _ in range(3)]
            label = ("yes" if x[0] > 5 else "no") if rng.random() >= noise else rng.choice(["yes", "no"])
            out.write(f"{label} | " + " ".join(f"{i}:{v:.4f}" for i, v in enumerate(x)) + "\n")


@case(models=("hoeffding",))
def the_tree_finds_a_known_split(p, tmp):
    threshold_stream(tmp / "t.txt", 5000, seed=1)
    p.run("-d", tmp / "t.txt", "--readable-model", tmp / "m.json", "--summary-json", tmp / "s.json", "--quiet")
    tree = load_json(tmp / "m.json")["tree"]
    check(tree.get("feature") == 0 and abs(tree["threshold"] - 5) < 0.5, f"root split {tree.get('feature')} "
          f"at {tree.get('threshold')}")
    summary = load_json(tmp / "s.json")
    check(summary["accuracy"] > 0.95 and summary["nodes"] >= 3, summary)


@case(models=("hoeffding",))
def new_classes_and_features_mid_stream_just_work(p, tmp):
    rng = random.Random(2)
    with open(tmp / "grow.txt", "w") as out:
        for i in range(6000):
            x = rng.uniform(0, 3)
            classes = 2 if i < 2000 else 3
            label = ["low", "mid", "high"][min(int(x * classes / 3), classes - 1)]
            extra = f" 7:{rng.random():.3f}" if i >= 3000 else ""
            out.write(f"{label} | 0:{x:.4f}{extra}\n")
    p.run("-d", tmp / "grow.txt", "-p", tmp / "p.txt", "--probabilities", "--readable-model", tmp / "m.json",
          "--summary-json", tmp / "s.json", "--quiet")
    first_seen = list(dict.fromkeys(line.split()[0] for line in (tmp / "grow.txt").read_text().splitlines()))
    check(load_json(tmp / "m.json")["classes"] == first_seen, "classes in order of appearance")
    last = (tmp / "p.txt").read_text().splitlines()[-1]
    check(sorted(item.split(":")[0] for item in last.split()) == ["high", "low", "mid"], last)
    check(abs(sum(float(item.split(":")[1]) for item in last.split()) - 1) < 1e-9, last)
    check(load_json(tmp / "s.json")["accuracy"] > 0.85, "three classes learned")


@case(models=("hoeffding",))
def nominal_features_split_multiway(p, tmp):
    rng = random.Random(3)
    with open(tmp / "nominal.txt", "w") as out:
        for _ in range(4000):
            colour = rng.choice([1, 2, 3])  # 0 never appears explicitly
            label = {1: "a", 2: "b", 3: "a"}[colour] if rng.random() > 0.05 else rng.choice("ab")
            out.write(f"{label} | 0:{colour} 1:{rng.random():.3f}\n")
    p.run("-d", tmp / "nominal.txt", "--nominal", "0", "--readable-model", tmp / "m.json", "--quiet")
    tree = load_json(tmp / "m.json")["tree"]
    check(tree.get("feature") == 0 and sorted(b["category"] for b in tree["branches"]) == [1, 2, 3],
          f"root: {str(tree)[:300]}")
    (tmp / "new.txt").write_text("a | 0:4 1:0.5\n")  # a category the split never met
    p.run("-d", tmp / "nominal.txt", "--nominal", "0", "-f", tmp / "nominal.tmk", "--quiet")
    p.run("-d", tmp / "new.txt", "-i", tmp / "nominal.tmk", "-f", tmp / "after.tmk", "--quiet")
    p.run("-i", tmp / "after.tmk", "--readable-model", tmp / "after.json")
    branches = load_json(tmp / "after.json")["tree"]["branches"]
    check(sorted(b["category"] for b in branches) == [1, 2, 3, 4], "a new category gets its own branch")
    check(p.run("-d", tmp / "new.txt", "--nominal", "x", expect=1).stderr, "--nominal takes indexes")


@case(models=("hoeffding",))
def memory_stays_within_max_bytes(p, tmp):
    write_linear_stream(tmp / "logit.txt", 30000, [1.0, -1.0, 0.5, 0.3, 0.8, -0.6, 0.2, 0.9], 0.0, 0, seed=4,
                        logistic=True)
    p.run("-d", tmp / "logit.txt", "--grace-period", "50", "--tie-threshold", "0.5", "--max-bytes", "60000",
          "--summary-json", tmp / "s.json", "--quiet")
    summary = load_json(tmp / "s.json")
    check(summary["bytes"] <= 60000 * 1.5, f"bytes {summary['bytes']}")
    check(summary["active_leaves"] < summary["leaves"], f"no leaf was deactivated: {summary}")
    check(summary["accuracy"] > 0.65, summary)


@case(models=("hoeffding",))
def a_regression_stream_is_refused_once_its_labels_pass_max_classes(p, tmp):
    write_linear_stream(tmp / "reg.txt", 300, [1.0, -2.0], 0.5, 0.1, seed=6)
    result = p.run("-d", tmp / "reg.txt", "--max-classes", "50", "-f", tmp / "m.tmk", expect=2)
    check("reg.txt:" in result.stderr and "would be class 51, past --max-classes 50" in result.stderr
          and "tinymlkit-hoeffding-regressor" in result.stderr, result.stderr)
    check(not (tmp / "m.tmk").exists(), "no model from a refused run")
    for count in (2, 3):  # clients within the limit, whose classes together pass it
        with open(tmp / f"c{count}.txt", "w") as out:
            out.writelines(f"k{count}{i % count} | 0:{i % 7}\n" for i in range(60))
        p.run("-d", tmp / f"c{count}.txt", "--max-classes", "4", "-f", tmp / f"c{count}.tmk", "--quiet")
    result = p.run("-m", tmp / "c2.tmk", "-m", tmp / "c3.tmk", "-f", tmp / "g.tmk", expect=2)
    check("5 classes together, more than --max-classes 4" in result.stderr, result.stderr)


@case(models=("hoeffding",))
def accuracy_comes_with_a_hoeffding_interval(p, tmp):
    threshold_stream(tmp / "t.txt", 4000, seed=5, noise=0.2)
    result = p.run("-d", tmp / "t.txt", "--confidence", "0.99", "--summary-json", tmp / "s.json")
    summary = load_json(tmp / "s.json")
    expected = math.sqrt(math.log(2 / 0.01) / (2 * 4000))
    check(abs(summary["accuracy_bound"] - expected) < 1e-12 and summary["confidence"] == 0.99, summary)
    check(f"± {expected:.3g} at 99%" in result.stderr, result.stderr)


@case(models=("hoeffding",))
def leaf_predictions_and_criteria_all_learn(p, tmp):
    threshold_stream(tmp / "t.txt", 3000, seed=6, noise=0.1)
    for options in (["--leaf-prediction", "mc"], ["--leaf-prediction", "nb"], ["--split-criterion", "gini"],
                    ["--split-points", "3"]):
        p.run("-d", tmp / "t.txt", "--summary-json", tmp / "s.json", "--quiet", *options)
        check(load_json(tmp / "s.json")["accuracy"] > 0.8, f"{options}: {load_json(tmp / 's.json')}")


@case(models=("hoeffding",))
def drift_detection_follows_a_changing_concept(p, tmp):
    rng = random.Random(7)
    with open(tmp / "drift.txt", "w") as out:
        for i in range(40000):
            x = [rng.uniform(0, 10) for _ in range(2)]
            flipped = (i // 10000) % 2 == 1  # the concept flips every 10,000 examples
            label = "yes" if (x[0] > 5) != flipped else "no"
            out.write(f"{label} | 0:{x[0]:.4f} 1:{x[1]:.4f}\n")
    accuracy = {}
    for detection in ("hddm-a", "none"):
        p.run("-d", tmp / "drift.txt", "--drift-detection", detection, "--summary-json", tmp / "s.json",
              "--readable-model", tmp / "m.json", "--quiet")
        summary = load_json(tmp / "s.json")
        accuracy[detection] = summary["accuracy"]
        check((summary["swaps"] == 3) == (detection == "hddm-a"), f"{detection}: {summary['swaps']} swaps")
    swapped_at = load_json(tmp / "m.json")["swapped_at_examples"]
    check(all(0 < at - change < 2000 for at, change in zip(swapped_at, (10000, 20000, 30000))), swapped_at)
    check(accuracy["hddm-a"] > 0.95 > accuracy["none"], accuracy)


@case(models=("hoeffding",))
def a_preset_sets_hyperparameters_beneath_the_options_given(p, tmp):
    threshold_stream(tmp / "t.txt", 500, seed=9)
    p.run("-d", tmp / "t.txt", "--preset", "moa", "--grace-period", "50", "--readable-model", tmp / "m.json", "--quiet")
    used = load_json(tmp / "m.json")["hyperparameters"]
    check(used["variance-smoothing"] == "0" and used["drift-detection"] == "none", used)  # from the preset
    check(used["grace-period"] == "50", used)  # given: wins over the preset's 200
    refused = p.run("-d", tmp / "t.txt", "--preset", "river", expect=1)
    check("'river' is not one of moa" in refused.stderr, refused.stderr)


@case(models=("hoeffding",))
def classes_given_up_front_are_predicted_before_they_are_learned_and_others_refused(p, tmp):
    (tmp / "d.txt").write_text("b | 0:1\na | 0:2\nb | 0:1\n")
    p.run("-d", tmp / "d.txt", "--classes", "b,a", "-p", tmp / "p.txt", "--quiet")
    check((tmp / "p.txt").read_text().split()[0] == "a", "before learning: the label that sorts first")
    (tmp / "e.txt").write_text("b | 0:1\nc | 0:2\n")
    refused = p.run("-d", tmp / "e.txt", "--classes", "a,b", expect=2)
    check("e.txt:2" in refused.stderr and "'c' is not one of --classes" in refused.stderr, refused.stderr)
    refused = p.run("-d", tmp / "d.txt", "--classes", "a,a", expect=1)
    check("label 'a' is named twice" in refused.stderr, refused.stderr)
