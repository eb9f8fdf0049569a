#!/usr/bin/env python3
"""Turn the overlay into a git-am-able patch series and prove it applies.

Reads series/groups, builds a scratch git repository holding the pristine
base versions of every file the series touches, commits one stanza at a
time, runs git format-patch into build/series/out/, then applies the
series with git am to a fresh scratch repository and compares the result
with the tree the build uses (build/ours/src: our files plus patches/). Exits non-zero on any
difference, on a file or patch that belongs to no stanza, and on a stanza
naming something that does not exist.
"""
import os
import shutil
import subprocess
import sys

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


def git(repo, *args, stdin=None):
    return subprocess.run(["git", "-C", repo, *args], env=GIT_ENV, input=stdin,
                          check=True, capture_output=True, text=True).stdout


def read_groups():
    groups, cur, body = [], None, None
    with open(os.path.join(TOP, "series/groups")) as f:
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
        return [l[6:].split("\t")[0].strip() for l in f if l.startswith("+++ b/")]


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


# The userspace harness renders the TRACE_EVENT macros, which checkpatch
# flags in include/trace/ as well; each kernel file is checked on its own,
# without exceptions, by the style tier.
CHECKPATCH_IGNORE = "COMPLEX_MACRO,MULTISTATEMENT_MACRO_USE_DO_WHILE"


def checkpatch_errors(mails):
    """Every ERROR of checkpatch --strict on the mails (sign-off included)."""
    errors = []
    for mail in mails:
        res = subprocess.run(["perl", "scripts/checkpatch.pl", "--strict", "--no-tree",
                              "--terse", "--ignore", CHECKPATCH_IGNORE, mail],
                             cwd=PRISTINE, capture_output=True, text=True, check=False)
        for line in res.stdout.splitlines():
            if ": ERROR:" in line:
                errors.append(f"checkpatch: {os.path.basename(line)}")
    return errors


def main():
    groups = read_groups()
    errors = []
    owned = tracked(KERNEL_DIRS)
    patches = sorted("patches/" + p for p in os.listdir(os.path.join(TOP, "patches"))
                     if p.endswith(".patch"))
    claimed = {}
    for g in groups:
        files, pats = expand(g)
        g["files"], g["patches"] = files, pats
        for item in files + pats:
            if item in claimed:
                errors.append(f"{item} is in two stanzas")
            claimed[item] = g["subject"]
    for item in owned + patches:
        if item not in claimed:
            errors.append(f"{item} belongs to no stanza of series/groups")
    groups = [g for g in groups if g["files"] or g["patches"]]

    touched = sorted(set(owned) | {t for p in patches for t in patch_targets(p)})
    build = os.path.join(WORK, "build")
    seed(build, touched)
    for g in groups:
        for f in g["files"]:
            dst = os.path.join(build, f)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy(os.path.join(TOP, f), dst)
        for p in g["patches"]:
            subprocess.run(["patch", "-s", "-p1", "-d", build, "-i", os.path.join(TOP, p)],
                           check=True)
        git(build, "add", "-A")
        git(build, "commit", "-q", "-s", "-m", g["subject"] + "\n\n" + g["body"])
    out = os.path.join(WORK, "out")
    shutil.rmtree(out, ignore_errors=True)
    git(build, "format-patch", "-q", "-o", out, "--cover-letter", "HEAD~%d" % len(groups))
    with open(os.path.join(out, "0000-cover-letter.patch")) as f:
        cover = f.read()
    cover = cover.replace("*** SUBJECT HERE ***",
                          "x86/vector, genirq/matrix: Rework of vector management")
    cover = cover.replace("*** BLURB HERE ***",
                          "Our own matrix allocator and x86 vector domain for linux-source-6.12,\n"
                          "with their tests. Apply with git am on the base tree.")
    with open(os.path.join(out, "0000-cover-letter.patch"), "w") as f:
        f.write(cover)

    check = os.path.join(WORK, "check")
    seed(check, touched)
    mails = sorted(os.path.join(out, m) for m in os.listdir(out) if not m.startswith("0000"))
    subprocess.run(["git", "-C", check, "am", "-q", *mails], env=GIT_ENV, check=True)
    subprocess.run([os.path.join(TOP, "harness/prepare-tree.sh"), "ours"], check=True,
                   stdout=subprocess.DEVNULL)
    overlay = os.path.join(TOP, "build/ours/src")
    for path in touched:
        a, b = os.path.join(overlay, path), os.path.join(check, path)
        if os.path.exists(a) != os.path.exists(b) or (
                os.path.exists(a) and open(a, "rb").read() != open(b, "rb").read()):
            errors.append(f"{path}: git am result differs from the overlay")
    errors.extend(checkpatch_errors(mails))
    for e in errors:
        print("make-series:", e, file=sys.stderr)
    print(f"make-series: {len(mails)} patches in {out}, "
          f"{'applied with git am and match the overlay' if not errors else 'FAILED'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
