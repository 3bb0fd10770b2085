"""Precision and recall of each heads-up kind on the labelled sample in tests/fixtures/headsup (run by hand).

Run: python scripts/headsup_sample.py [--cases]
To measure another version of the detectors, put its checkout first: PYTHONPATH=<checkout> python ...
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from headsup_sample import KINDS, load

from pr_impact.core.headsup import heads_up
from pr_impact.core.signals import build_signals, file_signals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", action="store_true", help="print every case that is judged wrong")
    args = parser.parse_args()
    print(f"{'kind':<13} {'cases':>5} {'true':>5} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4} {'precision':>9} "
          f"{'recall':>7}")
    for kind in KINDS:
        counts = {"TP": 0, "FP": 0, "FN": 0, "TN": 0}
        for case in load(kind):
            sig = build_signals(case.pr, [file_signals(f) for f in case.pr.files])
            fired = any(h.kind == kind for h in heads_up(sig))
            outcome = ("TP" if case.fire else "FP") if fired else ("FN" if case.fire else "TN")
            counts[outcome] += 1
            if args.cases and outcome in ("FP", "FN"):
                print(f"  {outcome} {kind} {case.id} ({case.source})")
        fired_n, true_n = counts["TP"] + counts["FP"], counts["TP"] + counts["FN"]
        precision = f"{counts['TP'] / fired_n:.2f}" if fired_n else "-"
        recall = f"{counts['TP'] / true_n:.2f}" if true_n else "-"
        print(f"{kind:<13} {sum(counts.values()):>5} {true_n:>5} {counts['TP']:>4} {counts['FP']:>4} {counts['FN']:>4} "
              f"{counts['TN']:>4} {precision:>9} {recall:>7}")


if __name__ == "__main__":
    main()
