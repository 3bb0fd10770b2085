"""scripts/fit.py's pure parts on tiny hand-made data: features, the leave-one-out split, weights written back."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from pr_impact.adapters.config_file import load_config_text
from pr_impact.core.engine import classify
from pr_impact.core.model import FileChange, PullRequest


def _load() -> ModuleType:
    path = Path(__file__).parent.parent.parent / "scripts" / "fit.py"
    spec = importlib.util.spec_from_file_location("fit_script", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fit_script"] = module  # NamedTuples defined in it need their module registered
    spec.loader.exec_module(module)
    return module


fit = _load()
Example = fit.Example


def ex(repo: str, truth: str, *features: str, title: str = "") -> object:
    return Example(repo, truth, frozenset(features), title)


def test_title_tokens_are_distinct_lower_case_words_without_stop_words() -> None:
    assert fit.tokens("Fix the crash in `--out` flag; fix it") == ["fix", "crash", "out", "flag"]
    assert fit.first_word("  Bump lodash") == "bump"
    assert fit.first_word("!!!") is None


def test_word_rules_match_whole_words_of_the_title() -> None:
    rules = [fit.word_rule("fix"), fit.lead_rule("bump")]
    config = load_config_text(
        "extends: none\nrules:\n" + "".join(
            f"  - {{name: {r['name']}, when: {{subject: '{r['when']['subject']}'}}, then: {{impact: internal}}}}\n"
            for r in rules), "c.yml")
    fired = {e.rule for e in classify(PullRequest(title="Bump fixture, fix it", files=()), config).evidence}
    assert fired == {"word-fix", "starts-bump"}
    fired = {e.rule for e in classify(PullRequest(title="Prefix stuff, bump", files=()), config).evidence}
    assert fired == set()


def test_leave_one_out_holds_each_repository_out_once() -> None:
    repos = ["b", "a", "b", "c", "a"]
    splits = fit.loo_splits(repos)
    assert [s[0] for s in splits] == ["a", "b", "c"]
    for held, train, test in splits:
        assert {repos[i] for i in test} == {held} and held not in {repos[i] for i in train}
        assert sorted(train + test) == list(range(len(repos)))


def test_candidate_words_must_span_repositories_and_differ_from_the_prior() -> None:
    data = [ex(f"r{i % 5}", "user-facing" if i % 2 else "internal", "word-fix" if i % 2 else "word-ci")
            for i in range(40)]
    data += [ex("r0", "internal", "word-local") for _ in range(10)]  # one repository's word
    data += [ex(f"r{i % 5}", "internal" if i % 2 else "user-facing", "word-the") for i in range(40)]
    picked = fit.word_candidates(data, min_repos=3, min_prs=5, limit=10)
    assert "word-local" not in picked
    assert set(picked[:2]) == {"word-ci", "word-fix"} and picked[2:] == ["word-the"]
    assert fit.word_candidates(data, min_repos=3, min_prs=5, limit=2) == picked[:2]


def test_every_repository_weighs_the_same_and_classes_as_they_come() -> None:
    data = [ex("big", "user-facing")] * 8 + [ex("big", "internal")] * 2 + [ex("small", "internal")] * 2
    w = fit.sample_weights(fit.training_rows(data))
    assert sum(w[:10]) == pytest.approx(sum(w[10:]))  # a repository's weight does not grow with its size
    assert len(set(w[:10])) == 1  # within it, every PR weighs the same whatever its class
    balanced = fit.sample_weights(fit.training_rows(data), balanced=True)
    uf = sum(x for x, e in zip(balanced, data, strict=True) if e.truth == "user-facing")
    internal = sum(x for x, e in zip(balanced, data, strict=True) if e.truth == "internal")
    assert uf == pytest.approx(internal)


def test_translation_only_prs_and_either_labels_train_only_as_asked() -> None:
    data = [ex("r", "user-facing"), ex("r", "internal", "fact-all-locale"), ex("r", "tech-debt|internal")]
    assert [(r.label, r.share) for r in fit.training_rows(data, either=0.0)] == [("user-facing", 1.0)]
    rows = fit.training_rows(data, either=0.5)
    assert [(r.label, r.share) for r in rows] == [("user-facing", 1.0), ("tech-debt", 0.5), ("internal", 0.5)]


def test_thresholds_pick_per_class_the_lowest_probability_that_keeps_the_accuracy() -> None:
    P = fit.Prediction
    preds = ([P("r", "internal", "internal", 0.99)] * 60 + [P("r", "user-facing", "internal", 0.6)] * 40
             + [P("r", "user-facing", "user-facing", 0.7)] * 40 + [P("r", "internal", "user-facing", 0.6)] * 40)
    cuts = fit.thresholds(preds, target=0.95, medium_target=0.5)
    # Each class is judged on its own verdicts: internal is always right from 0.99, user-facing from 0.7,
    # both half right or better from 0.6; tech-debt, never chosen, is never high or medium.
    assert cuts["high"] == {"user-facing": 0.7, "tech-debt": 1.0, "internal": 0.99}
    assert cuts["medium"] == {"user-facing": 0.6, "tech-debt": 1.0, "internal": 0.6}
    rep = fit.report(preds, cuts)
    assert rep["confidence"]["high"] == {"accuracy": 1.0, "coverage": 100 / 180}


def test_a_pr_that_changes_only_machinery_is_not_held_to_the_lead() -> None:
    narrow = {"user-facing": 0.0, "tech-debt": -1.0, "internal": 0.3}
    assert fit.decide(narrow, 1.0) == "user-facing" and fit.decide(narrow, 1.0, guarded=False) == "internal"
    assert fit.guarded(ex("r", "internal", "fact-any-source", "fact-any-test"))
    assert fit.guarded(ex("r", "internal", "fact-any-docs", "fact-any-ci"))  # user docs face users
    assert fit.guarded(ex("r", "internal", "fact-any-other"))  # an unknown file may ship
    assert fit.guarded(ex("r", "internal"))  # no files: nothing says it is only machinery
    assert not fit.guarded(ex("r", "internal", "fact-any-test", "fact-any-ci"))


def test_every_file_kind_has_the_facts_guarded_reads() -> None:
    from pr_impact.core.taxonomy import KIND_NAMES

    names = {r["name"] for r in fit.file_fact_rules()}
    assert {f"fact-any-{k}" for k in KIND_NAMES} <= names


def test_internal_lead_is_the_smallest_that_keeps_hidden_user_facing_prs_under_the_target() -> None:
    P = fit.Prediction
    narrow = {"user-facing": 0.0, "tech-debt": -1.0, "internal": 0.3}
    clear = {"user-facing": 0.0, "tech-debt": -1.0, "internal": 2.0}
    preds = ([P("a", "user-facing", "internal", 0.5, narrow)] * 5 + [P("a", "user-facing", "internal", 0.8, clear)]
             + [P("b", "user-facing", "user-facing", 0.9, {**clear, "user-facing": 3.0})] * 94)
    assert fit.internal_lead(preds, target=0.10) == 0.35  # the narrow ones shown; the clear one stays hidden
    assert fit.hidden_uf(fit.redecide(preds, 0.35)) == (0.01, 1 / 6 / 2)
    assert fit.internal_lead(preds, target=0.0) == 2.05
    assert fit.decide(narrow, 0.3) == "internal" and fit.decide(narrow, 0.35) == "user-facing"


DEFAULTS_YAML = """\
# The built-in rules (a comment that must survive).
extends: none
rules:
  - name: only-internal
    when: {all_files: {surface: internal}}
    # Why this rule exists.
    then: {impact: internal, weight: 5, reason: Only internal files changed}
  - name: label-bug
    when: {labels: bug}
    then: {impact: user-facing, weight: 6, reason: Labelled as a bug}
  - name: word-stale
    when: {subject: '\\bstale\\b'}
    then: {weights: {internal: 1}, reason: An old fitted word}
