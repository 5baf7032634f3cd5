"""Federated learning through the command line: client summaries, rounds, bad clients."""

import random

from support import DATA, FEDERATED_MODELS, PROFILES, case, check, load_json

TRUE_WEIGHTS = [1.2, -0.7, 0.4, 0.0, 2.0]


def client_streams(tmp, clients, attackers, rows=2000, seed=5):
    """Linear data split across clients; the first `attackers` train on sign-flipped, scaled labels."""
    rng = random.Random(seed)
    for c in range(clients):
        with open(tmp / f"c{c}.txt", "w") as out:
            for _ in range(rows):
                x = [rng.gauss(0, 1) for _ in TRUE_WEIGHTS]
                y = sum(w * v for w, v in zip(TRUE_WEIGHTS, x)) + 0.5 + rng.gauss(0, 0.5)
                out.write(f"{-10 * y if c < attackers else y:.5f} | " +
                          " ".join(f"{j}:{v:.5f}" for j, v in enumerate(x)) + "\n")


def weight_error(p, tmp, model):
    p.run("-i", model, "--readable-model", tmp / "g.json")
    learned = load_json(tmp / "g.json")
    return max(abs(a - b) for a, b in zip(learned["weights"] + [learned["bias"]], TRUE_WEIGHTS + [0.5])), learned


# The robustness of the rules is the aggregation's arithmetic, the same C++ in both builds: these
# long rounds run natively; the .wasm modules' rounds are run by the shorter cases and by
# tests/federated (CI time, which must stay under 30 minutes).
@case(models=("nm",), builds=("native",))
def robust_rules_resist_byzantine_clients_the_mean_does_not(p, tmp):
    client_streams(tmp, clients=7, attackers=3)
    for c in range(7):
        p.run("-d", tmp / f"c{c}.txt", "--export-summary", tmp / f"s{c}.tmk", "--quiet")
    clients = [arg for c in range(7) for arg in ("-m", tmp / f"s{c}.tmk")]
    for rule in ("median", "geomedian", "mean-around-median", "trimmed-mean", "mean"):
        (tmp / "g.tmk").unlink(missing_ok=True)
        p.run(*clients, "-f", tmp / "g.tmk", "--aggregate", rule, "--byzantine", "3", "--quiet")
        error, learned = weight_error(p, tmp, tmp / "g.tmk")
        check((error < 0.1) == (rule != "mean"), f"{rule}: weights off by {error}")
        check(learned["window_examples"] == 0, "an aggregate holds no client's examples")
    check("krum needs n >= 2F + 3" in p.run(*clients, "-f", tmp / "k.tmk", "--aggregate", "krum", "--byzantine", "3",
                                             expect=1).stderr, "krum's precondition")
    p.run(*clients, "-f", tmp / "k.tmk", "--aggregate", "krum", "--quiet")  # by default F is Krum's own maximum
    check(weight_error(p, tmp, tmp / "k.tmk")[0] < 0.1, "krum at its default F = (7 - 3) / 2 = 2")


@case(models=("nm",))
def rounds_continue_from_the_global_model_and_are_recorded(p, tmp):
    client_streams(tmp, clients=3, attackers=0, rows=1500)
    for round_number in (1, 2):
        for c in range(3):
            initial = ["-i", tmp / "g.tmk"] if round_number > 1 else []
            p.run("-d", tmp / f"c{c}.txt", *initial, "--export-summary", tmp / f"s{c}.tmk", "--quiet")
        (tmp / "junk.tmk").write_bytes(b"junk")
        p.run("-m", tmp / "s0.tmk", "-m", tmp / "s1.tmk", "-m", tmp / "s2.tmk", "-m", tmp / "junk.tmk",
              "-f", tmp / "g.tmk", "--quiet")
    p.run("-i", tmp / "g.tmk", "--readable-model", tmp / "g.json")
    federation = load_json(tmp / "g.json")["federation"]
    check(federation["round"] == 2 and len(federation["history"]) == 2, federation)
    last = federation["history"][-1]
    check(last["accepted"] == 3 and last["rejected"][0]["file"].endswith("junk.tmk") and
          "not a TinyMLKit model" in last["rejected"][0]["reason"], last)
    error, _ = weight_error(p, tmp, tmp / "g.tmk")
    check(error < 0.1, f"weights off by {error}")


