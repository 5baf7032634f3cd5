#!/usr/bin/env python3
"""Fault tests: what a killed, starved or abused run does to the user's files. Run by CTest.

  fault_test.py --bin build/native/bin --case NAME
"""

import argparse
import os
import pathlib
import random
import resource
import signal
import stat
import subprocess
import sys
import tempfile
import time

CASES = {}


def case(function):
    CASES[function.__name__] = function
    return function


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def stream(path, rows, seed=1, features=5):
    rng = random.Random(seed)
    with open(path, "w") as out:
        for _ in range(rows):
            x = [rng.uniform(0, 10) for _ in range(features)]
            out.write(f"{x[0] * 2 + rng.gauss(0, 1):.4f} | " + " ".join(f"{j}:{v:.4f}" for j, v in enumerate(x)) + "\n")


MEMORY_BOUNDS = {"checked": True}  # off under the sanitizers: ASan's quarantine is not our memory


def check_memory(peak, limit, message):
    if MEMORY_BOUNDS["checked"]:
        check(peak < limit, message)


def peak_rss_mb(command):
    """Runs command and returns (result, that child's own peak RSS in MB)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen([str(c) for c in command], stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = subprocess.CompletedProcess(command, process.returncode, out.read().decode(), err.read().decode())
    return result, usage.ru_maxrss / 1024


@case
def a_killed_run_never_breaks_the_previous_model(bin_dir, tmp):
    program = str(bin_dir / "tinymlkit-hoeffding-regressor")
    stream(tmp / "data.txt", 100000)
    resume = [program, "-d", tmp / "data.txt", "-i", tmp / "m.tmk", "-f", tmp / "m.tmk", "--quiet"]
    subprocess.run([program, "-d", tmp / "data.txt", "-f", tmp / "m.tmk", "--quiet", "--grace-period", "50"], check=True)
    subprocess.run(resume, check=True)  # the model grows: time a run like the ones killed below
    start = time.perf_counter()
    subprocess.run(resume, check=True)
    duration = time.perf_counter() - start
    rng = random.Random(2)
    completed = killed = 0
    for _ in range(30):
        start = time.perf_counter()
        process = subprocess.Popen(resume)
        time.sleep(rng.uniform(0.3, 1.5) * duration)  # spread around the end, where the model is written
        process.send_signal(signal.SIGKILL)
        killed += process.wait() == -signal.SIGKILL
        if process.returncode == 0:  # it finished first, and the model it wrote is larger now
            completed += 1
            subprocess.run(resume, check=True)
            start = time.perf_counter()
            subprocess.run(resume, check=True)
            duration = time.perf_counter() - start
        check(subprocess.run([program, "-i", tmp / "m.tmk", "--readable-model", tmp / "m.json"]).returncode == 0,
              "the model no longer loads after a kill")
    check(killed > 10, f"only {killed} of 30 runs were killed ({completed} completed): nothing was tested")
    # Killed runs may leave their temporaries beside the model, and nothing else anywhere.
    for leftover in tmp.iterdir():
        check(leftover.name in ("data.txt", "m.tmk", "m.json") or leftover.name.startswith("m.tmk.tmp-"), leftover)


@case
def a_full_disk_is_an_error_and_the_old_file_survives(bin_dir, tmp):
    program = str(bin_dir / "tinymlkit-nm")
    stream(tmp / "data.txt", 3000)
    os.mknod(tmp / "full", 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # a private /dev/full: tests never touch the host's
    with open(tmp / "full", "w") as full:
        result = subprocess.run([program, "-d", tmp / "data.txt", "-p", "-", "--quiet"], stdout=full,
                                stderr=subprocess.PIPE, text=True)
    check(result.returncode == 3 and "No space left on device" in result.stderr, result.stderr)
    (tmp / "preds.txt").write_text("precious\n")

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    result = subprocess.run([program, "-d", tmp / "data.txt", "-p", tmp / "preds.txt", "--quiet"],
                            preexec_fn=small_files, capture_output=True, text=True)
    check(result.returncode == 3 and "cannot write" in result.stderr, result.stderr)
    check((tmp / "preds.txt").read_text() == "precious\n", "the old predictions were destroyed")
    check(not list(tmp.glob("preds.txt.tmp-*")), "a temporary was left behind")
    (tmp / "a-file").write_text("")
    result = subprocess.run([program, "-d", tmp / "data.txt", "-f", tmp / "a-file" / "m.tmk", "--quiet"],
                            capture_output=True, text=True)
    check(result.returncode == 3 and "cannot create" in result.stderr, result.stderr)


@case
def truncated_and_early_closed_input(bin_dir, tmp):
    program = str(bin_dir / "tinymlkit-nm")
    (tmp / "partial.txt").write_text("1 | 0:1\n2 | 0:2\n3 | 0:3")  # a last line without its newline
    result = subprocess.run([program, "-d", tmp / "partial.txt", "-p", "-", "--quiet"], capture_output=True, text=True)
    check(result.returncode == 0 and len(result.stdout.splitlines()) == 3, result)
    (tmp / "cut.txt").write_text("1 | 0:1\n2 | 0:2\n3 | 0:")  # cut inside a feature
    result = subprocess.run([program, "-d", tmp / "cut.txt", "--quiet"], capture_output=True, text=True)
    check(result.returncode == 2 and "cut.txt:3:7: expected a number after ':'" in result.stderr, result.stderr)
    writer = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdout.write('1 | 0:1\\n' * 1000 + '2 | 0:')"],
                              stdout=subprocess.PIPE)
    result = subprocess.run([program, "-d", "-", "--quiet"], stdin=writer.stdout, capture_output=True, text=True)
    writer.wait()
    check(result.returncode == 2 and "stdin:1001:7" in result.stderr, result.stderr)


@case
def a_100_megabyte_line_is_refused_in_bounded_memory(bin_dir, tmp):
    program = str(bin_dir / "tinymlkit-hoeffding")
    with open(tmp / "long.txt", "w") as out:  # in pieces: this process's memory would count as the child's
        out.write("a | 0:1\nb | ")
        for _ in range(250):
            out.write("0:1 " * 100_000)  # 100 MB in all
        out.write("\nb | 0:2\n")
    result, peak = peak_rss_mb([program, "-d", tmp / "long.txt", "--quiet"])
    check(result.returncode == 2 and "long.txt:2:1: the line is longer than" in result.stderr, result.stderr)
    check_memory(peak, 160, f"peak RSS {peak:.0f} MB for a 100 MB line (the reader stops buffering at 64 MiB)")
    result, peak = peak_rss_mb([program, "-d", tmp / "long.txt", "--skip-bad-lines", "--summary-json", tmp / "s.json"])
    check(result.returncode == 0 and '"skipped": 1' in (tmp / "s.json").read_text(), result.stderr)
    check_memory(peak, 160, f"peak RSS {peak:.0f} MB for a 100 MB line, skipped")


@case
def a_million_features_on_one_line(bin_dir, tmp):
    with open(tmp / "wide.txt", "w") as out:
        out.write("a |")
        for start in range(0, 1_000_000, 10_000):
            out.write("".join(f" {j}:1" for j in range(start, start + 10_000)))
        out.write("\n")
        out.write("b | 3:2\n")
    result = subprocess.run([bin_dir / "tinymlkit-nm", "-d", tmp / "wide.txt", "--loss", "logistic", "--quiet"],
                            capture_output=True, text=True)
    check(result.returncode == 2 and "is not below --max-features 1024" in result.stderr, result.stderr)
    result, peak = peak_rss_mb([bin_dir / "tinymlkit-hoeffding", "-d", tmp / "wide.txt", "--max-features", "2000000",
                                "--max-bytes", "100000000", "-p", tmp / "p.txt", "--quiet"])
    check(result.returncode == 0 and len((tmp / "p.txt").read_text().splitlines()) == 2, result.stderr)
    check_memory(peak, 400, f"peak RSS {peak:.0f} MB")


@case
def an_index_within_max_features_but_past_the_memory_budget_is_refused_not_allocated(bin_dir, tmp):
    def small_memory():
        resource.setrlimit(resource.RLIMIT_AS, (1500 << 20, 1500 << 20))  # the allocator would fail first

    # The trees budget by the highest index, nm by the features met (its simplex is over those):
    # one row of 10,000 of them would take it 800 MB.
    for model, limit in (("nm", "1000000"), ("hoeffding", "100000000"), ("hoeffding-regressor", "100000000")):
        features = " ".join(f"{j}:1" for j in range(10000)) if model == "nm" else "99999999:1"
        line = f"1 | {features}"
        (tmp / "far.txt").write_text(f"{line}\n2 | 5:1\n")
        result = subprocess.run([bin_dir / f"tinymlkit-{model}", "-d", tmp / "far.txt", "--max-features", limit, "--quiet"],
                                preexec_fn=None if not MEMORY_BOUNDS["checked"] else small_memory,
                                capture_output=True, text=True)
        column = line.rindex(" ") + 2  # the last feature's, 1-based
        check(result.returncode == 2 and f"far.txt:1:{column}:" in result.stderr and "past --max-bytes" in result.stderr,
              f"{model}: exit {result.returncode}: {result.stderr}")


@case
def indexes_near_two_to_the_32(bin_dir, tmp):
    (tmp / "far.txt").write_text("1 | 4294967295:1\n")
    for model in ("nm", "hoeffding", "hoeffding-regressor"):
        result, peak = peak_rss_mb([bin_dir / f"tinymlkit-{model}", "-d", tmp / "far.txt", "--quiet"])
        check(result.returncode == 2 and "is not below --max-features" in result.stderr, f"{model}: {result.stderr}")
        check_memory(peak, 100, f"{model}: peak RSS {peak:.0f} MB")
    (tmp / "beyond.txt").write_text("1 | 4294967296:1\n")
    result = subprocess.run([bin_dir / "tinymlkit-nm", "-d", tmp / "beyond.txt"], capture_output=True, text=True)
    check(result.returncode == 2 and "not below 2^32" in result.stderr, result.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bin", type=pathlib.Path)
    parser.add_argument("--case")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--sanitized", action="store_true", help="the programs run under ASan: no memory bounds")
    args = parser.parse_args()
    MEMORY_BOUNDS["checked"] = not args.sanitized
    if args.list:
        print("\n".join(CASES))
        return 0
    with tempfile.TemporaryDirectory(prefix="tmk-faults-") as folder:
        try:
            CASES[args.case](args.bin, pathlib.Path(folder))
        except AssertionError as failure:
            print(f"FAILED {args.case}: {failure}", file=sys.stderr)
            return 1
    print(f"passed {args.case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
