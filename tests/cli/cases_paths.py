"""Cases of what a run may do to the paths it is given: outputs that are devices, FIFOs or
symbolic links are written through, never replaced; an output that is an input, however it is
spelled, is refused. Devices are private nodes made with mknod in the case's own folder: no case
ever writes to the host's /dev."""

import json
import os
import stat
import threading

from cases_common import profile
from support import DATA, FEDERATED_MODELS, case, check

MEM_MAJOR, NULL_MINOR, FULL_MINOR = 1, 3, 7


def device(path, minor):
    """A private character device node like /dev/null (minor 3) or /dev/full (minor 7)."""
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(MEM_MAJOR, minor))
    return path


def is_device(path):
    return stat.S_ISCHR(os.lstat(path).st_mode)


@case()
def outputs_that_are_devices_are_written_not_replaced(p, tmp):
    if os.geteuid() != 0:
        print("skipped the device part: mknod needs root (CI runs as root)")
        return
    data = DATA / profile(p)["data"]
    null, other_null, full = device(tmp / "null", NULL_MINOR), device(tmp / "null2", NULL_MINOR), device(tmp / "full", FULL_MINOR)
    p.run("-d", data, "-p", null, "-f", other_null, "--readable-model", null, "--summary-json", null, "--quiet")
    check(is_device(null) and is_device(other_null), "a device given as an output was replaced by a file")
    result = p.run("-d", data, "-f", full, "--quiet", expect=3)
    check("No space left on device" in result.stderr, result.stderr)
    check(is_device(full), "the full device was replaced by a file")


@case()
def an_output_fifo_receives_the_predictions_and_stays_a_fifo(p, tmp):
    data = DATA / profile(p)["data"]
    os.mkfifo(tmp / "fifo")
    received = []
    reader = threading.Thread(target=lambda: received.append(open(tmp / "fifo").read()))
    reader.start()
    p.run("-d", data, "-p", tmp / "fifo", "--quiet")
    reader.join(timeout=60)
    check(stat.S_ISFIFO(os.lstat(tmp / "fifo").st_mode), "the FIFO was replaced by a file")
    check(received and len(received[0].splitlines()) == len(data.read_text().splitlines()), "predictions lost")


@case()
def a_symlinked_output_replaces_its_target_and_keeps_the_link(p, tmp):
    data = DATA / profile(p)["data"]
    (tmp / "real").mkdir()
    (tmp / "real" / "preds.txt").write_text("old\n")
    os.symlink("real/preds.txt", tmp / "preds.txt")
    p.run("-d", data, "-p", tmp / "preds.txt", "--quiet")
    check(os.path.islink(tmp / "preds.txt"), "the symbolic link was replaced")
    check(len((tmp / "real" / "preds.txt").read_text().splitlines()) == len(data.read_text().splitlines()),
          "the link's target does not hold the predictions")
    os.symlink("nowhere/x.tmk", tmp / "dangling.tmk")
    result = p.run("-d", data, "-f", tmp / "dangling.tmk", "--quiet", expect=3)
    check("nowhere/x.tmk" in result.stderr, result.stderr)


@case()
def outputs_named_by_the_standard_streams_go_to_them(p, tmp):
    # /dev/stdout is a link to the descriptor's pipe or file: writing through the descriptor keeps
    # what the shell set up (a pipe; `>>` appending), where replacing the file it names would not.
    data = DATA / profile(p)["data"]
    rows = len(data.read_text().splitlines())
    piped = p.run("-d", data, "--summary-json", "/dev/stdout", "--quiet")
    check(json.loads(piped.stdout)["examples"] == rows, f"no summary on the pipe: {piped.stdout!r}")
    (tmp / "log.txt").write_text("kept\n")
    with open(tmp / "log.txt", "a") as log:
        p.run("-d", data, "-p", "/dev/stdout", "--quiet", stdout=log)
    logged = (tmp / "log.txt").read_text().splitlines()
    check(logged[0] == "kept" and len(logged) == rows + 1, f"appending to a redirected stdout lost lines: {logged[:3]}")
    result = p.run("-d", data, "-f", "-", "-p", "/dev/stdout", "--quiet", expect=1)  # a model amid predictions
    check("two outputs" in result.stderr, result.stderr)
    (tmp / "data.txt").write_text(data.read_text())
    with open(tmp / "data.txt", "a") as same:  # predictions appended to the data being read
        result = p.run("-d", tmp / "data.txt", "-p", "/dev/stdout", "--quiet", stdout=same, expect=1)
    check("is the same file as -d" in result.stderr, result.stderr)
    check((tmp / "data.txt").read_text() == data.read_text(), "the data was written over")


