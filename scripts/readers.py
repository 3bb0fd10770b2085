#!/usr/bin/env python3
"""Reader labels: independent readers' classes for corpus PRs, set beside the maintainers' (READERS.md §1).

    python scripts/readers.py                 # how often the readers agree with the maintainers

A reader saw what the tool sees in blind mode (the title without its conventional prefix, the body,
the files, the diff) and labelled the PR from the change itself. Where the reader's label is one the
maintainers' label allows, two independent judgements agree: that label is the sharpest truth there
is. Where they disagree, neither is truth, and a verdict there should not claim high confidence.

Two files, one format (tab-separated `repo`, `pr`, `label`, `sure|unsure`, optional `reason`; a
`repo` header line is skipped): the shared eval's `readers.tsv`, and this repository's own
`scripts/data/readers-extra.tsv` (ids and labels only, never a PR's text). A PR labelled in both
takes the later file's label.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
EXTRA = ROOT / "scripts" / "data" / "readers-extra.tsv"
CLASSES = ("user-facing", "tech-debt", "internal")


class ReaderLabel(NamedTuple):
    """One reader's class for one PR, and whether the reader was sure of it."""

    label: str
    sure: bool


Key = tuple[str, str]  # (repo, PR number as text)


def reader_files(eval_dir: Path) -> list[Path]:
    """The reader label files: the shared eval's, then this repository's."""
    return [eval_dir / "readers.tsv", EXTRA]


def read_labels(paths: Iterable[Path]) -> dict[Key, ReaderLabel]:
    """Every reader label in the files that exist, by (repo, PR). A line that is not
    `repo<TAB>pr<TAB>class<TAB>sure|unsure...` (a header, a blank line) is skipped."""
    labels: dict[Key, ReaderLabel] = {}
    for path in paths:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) >= 4 and cols[2] in CLASSES and cols[1].isdigit():
                labels[(cols[0], cols[1])] = ReaderLabel(cols[2], cols[3] != "unsure")
    return labels


def agrees(reader: str | None, truth: str) -> bool:
    """Whether a reader's label is one the maintainers' label allows (`a|b` allows either)."""
    return reader is not None and reader in truth.split("|")


class Agreement(NamedTuple):
    """How often readers agree with the maintainers: on every labelled PR, and on those whose
    maintainers' label is one class (not `refactor`'s or `docs`' either-or)."""

    labelled: int
    agreed: int
    unambiguous: int
    unambiguous_agreed: int

    @property
    def rate(self) -> float:
        return self.agreed / self.labelled if self.labelled else 0.0

    @property
    def unambiguous_rate(self) -> float:
        return self.unambiguous_agreed / self.unambiguous if self.unambiguous else 0.0


def agreement(labels: Mapping[Key, ReaderLabel], truths: Mapping[Key, str]) -> Agreement:
    """The readers' agreement with the maintainers' labels `truths` (PRs missing there are skipped)."""
    counts: Counter[str] = Counter()
    for key, reader in labels.items():
        truth = truths.get(key)
        if truth is None:
            continue
        ok = agrees(reader.label, truth)
        counts["labelled"] += 1
        counts["agreed"] += ok
        if "|" not in truth:
            counts["unambiguous"] += 1
            counts["unambiguous_agreed"] += ok
    return Agreement(counts["labelled"], counts["agreed"], counts["unambiguous"], counts["unambiguous_agreed"])


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval",
                    help="the shared eval directory (default: ../shared/eval from the repository root)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import fit  # the sibling script reads the PRs as the scorer does

    rows = fit.read_rows(fit.data_files(args.eval))
    truths = {(r["source"]["repo"], str(r["source"]["pr"])): r["truth"] for r in rows}
    for name, paths in (("shared readers.tsv", reader_files(args.eval)[:1]), ("readers-extra.tsv", [EXTRA]),
                        ("both", reader_files(args.eval))):
        a = agreement(read_labels(paths), truths)
        print(f"{name:<20} {a.labelled:>5} labelled  agree {a.rate:.3f}  "
              f"on unambiguous maintainer labels {a.unambiguous_rate:.3f} ({a.unambiguous})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
