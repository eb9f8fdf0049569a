"""A minimal QMP client for the harness scripts that drive a running QEMU."""
import json
import socket


def connect(path, timeout=30):
    """Open the QMP socket at path, leave negotiation mode.

    Returns command(name, **args): send one command, return its reply
    ({"return": ...} or {"error": ...}), skipping the events in between.
    """
    sock = socket.socket(socket.AF_UNIX)
    sock.settimeout(timeout)
    sock.connect(path)
    stream = sock.makefile("rw")
    stream.readline()

    def command(name, **args):
        stream.write(json.dumps({"execute": name, "arguments": args}) + "\n")
        stream.flush()
        while True:
            reply = json.loads(stream.readline())
            if "return" in reply or "error" in reply:
                return reply

    command("qmp_capabilities")
    return command
