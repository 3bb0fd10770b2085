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
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fit  # the sibling script: same data, same snapshots, same features

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
    """Every strictly labelled PR predicted fold by fold as described above, with its class scores."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    feats = [e.features | f | {f"title:{w}" for w in fit.tokens(e.title)} for e, f in zip(data, extra, strict=True)]
    index = {name: i for i, name in enumerate(sorted(set().union(*feats)))}
    rows, cols = zip(*((i, index[n]) for i, fs in enumerate(feats) for n in fs), strict=True)
    x = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(data), len(index)))
    labelled = np.array([e.truth in fit.CLASSES for e in data])
    y = np.array([fit.CLASSES.index(e.truth) if e.truth in fit.CLASSES else -1 for e in data])
    repos = np.array([e.repo for e in data])
    out = []
    for repo in sorted(set(repos)):
        own = np.flatnonzero((repos == repo) & labelled)
        others = np.flatnonzero((repos != repo) & labelled)
        for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(own, y[own]):
            idx = np.concatenate([others, own[train]])
            weight = np.concatenate([np.ones(len(others)), np.full(len(train), OWN_WEIGHT)])
            model = LogisticRegression(C=c, max_iter=1000, class_weight="balanced")
            model.fit(x[idx], y[idx], sample_weight=weight)
            for i, row in zip(own[test], model.decision_function(x[own[test]]), strict=True):
                scores = {cls: float(v) for cls, v in zip(fit.CLASSES, row, strict=True)}
                verdict = fit.decide(scores)
                out.append(fit.Prediction(repo, data[i].truth, verdict, fit.softmax(scores)[verdict], scores,
                                          fit.guarded(data[i])))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=fit.ROOT.parent / "shared" / "eval",
                    help="the shared eval directory (default: ../shared/eval from the repository root)")
    ap.add_argument("--cache", type=Path, help="the features file of scripts/fit.py --cache, if you have one")
    args = ap.parse_args(argv)
    scorer = fit.load_scorer(args.eval)
    rows = fit.read_rows(fit.data_files(args.eval))
    blind = [scorer.snapshot(r, blind=True) for r in rows]
    data = fit.load_examples(rows, scorer, fit.candidate_rules(blind), args.cache)
    preds = ceiling(data, [folders(s) for s in blind])
    print("Deciding by the highest score alone:")
    fit.print_report(fit.report(preds, fit.thresholds(preds)))
    lead = fit.internal_lead(preds)
    led = fit.redecide(preds, lead)
    print(f"\nWith internal_lead {lead:g} on PRs changing more than tests, CI and tooling (hidden-UF at most "
          f"{fit.HIDDEN_UF_TARGET}):")
    fit.print_report(fit.report(led, fit.thresholds(led)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
