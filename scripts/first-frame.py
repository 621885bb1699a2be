#!/usr/bin/env python3
"""Start to first frame, in a real pseudo-terminal.

Starts `lexicon [--content DIR]` on a fresh pty (100x30) and times, from just before the
spawn: the first frame drawn (the loading screen or the home screen, whichever comes first),
the home screen with its lessons (its "Journeys" heading; from a parsed cache, this is the
home drawn from the cache's preview while the library loads), and the home ready for keys
(its status bar's "Ctrl-C quit" hint, which replaces "loading…" once the library is in).
Then presses q. Repeats RUNS times and prints the median and the slowest run of each.

    scripts/first-frame.py [DIR] [RUNS] [ARGS...]  # DIR omitted: the bundled content
    scripts/first-frame.py target/bench-corpus/30000 5              # warm parsed cache
    scripts/first-frame.py target/bench-corpus/30000 5 --no-cache   # a full load each time

ARGS go to lexicon as they are. With a folder, the first run writes lexicon's parsed cache
when there is none yet, so the median is of warm starts.

Needs a release build (`cargo build --release`). Python 3 standard library only.
"""

import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

BINARY = os.path.join(os.path.dirname(__file__), "..", "target", "release", "lexicon")
# Single words: ratatui moves the cursor over unchanged blank cells, so a phrase's words
# may not be adjacent in the output.
HOME_TEXT = b"Journeys"
LOADING_TEXT = b"Loading"
# The home's status bar hint. The loading screen shows it only once keys are typed, which
# this script never does, and at 100 columns the status bar of the home drawn from a preview
# has no room for it beside "loading…" (wider terminals show it there too).
READY_TEXT = b"Ctrl-C"


def one_run(content, extra):
    data = tempfile.mkdtemp(prefix="lexicon-first-frame-")
    args = [BINARY, "--data-dir", data] + (["--content", content] if content else []) + extra
    master, slave = pty.openpty()
    os.set_blocking(master, False)
    # 100 columns, 30 rows.
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = dict(os.environ, TERM="xterm-256color")
    started = time.perf_counter()
    child = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen = b""
    first = home = usable = None
    deadline = started + 120
    while usable is None and time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        seen += chunk
        # Answer the cursor position query some terminals libraries send.
        if b"\x1b[6n" in chunk:
            os.write(master, b"\x1b[1;1R")
        now = time.perf_counter()
        if first is None and (LOADING_TEXT in seen or HOME_TEXT in seen):
            first = now - started
        if home is None and HOME_TEXT in seen:
            home = now - started
        if home is not None and READY_TEXT in seen:
            usable = now - started
    os.write(master, b"q")
    try:
        child.wait(timeout=10)
    except subprocess.TimeoutExpired:
        child.kill()
    os.close(master)
    return first, home, usable


def main():
    content = sys.argv[1] if len(sys.argv) > 1 else None
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    extra = sys.argv[3:]
    one_run(content, extra)  # warm the page cache (and lexicon's parsed cache)
    firsts, homes, readies = [], [], []
    for _ in range(runs):
        first, home, ready = one_run(content, extra)
        if first is None or home is None or ready is None:
            sys.exit("lexicon did not draw its home screen within 120 s")
        firsts.append(first * 1e3)
        homes.append(home * 1e3)
        readies.append(ready * 1e3)
    what = " ".join([content or "the bundled content"] + extra)
    print(f"{what}, {runs} runs")
    print(f"  first frame:  median {statistics.median(firsts):8.1f} ms, slowest {max(firsts):8.1f} ms")
    print(f"  home drawn:   median {statistics.median(homes):8.1f} ms, slowest {max(homes):8.1f} ms")
    print(f"  home ready:   median {statistics.median(readies):8.1f} ms, slowest {max(readies):8.1f} ms")


if __name__ == "__main__":
    main()
