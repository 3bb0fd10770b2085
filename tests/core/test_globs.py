"""Path globs compiled to RE2: the documented syntax, agreement with wcmatch, and refused patterns."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from wcmatch import glob as wcglob

from pr_impact.core.conditions import RE2_OPTIONS
from pr_impact.core.globs import MAX_EXPANSIONS, GlobError, _expand, compile_globs, never_matches

WCMATCH_FLAGS = wcglob.GLOBSTAR | wcglob.BRACE | wcglob.DOTGLOB | wcglob.NEGATE | wcglob.IGNORECASE


def matches(patterns: list[str], path: str) -> bool:
    return compile_globs(patterns, RE2_OPTIONS).match(path)


@pytest.mark.parametrize("pattern, path, expected", [
    ("src/**", "src/a/b.py", True),
    ("src/**", "lib/a.py", False),
    ("**/test_*.py", "test_x.py", True),
    ("**/test_*.py", "a/b/test_x.py", True),
    ("a/**/b", "a/b", True),
    ("a/**/b", "a/x/y/b", True),
    ("*.md", "README.md", True),
    ("*.md", "docs/a.md", False),
    ("*.{md,rst}", "x.rst", True),
    ("src/*.py", "src/.hidden.py", True),
    ("src/[ab].py", "src/b.py", True),
    ("src/[!ab].py", "src/c.py", True),
    ("src/[!ab].py", "src/a.py", False),
    ("src/?.py", "src/ab.py", False),
    ("SRC/**", "src/x", True),
    ("src/\\*.py", "src/*.py", True),
    ("src/\\*.py", "src/a.py", False),
])
def test_documented_syntax(pattern: str, path: str, expected: bool) -> None:
    assert matches([pattern], path) is expected


def test_exclusions() -> None:
    assert matches(["docs/**", "!docs/internal/**"], "docs/guide.md")
    assert not matches(["docs/**", "!docs/internal/**"], "docs/internal/x.md")
    assert matches(["!docs/**"], "src/a.py") and not matches(["!docs/**"], "docs/a.md")


@pytest.mark.parametrize("pattern, message", [
    ("*(a|aa)b", "extended globs"),
    ("{a,b}" * 20, "expand to more than 256"),
    ("a" * 501, "longer than 500"),
    ("", "empty"),
    ("src/[z-a].py", "invalid glob"),
    ("src/[", "its '\\[' is never closed: close the class"),
    ("src/{a,b", "its '\\{' is never closed: close the braces"),
])
def test_refused_patterns(pattern: str, message: str) -> None:
    with pytest.raises(GlobError, match=message):
        compile_globs([pattern], RE2_OPTIONS)


_segment = st.sampled_from(["a", "b", "ab", "*", "a*", "*b", "?", "[ab]", "[!a]", "**", "{a,b}", ".a"])
_glob = st.lists(_segment, min_size=1, max_size=4).map("/".join)
_path = st.lists(st.sampled_from(["a", "b", "ab", "ba", ".a", "c", "aab"]), min_size=1, max_size=5).map("/".join)


@given(_glob, _path)
def test_agrees_with_wcmatch_on_ordinary_globs(pattern: str, path: str) -> None:
    """Same answers as wcmatch (the reference semantics), in linear time."""
    expected = wcglob.globmatch(path, pattern, flags=WCMATCH_FLAGS)
    assert matches([pattern], path) is expected, (pattern, path)


@given(st.text(alphabet="ab,.*?[]!/\\}$-", min_size=1, max_size=30))
def test_a_glob_without_braces_skips_bracex_unchanged(pattern: str) -> None:
    """`_expand` answers brace-free globs itself (bracex is imported for braces only): as bracex would."""
    import bracex

    assume(never_matches(pattern) is None)
    assert _expand(pattern) == bracex.expand(pattern, keep_escapes=True, limit=MAX_EXPANSIONS)


@pytest.mark.parametrize("pattern", ["src/[ab].py", "src/\\[", "src/\\{a", "a[]]b", "dependabot[bot]",
                                     "**/*.{js,ts}", "!docs/**", "/src/**", "!/vendor/**"])
def test_globs_that_can_match_are_not_refused(pattern: str) -> None:
    assert never_matches(pattern) is None
    compile_globs([pattern], RE2_OPTIONS)


def test_a_leading_slash_anchors_at_the_root_as_it_always_has() -> None:
    """Configs written with `/src/**` matched `src/a.py` before `validate` learned about unclosed classes."""
    assert matches(["/src/**"], "src/a.py") and not matches(["/src/**"], "lib/src/a.py")
    assert matches(["!/vendor/**"], "src/a.py") and not matches(["!/vendor/**"], "vendor/x.go")


def test_validate_reports_each_glob_that_can_never_match_with_its_fix(tmp_path: object) -> None:
    """`src/[` would only match a directory named `[` and `src/{a,b` one named `{a,b`: each is a problem, all at
    once, at its place, saying how to write it; `/abs/**` is anchored at the root and fine."""
    import subprocess
    import sys
    from pathlib import Path

    config = Path(str(tmp_path)) / "cfg.yml"
    config.write_text('areas:\n  Search: "src/["\n  Billing: "src/{a,b"\n'
                      'rules:\n  - name: abs\n    when: {any_file: {path: "/abs/**"}}\n'
                      '    then: {impact: internal, reason: r}\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pr_impact", "validate", str(config)], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    out = proc.stdout + proc.stderr
    assert f"{config}:2:3: areas.Search: invalid glob 'src/[': its '[' is never closed" in out
    assert f"{config}:3:3: areas.Billing: invalid glob 'src/{{a,b': its '{{' is never closed" in out
    assert "/abs/**" not in out