@case(models=("nm",))
def bad_clients_are_excluded_or_the_round_refused(p, tmp):
    client_streams(tmp, clients=3, attackers=0, rows=800)
    for c in range(3):
        p.run("-d", tmp / f"c{c}.txt", "-f", tmp / f"s{c}.tmk", "--quiet")
    p.run("-d", tmp / "c0.txt", "-f", tmp / "absolute.tmk", "--loss", "absolute", "--quiet")
    good = [arg for c in range(3) for arg in ("-m", tmp / f"s{c}.tmk")]
    truncated = (tmp / "s0.tmk").read_bytes()[:-40]
    (tmp / "truncated.tmk").write_bytes(truncated)
    result = p.run(*good, "-m", tmp / "absolute.tmk", "-m", tmp / "truncated.tmk", "-f", tmp / "g.tmk",
                   "--byzantine", "2")
    check("absolute.tmk: trained with --loss absolute, the majority with squared" in result.stderr, result.stderr)
    check("truncated.tmk: truncated model file" in result.stderr, result.stderr)
    (tmp / "g.tmk").unlink()
    refused = p.run(*good, "-m", tmp / "absolute.tmk", "-m", tmp / "truncated.tmk", "-f", tmp / "g.tmk",
                    "--byzantine", "1", expect=2)
    check("nothing was written" in refused.stderr and not (tmp / "g.tmk").exists(), refused.stderr)
    strict = p.run(*good, "-m", tmp / "truncated.tmk", "-f", tmp / "g.tmk", "--strict", expect=2)
    check("--strict" in strict.stderr and not (tmp / "g.tmk").exists(), strict.stderr)
    check("takes no -d" in p.run(*good, "-f", tmp / "g.tmk", "-d", tmp / "c0.txt", expect=1).stderr, "usage")


@case(models=FEDERATED_MODELS)
def a_summary_is_exported_from_a_model_without_data(p, tmp):
    client_streams(tmp, clients=1, attackers=0, rows=600)
    data = tmp / "c0.txt"
    if PROFILES[p.model]["task"] == "classification":
        data.write_text("".join(("pos" if float(line.split()[0]) > 0 else "neg") + line[line.index(" "):]
                                for line in data.read_text().splitlines(keepends=True)))
    p.run("-d", data, "-f", tmp / "m.tmk", "--export-summary", tmp / "direct.tmk", "--quiet")
    p.run("-i", tmp / "m.tmk", "--export-summary", tmp / "later.tmk")
    check((tmp / "later.tmk").read_bytes() == (tmp / "direct.tmk").read_bytes(), "the same summary either way")


@case(models=("nm",))
def a_summary_holds_no_examples_and_continues_learning(p, tmp):
    client_streams(tmp, clients=1, attackers=0, rows=1500)
    p.run("-d", tmp / "c0.txt", "-f", tmp / "full.tmk", "--export-summary", tmp / "summary.tmk", "--quiet")
    check((tmp / "summary.tmk").stat().st_size < (tmp / "full.tmk").stat().st_size / 5, "a summary is compact")
    p.run("-i", tmp / "summary.tmk", "--readable-model", tmp / "s.json")
    check(load_json(tmp / "s.json")["window_examples"] == 0, "no examples in a summary")
    p.run("-d", tmp / "c0.txt", "-i", tmp / "summary.tmk", "-f", tmp / "more.tmk", "--quiet")


def tree_streams(tmp, clients, attackers, rows, regression, seed=9):
    """x uniform in [0, 10]^2; label x0 > 5 (or a step of 10 there); attackers flip or negate labels."""
    rng = random.Random(seed)
    for c in list(range(clients)) + ["test"]:
        with open(tmp / f"t{c}.txt", "w") as out:
            for _ in range(rows if c != "test" else 2000):
                x = [rng.uniform(0, 10) for _ in range(2)]
                bad = c != "test" and c < attackers
                if regression:
                    y = (10.0 if x[0] > 5 else 0.0) + rng.gauss(0, 0.5)
                    label = f"{-10 * y if bad else y:.4f}"
                else:
                    label = "yes" if (x[0] > 5) != bad else "no"
                out.write(f"{label} | 0:{x[0]:.4f} 1:{x[1]:.4f}\n")


@case(models=("hoeffding", "hoeffding-regressor", "forest", "forest-regressor"), builds=("native",))  # see robust_rules_...
def tree_ensembles_outvote_byzantine_clients(p, tmp):
    regression = PROFILES[p.model]["task"] == "regression"
    tree_streams(tmp, clients=7, attackers=3, rows=3000, regression=regression)
    for c in range(7):
        p.run("-d", tmp / f"t{c}.txt", "--export-summary", tmp / f"s{c}.tmk", "--quiet")
    clients = [arg for c in range(7) for arg in ("-m", tmp / f"s{c}.tmk")]
    metric = "rmse" if regression else "accuracy"
    scores = {}
    for round_number in (1, 2):
        p.run(*clients, "-f", tmp / "g.tmk", "--byzantine", "3", "--quiet")
        p.run("-d", tmp / "ttest.txt", "-i", tmp / "g.tmk", "-t", "--summary-json", tmp / "s.json", "--quiet")
        summary = load_json(tmp / "s.json")
        scores[round_number] = summary[metric]
        check(summary["members"] == 7, f"an ensemble of the 7 clients' models: {summary}")
        for c in range(7):  # clients continue from the global ensemble
            p.run("-d", tmp / f"t{c}.txt", "-i", tmp / "g.tmk", "--export-summary", tmp / f"s{c}.tmk", "--quiet")
    good = (lambda s: s < 1.5) if regression else (lambda s: s > 0.95)
    check(all(good(score) for score in scores.values()), f"held-out {metric} per round: {scores}")
    p.run("-i", tmp / "g.tmk", "--readable-model", tmp / "g.json")
    check(load_json(tmp / "g.json")["federation"]["round"] == 2, "two rounds recorded")


