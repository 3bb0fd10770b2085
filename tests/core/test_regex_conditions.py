"""Regex conditions: a list is one regex of alternatives, so the evidence quotes the earliest match in the text."""

from __future__ import annotations

import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from pr_impact.core.conditions import Ctx, Problems, compile_when
from pr_impact.core.model import LinkedIssue, PullRequest
from pr_impact.core.signals import build_signals

WORDS = ("fix", "Add", "cache", "login", "a", "é", "crash")
word = st.sampled_from(WORDS)
# Word patterns as the fitted rules write them, plus lists (joined alternatives) and character classes.
pattern = st.one_of(
    word.map(lambda w: rf"\b{w}\b"),
    word,
    st.lists(word, min_size=1, max_size=3).map(lambda ws: [rf"\b{w}" for w in ws]),
    word.map(lambda w: f"[{w[0]}]{w[1:]}s?"),
)
title = st.lists(st.sampled_from([*WORDS, "FIX", "Login", " ", "-", "(#12)", "feat: ", "\ud800", "x"]),
                 max_size=8).map("".join)
any_field = st.sampled_from(["subject", "title", "body", "text", "issue_title", "commits", "branch"])


def alone(value: str | list[str], text: str, label: str) -> list[str]:
    """The evidence of one condition searched on its own, with RE2 (case-insensitive)."""
    opts = re2.Options()
    opts.case_sensitive = False
    joined = "|".join(f"(?:{p})" for p in value) if isinstance(value, list) else value
    m = re2.compile(joined, opts).search(text.encode("utf-8", "replace").decode("utf-8"))
    return [f"{label} matches “{m.group(0)[:60].strip()}”"] if m else []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(any_field, pattern, st.booleans()), min_size=1, max_size=8), title)
def test_each_condition_decides_and_quotes_as_its_own_search(rules: list[tuple[str, object, bool]],
                                                            text: str) -> None:
    problems = Problems()
    preds = [compile_when({"not": {key: value}} if negated else {key: value}, "pr", ("rules", i), problems)
             for i, (key, value, negated) in enumerate(rules)]
    assert not problems
    pr = PullRequest(title=text, body=text[::-1], head=text.replace(" ", "-"), commits=(text,),
                     linked_issues=(LinkedIssue(1, title=text),))
    sig = build_signals(pr, [])
    ctx = Ctx(sig)
    for pred, (key, value, negated) in zip(preds, rules, strict=True):
        assert pred is not None
        ctx.hits = []
        subject = {"subject": sig.clean_title, "title": text, "body": pr.body, "text": sig.text,
                   "issue_title": sig.issue_titles, "commits": sig.commits_text, "branch": pr.head}[key]
        label = {"subject": "title", "issue_title": "linked issue"}.get(key, key)
        expected = alone(value, subject, label)  # type: ignore[arg-type]
        assert pred(ctx) is (bool(expected) != negated)
        assert ctx.hits == expected


def test_a_list_quotes_the_earliest_match_not_the_first_item() -> None:
    pred = compile_when({"title": ["crash", "fix"]}, "pr", ("rules", 0), Problems())
    assert pred is not None
    ctx = Ctx(build_signals(PullRequest(title="hay " * 2000 + "Fix the crash"), []))
    assert pred(ctx) and ctx.hits == ["title matches “Fix”"]
