#!/usr/bin/env python3
"""Turn the overlay into git-am-able patch sets and prove they apply.

Two sets, each read from its stanza file (one commit a stanza):

  series/groups          the series we post: build/series/out/, with a
                         cover letter (series/cover-letter, filled in)
  series/harness-groups  test-only infrastructure our harness needs and
                         we never post: build/series/harness-out/,
                         "[HARNESS ONLY n/m]"

A scratch git repository holds the pristine base versions of every file
the sets touch; the stanzas are committed one by one and written with git
format-patch. A fresh scratch repository then takes the posted series and
the harness set with git am, and the result is compared with the tree the
build uses (build/ours/src: our files plus patches/).

The fixes for stable (patches/fixes: a fix id and a patch a line) must be
the first stanzas of the posted series, in that order, each naming its
patch alone and carrying a Fixes: tag and "Cc: stable@vger.kernel.org".
A fix may patch the base version of a file we own: the mail applies to
the pristine file, and the stanza which adds our file replaces it later.

Fails on any difference, on a file or patch that belongs to no stanza or
to two, on a stanza naming nothing, on a fix out of place, on any checkpatch --strict finding
(ERROR, WARNING or CHECK) in any mail that harness/checkpatch-exceptions
does not excuse, and on a file the posted series adds without a
MAINTAINERS section (other than THE REST) covering it afterwards.
"""
import concurrent.futures
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checkpatch  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PRISTINE = os.path.join(TOP, "build/pristine/linux-source-6.12")
WORK = os.path.join(TOP, "build/series")
KERNEL_DIRS = ("arch", "block", "drivers", "Documentation", "fs", "include",
               "init", "kernel", "lib", "mm", "net", "tools", "virt")
GIT_ENV = dict(os.environ, GIT_AUTHOR_NAME="Kernel Team",
               GIT_AUTHOR_EMAIL="team@example.org",
               GIT_COMMITTER_NAME="Kernel Team",
               GIT_COMMITTER_EMAIL="team@example.org",
               GIT_AUTHOR_DATE="2026-11-25T00:00:00Z",
               GIT_COMMITTER_DATE="2026-11-25T00:00:00Z")
POSTED = {"name": "posted series", "groups": "series/groups", "out": "out",
          "prefix": "PATCH"}
HARNESS = {"name": "harness set", "groups": "series/harness-groups",
           "out": "harness-out", "prefix": "HARNESS ONLY"}
# get_maintainer.pl offline: no git history. No keyword matching either:
# the userspace harness builds its fuzz target with clang, which pulls in
# the LLVM build maintainers on a keyword although nothing of theirs is
# touched.
GET_MAINTAINER = ["perl", "scripts/get_maintainer.pl", "--no-git", "--no-git-fallback",
                  "--no-keywords", "--roles"]
# Sections the posted series must reach; a warning, not a failure, if not.
EXPECTED_SECTIONS = ("X86 ARCHITECTURE (32-BIT AND 64-BIT)", "IRQ SUBSYSTEM")
WRAP = 72
# Trailers that are never wrapped.
NO_WRAP = re.compile(r"^(Fixes|Link|Closes): ")
FIXES_TAG = re.compile(r'^Fixes: [0-9a-f]{12,40} \("[^"].*"\)$', re.M)


class SeriesError(Exception):
    pass


def git(repo, *args, stdin=None):
    return subprocess.run(["git", "-C", repo, *args], env=GIT_ENV, input=stdin,
                          check=True, capture_output=True, text=True).stdout


def read_groups(path):
    groups, cur, body = [], None, None
    with open(os.path.join(TOP, path)) as f:
        for line in f:
            line = line.rstrip("\n")
            if body is not None:
                if line == "%%":
                    cur["body"] = "\n".join(body).strip() + "\n"
                    groups.append(cur)
                    cur, body = None, None
                else:
                    body.append(line)
            elif line.startswith("subject: "):
                cur = {"subject": line[9:], "paths": []}
            elif line.startswith("paths: "):
                cur["paths"] = line[7:].split()
            elif line == "body:":
                body = []
    return groups


def tracked(paths):
    out = subprocess.run(["git", "-C", TOP, "ls-files", "--", *paths],
                         check=True, capture_output=True, text=True).stdout
    return [p for p in out.split("\n") if p]


