"""Every regex that sees author text, and every diff walk, runs in time linear in hostile inputs' length."""

from __future__ import annotations

import contextlib
import importlib
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import chain, islice
from pathlib import Path
from re import _parser  # type: ignore[attr-defined]
from re._constants import (  # type: ignore[import-not-found]
    ASSERT,
    ASSERT_NOT,
    ATOMIC_GROUP,
    BRANCH,
    LITERAL,
    MAX_REPEAT,
    MIN_REPEAT,
    POSSESSIVE_REPEAT,
    SUBPATTERN,
)
from typing import Any

import re2

from pr_impact.adapters import links
from pr_impact.core import diff, diff_shape, digest, doc_diff, headsup, manifests, outcome, signals, text, title_words
from pr_impact.core.headsup import generated, schemas, size
from pr_impact.core.lazy_re import LazyPattern
from pr_impact.core.model import FileChange, PullRequest
from pr_impact.render import neutralise

# The modules whose patterns run on text PR authors control (titles, bodies, commits, branches, patches).
MODULES = ("pr_impact.core.text", "pr_impact.core.timing_claims", "pr_impact.core.signals", "pr_impact.core.manifests",
           "pr_impact.core.doc_diff", "pr_impact.core.diff_shape",
           "pr_impact.core.headsup", "pr_impact.core.headsup.defaults", "pr_impact.core.headsup.flags",
           "pr_impact.core.headsup.paths", "pr_impact.core.headsup.vulnerability", "pr_impact.core.headsup.generated",
           "pr_impact.core.headsup.schemas", "pr_impact.core.headsup.size", "pr_impact.core.outcome",
           "pr_impact.core.title_words", "pr_impact.core.digest",
           "pr_impact.adapters.links", "pr_impact.render.neutralise", "pr_impact.core.writer")
# Inputs are built at two lengths: a call whose CPU time grows much faster than its input (more than
# LIMIT times for LARGE / SMALL = 8 times the text; linear work grows about 8 times, quadratic 64) is
# superlinear, whatever the speed of the machine. Calls faster than FLOOR are not measured: the timer's
# noise dominates there, and no quadratic walk over LARGE characters is that fast.
SMALL, LARGE = 4_000, 32_000
LIMIT = 24.0
FLOOR = 0.02
# Only a guard against a hang (an exponential pattern): the verdict comes from the growth above.
TIMEOUT_S = 180
PARTS = ("patterns", "entry-points")
RE2_TYPE = type(re2.compile(""))

FILLERS = (" ", "\t", "\n", "\u00a0", "a", "7", "#", "(", ")", "[", "{", "}", "@", ":", "-", ".", ",", "=", "/",
           '"', "'", "`", "%", "\\")
ALTERNATING = ("a ", " 1", "1.", " \t", " \n", "a\n", "(#", "[a", "a:", "{a", "@a", "-1", "a-", "1s ", "} ")
# Prefixes that start a match of some pattern (or of a known past regression), each followed by a long run.
PREFIXES = (
    "const", "let", "var", "const x", "import", "from", "from x", "} from", "export", "export {", "use", "using",
    "require(", "#include", "@import", "type", "fixes", "fixes:", "closes", "resolves", "fix #", "owner/repo",
    "https://github.com/o/r", "gh-", "GH-12", "issue-", "1.4s", "1.4s ->", "2 s to", "120ms", "saves", "reduces",
    "3x", "40%", "feat", "feat(", "[WIP]", "ABC-12", ":sparkles:", "impact:", "> Impact:", "## Release notes",
    "**Changelog", "```release-note", "(#12", "feature", "feature_flag", "isEnabled(", "flags.", "create",
    "alter table", "add", "security", "CVE-2024-", "GHSA-", "version", '"version"', "name = {", '"dev"',
    'Revert "', "Reverts #", "This reverts commit ",
    "[tool.", "[[", "describe(", "def test_", "func Test", "#[cfg(test)]", "mod test", "default", "1.", "\\#",
    "www", "http:", "::", "##[", "%0", "<!", "DEFAULT_X =", "default:", "def f(a=", "- name:", "process.env.",
    'os.getenv("', "FeatureFlag.", 'ldClient.variation("', "1,400", "x: int =",
    "injection", "csrf_token", "secret", "leak", "- [ ]", "https://", "bump", "update dependency", "fixes",
    "description:", '"description":', "// Code generated", "do not", "- ",
)


