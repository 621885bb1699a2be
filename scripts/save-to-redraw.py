#!/usr/bin/env python3
"""Live reload: from a save to the reader showing it, in a real pseudo-terminal.

Writes a content folder of ENTRIES lessons (each a definition and a paragraph of analysis)
in a temporary directory, starts `lexicon --content DIR --no-cache open term-00000` on a
fresh pty (100x30), and then RUNS times rewrites that lesson's file with a new word in its
definition and times, from just before the write, until the word is drawn. No key is
pressed. Prints the median and the slowest run.

    scripts/save-to-redraw.py [ENTRIES] [RUNS]   # defaults: 100 lessons, 10 runs

The time includes the watch's debounce (300 ms, `watch::DEBOUNCE`), the reload of the whole
folder on the watching thread, and the next pass of the reader's loop (at most 100 ms).

Needs a release build (`cargo build --release`; CARGO_TARGET_DIR is followed). Python 3 standard library only.
"""

import fcntl
import os
import atexit
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(os.path.dirname(__file__), "..", "target"))
BINARY = os.path.join(TARGET, "release", "lexicon")
# The new word of each save; none of these letters is in "first".
LETTERS = "ABCDEGHJKLMNOPQUVWXYZ"


def lesson(index, word):
    return (
        f"title: Term {index:05}\nlevel: beginner\ndefinition: The {word} definition.\n"
        "analysis: |\n  A paragraph of analysis, long enough to wrap over a line or two of the page.\n"
    )


def wait_for(master, text, seen, deadline):
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.01)
        if ready:
            try:
                seen += os.read(master, 65536)
            except BlockingIOError:
                pass
            if text in seen:
                return seen
    sys.exit(f"timed out waiting for {text!r}")


def main():
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    folder = tempfile.mkdtemp(prefix="lexicon-reload-")
    os.mkdir(os.path.join(folder, "terms"))
    for index in range(entries):
        with open(os.path.join(folder, "terms", f"term-{index:05}.yaml"), "w") as file:
            file.write(lesson(index, "first"))
    edited = os.path.join(folder, "terms", "term-00000.yaml")
    data = tempfile.mkdtemp(prefix="lexicon-reload-data-")
    args = [BINARY, "--data-dir", data, "--content", folder, "--no-cache", "open", "term-00000"]
    master, slave = pty.openpty()
    os.set_blocking(master, False)
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = dict(os.environ, TERM="xterm-256color")
    child = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    # However this script ends (a timeout exits early), the reader does not outlive it.
    atexit.register(lambda: child.poll() is None and child.kill())
    os.close(slave)
    seen = wait_for(master, b"first", b"", time.perf_counter() + 120)
    # Let the first frame settle, and the watch start, before the first save.
    time.sleep(1)
    times = []
    for run in range(runs):
        # Every letter new: ratatui redraws only the cells that changed, so a word that kept
        # some letters of the last one would never show whole.
        word = (LETTERS[run % len(LETTERS)] * 6).encode()
        started = time.perf_counter()
        with open(edited, "w") as file:
            file.write(lesson(0, word.decode()))
        seen = wait_for(master, word, b"", started + 30)
        times.append((time.perf_counter() - started) * 1000)
        # Apart by more than the debounce, so each save is a reload of its own.
        time.sleep(0.6)
    os.write(master, b"q")
    child.wait(timeout=10)
    print(f"{entries} lessons, {runs} saves: save to redraw median {statistics.median(times):.0f} ms, "
          f"slowest {max(times):.0f} ms")


if __name__ == "__main__":
    main()
