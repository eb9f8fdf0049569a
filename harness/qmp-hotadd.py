#!/usr/bin/env python3
"""Hot-add CPUs to a running QEMU through its QMP socket.

    qmp-hotadd.py SOCKET COUNT

Adds the COUNT free CPU slots with the lowest socket, core and thread
ids, as query-hotpluggable-cpus lists them, and prints one line per CPU
added.
"""
import sys

import qmp


def main():
    path, count = sys.argv[1], int(sys.argv[2])
    command = qmp.connect(path)
    slots = command("query-hotpluggable-cpus")["return"]
    def place(slot):
        props = slot["props"]
        return (props.get("socket-id", 0), props.get("core-id", 0),
                props.get("thread-id", 0))

    free = sorted((s for s in slots if "qom-path" not in s), key=place)
    if len(free) < count:
        sys.exit(f"qmp-hotadd: {len(free)} free CPU slots, {count} wanted")
    for slot in free[:count]:
        props = slot["props"]
        reply = command("device_add", driver=slot["type"],
                        id="cpu-{}-{}-{}".format(*place(slot)), **props)
        if "error" in reply:
            sys.exit(f"qmp-hotadd: device_add {props}: {reply['error']['desc']}")
        print(f"qmp-hotadd: added {props}")


if __name__ == "__main__":
    main()
