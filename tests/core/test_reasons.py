"""The reasons a PM reads: only rules whose words argue for the verdict, what speaks against it when
it is not sure, and a headline that names the driver in product terms."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pr_impact.adapters.config_file import default_config, load_config_text
from pr_impact.core import reasons
from pr_impact.core.conditions import CLASSES
from pr_impact.core.engine import classify
from pr_impact.core.model import FileChange, PullRequest
from pr_impact.core.verdict import Evidence
from tests.diffs import patch

UF, TD, INT = CLASSES


def ev(rule: str, impact: str, weight: float, speaks: tuple[str, ...] = (), weights: dict[str, float] | None = None,
       reason: str = "") -> Evidence:
    return Evidence(rule, impact, weight, reason or f"Reason of {rule}", weights=weights, speaks_for=speaks)


def test_a_rule_that_says_nothing_for_the_class_is_not_shown() -> None:
    fitted_word = ev("word-check", TD, 0.6, (), {UF: -0.6, TD: 0.6, INT: 0.0})
    meaning = ev("perf-words", TD, 1.4, (TD,), {UF: -0.8, TD: 1.4, INT: -0.6})
    assert reasons.shown([fitted_word, meaning], TD) == [meaning]


def test_a_rule_whose_weights_tilt_against_its_words_is_not_shown() -> None:
    ui = ev("ui-or-copy", INT, 0.05, (UF,), {UF: 0.01, TD: -0.06, INT: 0.05})
    assert reasons.shown([ui], INT) == [] and reasons.shown([ui], UF) == []


def test_light_reasons_are_left_out_and_repeats_shown_once() -> None:
    light = ev("ships-code", TD, 0.12, (UF, TD))
    a, b = ev("a", UF, 3, (UF,), reason="Same"), ev("b", UF, 2, (UF,), reason="same")
    assert reasons.shown([light, a, b], UF) == [a] and reasons.shown([light], TD) == []


def test_against_only_when_not_sure() -> None:
    backing, contra = ev("a", TD, 4, (TD,)), ev("b", UF, 3, (UF,))
    scores = {UF: 3.0, TD: 4.0, INT: 0.0}
    assert reasons.against([backing, contra], TD, "low", scores) == contra
    assert reasons.against([backing, contra], TD, "medium", scores) == contra
    assert reasons.against([backing, contra], TD, "high", scores) is None


def test_at_medium_confidence_only_a_strong_reason_is_said_against() -> None:
    weak = ev("code-without-tests", TD, 0.41, (TD,))
    scores = {UF: 3.0, TD: 2.0, INT: 0.0}
    assert reasons.against([weak], UF, "medium", scores) is None and reasons.against([weak], UF, "low", scores) == weak


def test_headline_when_sure_and_when_not() -> None:
    backing, contra = ev("a", TD, 4, (TD,), reason="The title says it is a refactor"), ev("b", UF, 3, (UF,),
                                                                                            reason="It changes the UI")
    scores = {UF: 3.0, TD: 4.0, INT: 0.0}
    assert reasons.headline(TD, "high", scores, [backing], ["source"]) == (
        "This PR is engineering work users would notice: the title says it is a refactor.")
    assert reasons.headline(TD, "low", scores, [backing, contra], ["ui"]) == (
        "Probably tech debt with user impact: the title says it is a refactor. It may be user-facing: it changes "
        "the UI.")


def test_headline_when_the_internal_lead_kept_a_pr_shown() -> None:
    release = ev("release-title", INT, 0.64, (INT,), {UF: -0.53, TD: -0.11, INT: 0.64}, "It is a release")
    line = reasons.headline(UF, "low", {UF: 0.2, TD: -0.9, INT: 0.6}, [release], ["source", "release"])
    assert line == ("Shown, not hidden, because it changes what ships to users (code) and nothing rules out that "
                    "users notice; it may well be internal work (it is a release).")


def test_headline_falls_back_to_what_kinds_of_files_changed() -> None:
    word = ev("word-only", UF, 0.5, (), {UF: 0.5})
    assert reasons.headline(UF, "high", {UF: 5.0, TD: 0.0, INT: 0.0}, [word], ["ui", "test"]) == (
        "This PR changes what users see or do: it changes what ships to users (UI).")


@given(st.lists(st.tuples(st.sampled_from(CLASSES), st.floats(0.01, 10), st.sets(st.sampled_from(CLASSES))),
                max_size=12), st.sampled_from(CLASSES))
def test_every_shown_reason_favours_and_argues_for_the_class(rows: list[tuple[str, float, set[str]]],
                                                            impact: str) -> None:
    evidence = [ev(f"r{i}", c, w, tuple(s)) for i, (c, w, s) in enumerate(rows)]
    shown = reasons.shown(evidence, impact)
    assert len(shown) <= reasons.MAX_SHOWN
    assert all(e.impact == impact and impact in e.speaks_for for e in shown)


def test_built_in_word_size_and_description_facts_never_speak_in_the_comment() -> None:
    """The fitted title words, file facts, sizes and 'no description' stay in explain and the JSON."""
    config = default_config()
    learned = [r for r in config.impact_rules if r.name.startswith(("word-", "starts-", "fact-"))]
    assert learned and all(r.speaks_for == () for r in learned)


def test_speaks_for_is_read_from_the_config() -> None:
    text = """
rules:
  - name: mine
    when: {title: '\\bcheckout\\b'}
    then: {weights: {user-facing: 1}, reason: Checkout changed, speaks_for: [user-facing, tech-debt]}
  - name: quiet
    when: {title: '\\bcheckout\\b'}
    then: {impact: user-facing, weight: 1, reason: Quiet, speaks_for: none}
"""
    config = load_config_text(text, "x.yml")
    mine, quiet = config.impact_rules[0], config.impact_rules[1]
    assert mine.speaks_for == (UF, TD) and quiet.speaks_for == ()
    v = classify(PullRequest(title="Speed up checkout", files=(FileChange("src/checkout/a.py", patch=patch("x")),)),
                 config)
    assert "Quiet" not in v.why