def patterns() -> Iterator[tuple[str, Any]]:
    """Every compiled pattern (Python or RE2) at module level in MODULES, with its qualified name."""
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, value in sorted(vars(module).items()):
            if isinstance(value, LazyPattern):
                value = value.compiled
            if isinstance(value, (re.Pattern, RE2_TYPE)):
                yield f"{name}.{attr}", value


def literals(pattern: Any) -> list[str]:
    """The runs of literal characters in a pattern (`const`, `require(`, `(#`): prefixes that lead into its repeats."""
    source = pattern.pattern if isinstance(pattern.pattern, str) else pattern.pattern.decode()
    found: set[str] = set()

    def walk(items: Any) -> None:
        run: list[str] = []
        for op, arg in items:
            if op is LITERAL:
                run.append(chr(arg))
                continue
            found.add("".join(run))
            run = []
            if op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT):
                walk(arg[2])
            elif op is SUBPATTERN:
                walk(arg[3])
            elif op is BRANCH:
                for branch in arg[1]:
                    walk(branch)
            elif op in (ASSERT, ASSERT_NOT):
                walk(arg[1])
            elif op is ATOMIC_GROUP:
                walk(arg)
        found.add("".join(run))

    # RE2 syntax is close enough to Python's for its literals; a pattern Python cannot parse adds none.
    with contextlib.suppress(re.error):
        walk(_parser.parse(source, pattern.flags if isinstance(pattern, re.Pattern) else 0))
    return sorted(found - {""})


Text = Callable[[int], str]