def patch_targets(patch):
    with open(os.path.join(TOP, patch)) as f:
        return [line[6:].split("\t")[0].strip() for line in f if line.startswith("+++ b/")]


def expand(group):
    files, patches = [], []
    for p in group["paths"]:
        if p.startswith("patches/"):
            if os.path.exists(os.path.join(TOP, p)):
                patches.append(p)
        else:
            files += tracked([p])
    return files, patches


def seed(repo, touched):
    shutil.rmtree(repo, ignore_errors=True)
    os.makedirs(repo)
    git(repo, "init", "-q")
    for path in touched:
        src = os.path.join(PRISTINE, path)
        if os.path.exists(src):
            os.makedirs(os.path.dirname(os.path.join(repo, path)), exist_ok=True)
            shutil.copy(src, os.path.join(repo, path))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", "base: linux-source-6.12")


def commit_groups(repo, groups):
    for g in groups:
        for f in g["files"]:
            dst = os.path.join(repo, f)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy(os.path.join(TOP, f), dst)
        for p in g["patches"]:
            subprocess.run(["patch", "-s", "-p1", "-d", repo, "-i", os.path.join(TOP, p)],
                           check=True)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-s", "-m", g["subject"] + "\n\n" + g["body"])


def format_patches(repo, rev_range, out, prefix, cover=False, to=(), cc=()):
    shutil.rmtree(out, ignore_errors=True)
    args = ["format-patch", "-q", "-n", "-o", out, "--subject-prefix=" + prefix]
    args += ["--cover-letter"] if cover else []
    args += ["--to=" + a for a in to] + ["--cc=" + a for a in cc]
    git(repo, *args, rev_range)
    return sorted(os.path.join(out, m) for m in os.listdir(out) if not m.startswith("0000-"))


def cached(name, inputs, compute):
    """compute(), remembered in build/series/cache under a hash of inputs
    unless it gives None (a failure, "" then)."""
    key = hashlib.sha256("\0".join(inputs).encode()).hexdigest()[:32]
    path = os.path.join(WORK, "cache", f"{name}-{key}")
    if os.path.exists(path):
        with open(path) as f:
            return f.read()
    value = compute()
    if value is None:
        return ""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w") as f:
        f.write(value)
    os.replace(path + ".tmp", path)
    return value


def file_text(path):
    with open(path, errors="replace") as f:
        return f.read()


# ---- MAINTAINERS ---------------------------------------------------------

def maintainers_sections(text):
    """[(name, {letter: [values]})] of MAINTAINERS; as in get_maintainer.pl,
    every other non-empty line starts a section (the preamble makes a few
    without entries)."""
    sections, cur = [], None
    for line in text.splitlines():
        m = re.match(r"^([A-Z]):\s*(.*)$", line)
        if m and cur is not None:
            cur[1].setdefault(m.group(1), []).append(m.group(2).strip())
        elif line.strip() and not m:
            cur = (line.strip(), {})
            sections.append(cur)
    return sections


class Pattern:
    """An F: or X: pattern, matched as get_maintainer.pl's file_match_pattern()
    does: "*" and "?" are wildcards, a directory matches everything below
    it, anything else only at its own depth."""

    def __init__(self, pattern, tree):
        self.literal = re.split(r"[*?]", pattern)[0]
        regex = re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".")
        self.pattern, self.regex, self.tree = pattern, regex, tree
        self.compiled = None

    def matches(self, path):
        if not path.startswith(self.literal):
            return False
        if self.compiled is None:
            regex = self.regex
            if not self.pattern.endswith("/") and \
                    os.path.isdir(os.path.join(self.tree, self.pattern)):
                regex += "/"
            self.compiled = re.compile(regex)
            self.recursive = regex.endswith("/")
        if not self.compiled.match(path):
            return False
        return self.recursive or path.count("/") == self.pattern.count("/")


def compile_sections(sections, tree):
    return [(name, [Pattern(f, tree) for f in entries.get("F", [])],
             [Pattern(x, tree) for x in entries.get("X", [])],
             [re.compile(n) for n in entries.get("N", [])])
            for name, entries in sections]


