"""The quick checks that spare big PRs a full patch parse agree with the exact checks they front."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pr_impact.core import diff
from pr_impact.core.model import FileChange
from pr_impact.core.signals import (
    _TEST_REGION_LITERALS,
    changes_in_test_regions,
    file_signals,
    really_formatting_only,
)
from pr_impact.core.signals import test_code_only as fast_test_code_only

_TEXT = st.text(alphabet=" \t\x0cabc(){};#/*-+=\"'<>!@", max_size=12)
_PATHS = st.sampled_from(["src/a.py", "src/a.ts", "web/site.css", "templates/x.html", "db/q.sql", "README", "x.m"])


def _reference_test_code_only(patch: str | None) -> bool:
    """The definition: a test region somewhere in the patch, and the full walk agrees."""
    if not patch:
        return False
    return any(literal in patch for literal in _TEST_REGION_LITERALS) and changes_in_test_regions(patch)


@st.composite
def well_formed(draw: st.DrawFn) -> str:
    """A hunk-only patch whose headers state the counts its lines have, as GitHub and git write them."""
    hunks = []
    for start in range(draw(st.integers(1, 3))):
        lines = draw(st.lists(st.tuples(st.sampled_from(" +-"), _TEXT), min_size=1, max_size=8))
        old = sum(mark != "+" for mark, _ in lines)
        new = sum(mark != "-" for mark, _ in lines)
        context = draw(st.sampled_from(["", " def f():", " #[cfg(test)]", " describe('x'"]))
        hunks.append(f"@@ -{start * 50 + 1},{old} +{start * 50 + 1},{new} @@{context}\n"
                     + "\n".join(mark + text for mark, text in lines))
    return "\n".join(hunks)


def _modified(path: str, patch: str) -> FileChange:
    return FileChange(path=path, status="modified", additions=patch.count("\n+"), deletions=patch.count("\n-"),
                      patch=patch)


@given(well_formed())
def test_first_changed_lines_are_the_parsers_first_non_blank_lines(patch: str) -> None:
    parsed = diff.parse_patch(patch)
    first_added = next((line for line in parsed.added if line and not line.isspace()), None)
    first_removed = next((line for line in parsed.removed if line and not line.isspace()), None)
    added, removed = diff.first_changed(patch)
    assert (diff._text(patch, added), diff._text(patch, removed)) == (first_added, first_removed)


@given(well_formed(), _PATHS)
def test_on_well_formed_patches_the_quick_checks_never_change_the_answer(patch: str, path: str) -> None:
    f = file_signals(_modified(path, patch))
    parsed = diff.parse_patch(patch)
    assert f.formatting_only == really_formatting_only(patch, parsed)
    assert f.comment_only == diff.is_comment_only(path, parsed)


@given(st.text(alphabet="@ -+,0123\n\\abc#/*\r", max_size=80), _PATHS)
def test_on_any_text_the_quick_checks_only_ever_say_no_sooner(patch: str, path: str) -> None:
    """A malformed patch may be ruled out early, never let through: the exact check still decides."""
    f = file_signals(_modified(path, patch))
    parsed = diff.parse_patch(patch)
    assert not f.formatting_only or really_formatting_only(patch, parsed)
    assert not f.comment_only or diff.is_comment_only(path, parsed)


@given(st.one_of(well_formed(), st.text(alphabet="@ -+\n#[cfg(test)]mod tsdscribe(\r", max_size=80)))
def test_test_code_only_looks_only_up_to_the_first_change_and_agrees_everywhere(patch: str) -> None:
    assert fast_test_code_only(patch) == _reference_test_code_only(patch)


def test_first_marked_skips_blank_lines_and_sees_the_first_line() -> None:
    patch = "+\n+   \n+x\n-y"
    assert diff.first_marked(patch, "+") == (7, 9)
    assert diff.first_marked(patch, "-") == (10, 12)
    assert diff.first_marked("@@ -1 +1 @@\n a", "+") == (-1, -1)


@pytest.mark.parametrize("ask_text_first", [False, True])
def test_answers_do_not_depend_on_which_question_comes_first(ask_text_first: bool) -> None:
    """The flags of an ordinary code change, decided from its first changed lines, and its full text,
    from a full parse, are the same whichever is asked first (what each costs is bench_engine's to measure)."""
    code = "@@ -1,2 +1,2 @@\n-x = compute(1)\n-y = 2\n+x = compute(2)\n+y = 3"
    f = file_signals(_modified("src/app.py", code))
    text = (f.added_text, f.removed_text) if ask_text_first else None
    assert (f.formatting_only, f.comment_only, f.test_code_only) == (False, False, False)
    assert (f.added_text, f.removed_text) == (text or ("x = compute(2)\ny = 3", "x = compute(1)\ny = 2"))
    assert f.added_text == "x = compute(2)\ny = 3"


def test_marks_inside_lines_do_not_hide_the_first_changed_line() -> None:
    """Context lines full of '-' (a Markdown rule, `a - b`) are skipped, however many there are."""
    for n in (1, 8, 9, 50):
        patch = f"@@ -1,{n + 1} +1,{n} @@\n" + " a - b - c\n" * n + "-gone"
        assert diff._text(patch, diff.first_changed(patch)[1]) == "gone"
    long_line = " " + "-" * 100_000
    patch = f"@@ -1,2 +1,1 @@\n{long_line}\n-x"
    assert diff.first_marked(patch, "-", 0) == (len(patch) - 2, len(patch))
