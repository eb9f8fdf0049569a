#!/usr/bin/env python3
"""Wake a guest from suspend to RAM through QMP, and time its sleeps.

    qmp-wakeup.py SOCKET RESULTS_LOG [--asleep SECONDS] [--record]

Connects to QEMU's QMP socket (retrying until QEMU has made it), and for
every SUSPEND event waits --asleep seconds (default 0.5), sends
{"execute": "system_wakeup"} and expects the WAKEUP event. With --record
it sends nothing: the guest stays asleep (to see the harness catch it).
Meanwhile it watches RESULTS_LOG (the guest's results serial port) for
the guest's "# sleep-mark: NAME" lines and stamps each with the host time
it appeared. One line per fact, with host times in seconds since the
epoch (QEMU stamps its events with the host's clock):

    start T                    connected
    event NAME T               a QMP event, QEMU's timestamp
    wakeup-sent T              system_wakeup sent
    wakeup-error MESSAGE       system_wakeup refused
    mark NAME T                a guest mark seen in RESULTS_LOG
    figure s3 entry_ms=.. asleep_ms=.. resume_ms=.. total_ms=..
    figure hibernate_ms=..     mark "hibernate" to QEMU's SHUTDOWN (image written)
    figure restore_ms=..       start to mark "restored" (boot, image load, resume)
    summary suspend=N wakeup=N
Exits when QEMU closes the socket.
"""
import argparse
import os
import sys
import threading
import time

import qmp


class Log:
    """The output lines, and what the figures are computed from."""

    def __init__(self):
        self.lock = threading.Lock()
        self.facts = []

    def add(self, kind, name, when):
        with self.lock:
            self.facts.append((kind, name, when))
            if when is None:
                print(kind, name, flush=True)
            elif name:
                print(kind, name, f"{when:.6f}", flush=True)
            else:
                print(kind, f"{when:.6f}", flush=True)


def watch_marks(path, log, stop):
    """Stamp every "# sleep-mark: NAME" line of path with the host time."""
    offset = 0
    pending = b""
    while True:
        done = stop.is_set()
        try:
            with open(path, "rb") as results:
                results.seek(offset)
                data = results.read()
        except OSError:
            data = b""
        now = time.time()
        offset += len(data)
        pending += data
        *lines, pending = pending.split(b"\n")
        for line in lines:
            text = line.decode(errors="replace").strip()
            if text.startswith("# sleep-mark: "):
                log.add("mark", text.split(": ", 1)[1].split()[0], now)
        if done:
            return
        time.sleep(0.002)


def connect(path, patience=120):
    """Connect once QEMU has made the socket."""
    deadline = time.monotonic() + patience
    while True:
        try:
            return qmp.connect(path)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def figures(log):
    """Print the S3 cycle splits and the hibernation times."""
    facts = log.facts
    start = next((t for k, n, t in facts if k == "start"), None)
    suspend_mark = None
    for index, (kind, name, when) in enumerate(facts):
        if kind == "mark" and name == "suspend":
            suspend_mark = when
        if kind != "mark" or name != "resumed" or suspend_mark is None:
            continue
        window = [f for f in facts[:index] if f[2] is not None and f[2] >= suspend_mark]
        asleep = next((t for k, n, t in window if k == "event" and n == "SUSPEND"), None)
        awake = next((t for k, n, t in window if k == "event" and n == "WAKEUP"), None)
        if asleep is None or awake is None:
            continue
        print("figure s3",
              f"entry_ms={(asleep - suspend_mark) * 1000:.0f}",
              f"asleep_ms={(awake - asleep) * 1000:.0f}",
              f"resume_ms={(when - awake) * 1000:.0f}",
              f"total_ms={(when - suspend_mark) * 1000:.0f}")
        suspend_mark = None
    hibernate = next((t for k, n, t in facts if k == "mark" and n == "hibernate"), None)
    down = next((t for k, n, t in facts if k == "event" and n == "SHUTDOWN"), None)
    if hibernate is not None and down is not None and down >= hibernate:
        print(f"figure hibernate_ms={(down - hibernate) * 1000:.0f}")
    restored = next((t for k, n, t in facts if k == "mark" and n == "restored"), None)
    if start is not None and restored is not None:
        print(f"figure restore_ms={(restored - start) * 1000:.0f}")
    count = {name: sum(1 for k, n, _ in facts if k == "event" and n == name)
             for name in ("SUSPEND", "WAKEUP")}
    print(f"summary suspend={count['SUSPEND']} wakeup={count['WAKEUP']}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("socket")
    parser.add_argument("results")
    parser.add_argument("--asleep", type=float, default=0.5)
    parser.add_argument("--record", action="store_true",
                        help="send no system_wakeup: only record")
    args = parser.parse_args()

    log = Log()
    stop = threading.Event()
    watcher = threading.Thread(target=watch_marks, args=(args.results, log, stop))
    try:
        command = connect(args.socket)
    except OSError as error:
        print(f"qmp-wakeup: cannot connect to {args.socket}: {error}", file=sys.stderr)
        return 1
    log.add("start", "", time.time())
    watcher.start()
    try:
        while True:
            event = command.next_event()
            log.add("event", event["event"], qmp.event_time(event))
            if event["event"] != "SUSPEND" or args.record:
                continue
            time.sleep(args.asleep)
            sent = time.time()
            reply = command("system_wakeup")
            if "error" in reply:
                log.add("wakeup-error", reply["error"].get("desc", "?"), None)
            else:
                log.add("wakeup-sent", "", sent)
    except (EOFError, OSError, TimeoutError) as error:
        if not isinstance(error, EOFError) and os.path.exists(args.socket):
            print(f"qmp-wakeup: {error}", file=sys.stderr)
    stop.set()
    watcher.join()
    figures(log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
