"""scripts/readers.py and fit.py's reader-label parts: labels read, agreement counted, training truth,
and the reader-agreed report calibrated without the repository it scores."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.scripts.test_fit import ex, fit

readers = sys.modules["readers"]  # fit.py imported its sibling
P = fit.Prediction


def test_reader_files_are_read_in_order_skipping_headers_and_bad_lines(tmp_path: Path) -> None:
    shared, extra = tmp_path / "readers.tsv", tmp_path / "extra.tsv"
    shared.write_text("repo\tpr\tlabel\tsure\treason\n"
                      "o/a\t1\tinternal\tsure\tonly CI\n"
                      "o/a\t2\tuser-facing\tunsure\tnew flag\n"
                      "o/a\tx\tinternal\tsure\n"  # not a PR number
                      "o/a\t3\tmaybe\tsure\n"  # not a class
                      "\n")
    extra.write_text("o/a\t2\ttech-debt\tsure\no/b\t7\tinternal\tunsure\n")
    labels = readers.read_labels([shared, extra, tmp_path / "missing.tsv"])
    assert labels == {("o/a", "1"): readers.ReaderLabel("internal", True),
                      ("o/a", "2"): readers.ReaderLabel("tech-debt", True),  # the later file wins
                      ("o/b", "7"): readers.ReaderLabel("internal", False)}


def test_the_repository_keeps_ids_and_labels_only() -> None:
    lines = readers.EXTRA.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "repo\tpr\tlabel\tsure"
    rows = [line.split("\t") for line in lines[1:]]
    assert len(rows) >= 440 and all(len(r) == 4 for r in rows)  # no reasons, no PR text
    assert {r[2] for r in rows} <= set(readers.CLASSES) and {r[3] for r in rows} <= {"sure", "unsure"}
    assert len({(r[0], r[1]) for r in rows}) == len(rows)


def test_agreement_counts_either_or_labels_and_unambiguous_ones_apart() -> None:
    labels = {("r", "1"): readers.ReaderLabel("internal", True), ("r", "2"): readers.ReaderLabel("internal", True),
              ("r", "3"): readers.ReaderLabel("user-facing", True), ("r", "9"): readers.ReaderLabel("internal", True)}
    truths = {("r", "1"): "tech-debt|internal", ("r", "2"): "internal", ("r", "3"): "internal"}
    a = readers.agreement(labels, truths)
    assert (a.labelled, a.agreed, a.unambiguous, a.unambiguous_agreed) == (3, 2, 2, 1)
    assert (a.rate, a.unambiguous_rate) == (2 / 3, 0.5)


def test_a_pr_trains_as_the_agreed_reader_label_and_not_at_all_when_they_disagree() -> None:
    data = fit.with_readers(
        [ex("r", "tech-debt|internal")._replace(pr="1"), ex("r", "internal")._replace(pr="2"),
         ex("r", "user-facing")._replace(pr="3")],
        {("r", "1"): readers.ReaderLabel("internal", True), ("r", "2"): readers.ReaderLabel("tech-debt", False)})
    assert [e.reader for e in data] == ["internal", "tech-debt", None]
    assert [e.truth for e in fit.for_training(data)] == ["internal", "", "user-facing"]
    assert [e.truth for e in fit.for_training(data, "maintainers")] == ["tech-debt|internal", "internal", "user-facing"]
    assert [r.label for r in fit.training_rows(fit.for_training(data))] == ["internal", "user-facing"]
    preds = [P("r", e.truth, "internal", 0.9) for e in data]
    assert [p.truth for p in fit.agreed(preds, data)] == ["internal"]
    assert [p.truth for p in fit.disputed(preds, data)] == ["internal"]


def test_high_internal_never_covers_a_hidden_user_facing_pr() -> None:
    preds = [P("r", "internal", "internal", 0.99)] * 100 + [P("r", "user-facing", "internal", 0.9)]
    assert fit.thresholds(preds)["high"]["internal"] <= 0.9  # 100 of 101 right: high from 0.9
    cut = fit.thresholds(preds, never_hide=True)["high"]["internal"]
    assert 0.9 < cut <= 0.99
    rep = fit.reader_report(preds, fit.thresholds(preds))
    assert rep["uf_internal_high"] == 1


def test_each_repository_is_calibrated_on_the_others() -> None:
    scores = {"user-facing": 0.0, "tech-debt": -5.0, "internal": 0.5}
    # Repository a hides user-facing PRs at a lead of 0.5; b and c never do. Left out, a is decided
    # with the others' lead (0: nothing to prevent) and b and c with a lead that a needed.
    preds = ([P("a", "user-facing", "internal", 0.6, scores)] * 2 + [P("a", "internal", "internal", 0.6, scores)] * 8
             + [P(r, "internal", "internal", 0.6, scores) for r in "bc" for _ in range(10)])
    calibrations = fit.nested(preds)
    assert calibrations["a"][0] == 0.0 and calibrations["b"][0] > 0.5
    out = fit.decided(preds, calibrations)
    assert [p.verdict for p in out[:2]] == ["internal", "internal"]  # a's own lead was not chosen on a
    assert all(p.verdict == "user-facing" for p in out if p.repo == "b")
    assert all(p.level in ("high", "medium", "low") for p in out)
    assert fit.confidence(out[0], {"high": dict.fromkeys(fit.CLASSES, 0.0), "medium": {}}) == out[0].level


def test_hand_set_rules_keep_their_weight_and_count_in_the_left_out_scores() -> None:
    hand = fit.hand_weights()
    assert set(hand) == set(fit.HAND_SET)  # every one is an impact rule with a weight in the defaults
    assert hand["release-housekeeping"] == {"user-facing": 0.0, "tech-debt": 0.0, "internal": 3.0}
    model = fit.Model(dict.fromkeys(fit.CLASSES, 0.0), {"word-fix": {"user-facing": 1.0}}, hand)
    assert model.scores({"word-fix", "release-housekeeping"}) == {"user-facing": 1.0, "tech-debt": 0.0,
                                                                  "internal": 3.0}


def test_the_fit_learns_no_weight_for_a_hand_set_rule() -> None:
    pytest.importorskip("sklearn")
    data = []
    for r in range(4):
        data += [ex(f"r{r}", "user-facing", "fix-words", "release-housekeeping")] * 6
        data += [ex(f"r{r}", "internal", "only-tests")] * 6
        data += [ex(f"r{r}", "tech-debt", "perf-words")] * 6
    model = fit.fit(data, ["fix-words", "only-tests", "perf-words", "release-housekeeping"])
    assert "release-housekeeping" not in model.weights and "fix-words" in model.weights
    assert model.fixed is not None and model.fixed["release-housekeeping"]["internal"] == 3.0
