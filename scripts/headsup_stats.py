"""Heads-up fire rates per kind over the eval PRs (run by hand, never by the tests).

Run: python scripts/headsup_stats.py [--show KIND] [--items N] [PATH ...]
PATH defaults to ../shared/eval/data/*.jsonl and ../shared/eval/corpus/*.jsonl.gz; --show prints,
for every PR that gets a heads-up of KIND, its repository, number, title and the heads-up itself.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

from pr_impact.adapters.config_file import default_config
from pr_impact.adapters.snapshot import pull_request_from_snapshot
from pr_impact.core.engine import classify

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"  # ../shared/eval beside the project
KINDS = ("defaults", "feature-flag", "migration", "api-schema", "security", "performance", "large", "partial")


def records(paths: list[Path]) -> list[tuple[str, dict[str, object]]]:
    """(repository, snapshot) for every line of every file."""
    out = []
    for path in paths:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            out += [(path.name.split(".")[0], json.loads(line)) for line in fh if line.strip()]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--show", choices=KINDS)
    parser.add_argument("--items", type=int, default=4, help="items shown per heads-up with --show")
    args = parser.parse_args()
    paths = args.paths or [*sorted((EVAL / "data").glob("*.jsonl")), *sorted((EVAL / "corpus").glob("*.jsonl.gz"))]
    config, fired, total = default_config(), Counter[str](), 0
    for repo, snap in records(paths):
        snap.pop("truth", None)
        verdict = classify(pull_request_from_snapshot(snap, repo), config)
        total += 1
        for kind in {h.kind for h in verdict.heads_up}:
            fired[kind] += 1
        for h in verdict.heads_up:
            if h.kind == args.show:
                pr = verdict.signals.pr
                print(f"== {repo}#{pr.number} {pr.title[:90]}\n   {h.text}")
                print("".join(f"   | {item[:150]}\n" for item in h.items[: args.items]), end="")
    print(f"{total:,} PRs")
    for kind in KINDS:
        print(f"  {kind:<13} {fired[kind]:>5} PRs  {100 * fired[kind] / max(total, 1):5.1f}%")


if __name__ == "__main__":
    main()