def covering_sections(path, sections):
    """Sections of MAINTAINERS (compile_sections()) covering path, THE REST
    aside."""
    names = []
    for name, files, excluded, regexes in sections:
        if any(x.matches(path) for x in excluded):
            continue
        if any(f.matches(path) for f in files) or any(n.search(path) for n in regexes):
            names.append(name)
    return [n for n in names if n != "THE REST"]


# ---- cover letter --------------------------------------------------------

def wrap(text, indent=""):
    """Rewrap one paragraph; a leading "- " makes it a list item."""
    text = " ".join(text.split())
    if text.startswith("- "):
        return textwrap.fill(text[2:], WRAP, initial_indent=indent + "- ",
                             subsequent_indent=indent + "  ", break_on_hyphens=False)
    return textwrap.fill(text, WRAP, initial_indent=indent, subsequent_indent=indent,
                         break_on_hyphens=False)


def paragraphs(lines):
    """Blank-line separated paragraphs; list items ("- ") split apart."""
    out, cur = [], []
    for line in lines + [""]:
        stripped = line.strip()
        if not stripped or stripped.startswith("- "):
            if cur:
                out.append(" ".join(cur))
            cur = [stripped] if stripped else []
        else:
            cur.append(stripped)
    return out


def doc_block(path, title):
    text = file_text(os.path.join(TOP, path))
    m = re.search(r"/\*\*\n \* DOC: " + re.escape(title) + r"\n(.*?)\n \*/", text, re.S)
    if not m:
        raise SeriesError(f"cover letter: no DOC: {title} in {path}")
    return [re.sub(r"^ \*( |$)", "", line) for line in m.group(1).splitlines()]


def rst_section(path, heading):
    lines = file_text(os.path.join(TOP, path)).splitlines()
    for i in range(len(lines) - 1):
        if lines[i] == heading and re.fullmatch(r"=+|-+", lines[i + 1]):
            body = []
            for j in range(i + 2, len(lines)):
                if j + 1 < len(lines) and lines[j] and re.fullmatch(r"=+|-+", lines[j + 1]):
                    break
                body.append(lines[j])
            out, skip = [], False
            for line in body:
                if line.startswith(".. "):
                    skip = True
                elif skip and (not line.strip() or line.startswith("   ")):
                    continue
                else:
                    skip = False
                if not skip:
                    out.append(line.replace("``", ""))
            return out
    raise SeriesError(f"cover letter: no section {heading} in {path}")


def select(paras, prefixes, where):
    if not prefixes:
        return paras
    chosen = []
    for prefix in prefixes:
        found = [p for p in paras if p.startswith(prefix)]
        if not found:
            raise SeriesError(f"cover letter: no paragraph starting {prefix!r} in {where}")
        chosen.append(found[0])
    return chosen


def md_sections(path):
    sections, cur = {}, None
    for line in file_text(path).splitlines():
        if line.startswith("## "):
            cur = line[3:].strip()
            sections[cur] = []
        elif cur is not None:
            sections[cur].append(line)
    return sections


def md_section(sections, prefix):
    for title, lines in sections.items():
        if title.startswith(prefix):
            return title, lines
    raise SeriesError(f"BENCHMARKS.md has no section {prefix!r}")


def md_table(rows):
    cells = [[c.strip().replace("`", "") for c in r.strip().strip("|").split("|")]
             for r in rows if not re.fullmatch(r"\|?[\s:|-]+\|?", r.strip())]
    widths = [max(len(r[i]) for r in cells if i < len(r)) for i in range(len(cells[0]))]
    return ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]


def md_render(lines):
    """Markdown paragraphs and tables as plain text."""
    out, para, table = [], [], []

    def flush():
        if para:
            text = " ".join(para).replace("`", "").replace("**", "")
            out.extend(wrap(text).splitlines() + [""])
            para.clear()
        if table:
            out.extend(md_table(table) + [""])
            table.clear()
    for line in lines:
        if line.strip().startswith("|"):
            if para:
                flush()
            table.append(line)
        elif not line.strip():
            flush()
        else:
            if table:
                flush()
            para.append(line.strip())
    flush()
    return out


