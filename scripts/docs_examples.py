#!/usr/bin/env python3
"""Runs the examples of README.md and docs/*.md and checks or rewrites their output (see docs-examples.sh).

An example is a fenced block preceded by `<!-- example: NAME -->` whose first line is `$ COMMAND`; the rest of the
block is COMMAND's stdout. Blocks with one name share one run (the README repeats examples of docs/). The command
runs in a scratch directory (with `samples` linked in, `docs` empty, so that `--plot docs/...` writes there) through
bash, with `scalelab` the built CLI, 127.0.0.1:5055 the demo server, $PID its process id, and 127.0.0.1:18080 the
nginx of samples/nginx-hello.conf (examples that need it are skipped when nginx is not installed).

--check compares shapes: each output reduced to its labels (the text before a line's first ": ", or its first words),
table headers and rules, with numbers masked; table rows, bullets and numbered advice count as present or not, not
how many, since they depend on the machine. --update writes the real output into the blocks.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCUMENTS = ["README.md"] + sorted(os.path.join("docs", f) for f in os.listdir(os.path.join(ROOT, "docs")) if f.endswith(".md"))
MARKER = re.compile(r"^<!-- example: ([a-z0-9-]+) -->\s*$")
# --check trims the documented durations (the output's shape does not depend on them); --update runs them as written.
SHORTER = [("--max-duration 60s", "--max-duration 25s"), (" -d 5s", " -d 2s"), ("--step-duration 2s", "--step-duration 1s"), ("--baseline-duration 3s", "--baseline-duration 2s")]
TIMEOUT_SECONDS = 150
WRAP = 140  # the CLI wraps at 160 columns when its output is redirected: a longer line continues on the next
# Lines that start a section of their own even after a long line (the others, after one, are its continuation).
TOP_LEVEL = ("verdict:", "ramp ended:", "USL fit:", "evidence", "advice", "confidence:", "result written", "plot written",
             "exit ", "watched:", "latency target", "what if", "warning")


def find_examples():
    """Every marked block: (document, name, index of the command line, index of the closing fence)."""
    examples = []
    for document in DOCUMENTS:
        lines = read(document)
        for i, line in enumerate(lines):
            match = MARKER.match(line)
            if not match:
                continue
            if i + 2 >= len(lines) or not lines[i + 1].startswith("```") or not lines[i + 2].startswith("$ "):
                fail(f"{document}:{i + 1}: example {match.group(1)} is not followed by a ``` block starting with '$ '")
            end = next((j for j in range(i + 3, len(lines)) if lines[j].startswith("```")), None)
            if end is None:
                fail(f"{document}:{i + 1}: example {match.group(1)}: block not closed")
            examples.append((document, match.group(1), i + 2, end))
    return examples


def run(command, mode, demo, cli):
    if mode == "check":
        for long, short in SHORTER:
            command = command.replace(long, short)
    command = command.replace("127.0.0.1:5055", f"127.0.0.1:{demo['port']}").replace("127.0.0.1:18080", f"127.0.0.1:{demo['nginx']}")
    scratch = tempfile.mkdtemp(prefix="scalelab-docs-example-")
    try:
        os.symlink(os.path.join(ROOT, "samples"), os.path.join(scratch, "samples"))
        os.mkdir(os.path.join(scratch, "docs"))
        script = f"scalelab() {{ {cli} \"$@\"; }}\n{command}\n"
        env = dict(os.environ, PID=str(demo["pid"]))
        started = time.monotonic()
        process = subprocess.Popen(["bash", "-c", script], cwd=scratch, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
        except BaseException:
            # Its whole process group: the CLI, and a lab that `diagnose` started.
            stop_group(process)
            raise
        elapsed = time.monotonic() - started
        output = stdout.replace(scratch + "/", "").replace(f"127.0.0.1:{demo['port']}", "127.0.0.1:5055")
        if demo["nginx"]:
            output = output.replace(f"127.0.0.1:{demo['nginx']}", "127.0.0.1:18080")
        return [line.rstrip() for line in output.rstrip("\n").split("\n")], stderr, process.returncode, elapsed
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def lab_up(cli):
    """`scalelab lab up` runs until stopped: its output up to "lab ready", then `scalelab lab down`. It listens on a
    free port rather than 8080 (which may be taken), shown as 8080, and its files under the script's lab folder are
    shown under the default one."""
    scratch = tempfile.mkdtemp(prefix="scalelab-docs-example-")
    log = os.path.join(scratch, "lab.log")
    started = time.monotonic()
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen(["bash", "-c", f"exec {cli} lab up --port 0"], cwd=scratch, stdout=out,
                                   stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        lines = []
        while time.monotonic() - started < TIMEOUT_SECONDS and process.poll() is None:
            with open(log, encoding="utf-8") as f:
                lines = f.read().split("\n")
            if any(line.startswith("lab ready: ") for line in lines):
                break
            time.sleep(0.2)
        ready = next((i for i, line in enumerate(lines) if line.startswith("lab ready: ")), None)
        elapsed = time.monotonic() - started
        if ready is None:
            return [], "\n".join(lines), process.poll() if process.poll() is not None else 3, elapsed
        lines = lines[:ready + 1]
        entry = re.search(r"127\.0\.0\.1:([0-9]+)/", lines[-1]).group(1)
        output = []
        for line in lines:
            if line.lstrip().startswith("balancer "):
                line = re.sub(rf"\b{entry}\b", "8080".ljust(len(entry)), line, count=1)
            output.append(line.replace(f"127.0.0.1:{entry}/", "127.0.0.1:8080/")
                          .replace(os.environ.get("SCALELAB_LAB_DIR", "//"), "/tmp/scalelab-lab-0").rstrip())
        return output, "", 0, elapsed
    finally:
        subprocess.run(["bash", "-c", f"{cli} lab down"], cwd=scratch, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=120, check=False)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            stop_group(process)
        shutil.rmtree(scratch, ignore_errors=True)


def stop_group(process):
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            pass


def shape(lines):
    """The labels of an output, in order, numbers masked; see the module's description."""
    joined = []
    previous = ""
    for line in lines:
        continues = line[:1] not in ("", " ") and not re.match(r"^[─━═╭╮╰╯├┤┬┴┼│]", line) and not line.startswith(TOP_LEVEL)
        if joined and len(previous) >= WRAP and continues:
            joined[-1] += line
        else:
            joined.append(line)
        previous = line
    labels = []
    after_verdict = False
    for line in joined:
        text = line.strip()
        if not text or text == "...":
            continue
        text = re.sub(r"\b(?=[0-9a-f]*[0-9])[0-9a-f]{8,}\b", "#", text)  # run ids
        masked = re.sub(r"\s+", " ", re.sub(r"[0-9]+(?:[.,][0-9]+)*(?:e-?[0-9]+)?", "#", text))
        if after_verdict:
            label = "<verdict's summary>"  # its wording is the verdict, which the machine decides
        elif text[0] in "•" or re.match(r"^[0-9]+\. ", text):
            label = None
        elif re.search(r"[●┆└]", text) or (text[0] == "│" and text[-1] != "│"):
            label = "<plot>"
        elif re.match(r"^[0-9]", text) or (text[0] == "│" and re.search(r"[0-9]", text)):
            label = "<row>"
        elif set(text) <= set("─━═╭╮╰╯├┤┬┴┼│ "):
            label = "<rule>"
        elif text[0] == "│" or re.match(r"^[a-zA-Z ]+( [a-zA-Z%]+)+$", text) and "  " in line.strip():
            label = masked  # a table header
        else:
            colon = text.find(": ")
            label = re.sub(r"\s+", " ", re.sub(r"[0-9.]+", "#", text[:colon])) if 0 < colon <= 40 else " ".join(masked.split(" ")[:2])
        after_verdict = label == "verdict"
        if label and (not labels or labels[-1] != label):
            labels.append(label)
    return labels


