"""A minimal QMP client for the harness scripts that drive a running QEMU."""
import json
import socket
import time


class Connection:
    """One QMP connection. Calling it sends a command and returns its reply;
    the asynchronous events read meanwhile (SUSPEND, WAKEUP, ...) are kept,
    in order, for next_event()."""

    def __init__(self, path, timeout=30):
        self.timeout = timeout
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.buffer = b""
        self.events = []
        self._read(time.monotonic() + timeout)  # the greeting
        self("qmp_capabilities")

    def _read(self, deadline):
        """The next message, None at the deadline (None: no deadline).
        Raises EOFError when QEMU closed the socket."""
        while b"\n" not in self.buffer:
            if deadline is None:
                self.sock.settimeout(None)
            else:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.sock.settimeout(left)
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                return None
            if not data:
                raise EOFError("QMP socket closed")
            self.buffer += data
        line, _, self.buffer = self.buffer.partition(b"\n")
        return json.loads(line)

    def __call__(self, name, **args):
        """Send one command, return its reply ({"return": ...} or
        {"error": ...}), keeping the events in between."""
        message = {"execute": name}
        if args:
            message["arguments"] = args
        self.sock.settimeout(self.timeout)
        self.sock.sendall((json.dumps(message) + "\n").encode())
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read(deadline)
            if reply is None:
                raise TimeoutError(f"QMP: no reply to {name} in {self.timeout}s")
            if "return" in reply or "error" in reply:
                return reply
            if "event" in reply:
                self.events.append(reply)

    def next_event(self, timeout=None):
        """The oldest event not taken yet, waiting up to timeout seconds
        (None: until one comes). None at the timeout; EOFError when QEMU
        closed the socket."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.events:
            message = self._read(deadline)
            if message is None:
                return None
            if "event" in message:
                self.events.append(message)
        return self.events.pop(0)


def connect(path, timeout=30):
    """Open the QMP socket at path, leave negotiation mode.

    Returns a Connection: call it as command(name, **args) to send one
    command and get its reply ({"return": ...} or {"error": ...}); the
    events read in between are kept for its next_event().
    """
    return Connection(path, timeout)


def event_time(event):
    """The host time (seconds since the epoch) QEMU stamped an event with."""
    stamp = event.get("timestamp", {})
    return stamp.get("seconds", 0) + stamp.get("microseconds", 0) / 1e6