@case(models=("nm",))
def a_client_listed_first_cannot_deny_the_round(p, tmp):
    client_streams(tmp, clients=7, attackers=0, rows=800)
    hostile = {0: ["--window", "499"], 1: ["--loss", "huber"]}  # other settings, listed first
    for c in range(7):
        p.run("-d", tmp / f"c{c}.txt", *hostile.get(c, []), "--export-summary", tmp / f"s{c}.tmk", "--quiet")
    clients = [arg for c in range(7) for arg in ("-m", tmp / f"s{c}.tmk")]
    result = p.run(*clients, "-f", tmp / "g.tmk", "--byzantine", "2")
    check("round 1: median of 5 clients" in result.stderr, result.stderr)
    check("s0.tmk" in result.stderr and "s1.tmk" in result.stderr, "the two others are excluded by name")
    error, _ = weight_error(p, tmp, tmp / "g.tmk")
    check(error < 0.15, f"weights off by {error}")
    # With hyperparameters on the server's command line, they are the reference: here the
    # hostile client's window, so the five honest clients are the ones excluded, and F = 2 is passed.
    result = p.run(*clients, "-f", tmp / "h.tmk", "--byzantine", "2", "--window", "499", expect=2)
    check("trained with --window 500, the server asks for 499" in result.stderr, result.stderr)


@case(models=("hoeffding", "forest"), builds=("native",))  # see robust_rules_...
def a_class_only_suspected_clients_name_never_enters_the_global_tree(p, tmp):
    tree_streams(tmp, clients=7, attackers=0, rows=2000, regression=False)
    for c in (0, 1):  # two attackers label everything X, a class no honest client has
        (tmp / f"t{c}.txt").write_text("".join("X" + line[line.index(" "):] for line in open(tmp / f"t{c}.txt")))
    with open(tmp / "t2.txt", "w") as out:  # one names 900 classes
        out.writelines(f"k{i % 900} | 0:{i % 10} 1:{i % 7}\n" for i in range(2000))
    for c in range(7):
        p.run("-d", tmp / f"t{c}.txt", "--export-summary", tmp / f"s{c}.tmk", "--quiet")
    clients = [arg for c in range(7) for arg in ("-m", tmp / f"s{c}.tmk")]
    p.run(*clients, "-f", tmp / "g.tmk", "--quiet")  # F = 3 by default: a class needs 4 clients
    p.run("-i", tmp / "g.tmk", "--readable-model", tmp / "g.json")
    check(sorted(load_json(tmp / "g.json")["classes"]) == ["no", "yes"], "only the classes more than F clients name")
    p.run("-d", tmp / "ttest.txt", "-i", tmp / "g.tmk", "-t", "-p", tmp / "p.txt", "--summary-json", tmp / "s.json",
          "--quiet")
    check("X" not in (tmp / "p.txt").read_text().split(), "a class of the suspected clients was predicted")
    check(load_json(tmp / "s.json")["accuracy"] > 0.95, load_json(tmp / "s.json"))


@case(models=FEDERATED_MODELS)
def options_a_run_would_ignore_are_refused(p, tmp):
    # A federated round reads client models and writes -f: it used to ignore --readable-model,
    # --summary-json, --seed and the rest without a word. A run that is not a round ignored
    # --aggregate, --byzantine and --strict.
    data = DATA / PROFILES[p.model]["data"]
    clients = []
    for c in range(3):
        (tmp / f"d{c}.txt").write_text("".join(data.read_text().splitlines(keepends=True)[c * 50:(c + 1) * 50]))
        p.run("-d", tmp / f"d{c}.txt", "-f", tmp / f"c{c}.tmk", "--quiet")
        clients += ["-m", tmp / f"c{c}.tmk"]
    for option in (["--readable-model", tmp / "r.json"], ["--summary-json", tmp / "s.json"], ["--probabilities"],
                   ["--skip-bad-lines"], ["--seed", "3"], ["--export-summary", tmp / "e.tmk"],
                   ["--confidence", "0.9"], ["--preset", "moa"] if p.model == "hoeffding" else ["-t"]):
        result = p.run(*clients, "-f", tmp / "g.tmk", *option, expect=1)
        check(f"{option[0]}" in result.stderr and "-m" in result.stderr, result.stderr)
        check(not (tmp / "g.tmk").exists(), f"a refused round wrote -f ({option[0]})")
    for option in (["--aggregate", "krum"], ["--byzantine", "1"], ["--strict"]):
        result = p.run("-d", tmp / "d0.txt", "-f", tmp / "m.tmk", *option, expect=1)
        check(option[0] in result.stderr and "-m" in result.stderr, result.stderr)
    p.run(*clients, "-f", tmp / "g.tmk", "--aggregate", "trimmed-mean", "--byzantine", "1", "--strict", "--quiet")
