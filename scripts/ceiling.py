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
    out = set()
    for f in snapshot["files"]:
        parts = str(f["filename"]).lower().split("/")[:-1]
        out.update("dir:" + "/".join(parts[:k]) for k in range(1, len(parts) + 1))
    return out


def ceiling(data: Sequence[fit.Example], extra: Sequence[set[str]], c: float = 0.3) -> dict[str, float]:
    """Per repository, the strict accuracy of its PRs predicted fold by fold as described above."""
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
    out = {}
    for repo in sorted(set(repos)):
        own = np.flatnonzero((repos == repo) & labelled)
        others = np.flatnonzero((repos != repo) & labelled)
        right = 0
        for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(own, y[own]):
            idx = np.concatenate([others, own[train]])
            weight = np.concatenate([np.ones(len(others)), np.full(len(train), OWN_WEIGHT)])
            model = LogisticRegression(C=c, max_iter=1000, class_weight="balanced")
            model.fit(x[idx], y[idx], sample_weight=weight)
            right += int((model.predict(x[own[test]]) == y[own[test]]).sum())
        out[repo] = right / len(own)
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
    per_repo = ceiling(data, [folders(s) for s in blind])
    for repo, acc in per_repo.items():
        print(f"{repo:<30} {acc:.3f}")
    worst = min(per_repo, key=per_repo.__getitem__)
    print(f"per-repo mean {sum(per_repo.values()) / len(per_repo):.3f}, worst {worst} {per_repo[worst]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
