"""The engine tests only the rules a PR's title leaves in play, and fires exactly what testing every rule fires."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pr_impact.adapters.config_file import default_config
from pr_impact.core.conditions import Ctx
from pr_impact.core.config import Config, compile_config
from pr_impact.core.engine import classify, fired_rules
from pr_impact.core.model import FileChange, PullRequest
from pr_impact.core.signals import build_signals, file_signals

WORDS = ("fix", "Add", "cache", "login", "é", "crash")
word = st.sampled_from(WORDS)
pattern = st.one_of(word.map(lambda w: rf"\b{w}\b"), st.lists(word, min_size=1, max_size=3),
                    word.map(lambda w: rf"{w}.{{0,200}}\b(a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q|r|s|t|u|v|w|x|y|z)\b"))
title = st.lists(st.sampled_from([*WORDS, "FIX", " ", "(#12)", "feat: ", "\ud800", "x"]), max_size=8).map("".join)


def shaped(shape: int, key: str, value: Any) -> dict[str, Any]:
    """A `when` that holds only with the title condition or with a file of some kind, one that may
    hold without them, or a negation."""
    return [
        {key: value},
        {key: value, "any_file": {"kind": "source"}},
        {"all": [{"bot": False}, {key: value}]},
        {"any": [{key: value}, {"any_file": {"kind": "docs"}}]},
        {"not": {key: value}},
        {"any_file": {"kind": ["docs", "CI"], "status": "modified"}},
        {"all_files": {"kind": "source"}, "not": {key: value}},
        {"no_file": {"kind": "source"}},
        {"any_file": {"any": [{"kind": "test"}, {"path": "docs/**"}]}},
        {"type": ["feat", "Fix"], key: value},
        {"labels": ["bug", "UI"], "not": {key: value}},
        {"all": [{"perf": "none"}, {"bot": False}]},
    ][shape]


def config_of(rules: list[tuple[int, str, Any]]) -> Config:
    data = {"extends": "none", "rules": [
        {"name": f"r{i}", "when": shaped(shape, key, value), "then": {"impact": "internal", "weight": 1}}
        for i, (shape, key, value) in enumerate(rules)]}
    config, problems = compile_config(data, "test", None)
    assert not problems
    return config


def every_rule(pr: PullRequest, config: Config) -> list[tuple[str, list[str]]]:
    """Each rule tested on its own, as the engine would without a plan."""
    ctx = Ctx(build_signals(pr, [file_signals(f) for f in pr.files]))
    held = []
    for rule in config.impact_rules:
        ctx.hits = []
        if rule.when(ctx):
            held.append((rule.name, ctx.hits))
    return held


paths = st.lists(st.sampled_from(["src/app.py", "docs/guide.md", ".github/workflows/ci.yml", "tests/test_a.py"]),
                 max_size=3, unique=True)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 11), st.sampled_from(["subject", "title", "body"]), pattern), min_size=1,
                max_size=10),
       st.lists(st.tuples(title, paths), min_size=18, max_size=20))
def test_the_plan_fires_what_testing_every_rule_fires(rules: list[tuple[int, str, Any]],
                                                      prs: list[tuple[str, list[str]]]) -> None:
    """Over a run long enough for the deferred sets to be built (the body's rules)."""
    config = config_of(rules)
    for text, changed in prs:
        files = tuple(FileChange(p, "modified", 1, 0, "@@ -1 +1,2 @@\n x\n+y") for p in changed)
        labels = tuple(label for word, label in (("fix", "Bug"), ("login", "ui")) if word in text)
        pr = PullRequest(title=text, body=text, files=files, labels=labels)
        verdict = classify(pr, config)
        assert [(e.rule, list(e.hits)) for e in verdict.evidence] == every_rule(pr, config)


def test_each_config_gets_its_own_plan_when_runs_alternate() -> None:
    pr = PullRequest(title="fix the login crash", files=(FileChange("src/login.py", "modified", 1, 1, "@@ -1 +1 @@"),))
    fix, cache = config_of([(0, "title", r"\bfix\b")]), config_of([(0, "title", r"\bcache\b")])
    runs = [fired_rules(pr, c) for c in (fix, cache, fix, default_config(), cache)]
    assert runs[:3] == [["r0"], [], ["r0"]] and runs[4] == []