@case()
def a_model_on_stdin_loads_as_from_its_file(p, tmp):
    # -f - writes a model to stdout, so -i - reads one from stdin, as -d - reads data; stdin is
    # read once, so two inputs cannot both be on it.
    data = DATA / profile(p)["data"]
    p.run("-d", data, "-f", tmp / "m.tmk", "--quiet")
    p.run("-d", data, "-i", tmp / "m.tmk", "-t", "-p", tmp / "from-file.txt", "--quiet")
    with open(tmp / "m.tmk", "rb") as model:
        p.run("-d", data, "-i", "-", "-t", "-p", tmp / "from-stdin.txt", "--quiet", stdin=model)
    check((tmp / "from-stdin.txt").read_bytes() == (tmp / "from-file.txt").read_bytes(),
          "a model read from stdin predicts otherwise than from its file")
    result = p.run("-d", "-", "-i", "-", "--quiet", stdin="", expect=1)
    check("both would read stdin" in result.stderr, result.stderr)


@case()
def an_output_that_is_an_input_is_refused_however_it_is_spelled(p, tmp):
    original = (DATA / profile(p)["data"]).read_text()
    (tmp / "sub").mkdir()
    (tmp / "data.txt").write_text(original)
    os.link(tmp / "data.txt", tmp / "hard-link.txt")
    p.run("-d", "data.txt", "-f", "m.tmk", "--quiet")
    for args in (["-d", "data.txt", "-f", "./data.txt"],
                 ["-d", "data.txt", "-f", tmp / "data.txt"],
                 ["-d", "data.txt", "-p", "sub/../data.txt"],
                 ["-d", "data.txt", "--summary-json", "hard-link.txt"],
                 ["-d", "data.txt", "-i", "m.tmk", "--readable-model", "./m.tmk"]):
        result = p.run(*args, "--quiet", expect=1)
        check("is the same file as" in result.stderr, f"{args}: {result.stderr}")
    check((tmp / "data.txt").read_text() == original, "the training data was overwritten")
    # "-" is the file the shell opened for it: stdin read from the data, stdout appended to it.
    with open(tmp / "data.txt") as data:
        result = p.run("-d", "-", "-p", "data.txt", "--quiet", stdin=data, expect=1)
    check("is the same file as -d -" in result.stderr, result.stderr)
    with open(tmp / "data.txt", "a") as data:
        result = p.run("-d", "data.txt", "-p", "-", "--quiet", stdout=data, expect=1)
    check("-p - is the same file as" in result.stderr, result.stderr)
    check((tmp / "data.txt").read_text() == original, "the training data was overwritten through - ")
    for args in (["-d", "data.txt", "-f", "-", "-p", "-"],
                 ["-d", "data.txt", "-f", "out", "-p", "./out"],
                 ["-d", "data.txt", "-p", "new.txt", "--readable-model", "sub/../new.txt"]):
        result = p.run(*args, "--quiet", expect=1)
        check("two outputs" in result.stderr, f"{args}: {result.stderr}")
    p.run("-d", "data.txt", "-i", "m.tmk", "-f", "./m.tmk", "--quiet")  # resuming in place stays allowed


@case(models=FEDERATED_MODELS)
def a_federated_round_refuses_to_write_over_a_client(p, tmp):
    data = DATA / profile(p)["data"]
    p.run("-d", data, "-f", tmp / "a.tmk", "--quiet")
    p.run("-d", data, "-f", tmp / "b.tmk", "--quiet")
    before = (tmp / "a.tmk").read_bytes()
    result = p.run("-m", tmp / "a.tmk", "-m", "b.tmk", "-m", tmp / "b.tmk", "-f", "./a.tmk", "--quiet", expect=1)
    check("is the same file as" in result.stderr, result.stderr)
    check((tmp / "a.tmk").read_bytes() == before, "a client model was overwritten")