def runs() -> Iterator[Text]:
    """About n characters of one character or pair repeated, alone and between two others."""
    for unit in (*FILLERS, *ALTERNATING):
        yield partial(lambda u, n: u * (n // len(u)), unit)
        yield partial(lambda u, n: "x" + u * (n // len(u)) + "!", unit)


def after(prefixes: Iterable[str], fill: str = " 7a", *, repeat: bool = True) -> Iterator[Text]:
    """Each prefix followed by a long run of each character in `fill`, then (with `repeat`) the prefix repeated."""
    for prefix in prefixes:
        for char in fill:
            yield partial(lambda p, c, n: p + c * n + "!", prefix, char)
        if repeat:
            yield partial(lambda p, n: (p + " ") * (n // (len(p) + 1)), prefix)


def known_regressions() -> Iterator[Text]:
    """The inputs this test was written for."""
    yield lambda n: "const" + " " * n + "x"  # signals._IMPORT_LINE: `\s+[\w{}\s,]+` split each run of spaces two ways
    yield lambda n: "a" + " " * n + "b"  # text.clean_title: `\s*\(#...` searched from every space of the run
    yield lambda n: "/* a */ " * (n // 8)  # diff.is_comment_only: one line of many tiny blocks, walked by index


def _whitespace_moved(line: str) -> FileChange:
    """A file whose change only moves `line` to another hunk, so every added line is tested as an import."""
    # Whitespace-only overall but not in place: really_formatting_only falls through to _imports_only.
    compact = "".join(line.split()) or "x"
    patch = f"@@ -1,1 +1,0 @@\n-{compact}\n@@ -9,0 +9,{line.count(chr(10)) + 1} @@\n+" + line.replace("\n", "\n+")
    return FileChange("src/app.ts", additions=1 + line.count("\n"), deletions=1, patch=patch)


def entry_points(s: str) -> Iterator[Callable[[], object]]:
    """Calls of the public functions that run inline or module-level patterns on author text `s`."""
    lines = "+" + s.replace("\n", "\n+")
    for path in ("package.json", "pyproject.toml", "go.mod"):
        yield partial(manifests.dependency_scopes, path, f"@@ -1,1 +1,1 @@ {s[:200]}\n{lines}")
    yield lambda: signals.test_code_only(f"@@ -1,1 +1,1 @@ def test_x\n{lines}\n-{s}")
    yield lambda: signals.file_signals(_whitespace_moved(s))
    # The changed-line search (marks inside lines, blank lines), the diff parser, the comment walk.
    context = f"@@ -1,3 +1,2 @@\n {s}\n-{s}\n+{s}"
    modified = signals.file_signals(FileChange("src/a.c", additions=1, deletions=1, patch=context))
    yield lambda: (modified.formatting_only, modified.comment_only, modified.test_code_only)
    yield partial(diff.first_marked, context, "-")
    yield partial(diff.parse_patch, lines)
    # What a docs diff changes, and the shape of a code diff: one long line, and many lines.
    yield partial(doc_diff.doc_change, f"@@ -1,2 +1,2 @@\n-{s}\n+{s}x\n{lines}")
    yield partial(diff_shape.shape, [diff.ParsedPatch(added=(s, *s.split("\n")), removed=(s + "x",), hunks=1)])
    yield partial(diff.is_comment_only, "a.c", diff.ParsedPatch(added=(s,), removed=(), hunks=1))
    # One shipped source file that is also SQL: the migration, flag and default detectors all read it.
    changed = FileChange("db/schema.sql", additions=1, deletions=1, patch=f"@@ -1,1 +1,1 @@\n-{s}\n{lines}")
    pr = PullRequest(title=s, body=s, commits=(s,), head=s, author=s[:100], files=(changed,))
    # build_signals runs parse_conventional, gitmoji_type, clean_title and find_claims on the title,
    # declared_impact and release_note on the body; heads_up reads the text and the file's lines.
    yield lambda: headsup.heads_up(signals.build_signals(pr, [signals.file_signals(f) for f in pr.files]))
    # The size of a change to code (its lines matched across files), a schema's structure, a generator's header.
    code = [signals.file_signals(FileChange(path, additions=1, deletions=1, patch=f"@@ -1,1 +1,1 @@\n-{s}\n{lines}"))
            for path in ("src/a.py", "src/b.py")]
    yield partial(size.code_change, code)
    spec = signals.file_signals(FileChange("api/openapi.yaml", additions=1, deletions=1,
                                           patch=f"@@ -1,1 +1,1 @@\n-{s}\n{lines}"))
    yield lambda: (schemas.changes_contract(spec), schemas.schemas([spec], [spec]))
    yield partial(generated.has_header, f"@@ -1,1 +1,1 @@\n{lines}")
    # What changes for users: changelog entries, flags, routes, env vars, strings and doc headings, the title.
    told = PullRequest(title=s, body=s, files=tuple(
        FileChange(path, status=status, additions=1, deletions=1, patch=f"@@ -1,1 +1,1 @@\n-{s}\n{lines}")
        for path, status in (("CHANGELOG.md", "modified"), (".changeset/a.md", "added"), ("src/cli.py", "modified"),
                             ("locales/en.json", "modified"), ("docs/guide.md", "modified"))))
    yield lambda: outcome.outcomes(signals.build_signals(told, [signals.file_signals(f) for f in told.files]), ())
    for function in (text.clean_title, text.parse_conventional, text.gitmoji_type, text.declared_impact,
                     text.release_note, neutralise.inline, neutralise.block, neutralise.table_cell,
                     neutralise.code_span, neutralise.workflow_safe, neutralise.rich, title_words.cleaned):
        yield partial(function, s)
    # closing_refs on the body and each commit message, branch_refs on the branch.
    yield lambda: links.linked_refs(body=s, commits=(s,), branch=s)
    yield partial(digest.reverts, f'Revert "{s}"', s)  # the digest pairs reverts by their title and body


def cpu(call: Callable[[], object]) -> float:
    """The CPU time one call takes (this process only: other load on the machine does not count)."""
    start = time.process_time()
    call()
    return time.process_time() - start


def growth(call_at: Callable[[int], Callable[[], object]]) -> float | None:
    """How many times more CPU a call takes on LARGE than on SMALL characters, when that is more than
    LIMIT (measured again, best of several, before it counts); None when the call grows linearly."""
    large = cpu(call_at(LARGE))
    if large < FLOOR:
        return None
    small = cpu(call_at(SMALL))
    if large / max(small, 1e-9) <= LIMIT:
        return None
    large = min(large, cpu(call_at(LARGE)))
    small = min(small, *(cpu(call_at(SMALL)) for _ in range(3)))
    ratio = large / max(small, 1e-9)
    return ratio if ratio > LIMIT else None


def stress(part: str) -> int:
    """Run every pattern, or every entry point, on the hostile inputs at both lengths, saying which
    one runs; the number of superlinear calls found (each printed)."""
    bad = calls = 0
    if part == "patterns":
        for name, pattern in patterns():
            print("pattern", name, flush=True)
            for text_of in chain(runs(), after(literals(pattern)), known_regressions()):
                # findall tries a match at every position: the work of search and match, and more.
                ratio = growth(lambda n, t=text_of, p=pattern: partial(p.findall, t(n)))  # type: ignore[misc]
                calls += 1
                if ratio is not None:
                    bad += 1
                    print(f"SUPERLINEAR ({ratio:.0f}x for 8x the text): {name} on {text_of(40)!r}...", flush=True)
    else:
        for text_of in chain(runs(), after(PREFIXES, " ", repeat=False), known_regressions()):
            print("entry points on", repr(text_of(30)), flush=True)
            count = sum(1 for _ in entry_points(text_of(SMALL)))
            for i in range(count):
                # A fresh call each time: some entry points cache what they computed.
                ratio = growth(lambda n, t=text_of, k=i: next(islice(entry_points(t(n)), k, None)))  # type: ignore[misc]
                calls += 1
                if ratio is not None:
                    bad += 1
                    print(f"SUPERLINEAR ({ratio:.0f}x for 8x the text): entry point {i} on {text_of(40)!r}...",
                          flush=True)
    print(f"done: {part}, {calls} calls, {bad} superlinear", flush=True)
    return bad


if __name__ == "__main__":
    sys.exit(1 if stress(sys.argv[1]) else 0)


def test_collects_the_patterns_that_see_author_text() -> None:
    names = {name for name, _ in patterns()}
    assert {"pr_impact.core.signals._IMPORT_LINE", "pr_impact.core.text.PR_NUMBER_SUFFIX",
            "pr_impact.adapters.links._CLOSING", "pr_impact.render.neutralise._DEFUSE"} <= names
    assert len(names) >= 25


def test_every_pattern_runs_in_linear_time_on_hostile_input(tmp_path: Path) -> None:
    # In subprocesses, so a hang (an exponential pattern) fails at the deadline instead of stalling CI; the two
    # halves run side by side. Progress goes to files: the last line names what was running.
    logs = {part: tmp_path / f"{part}.log" for part in PARTS}
    procs = {}
    for part, log in logs.items():
        with log.open("w") as out:
            procs[part] = subprocess.Popen([sys.executable, __file__, part], stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + TIMEOUT_S
    try:
        for part, proc in procs.items():
            try:
                code = proc.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                last = (logs[part].read_text().strip().splitlines() or ["(nothing started)"])[-1]
                raise AssertionError(f"hostile-input stress ({part}) not done in {TIMEOUT_S} s; at: {last}") from None
            output = logs[part].read_text()
            assert code == 0, output[-3000:]
            print(output.strip().splitlines()[-1])
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()