"""


def test_weights_are_written_as_rules_keeping_comments_and_hand_set_rules(tmp_path: Path) -> None:
    path = tmp_path / "defaults.yml"
    path.write_text(DEFAULTS_YAML)
    model = fit.Model({"user-facing": 0.2, "tech-debt": -0.4, "internal": 0.2},
                      {"only-internal": {"user-facing": -1.0, "tech-debt": -0.5, "internal": 1.5},
                       "word-fix": {"user-facing": 0.8, "tech-debt": -0.3, "internal": -0.5}})
    candidates = {"word-fix": fit.word_rule("fix")}
    cuts = {"high": {"user-facing": 0.9, "tech-debt": 0.95, "internal": 0.7},
            "medium": dict.fromkeys(fit.CLASSES, 0.6)}
    fit.write_defaults(path, model, cuts, "Weights fitted on test data.", candidates)
    text = path.read_text()
    assert "# The built-in rules (a comment that must survive)." in text and "# Why this rule exists." in text
    assert "# Weights fitted on test data." in text
    assert "word-stale" not in text  # an earlier fit's learned rule is replaced, not kept
    config = load_config_text(text, "defaults.yml")
    rules = {r.name: r for r in config.impact_rules}
    assert rules["only-internal"].weights == model.weights["only-internal"]
    assert rules["label-bug"].weights is None and rules["label-bug"].weight == 6
    assert rules["word-fix"].weights == model.weights["word-fix"]
    assert config.decision.prior == model.prior
    assert (config.decision.high, config.decision.medium) == (cuts["high"], cuts["medium"])
    fit.write_defaults(path, model, cuts, "Weights fitted on test data.", candidates)
    assert path.read_text() == text  # writing twice changes nothing
    fit.write_defaults(path, model, cuts, "Refitted.", candidates, lead=0.9)
    refitted = path.read_text()
    assert "# Refitted." in refitted and "fitted on test data" not in refitted  # the old note is replaced
    assert load_config_text(refitted, "defaults.yml").decision.internal_lead == 0.9


def test_fitting_is_deterministic_and_learns_the_obvious() -> None:
    pytest.importorskip("sklearn")
    data = []
    for r in range(4):
        data += [ex(f"r{r}", "user-facing", "fix-words", "ships-code")] * 6
        data += [ex(f"r{r}", "internal", "only-tests")] * 6
        data += [ex(f"r{r}", "tech-debt", "perf-words", "ships-code")] * 6
    base = ["fix-words", "only-tests", "perf-words", "ships-code"]
    one, two = fit.fit(data, base), fit.fit(data, base)
    assert one == two
    assert fit.decide(one.scores({"fix-words", "ships-code"})) == "user-facing"
    assert fit.decide(one.scores({"only-tests"})) == "internal"
    assert fit.decide(one.scores({"perf-words", "ships-code"})) == "tech-debt"
    assert all(sum(w.values()) == pytest.approx(0, abs=0.02) for w in one.weights.values())


def test_loo_scores_each_repository_with_weights_fitted_without_it() -> None:
    seen: list[set[str]] = []

    def fitter(train: list[object], base: list[str]) -> object:
        seen.append({e.repo for e in train})  # type: ignore[attr-defined]
        return fit.Model(dict.fromkeys(fit.CLASSES, 0.0), {"only-tests": {"internal": 1.0}})

    data = [ex("a", "internal", "only-tests"), ex("b", "user-facing"), ex("c", "internal", "only-tests")]
    preds = fit.leave_one_out(data, ["only-tests"], fitter)
    assert seen == [{"b", "c"}, {"a", "c"}, {"a", "b"}]
    assert [(p.repo, p.verdict) for p in preds] == [("a", "internal"), ("b", "user-facing"), ("c", "internal")]


def test_a_fact_rule_names_a_file_kind() -> None:
    names = {r["name"] for r in fit.file_fact_rules()}
    assert {"fact-any-source", "fact-all-test", "fact-one-file", "fact-bot-author"} <= names
    pr = PullRequest(title="x", files=(FileChange("tests/test_a.py", additions=1),))
    config = load_config_text("extends: none\nrules:\n  - {name: fact-all-test, when: {all_files: {kind: test}}, "
                              "then: {impact: internal}}\n", "c.yml")
    assert [e.rule for e in classify(pr, config).evidence] == ["fact-all-test"]


@pytest.mark.parametrize(("path", "line", "fires"), [
    ("src/api.ts", "export function parseDuration(text: string): number {", True),
    ("src/api.ts", "export default async function handler() {", True),
    ("crates/core/src/lib.rs", "pub fn resolve(path: &Path) -> Result<()> {", True),
    ("pkg/client/client.go", "func NewClient(opts Options) *Client {", True),
    ("pkg/client/client.go", "func newClient(opts Options) *client {", False),  # unexported in Go
    ("src/api.ts", "function parseDuration(text: string): number {", False),
    ("tests/api.test.ts", "export function fixture() {", False),  # a test file is not API
])
def test_a_new_exported_symbol_is_a_fact(path: str, line: str, fires: bool) -> None:
    rules = [r for r in fit.file_fact_rules() if r["name"] == "fact-adds-public-symbol"]
    from pr_impact.core.config import compile_config

    config, problems = compile_config({"extends": "none", "rules": [
        {**rules[0], "then": {**rules[0]["then"], "impact": "user-facing"}}]}, "c.yml", {})
    assert not problems
    pr = PullRequest(title="x", files=(FileChange(path, additions=1, patch=f"@@ -0,0 +1,1 @@\n+{line}"),))
    assert ("fact-adds-public-symbol" in {e.rule for e in classify(pr, config).evidence}) is fires
