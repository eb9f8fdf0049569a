#!/usr/bin/env python3
"""checkpatch.pl --strict on files or mails, less the documented exceptions.

    checkpatch.py -f FILE...    whole files (the style tier of check.sh)
    checkpatch.py MAIL...       patch mails (make-series.py)

Runs the base tree's scripts/checkpatch.pl --strict --no-tree on every
input, in parallel, and prints every ERROR, WARNING and CHECK that no line
of harness/checkpatch-exceptions excuses, as "INPUT: TYPE:KIND: message
[path:line]". Exits 1 when one is left, 0 otherwise. checkpatch's raw
output is cached in build/checkpatch-cache, keyed by the checkpatch script,
the options and the input's content.
"""
import concurrent.futures
import fnmatch
import hashlib
import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TREE = os.path.join(TOP, "build/pristine/linux-source-6.12")
EXCEPTIONS = os.path.join(TOP, "harness/checkpatch-exceptions")
CACHE = os.path.join(TOP, "build/checkpatch-cache")
OPTIONS = ["--strict", "--no-tree", "--show-types", "--color=never"]
FINDING = re.compile(r"^(ERROR|WARNING|CHECK):([A-Z0-9_]+): (.*)$")
WHERE = re.compile(r"^#\d+: (?:FILE: (.+?):(\d+):)?")


def load_exceptions(path=EXCEPTIONS):
    """(path glob, TYPE, text or None) per line; "-" is the mail itself."""
    rules = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 2)
            if len(parts) < 2:
                raise SystemExit(f"{path}: bad line: {line}")
            rules.append((parts[0], parts[1], parts[2] if len(parts) > 2 else None))
    return rules


def raw_output(target, whole_file, tree=TREE):
    """checkpatch's report on one input, from the cache when it is there."""
    args = OPTIONS + (["-f"] if whole_file else [])
    content = open(target, "rb").read()
    if not whole_file:
        # A mail's first line names its commit, which changes with every
        # earlier patch of the series; checkpatch does not read it.
        content = re.sub(rb"\AFrom [0-9a-f]{40} ", b"From ", content)
    key = hashlib.sha256()
    for part in (open(os.path.join(tree, "scripts/checkpatch.pl"), "rb").read(),
                 open(os.path.join(tree, "scripts/spelling.txt"), "rb").read(),
                 " ".join(args).encode(), content):
        key.update(hashlib.sha256(part).digest())
    cached = os.path.join(CACHE, key.hexdigest())
    if os.path.exists(cached):
        with open(cached) as f:
            return f.read()
    res = subprocess.run(["perl", "scripts/checkpatch.pl", *args, target], cwd=tree,
                         capture_output=True, text=True, check=False)
    if res.returncode not in (0, 1) or "total:" not in res.stdout:
        raise RuntimeError(f"checkpatch failed on {target}: {res.stderr.strip()}")
    os.makedirs(CACHE, exist_ok=True)
    with open(cached + ".tmp", "w") as f:
        f.write(res.stdout)
    os.replace(cached + ".tmp", cached)
    return res.stdout


def findings(report, whole_file_path=None):
    """[(TYPE, KIND, message, path, line, source)] of one report. In a mail,
    path is the file a finding is in, "-" for the mail itself (commit
    message); source is the first source line checkpatch quotes."""
    out, cur, where = [], None, False
    for line in report.splitlines():
        m = FINDING.match(line)
        if m:
            cur = [m.group(1), m.group(2), m.group(3), "-", 0, ""]
            out.append(cur)
            where = False
            continue
        m = WHERE.match(line)
        if cur and not where and m:
            if m.group(1):
                cur[3], cur[4] = m.group(1), int(m.group(2))
            where = True
        elif cur and where and line.startswith("+") and not cur[5]:
            cur[5] = line[1:]
        elif not line.strip():
            cur = None
    if whole_file_path is not None:
        for f in out:
            f[3] = whole_file_path
    return [tuple(f) for f in out]


def excused(finding, rules):
    _, kind, message, path, _, source = finding
    return any(kind == k and fnmatch.fnmatchcase(path, glob) and
               (text is None or text in message or text in source)
               for glob, k, text in rules)


def relative(path):
    path = os.path.abspath(path)
    return os.path.relpath(path, TOP) if path.startswith(TOP + os.sep) else path


def check(targets, whole_file=False, tree=TREE, rules=None):
    """{target: [finding lines left after the exceptions]}."""
    rules = load_exceptions() if rules is None else rules
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        reports = dict(zip(targets, pool.map(
            lambda t: raw_output(os.path.abspath(t), whole_file, tree), targets)))
    left = {}
    for target in targets:
        found = findings(reports[target], relative(target) if whole_file else None)
        left[target] = [f"{f[0]}:{f[1]}: {f[2]} [{f[3]}:{f[4]}]"
                        for f in found if not excused(f, rules)]
    return left


def main(argv):
    whole_file = bool(argv) and argv[0] == "-f"
    targets = argv[1:] if whole_file else argv
    if not targets:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    bad = 0
    for target, lines in check(targets, whole_file).items():
        for line in lines:
            print(f"{relative(target)}: {line}")
        bad += bool(lines)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
