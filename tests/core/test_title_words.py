"""Titles as a PM reads them: prefixes, tickets and backport notes gone, code marked, jargon recognised."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pr_impact.core.title_words import cleaned, original_scope, product_scope


@pytest.mark.parametrize(("title", "text"), [
    ("feat(ui): add dark mode (#123)", "Add dark mode"),
    ("[ENG-1695] Add entropy to session ids", "Add entropy to session ids"),
    ("Fix crash on startup (ENG-12)", "Fix crash on startup"),
    ("ABC-42: Show the invoice date", "Show the invoice date"),
    ("Introduce request markers (cherry-pick from v2)", "Introduce request markers"),
    ("comments on reactivity functions (fixes #4832)", "Comments on reactivity functions"),
    ("✨ Let users pin tabs", "Let users pin tabs"),
])
def test_prefixes_tickets_and_notes_are_gone(title: str, text: str) -> None:
    assert cleaned(title).text == text


def test_advisory_ids_are_not_ticket_keys() -> None:
    assert "CVE-2024-1234" in cleaned("Patch the parser for (CVE-2024-1234)").text


@pytest.mark.parametrize(("title", "text"), [
    ("use cmp.Or instead of ordered.First", "Use `cmp.Or` instead of `ordered.First`"),
    ("Check sourceText only once", "Check `sourceText` only once"),
    ("Rename get_user() to fetch_user()", "Rename `get_user()` to `fetch_user()`"),
    ("Support the --watch flag", "Support the `--watch` flag"),
    ("Don't set macOS deployment target for iOS builds", "Don't set macOS deployment target for iOS builds"),
    ("Update to v1.2.3", "Update to v1.2.3"),
])
def test_code_is_marked_as_code_and_names_of_products_are_not(title: str, text: str) -> None:
    assert cleaned(title).text == text


@pytest.mark.parametrize("title", ["use cmp.Or instead of ordered.First", "extract type SetRootFn",
                                   "lock-free hashing for string interns",
                                   "prefer `base::SplitStringPiece()` over `base::SplitString()`"])
def test_titles_made_of_code_and_jargon_are_mostly_code(title: str) -> None:
    assert cleaned(title).mostly_code


@pytest.mark.parametrize("title", ["Show the invoice date on receipts", "Check sourceText only once",
                                   "Fix CVE-2024-1234 in the upload parser", "Add dark mode"])
def test_titles_in_plain_words_are_not(title: str) -> None:
    assert not cleaned(title).mostly_code


def test_a_leading_verb_is_known() -> None:
    assert cleaned("Don't crash on empty files").starts_with_verb
    assert not cleaned("Broken zsh completion syntax").starts_with_verb


def test_scope_as_written_and_machinery_scopes() -> None:
    assert original_scope("fix(macOS): x") == "macOS" and original_scope("fix: x") == ""
    assert product_scope("deps") == "" and product_scope("checkout") == "checkout"


@given(st.text(max_size=300))
def test_any_title_is_cleaned_without_error_to_one_line(title: str) -> None:
    words = cleaned(title)
    assert "\n" not in words.text.strip() or "\n" in title
    assert len(words.text) <= 3 * len(title) + 2