def bench_matrix(sections):
    title, lines = md_section(sections, "Matrix allocator")
    rows = [[c.strip() for c in r.strip().strip("|").split("|")]
            for r in lines if r.startswith("|")][2:]
    cpus = sorted({int(r[2]) for r in rows})
    grid = {}
    for op, mask, ncpu, *_, ratio in rows:
        grid.setdefault((op, mask), {})[int(ncpu)] = ratio
    table = ["| op | mask | " + " | ".join(f"{c} CPUs" for c in cpus) + " |", "|-|-|"]
    for (op, mask), ratios in grid.items():
        table.append(f"| {op} | {mask} | " + " | ".join(ratios.get(c, "-") for c in cpus) + " |")
    intro = " ".join(line.strip() for line in lines if line.strip() and not line.startswith("|"))
    best = min(rows, key=lambda r: float(r[-1]))
    worst = max(rows, key=lambda r: float(r[-1]))

    def describe(r):
        return f"{r[0]}, mask {r[1]}, {r[2]} CPUs: {r[-1]} ({r[3]} against {r[4]} Ir)"
    return ([wrap(f"{title}, ours/base; below 1 means fewer instructions for ours. {intro}"),
             ""] + md_table(table) +
            ["", wrap(f"Best: {describe(best)}. Worst: {describe(worst)}.")])


def trace_events(header):
    """{system:event: {"fields": [(type, field)], "proto": str, "args": str,
    "print": str}} of a trace header, by cpp: what trace consumers and
    raw tracepoint (BPF raw_tp, tp_btf) programs see of each event."""
    stubs = {
        "TP_PROTO(...)": "PROTO{__VA_ARGS__}", "TP_ARGS(...)": "ARGS{__VA_ARGS__}",
        "TP_CONDITION(...)": "",
        "TP_STRUCT__entry(...)": "__VA_ARGS__", "TP_fast_assign(...)": "",
        "TP_printk(...)": "PRINT{__VA_ARGS__}",
        "__field(t, n)": "FIELD(t|n)", "__field_ext(t, n, f)": "FIELD(t|n)",
        "__field_struct(t, n)": "FIELD(t|n)", "__array(t, n, l)": "FIELD(t[l]|n)",
        "__dynamic_array(t, n, l)": "FIELD(t[]|n)", "__string(n, s)": "FIELD(string|n)",
        "__bitmask(n, b)": "FIELD(bitmask|n)", "__cpumask(n)": "FIELD(cpumask|n)",
        "DECLARE_EVENT_CLASS(c, p, a, s, as, pr)": "CLASS(c) p a s pr ENDCLASS",
        "TRACE_EVENT(n, p, a, s, as, pr)": "CLASS(n) p a s pr ENDCLASS EVENT(n|n) p a ENDEVENT",
        "TRACE_EVENT_FN(n, p, a, s, as, pr, r, u)":
            "CLASS(n) p a s pr ENDCLASS EVENT(n|n) p a ENDEVENT",
        "TRACE_EVENT_CONDITION(n, p, a, c, s, as, pr)":
            "CLASS(n) p a s pr ENDCLASS EVENT(n|n) p a ENDEVENT",
        "DEFINE_EVENT(c, n, p, a)": "EVENT(c|n) p a ENDEVENT",
        "DEFINE_EVENT_FN(c, n, p, a, r, u)": "EVENT(c|n) p a ENDEVENT",
        "DEFINE_EVENT_PRINT(c, n, p, a, pr)": "EVENT(c|n) p a pr ENDEVENT",
        "DEFINE_EVENT_CONDITION(c, n, p, a, cond)": "EVENT(c|n) p a ENDEVENT",
        "TRACE_EVENT_PERF_PERM(n, e)": "",
    }
    text = file_text(header)
    system = re.search(r"#\s*define\s+TRACE_SYSTEM\s+(\w+)", text).group(1)
    with tempfile.TemporaryDirectory() as tmp:
        for inc in re.findall(r'#\s*include\s*[<"]([^>"]+)', text):
            os.makedirs(os.path.dirname(os.path.join(tmp, "inc", inc)), exist_ok=True)
            open(os.path.join(tmp, "inc", inc), "w").close()
        with open(os.path.join(tmp, "prelude.h"), "w") as f:
            f.writelines(f"#define {k} {v}\n" for k, v in stubs.items())
        configs = sorted(set(re.findall(r"CONFIG_\w+", text)))
        out = subprocess.run(["cpp", "-P", "-undef", "-nostdinc", "-I", os.path.join(tmp, "inc"),
                              *("-D" + c for c in configs), "-include",
                              os.path.join(tmp, "prelude.h"), header],
                             capture_output=True, text=True, check=True).stdout
    out = " ".join(out.split())
    classes, events, cur = {}, {}, None
    token = re.compile(r"(CLASS|FIELD|EVENT)\(([^)]*)\)|(PROTO|ARGS|PRINT)\{|ENDCLASS|ENDEVENT")
    pos = 0
    while (m := token.search(out, pos)):
        pos = m.end()
        kind, arg = m.group(1) or m.group(3), m.group(2)
        if kind in ("PROTO", "ARGS", "PRINT"):
            depth, i = 1, pos
            while depth:
                depth += {"{": 1, "}": -1}.get(out[i], 0)
                i += 1
            value = " ".join(out[pos:i - 1].replace("( ", "(").replace(" )", ")").split())
            pos = i
            if cur is not None:
                cur[kind.lower()] = value
        elif kind == "CLASS":
            cur = classes.setdefault(arg.strip(), {"fields": []})
        elif kind == "FIELD" and cur is not None:
            cur["fields"].append(tuple(x.strip() for x in arg.split("|")))
        elif kind == "EVENT":
            cls, name = (x.strip() for x in arg.split("|"))
            cur = events[f"{system}:{name}"] = dict(classes.get(cls, {"fields": []}))
            cur["class"] = cls
            cur["class_proto"] = cur.pop("proto", None)
            cur["class_args"] = cur.pop("args", None)
        else:
            cur = None
    return events


