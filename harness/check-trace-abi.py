#!/usr/bin/env python3
"""The trace events of our trace headers against the base tree's.

    check-trace-abi.py HEADER...    paths relative to the kernel tree

For every event of each header, as the base tree's copy declares it and as
ours does (the base file where we keep no copy): the tracepoint prototype
and arguments (TP_PROTO, TP_ARGS: what raw_tp and tp_btf BPF programs
read), those of its class, the fields (TP_STRUCT__entry) and the print
format (TP_printk). TP_fast_assign may differ. Prints one line per
difference and exits 1 if there is one; else prints the number of events.
"""
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("make_series", os.path.join(HERE, "make-series.py"))
ms = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ms)


def main(headers):
    diffs, count = [], 0
    for h in headers:
        base = ms.trace_events(os.path.join(ms.PRISTINE, h))
        ours = ms.trace_events(ms.ours_or_base(h))
        count += len(base)
        for e in sorted(set(base) | set(ours)):
            if e not in ours:
                diffs.append(f"{h}: {e}: missing")
            elif e not in base:
                diffs.append(f"{h}: {e}: not in the base tree")
            else:
                for k in sorted(set(base[e]) | set(ours[e])):
                    if base[e].get(k) != ours[e].get(k):
                        diffs.append(f"{h}: {e}: {k}: base {base[e].get(k)!r}, "
                                     f"ours {ours[e].get(k)!r}")
    for d in diffs:
        print(d)
    if not diffs:
        print(f"{count} events: prototypes, arguments, fields and formats of the base tree")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
