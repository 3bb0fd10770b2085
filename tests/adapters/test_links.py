"""Closing-keyword and branch-name issue references."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pr_impact.adapters.links import branch_refs, closing_refs, dedupe, linked_refs, same_repo
from pr_impact.core.model import LinkedIssue

KEYWORDS = ["close", "closes", "closed", "fix", "fixes", "fixed", "resolve", "resolves", "resolved"]


def refs(items: list[LinkedIssue]) -> list[str]:
    return [issue.ref for issue in items]


@pytest.mark.parametrize("keyword", KEYWORDS)
@pytest.mark.parametrize("spelling", [str.lower, str.upper, str.capitalize])
@pytest.mark.parametrize("separator", [" ", ": ", ":", "\t"])
def test_every_closing_keyword_in_any_case_with_optional_colon(keyword, spelling, separator):
    assert refs(closing_refs(f"This {spelling(keyword)}{separator}#12.")) == ["#12"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fixes #12", ["#12"]),
        ("Closes owner/repo#3", ["owner/repo#3"]),
        ("resolves https://github.com/o/r/issues/4", ["o/r#4"]),
        ("resolves https://ghe.example/o/r/issues/4#issuecomment-1", ["o/r#4"]),
        ("Fixes GH-7", ["#7"]),
        ("fixes #1, fixes #2\nCloses other/lib#2", ["#1", "#2", "other/lib#2"]),
        ("Fixes #1 and #2", ["#1"]),  # GitHub wants the keyword before each reference
        ("fixes #3 fixes #3 FIXES #3", ["#3"]),
    ],
)
def test_closing_reference_forms(text, expected):
    assert refs(closing_refs(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "prefixes #12",  # a keyword inside another word
        "unfixed #3",
        "fixes#12",  # no separator
        "fixes #12abc",  # not a number
        "fixes #0",
        "fixes #1234567890",  # longer than any issue number
        "fixes https://github.com/o/r/pull/4",  # pull requests are not closed
        "see #12",
        "",
    ],
)
def test_text_that_closes_nothing(text):
    assert closing_refs(text) == []


def test_own_repository_is_normalised_to_none_case_insensitively():
    found = closing_refs(
        "closes Octo/App#3, fixes octo/other#4, resolves https://github.com/OCTO/app/issues/5", "octo/app"
    )
    assert [(i.repo, i.number) for i in found] == [(None, 3), ("octo/other", 4), (None, 5)]
    assert same_repo("Octo/App", "octo/app") is None
    assert same_repo("a/b", None) == "a/b"


@pytest.mark.parametrize(
    ("branch", "expected"),
    [
        ("123-add-x", [123]),
        ("fix/123-foo", [123]),
        ("feature/GH-123", [123]),
        ("issue-45", [45]),
        ("issues/45", [45]),
        ("fix/123", [123]),
        ("user/issue_9-thing", [9]),
        ("main", []),
        ("release/3", []),
        ("release/2024-05-01", []),
        ("v1.2", []),
        ("gh-pages", []),
        ("dependabot/npm_and_yarn/lodash-4.17.21", []),
        ("renovate/node-18.x", []),
        ("2fa-login", []),
        ("0-zero", []),
        ("", []),
    ],
)
def test_branch_names(branch, expected):
    assert [i.number for i in branch_refs(branch)] == expected


def test_linked_refs_orders_body_then_commits_then_branch_and_dedupes():
    found = linked_refs(
        body="Fixes #2",
        commits=["feat: x\n\nCloses #5", "fix: y (fixes #2)"],
        branch="7-thing",
        repo="octo/app",
    )
    assert refs(found) == ["#2", "#5", "#7"]


def test_dedupe_keeps_first_and_ignores_repo_case():
    first = LinkedIssue(3, "A/B", title="kept")
    assert dedupe([first, LinkedIssue(3, "a/b"), LinkedIssue(3)]) == [first, LinkedIssue(3)]


@given(st.text())
def test_never_raises_on_arbitrary_text(text):
    for issue in [*closing_refs(text, "o/r"), *branch_refs(text), *linked_refs(body=text, branch=text)]:
        assert issue.number > 0


@given(
    st.sampled_from(KEYWORDS),
    st.integers(min_value=1, max_value=999_999_999),
    st.text(alphabet=" \n.,;()", max_size=5),
    st.text(alphabet=" \n.,;()", max_size=5),
)
def test_a_closing_reference_is_found_wherever_it_sits(keyword, number, before, after):
    assert LinkedIssue(number) in closing_refs(f"{before}{keyword} #{number}{after}")


@pytest.mark.parametrize(
    "text",
    [
        "fixes " * 200_000,
        "fixes o/" + "a" * 500_000,
        "fix https://" + "a" * 500_000,
        "closes: \t" * 100_000,
        "fixes " + " " * 500_000 + "x",
        "closes a/" + "b" * 99 + "/" * 500_000,
        "#" * 500_000,
        "1-" * 300_000,
    ],
)
def test_adversarial_text_gives_no_links(text):
    """(How fast is tests/test_regex_safety.py's question: it runs these patterns with a deadline.)"""
    assert closing_refs(text) == [] and branch_refs(text) == []


def test_links_never_imports_pygithub():
    code = "import sys, pr_impact.adapters.links; sys.exit('github' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