def ours_or_base(path):
    """Our copy of a base file, or the base file where we have none."""
    ours = os.path.join(TOP, path)
    return ours if os.path.exists(ours) else os.path.join(PRISTINE, path)


def trace_summary(headers):
    base, ours = {}, {}
    for h in headers:
        base.update(trace_events(os.path.join(PRISTINE, h)))
        ours.update(trace_events(ours_or_base(h)))
    systems = sorted({e.split(":")[0] for e in ours})
    if base == ours:
        return [wrap(f"- Trace events: the {len(ours)} events of "
                     f"{' and '.join(systems)} keep the names, prototypes, "
                     "fields (types and order) and formats of the base kernel; "
                     "checked by make-series.py against the base tree's headers.")]
    out = [wrap("- Trace events differ from the base kernel (checked by make-series.py "
                "against the base tree's headers):")]
    for e in sorted(set(base) | set(ours)):
        if e not in ours:
            out.append(f"    removed: {e}")
        elif e not in base:
            out.append(f"    new: {e}")
        elif base[e] != ours[e]:
            what = [k for k in sorted(set(base[e]) | set(ours[e]))
                    if base[e].get(k) != ours[e].get(k)]
            out.append(f"    changed: {e} ({', '.join(what)})")
    return out


MESSAGE = re.compile(r'\bpr_(?:emerg|alert|crit|err|warn|notice|info)(?:_once|_ratelimited)?'
                     r'\(\s*"((?:[^"\\]|\\.)*)"')


def messages(root, files):
    found = []
    for f in files:
        for m in MESSAGE.finditer(file_text(os.path.join(root, f))):
            msg = m.group(1).removesuffix("\\n")
            if not msg.startswith("...") and msg not in found:
                found.append(msg)
    return found


def messages_summary(files):
    base, ours = messages(PRISTINE, files), messages(TOP, files)
    out = [wrap("- Kernel messages of " + " and ".join(files) +
                " (warnings and errors, the APIC register dump aside):"), ""]
    paired = set()

    def common(a, b):
        """Common prefix of two formats, conversions (%d, %u) as equal."""
        a, b = (re.sub(r"%[-+ #0-9.*]*[a-zA-Z]+", "%", x) for x in (a, b))
        n = 0
        while n < min(len(a), len(b)) and a[n] == b[n]:
            n += 1
        return n
    # A message is "extended" when it keeps the head of a base message
    # (what people grep for): 20 characters or most of it.
    for msg in ours:
        if msg in base:
            out.append(f'    unchanged: "{msg}"')
            paired.add(msg)
            continue
        best = max(base, key=lambda b: common(b, msg), default=None)
        if best is not None and best not in paired and \
                common(best, msg) >= min(20, 0.6 * len(best)):
            out.append(f'    extended:  "{best}"')
            out.append(f'           -> "{msg}"')
            paired.add(best)
        else:
            out.append(f'    new:       "{msg}"')
    for msg in base:
        if msg not in paired:
            out.append(f'    dropped:   "{msg}"')
    return out


