#!/usr/bin/env python3
"""Check what the PR comment says on every eval PR (blind and titled), as issue 19 requires of it:

- the headline's reason never rests on a fitted title word, a file or size fact, or "no description";
- no reason shown favours another class than the verdict, except the one labelled "against";
- an internal verdict carries no outcome list and no release-note draft.

    python scripts/comment_audit.py [--eval ../shared/eval] [--cmd pr-impact]

Prints the count of PRs breaking each property (all should be 0) and a few examples; exits 1 if any.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fit  # the sibling script: the scorer, its data files and which rules it learned

ROOT = Path(__file__).resolve().parent.parent


def problems(v: dict[str, Any]) -> list[str]:
    """What is wrong with one verdict's story, in words (empty when nothing is)."""
    st, found = v["story"], []
    by_rule = {e["rule"]: e for e in v["evidence"]}
    if st["reasons"] and fit.learned(st["reasons"][0]["rule"]):
        found.append(f"headline rests on {st['reasons'][0]['rule']}")
    for r in st["reasons"]:
        if by_rule[r["rule"]]["impact"] != v["rules_impact"]:
            found.append(f"reason {r['rule']} favours {by_rule[r['rule']]['impact']}")
    if st["against"] and by_rule[st["against"]["rule"]]["impact"] != st["against"]["impact"]:
        found.append(f"'against' {st['against']['rule']} does not favour {st['against']['impact']}")
    if v["impact"] == "internal" and (st["outcomes"] or st["release_note"]):
        found.append("internal verdict with an outcome list or a release note")
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--cmd", default="pr-impact")
    args = ap.parse_args()
    score = fit.load_scorer(args.eval)
    rows = score.load(fit.data_files(args.eval))
    bad = 0
    for mode in ("blind", "titled"):
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
            for row in rows:
                fh.write(json.dumps(score.snapshot(row, mode == "blind")) + "\n")
        out = subprocess.run([*shlex.split(args.cmd), "check", "--snapshot", fh.name, "--format", "json"],
                             capture_output=True, text=True, check=True).stdout
        Path(fh.name).unlink()
        found = [(row["source"], p) for row, line in zip(rows, out.splitlines(), strict=True)
                 for p in problems(json.loads(line))]
        bad += len(found)
        print(f"[{mode}] {len(rows)} PRs, {len(found)} problems")
        for source, p in found[:10]:
            print(f"  {source['repo']}#{source['pr']}: {p}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
