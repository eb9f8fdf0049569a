#!/usr/bin/env python3
"""Record the state of every vCPU of a running QEMU through its QMP socket.

    qmp-cpu-state.py SOCKET [SYSTEM_MAP]

For each vCPU: its registers, the instruction pointer as a kernel symbol
when SYSTEM_MAP is given, and its local APIC (timer, ISR, IRR, TPR). Taken
from the host with the guest stopped, so it needs nothing from a guest that
hangs; the guest runs on afterwards. Used by qemu-boot.sh at the first
stall report of a guest and before it kills a guest that ran out of time.
"""
import bisect
import re
import sys

import qmp


def load_symbols(path):
    """Sorted (address, name) of the text symbols of a System.map."""
    symbols = []
    with open(path) as system_map:
        for line in system_map:
            fields = line.split()
            if len(fields) == 3 and fields[1] in "tTwW":
                symbols.append((int(fields[0], 16), fields[2]))
    symbols.sort()
    return symbols


def symbolize(symbols, address):
    """name+0xoffset of the symbol that holds address, or "?"."""
    index = bisect.bisect_right(symbols, (address, "\uffff")) - 1
    if index < 0 or address - symbols[index][0] > 0x100000:
        return "?"
    start, name = symbols[index]
    return f"{name}+{address - start:#x}"


def main():
    path = sys.argv[1]
    symbols = load_symbols(sys.argv[2]) if len(sys.argv) > 2 else []
    command = qmp.connect(path)

    def monitor(line, cpu):
        reply = command("human-monitor-command", **{"command-line": line,
                                                     "cpu-index": cpu})
        if "error" in reply:
            return f"({line}: {reply['error']['desc']})\n"
        return reply["return"]

    command("stop")
    cpus = command("query-cpus-fast")["return"]
    for cpu in sorted(cpus, key=lambda c: c["cpu-index"]):
        index = cpu["cpu-index"]
        registers = monitor("info registers", index)
        rip = re.search(r"RIP=([0-9a-f]+)", registers)
        where = symbolize(symbols, int(rip.group(1), 16)) if rip and symbols else "?"
        print(f"=== vCPU {index} ({cpu.get('qom-path', '')}) at {where}")
        print(registers.rstrip())
        print(monitor("info lapic", index).rstrip())
        print()
    command("cont")
    print("=== guest", command("query-status")["return"]["status"])


if __name__ == "__main__":
    main()
