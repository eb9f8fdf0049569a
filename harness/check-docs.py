#!/usr/bin/env python3
"""Check our reStructuredText documents without Sphinx.

    check-docs.py KERNEL_TREE REPO_TOP FILE.rst...

Each document is parsed by docutils. The kernel's ``kernel-doc`` directive
runs the tree's scripts/kernel-doc on the named source (from the repo when
we own it, else from the tree) and the output is parsed in place, so a
``:doc:`` block or a ``:functions:`` name that does not exist, and any
kernel-doc warning, fails the check. Sphinx-only roles and directives
(toctree, :ref:, ...) are accepted without checking. Prints one line per
problem; exits 1 if there was any.
"""

import io
import os
import subprocess
import sys

from docutils import nodes, utils
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives, roles
from docutils.statemachine import StringList

TREE = sys.argv[1]
TOP = sys.argv[2]
problems = []


def source_path(rel):
    ours = os.path.join(TOP, rel)
    return ours if os.path.exists(ours) else os.path.join(TREE, rel)


def run_kernel_doc(args, path):
    cmd = ["perl", os.path.join(TREE, "scripts/kernel-doc"), "-rst", "-Wall", "-sphinx-version", "3.4.3"] + args + [path]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    return res.stdout, res.stderr.strip()


class KernelDoc(Directive):
    required_arguments = 1
    option_spec = {
        "doc": directives.unchanged_required,
        "functions": directives.unchanged,
        "export": directives.unchanged,
        "internal": directives.unchanged,
        "identifiers": directives.unchanged,
    }

    def run(self):
        rel = self.arguments[0]
        path = source_path(rel)
        if not os.path.exists(path):
            problems.append(f"kernel-doc: no such source {rel}")
            return []
        wanted = []
        if "doc" in self.options:
            wanted.append(["-function", self.options["doc"]])
        elif "functions" in self.options:
            names = self.options["functions"].split()
            wanted.extend([["-function", n] for n in names])
        else:
            wanted.append([])
        out_all = []
        for args in wanted:
            out, err = run_kernel_doc(args, path)
            what = " ".join(args) or "all"
            if err:
                problems.append(f"kernel-doc {rel} {what}: {err.splitlines()[0]}")
            if not out.strip():
                problems.append(f"kernel-doc {rel} {what}: produces nothing")
            out_all.extend(out.splitlines())
        node = nodes.section()
        self.state.nested_parse(StringList(out_all, rel), 0, node)
        return node.children


class AnyOption(dict):
    """Option spec that accepts every option as plain text."""

    def __contains__(self, key):
        return True

    def __missing__(self, key):
        return directives.unchanged


class Ignored(Directive):
    has_content = True
    optional_arguments = 10
    final_argument_whitespace = True
    option_spec = AnyOption()

    def run(self):
        return []


def sphinx_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [nodes.literal(rawtext, utils.unescape(text))], []


directives.register_directive("kernel-doc", KernelDoc)
for d in ("toctree", "c:function", "c:type", "c:macro", "c:struct", "c:enum", "c:union",
          "c:member", "c:var", "c:enumerator", "c:namespace-push", "c:namespace-pop"):
    directives.register_directive(d, Ignored)
for r in ("ref", "doc", "c:func", "c:type", "c:macro", "c:data", "c:member", "c:expr",
          "c:struct", "c:union", "c:enum", "c:var", "c:enumerator"):
    roles.register_local_role(r, sphinx_role)

for rst in sys.argv[3:]:
    with open(rst, encoding="utf-8") as f:
        text = f.read()
    stream = io.StringIO()
    publish_doctree(text, source_path=rst, settings_overrides={
        "report_level": 2, "halt_level": 5, "warning_stream": stream})
    for line in stream.getvalue().splitlines():
        if line.strip():
            problems.append(f"{os.path.relpath(rst, TOP)}: {line}")

seen = set()
for p in problems:
    if p not in seen:
        print(p)
        seen.add(p)
sys.exit(1 if problems else 0)
