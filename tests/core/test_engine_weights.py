"""Per-class rule weights and the class prior: fitted weights in the syntax users write."""

from __future__ import annotations

import math

import pytest

from pr_impact.adapters.config_file import load_config_text
from pr_impact.core.engine import classify, decide, probabilities
from pr_impact.core.model import FileChange, PullRequest
from pr_impact.core.verdict import Evidence
from pr_impact.errors import ConfigError

SRC = PullRequest(title="Tweak checkout totals", files=(FileChange("src/checkout/total.py", additions=3),))

WEIGHTED = """
extends: none
decision:
  prior: {user-facing: 0.5, tech-debt: -1, internal: 0.5}
  confidence: {high: 0.9, medium: 0.6}
rules:
  - name: checkout
    when: {any_file: {path: "src/checkout/**"}}
    then: {weights: {user-facing: -0.2, tech-debt: 2.5, internal: -2.3}, reason: Checkout code changed}
  - name: tweak-word
    when: {subject: '\\btweak\\b'}
    then: {weights: {internal: 1.0}, reason: The title says tweak}
"""


def test_every_class_gets_each_weight_and_the_prior() -> None:
    v = classify(SRC, load_config_text(WEIGHTED, "c.yml"))
    assert v.scores == {"user-facing": pytest.approx(0.3), "tech-debt": pytest.approx(1.5),
                        "internal": pytest.approx(-0.8)}
    assert v.impact == "tech-debt"


def test_weighted_evidence_lists_every_contribution_and_favours_its_strongest_class() -> None:
    v = classify(SRC, load_config_text(WEIGHTED, "c.yml"))
    by_rule = {e.rule: e for e in v.evidence}
    assert by_rule["checkout"].impact == "tech-debt" and by_rule["checkout"].weight == 2.5
    assert by_rule["checkout"].contributions == {"user-facing": -0.2, "tech-debt": 2.5, "internal": -2.3}
    assert by_rule["tweak-word"].contributions == {"internal": 1.0}
    data = v.to_dict()["evidence"]
    assert data[0]["weights"] == {"user-facing": -0.2, "tech-debt": 2.5, "internal": -2.3}


def test_confidence_is_the_winners_probability_against_the_thresholds() -> None:
    config = load_config_text(WEIGHTED, "c.yml")
    v = classify(SRC, config)
    p = probabilities(v.scores)["tech-debt"]
    assert 0.6 <= p < 0.9 and v.confidence == "medium"
    strict = load_config_text(WEIGHTED.replace("medium: 0.6", "medium: 0.8"), "c.yml")
    assert classify(SRC, strict).confidence == "low"


def test_plain_impact_and_weight_rules_add_to_the_fitted_scores() -> None:
    config = load_config_text(WEIGHTED + """
  - name: checkout-is-money
    when: {any_file: {path: "src/checkout/**"}}
    then: {impact: internal, weight: 5, reason: Money paths are reviewed by finance}
""", "c.yml")
    v = classify(SRC, config)
    assert v.impact == "internal" and v.scores["internal"] == pytest.approx(4.2)


def test_a_user_decision_replaces_the_built_in_one_key_by_key() -> None:
    config = load_config_text("decision:\n  confidence: {high: 0.99, medium: 0.9}\n", "c.yml")
    assert config.decision.high == {"user-facing": 0.99, "tech-debt": 0.99, "internal": 0.99}
    assert config.decision.medium == {"user-facing": 0.9, "tech-debt": 0.9, "internal": 0.9}
    assert config.decision.prior == load_config_text("", "c.yml").decision.prior != {
        "user-facing": 0.0, "tech-debt": 0.0, "internal": 0.0}


def test_each_class_may_have_its_own_thresholds_and_a_class_left_out_is_never_at_that_level() -> None:
    per_class = WEIGHTED.replace("confidence: {high: 0.9, medium: 0.6}",
                                 "confidence: {high: {tech-debt: 0.7, internal: 0.5}, medium: {tech-debt: 0.6}}")
    config = load_config_text(per_class, "c.yml")
    assert config.decision.high == {"user-facing": math.inf, "tech-debt": 0.7, "internal": 0.5}
    assert classify(SRC, config).confidence == "high"  # tech-debt wins at 0.72: high for tech-debt
    other = load_config_text(per_class.replace("tech-debt: 0.7", "user-facing: 0.7"), "c.yml")
    assert classify(SRC, other).confidence == "medium"  # the same verdict, judged by its own class's cut


def test_medium_above_high_for_one_class_is_reported_with_the_class() -> None:
    with pytest.raises(ConfigError) as info:
        load_config_text("decision: {confidence: {high: {internal: 0.6}, medium: 0.8}}\n", "c.yml")
    assert any("internal: medium (0.8) is above high (0.6)" in p for p in info.value.problems), info.value.problems