def cc_summary(cc_output):
    to, cc = [], []
    for line in cc_output.splitlines():
        m = re.match(r"^(.*?) \((.*)\)$", line.strip())
        if not m:
            continue
        (to if m.group(2).startswith("maintainer:") else cc).append(m.group(1))
    return to, cc


def bench_lines(sections, cmd, args):
    """The figures of BENCHMARKS.md an @bench-matrix or @bench line names."""
    if cmd == "bench-matrix":
        return bench_matrix(sections)
    title, body = md_section(sections, args[0])
    # A "###" subsection (the upstream fixes table, whose rows do not fit
    # a mail) stays in BENCHMARKS.md.
    sub = [i for i, line in enumerate(body) if line.startswith("### ")]
    return [title + ":", ""] + md_render(body[:sub[0]] if sub else body)


def fill_body(body, sections):
    """A changelog of series/groups with its @bench lines expanded."""
    out = []
    for line in body.splitlines():
        if line.startswith("@"):
            words = shlex.split(line[1:])
            if words[0] not in ("bench-matrix", "bench"):
                raise SeriesError(f"series/groups: unknown directive @{words[0]}")
            out.extend(bench_lines(sections, words[0], words[1:]))
        else:
            out.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


def fill_cover(template, ctx):
    """series/cover-letter with its @ directives expanded; first line subject."""
    out = []
    lines = file_text(os.path.join(TOP, template)).splitlines()
    lines = [line for line in lines if not line.startswith("#")]
    para = []

    def flush():
        if para:
            out.extend(wrap(" ".join(para)).splitlines())
            para.clear()
    for line in lines[1:]:
        if line.startswith("@"):
            flush()
            words = shlex.split(line[1:])
            cmd, args = words[0], words[1:]
            if cmd in ("bench-matrix", "bench"):
                out.extend(bench_lines(ctx["bench"], cmd, args))
            elif cmd == "doc":
                paras = select(paragraphs(doc_block(args[0], args[1])), args[2:],
                               f"DOC: {args[1]} of {args[0]}")
                out.extend("\n\n".join(wrap(p) for p in paras).splitlines())
            elif cmd == "rst":
                paras = select(paragraphs(rst_section(args[0], args[1])), args[2:],
                               f"{args[0]} {args[1]}")
                out.extend("\n".join(wrap(p) for p in paras).splitlines())
            elif cmd == "trace-events":
                out.extend(trace_summary(args))
            elif cmd == "messages":
                out.extend(messages_summary(args))
            elif cmd == "base":
                out.extend(wrap(ctx["base"]).splitlines())
            elif cmd == "maintainers":
                out.extend(wrap(ctx["maintainers"]).splitlines())
            else:
                raise SeriesError(f"{template}: unknown directive @{cmd}")
        elif not line.strip():
            flush()
            out.append("")
        elif re.fullmatch(r"[=-]{3,}", line):
            out.append(" ".join(para))
            out.append(line)
            para.clear()
        elif line.startswith("  "):
            flush()
            out.append(line)
        elif line.startswith("- "):
            flush()
            para.append(line)
        else:
            para.append(line)
    flush()
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"
    return lines[0].strip(), text


def write_cover(path, subject, body):
    cover = file_text(path)
    cover = cover.replace("*** SUBJECT HERE ***", subject)
    cover = cover.replace("*** BLURB HERE ***", body.rstrip("\n"))
    with open(path, "w") as f:
        f.write(cover)


# ---- main ----------------------------------------------------------------

def check_fixes(groups):
    """The fixes of patches/fixes head the posted series, in order."""
    errors = []
    with open(os.path.join(TOP, "patches/fixes")) as f:
        fixes = [line.split() for line in f if line.strip() and not line.startswith("#")]
    for i, (fix, patch) in enumerate(fixes):
        g = groups[i] if i < len(groups) else None
        if g is None or g["paths"] != ["patches/" + patch]:
            errors.append(f"patches/fixes: {fix} ({patch}) is not stanza {i + 1} of "
                          "series/groups, naming its patch alone")
            continue
        if not FIXES_TAG.search(g["body"]):
            errors.append(f"series/groups: \"{g['subject']}\" ({fix}) has no Fixes: tag")
        if "\nCc: stable@vger.kernel.org\n" not in "\n" + g["body"]:
            errors.append(f"series/groups: \"{g['subject']}\" ({fix}) has no "
                          "Cc: stable@vger.kernel.org")
    return errors


