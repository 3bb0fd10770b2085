"""Words of a pull request: conventional commits, gitmoji, tags, declarations, release notes, bots."""

from __future__ import annotations

import pytest

from pr_impact.core import text


@pytest.mark.parametrize(("title", "kind", "scope", "breaking"), [
    ("feat(ui): add dark mode", "feat", "ui", False),
    ("fix!: drop v1", "fix", "", True),
    ("Feature: new export", "feat", "", False),
    ("[JIRA-12] perf(db): index orders", "perf", "db", False),
    ("bugfix: handle nil", "fix", "", False),
])
def test_conventional(title: str, kind: str, scope: str, breaking: bool) -> None:
    conv = text.parse_conventional(title)
    assert conv is not None and (conv.type, conv.scope, conv.breaking) == (kind, scope, breaking)


@pytest.mark.parametrize("title", ["handle nil pointer", "Note: this is fine", "use `x` for assets"])
def test_not_conventional(title: str) -> None:
    assert text.parse_conventional(title) is None


@pytest.mark.parametrize(("title", "clean"), [
    ("feat(ui): add dark mode (#12)", "Add dark mode"),
    ("[ABC-1] fix: crash on start", "Crash on start"),
    ("ABC-123: handle empty cart", "Handle empty cart"),
    (":bug: fix the login", "Fix the login"),
    ("🐛 fix the login", "Fix the login"),
])
def test_clean_title(title: str, clean: str) -> None:
    assert text.clean_title(title) == clean


def test_gitmoji() -> None:
    assert text.gitmoji_type("⚡ faster search") == "perf"
    assert text.gitmoji_type(":memo: docs") == "docs"
    assert text.gitmoji_type("plain") is None


@pytest.mark.parametrize(("body", "declared"), [
    ("Impact: internal", "internal"), ("> **Impact:** user facing", "user-facing"), ("impact: TechDebt", "tech-debt"),
    ("No declaration here", None),
])
def test_declared_impact(body: str, declared: str | None) -> None:
    assert text.declared_impact(body) == declared


def test_release_note_block() -> None:
    assert text.release_note("```release-note\nExports are faster\n```") == "Exports are faster"
    assert text.release_note("## Release notes\nNone\n") is None


@pytest.mark.parametrize(("login", "kind", "bot"), [
    ("dependabot[bot]", "Bot", True), ("renovate-bot", "User", True), ("alice", "User", False),
])
def test_bots(login: str, kind: str, bot: bool) -> None:
    assert text.is_bot(login, kind) is bot