def test_hand_set_weights_without_thresholds_keep_total_and_lead_confidence() -> None:
    rules = "extends: none\nrules: [{name: w, when: {files: 1}, then: {impact: internal, weight: %s}}]\n"
    assert classify(SRC, load_config_text(rules % 3, "c.yml")).confidence == "low"
    assert classify(SRC, load_config_text(rules % 5, "c.yml")).confidence == "medium"
    assert classify(SRC, load_config_text(rules % 9, "c.yml")).confidence == "high"


def test_no_evidence_stays_user_facing_low_whatever_the_prior() -> None:
    config = load_config_text("extends: none\ndecision: {prior: {internal: 3}}\n"
                              "rules: [{name: never, when: {files: {min: 99}}, then: {impact: internal}}]\n", "c.yml")
    v = classify(SRC, config)
    assert (v.impact, v.confidence) == ("user-facing", "low")


def test_ties_go_to_the_class_that_hides_less() -> None:
    tie = [Evidence("a", "internal", 1.0, "r", weights={"internal": 1.0, "tech-debt": 1.0})]
    assert decide(tie)[0] == "tech-debt"


def test_medium_above_high_is_reported() -> None:
    with pytest.raises(ConfigError) as info:
        load_config_text("decision: {confidence: {high: 0.6, medium: 0.8}}\n", "c.yml")
    assert any("medium" in p for p in info.value.problems)


def test_internal_needs_its_lead_over_user_facing_or_the_pr_is_shown() -> None:
    rules = ("extends: none\ndecision: {internal_lead: %s}\n"
             "rules: [{name: w, when: {files: 1}, then: {weights: {internal: 1.0, user-facing: 0.5}}}]\n")
    assert classify(SRC, load_config_text(rules % 0, "c.yml")).impact == "internal"
    narrow = classify(SRC, load_config_text(rules % 1, "c.yml"))
    assert (narrow.impact, narrow.rules_impact) == ("user-facing", "user-facing")
    assert classify(SRC, load_config_text(rules % 0.5, "c.yml")).impact == "internal"  # a lead of 0.5 is enough


def test_the_lead_guards_only_prs_that_change_shipped_files() -> None:
    rules = ("extends: none\ndecision: {internal_lead: 1}\n"
             "rules: [{name: w, when: {files: 1}, then: {weights: {internal: 1.0, user-facing: 0.5}}}]\n")
    config = load_config_text(rules, "c.yml")
    assert classify(SRC, config).impact == "user-facing"  # shipped code: a narrow lead is not enough
    tests_only = PullRequest(title="Tweak checkout totals", files=(FileChange("tests/test_total.py", additions=3),))
    ci_only = PullRequest(title="Tweak checkout totals", files=(FileChange(".github/workflows/ci.yml", additions=3),))
    assert classify(tests_only, config).impact == classify(ci_only, config).impact == "internal"


def test_the_built_in_internal_lead_is_fitted_and_a_user_may_set_it() -> None:
    assert load_config_text("", "c.yml").decision.internal_lead > 0
    assert load_config_text("decision: {internal_lead: 0}\n", "c.yml").decision.internal_lead == 0
    with pytest.raises(ConfigError):
        load_config_text("decision: {internal_lead: -1}\n", "c.yml")


def test_a_list_of_regexes_is_checked_item_by_item_even_when_its_items_join_into_a_valid_regex() -> None:
    with pytest.raises(ConfigError) as info:
        load_config_text('rules: [{name: x, when: {subject: ["a(", ")b"]}, then: {impact: internal}}]\n', "c.yml")
    assert [p.split(": ")[1] for p in info.value.problems] == ["rules[0].when.subject[0]", "rules[0].when.subject[1]"]


def test_a_per_class_threshold_keeps_the_built_in_cut_of_the_classes_it_leaves_out() -> None:
    built_in = load_config_text("", "c.yml").decision
    assert built_in.high is not None
    mine = load_config_text("decision:\n  confidence: {high: {internal: 0.99}}\n", "c.yml").decision
    assert mine.high == {**built_in.high, "internal": 0.99} and mine.medium == built_in.medium


@pytest.mark.parametrize(("path", "guarded"), [
    ("src/checkout/total.py", True), ("docs/guide/install.md", True), ("data/regions.xyz", True),
    ("tests/test_total.py", False), (".github/workflows/ci.yml", False), ("CONTRIBUTING.md", False),
])
def test_the_lead_guards_every_pr_but_one_that_changes_only_machinery(path: str, guarded: bool) -> None:
    rules = ("extends: none\ndecision: {internal_lead: 1}\n"
             "rules: [{name: w, when: {files: {max: 9}}, then: {weights: {internal: 1.0, user-facing: 0.5}}}]\n")
    pr = PullRequest(title="Tweak", files=(FileChange(path, additions=3),))
    assert classify(pr, load_config_text(rules, "c.yml")).impact == ("user-facing" if guarded else "internal")
    assert classify(PullRequest(title="Tweak"), load_config_text(rules, "c.yml")).impact == "user-facing"
