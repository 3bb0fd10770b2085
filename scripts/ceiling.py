#!/usr/bin/env python3
"""How well labels can be predicted at all: each repository scored by a model that has seen its own labels.

    python scripts/ceiling.py                 # needs the `[fit]` extra, reads ../shared/eval

`scripts/fit.py --loo` says how the shipped weights do on a repository they never saw. This script
asks a different question, to put that figure in context: if a model could learn a repository's
own habits (its folders, its words, how its maintainers title a UI tweak), how often would it agree
with the maintainers? Each repository is split in five; each fifth is predicted by a model fitted
on every other repository plus the other four fifths of its own PRs (weighted up), with the fit's
features plus the repository's title words and folders. What it cannot predict is, to a first
approximation, the labels' own inconsistency: a ceiling for any labeler, not a result for this one.
It is printed twice: deciding by the highest score, and with the internal lead fitted as fit.py fits
it (user-facing PRs called internal at most 3%), the constraint the shipped weights also meet. The
lead is chosen on the very predictions it is scored on, so that figure leans optimistic: a ceiling.
As fit.py does, it trains on the reader's label where reader and maintainers agree, and scores both
the maintainers' labels and the reader-agreed PRs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fit  # the sibling script: same data, same snapshots, same features
import readers

FOLDS = 5
OWN_WEIGHT = 5.0  # a repository's own PRs count this much more than the others'


def folders(snapshot: dict[str, Any]) -> set[str]:
    """Every folder a PR's files sit in ("a", "a/b", ...): where in this repository the change is."""
    out: set[str] = set()
    for f in snapshot["files"]:
        parts = str(f["filename"]).lower().split("/")[:-1]
        out.update("dir:" + "/".join(parts[:k]) for k in range(1, len(parts) + 1))
    return out


def ceiling(data: Sequence[fit.Example], extra: Sequence[set[str]], c: float = 0.3) -> list[fit.Prediction]:
    """Every PR (in `data`'s order) predicted fold by fold as described above, with its class scores;
    a PR with no class to train as (an either-or label, a reader who disagrees) is predicted too."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    feats = [e.features | f | {f"title:{w}" for w in fit.tokens(e.title)} for e, f in zip(data, extra, strict=True)]
    index = {name: i for i, name in enumerate(sorted(set().union(*feats)))}
    rows, cols = zip(*((i, index[n]) for i, fs in enumerate(feats) for n in fs), strict=True)
    x = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(data), len(index)))
    labelled = np.array([e.truth in fit.CLASSES for e in data])
    y = np.array([fit.CLASSES.index(e.truth) if e.truth in fit.CLASSES else -1 for e in data])
    repos = np.array([e.repo for e in data])
    out: list[fit.Prediction | None] = [None] * len(data)
    rng = np.random.default_rng(0)
    for repo in sorted(set(repos)):
        own = np.flatnonzero(repos == repo)
        others = np.flatnonzero((repos != repo) & labelled)
        folds = rng.permutation(len(own)) % FOLDS
        for k in range(FOLDS):
            test, train = own[folds == k], own[(folds != k) & labelled[own]]
            idx = np.concatenate([others, train])
            weight = np.concatenate([np.ones(len(others)), np.full(len(train), OWN_WEIGHT)])
            model = LogisticRegression(C=c, max_iter=1000, class_weight="balanced")
            model.fit(x[idx], y[idx], sample_weight=weight)
            for i, row in zip(test, model.decision_function(x[test]), strict=True):
                scores = {cls: float(v) for cls, v in zip(fit.CLASSES, row, strict=True)}
                verdict = fit.decide(scores)
                out[i] = fit.Prediction(repo, data[i].truth, verdict, fit.softmax(scores)[verdict], scores,
                                        fit.guarded(data[i]))
    return [p for p in out if p is not None]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=fit.ROOT.parent / "shared" / "eval",
                    help="the shared eval directory (default: ../shared/eval from the repository root)")
    ap.add_argument("--cache", type=Path, help="the features file of scripts/fit.py --cache, if you have one")
    args = ap.parse_args(argv)
    scorer = fit.load_scorer(args.eval)
    rows = fit.read_rows(fit.data_files(args.eval))
    blind = [scorer.snapshot(r, blind=True) for r in rows]
    labels = readers.read_labels(readers.reader_files(args.eval))
    data = fit.with_readers(fit.load_examples(rows, scorer, fit.candidate_rules(blind), args.cache), labels)
    trained = ceiling(fit.for_training(data), [folders(s) for s in blind])
    preds = [p._replace(truth=e.truth) for p, e in zip(trained, data, strict=True)]  # the maintainers' labels
    for name, chosen in (("The maintainers' labels (strict)", [p for p in preds if "|" not in p.truth]),
                         ("Reader-agreed PRs", fit.agreed(preds, data))):
        print(f"{name}, deciding by the highest score alone:")
        fit.print_report(fit.report(chosen, fit.thresholds(chosen)))
        lead = fit.internal_lead(chosen)
        led = fit.redecide(chosen, lead)
        print(f"\n{name}, with internal_lead {lead:g} on PRs changing more than tests, CI and tooling (hidden-UF "
              f"at most {fit.HIDDEN_UF_TARGET}):")
        fit.print_report(fit.report(led, fit.thresholds(led)))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