def base_version():
    mk = file_text(os.path.join(PRISTINE, "Makefile"))
    v = {k: re.search(rf"^{k} = (\d*)", mk, re.M).group(1)
         for k in ("VERSION", "PATCHLEVEL", "SUBLEVEL")}
    return f"{v['VERSION']}.{v['PATCHLEVEL']}.{v['SUBLEVEL']}"


def main():
    errors = []
    # The seeds and the final comparison read the pristine tree and the
    # overlay: lay both out first (a fresh checkout has neither).
    subprocess.run([os.path.join(TOP, "harness/prepare-tree.sh"), "ours"], check=True,
                   stdout=subprocess.DEVNULL)
    sets = [dict(POSTED), dict(HARNESS)]
    owned = tracked(KERNEL_DIRS)
    patches = sorted("patches/" + p for p in os.listdir(os.path.join(TOP, "patches"))
                     if p.endswith(".patch"))
    claimed = {}
    for s in sets:
        s["groups_file"] = s["groups"]
        s["groups"] = read_groups(s["groups"])
        for g in s["groups"]:
            files, pats = expand(g)
            g["files"], g["patches"] = files, pats
            if not files and not pats:
                errors.append(f"{s['name']}: stanza \"{g['subject']}\" names nothing that exists")
            for item in files + pats:
                if item in claimed:
                    errors.append(f"{item} is in two stanzas: \"{claimed[item]}\" "
                                  f"and \"{g['subject']}\"")
                claimed[item] = g["subject"]
            for i, line in enumerate(g["body"].splitlines(), 1):
                if (len(line.expandtabs()) > WRAP and not NO_WRAP.match(line) and
                        not line.startswith("@")):
                    errors.append(f"{s['groups_file']}: \"{g['subject']}\": body line {i} "
                                  f"is longer than {WRAP} columns")
        s["groups"] = [g for g in s["groups"] if g["files"] or g["patches"]]
    errors += check_fixes(sets[0]["groups"])
    for item in owned + patches:
        if item not in claimed:
            errors.append(f"{item} belongs to no stanza of series/groups or "
                          "series/harness-groups")

    # Changelogs quote the figures of BENCHMARKS.md (@bench lines).
    bench_path = os.path.join(TOP, "BENCHMARKS.md")
    bench = md_sections(bench_path) if os.path.exists(bench_path) else {}
    for s in sets:
        for g in s["groups"]:
            try:
                g["body"] = fill_body(g["body"], bench)
            except SeriesError as e:
                errors.append(f"\"{g['subject']}\": {e}")

    touched = sorted(set(owned) | {t for p in patches for t in patch_targets(p)})
    build = os.path.join(WORK, "build")
    seed(build, touched)
    posted, harness = sets
    commit_groups(build, posted["groups"])
    git(build, "tag", "posted")
    commit_groups(build, harness["groups"])
    for s in sets:
        s["out"] = os.path.join(WORK, s["out"])
    base_ref = "HEAD~%d" % (len(posted["groups"]) + len(harness["groups"]))
    posted["range"] = base_ref + "..posted"
    harness["range"] = "posted..HEAD"
    mails = {}
    for s in sets:
        mails[s["name"]] = format_patches(build, s["range"], s["out"], s["prefix"])

    # checkpatch on every mail, and get_maintainer.pl on the posted ones,
    # side by side (both cached: an unchanged mail costs nothing).
    all_mails = [m for s in sets for m in mails[s["name"]]]
    posted_mails = mails[posted["name"]]

    def get_maintainer():
        res = subprocess.run(GET_MAINTAINER + posted_mails, cwd=PRISTINE,
                             capture_output=True, text=True, check=False)
        if res.returncode != 0:
            print(f"make-series: get_maintainer.pl failed: {res.stderr.strip()}",
                  file=sys.stderr)
            return None
        return res.stdout
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        cc_job = pool.submit(cached, "get_maintainer",
                             [" ".join(GET_MAINTAINER),
                              file_text(os.path.join(PRISTINE, "MAINTAINERS"))] +
                             [file_text(m) for m in posted_mails], get_maintainer)
        style = checkpatch.check(all_mails)
        cc_output = cc_job.result()
    report = []
    for mail in all_mails:
        left = style[mail]
        name = os.path.relpath(mail, WORK)
        report.append(f"checkpatch --strict {name}: "
                      f"{'clean' if not left else '%d findings' % len(left)}")
        errors.extend(f"checkpatch: {name}: {line}" for line in left)
    to, cc = cc_summary(cc_output)
    with open(os.path.join(WORK, "get_maintainer.txt"), "w") as f:
        f.write(cc_output)

    # The posted series again, with its recipients and the cover letter.
    posted_mails = format_patches(build, posted["range"], posted["out"], posted["prefix"],
                                  cover=True, to=to, cc=cc)
    mails[posted["name"]] = posted_mails

    check = os.path.join(WORK, "check")
    seed(check, touched)
    for s in sets:
        res = subprocess.run(["git", "-C", check, "am", "-q", *mails[s["name"]]], env=GIT_ENV,
                             capture_output=True, text=True, check=False)
        if res.returncode != 0:
            raise SeriesError(f"git am of the {s['name']} failed: {res.stderr.strip()}")
    overlay = os.path.join(TOP, "build/ours/src")
    for path in touched:
        a, b = os.path.join(overlay, path), os.path.join(check, path)
        if os.path.exists(a) != os.path.exists(b) or (
                os.path.exists(a) and open(a, "rb").read() != open(b, "rb").read()):
            errors.append(f"{path}: git am of both sets differs from the overlay")

    # checkpatch asks of every patch adding a file whether MAINTAINERS
    # needs updating (harness/checkpatch-exceptions excuses the question):
    # answer it. Every file the posted series adds must be covered by a
    # section other than THE REST of MAINTAINERS as the series leaves it.
    added = git(build, "diff", "--name-only", "--diff-filter=A", base_ref, "posted").split()
    sections = compile_sections(maintainers_sections(git(build, "show", "posted:MAINTAINERS")),
                                overlay)
    for path in added:
        if not covering_sections(path, sections):
            errors.append(f"{path}: added by the posted series, no MAINTAINERS section covers it")
    touched_posted = git(build, "diff", "--name-only", base_ref, "posted").split()
    reached = {n for p in touched_posted for n in covering_sections(p, sections)}
    missing = [n for n in EXPECTED_SECTIONS if n not in reached]
    if missing:
        print(f"make-series: warning: the posted series reaches no {', '.join(missing)} "
              "section of MAINTAINERS", file=sys.stderr)
    if not to:
        print("make-series: warning: get_maintainer.pl found no maintainer", file=sys.stderr)

    # Cover letter.
    if os.path.exists(os.path.join(TOP, "BENCHMARKS.md")):
        ctx = {
            "bench": bench,
            "base": f"The series applies with git am to Debian's linux-source-6.12 "
                    f"({base_version()}); the harness set, which is not posted, sits on "
                    f"top of it in the tree our tests build.",
            "maintainers": "To and Cc: scripts/get_maintainer.pl " +
                           " ".join(GET_MAINTAINER[2:]) + " on the patches, run in the base "
                           "tree" + ("." if to else " (it found no maintainer)."),
        }
        try:
            subject, body = fill_cover("series/cover-letter", ctx)
            write_cover(os.path.join(posted["out"], "0000-cover-letter.patch"), subject, body)
        except SeriesError as e:
            errors.append(str(e))
    else:
        errors.append("cover letter: no BENCHMARKS.md (make bench)")

    for line in report:
        print("make-series:", line)
    for e in errors:
        print("make-series:", e, file=sys.stderr)
    n_posted, n_harness = len(mails[posted["name"]]), len(mails[harness["name"]])
    print(f"make-series: {n_posted} patches in {posted['out']} and {n_harness} in "
          f"{harness['out']}, "
          f"{'applied with git am, match the overlay, checkpatch --strict clean' if not errors else 'FAILED'}")
    return 1 if errors else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SeriesError as e:
        print(f"make-series: {e}", file=sys.stderr)
        sys.exit(1)