def read(document):
    with open(os.path.join(ROOT, document), encoding="utf-8") as f:
        return f.read().split("\n")


def fail(message):
    print(f"docs-examples: {message}", file=sys.stderr)
    sys.exit(2)


def main():
    # SIGTERM (from docs-examples.sh's trap) unwinds like Ctrl-C, so that what this started is stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode not in ("check", "update"):
        fail("usage: docs_examples.py check|update (with DEMO_PORT, DEMO_PID and SCALELAB set)")
    demo = {"port": os.environ["DEMO_PORT"], "pid": os.environ["DEMO_PID"], "nginx": os.environ.get("NGINX_PORT", "")}
    cli = os.environ["SCALELAB"]
    only = set(sys.argv[2:])

    examples = [e for e in find_examples() if not only or e[1] in only]
    results = {}
    writes = []
    failures = 0
    for document, name, first, end in examples:
        command = read(document)[first][2:]
        key = (name, command)
        if "127.0.0.1:18080" in command and not demo["nginx"]:
            print(f"docs-examples: {name}: skipped: no nginx on this machine", file=sys.stderr)
            continue
        if key not in results and command.strip() == "scalelab demo":
            # It runs until stopped: its output is that of the demo server this script started.
            with open(os.environ["DEMO_LOG"], encoding="utf-8") as f:
                shown = f.read().replace(f"127.0.0.1:{demo['port']}/", "127.0.0.1:5055/").rstrip("\n").split("\n")
            results[key] = ([line.rstrip() for line in shown], "", 0, 0.0)
        if key not in results and command.strip() == "scalelab lab up":
            print(f"docs-examples: {name}: {command}", file=sys.stderr, flush=True)
            results[key] = lab_up(cli)
            print(f"docs-examples: {name}: exit {results[key][2]}, {results[key][3]:.0f} s", file=sys.stderr, flush=True)
            if results[key][2] != 0:
                print(f"docs-examples: {name}: failed:\n{results[key][1].strip()}", file=sys.stderr)
                failures += 1
                continue
        if key not in results:
            print(f"docs-examples: {name}: {command}", file=sys.stderr, flush=True)
            results[key] = run(command, mode, demo, cli)
            output, stderr, code, elapsed = results[key]
            print(f"docs-examples: {name}: exit {code}, {elapsed:.0f} s", file=sys.stderr, flush=True)
            if code not in (0, 1) or not output or output == [""]:
                print(f"docs-examples: {name}: failed (exit {code}):\n{stderr.strip()}", file=sys.stderr)
                failures += 1
                continue
        output, stderr, code, _ = results[key]
        if code not in (0, 1) or not output or output == [""]:
            continue
        documented = read(document)[first + 1:end]
        if mode == "check":
            expected, actual = shape(documented), shape(output)
            if expected != actual:
                failures += 1
                print(f"docs-examples: {document}: {name}: the output's shape differs from the documented one", file=sys.stderr)
                for line in difference(expected, actual):
                    print(f"    {line}", file=sys.stderr)
        else:
            # A block that changes length moves the ones below it: write each document from the bottom up, at the end.
            writes.append((document, first, end, output))
    done = len({(e[1], read(e[0])[e[2]]) for e in examples})
    for document, first, end, output in sorted(writes, key=lambda w: (w[0], -w[1])):
        lines = read(document)
        lines[first + 1:end] = output
        with open(os.path.join(ROOT, document), "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
    print(f"docs-examples: {done} example(s) in {len({e[0] for e in examples})} document(s), {failures} failed", file=sys.stderr)
    sys.exit(1 if failures else 0)


def difference(expected, actual):
    import difflib
    return [l for l in difflib.unified_diff(expected, actual, "documented", "measured", lineterm="", n=1)][2:]


if __name__ == "__main__":
    main()
