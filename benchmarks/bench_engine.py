"""Engine scaling, printed as ratios measured in one run: a 3,000-file, 300,000-line PR vs `json.load` of its file.

Also prints peak memory and how the engine's time grows with files and with patch lines. With
`--against REV`, fresh installs of the working tree and of git revision REV each time the engine,
taking turns for three rounds, and the best of each is printed side by side.
Run: python benchmarks/bench_engine.py [--against REV]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import installs

from pr_impact.adapters.config_file import default_config
from pr_impact.adapters.snapshot import parse_snapshots
from pr_impact.core import engine
from pr_impact.core.conditions import Ctx
from pr_impact.core.config import Config
from pr_impact.core.engine import classify
from pr_impact.core.headsup import heads_up
from pr_impact.core.model import PullRequest
from pr_impact.core.signals import build_signals, count_areas, file_signals

KINDS = ("src/app/module_{i}.py", "web/components/Widget{i}.tsx", "tests/test_{i}.py", "docs/page_{i}.md",
         "internal/pkg{i}/handler.go", "locales/{i}/messages.po")


def snapshot(files: int, lines_per_file: int) -> dict[str, object]:
    """A synthetic PR snapshot with `files` files of `lines_per_file` changed lines each."""
    rows = []
    for i in range(files):
        added = "".join(f"+    value_{j} = compute({j}, 'text {i}')\n" for j in range(lines_per_file // 2))
        removed = "".join(f"-    value_{j} = compute({j})\n" for j in range(lines_per_file - lines_per_file // 2))
        patch = f"@@ -1,{lines_per_file // 2} +1,{lines_per_file // 2} @@\n{removed}{added}".rstrip("\n")
        rows.append({"filename": KINDS[i % len(KINDS)].format(i=i), "status": "modified",
                     "additions": lines_per_file // 2, "deletions": lines_per_file - lines_per_file // 2,
                     "patch": patch})
    return {"pull_request": {"number": 1, "title": "Rework widgets", "body": "Refactor.\n" * 50,
                             "changed_files": files}, "files": rows}


def best(fn: Callable[[], object], runs: int = 3) -> float:
    """Best wall time of `fn` over `runs` runs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def phases(pr: PullRequest, config: Config) -> dict[str, float]:
    """Seconds spent in each step of engine.classify, on fresh objects (diff facts are cached per file)."""
    marks = [time.perf_counter()]
    files = [file_signals(change) for change in pr.files]
    marks.append(time.perf_counter())
    signals = build_signals(pr, files)
    ctx = Ctx(signals)
    engine._apply_surfaces(files, config, ctx)
    signals.areas = count_areas(files)
    marks.append(time.perf_counter())
    engine._fire(config, ctx)
    marks.append(time.perf_counter())
    heads_up(signals)
    marks.append(time.perf_counter())
    names = ("file kinds", "surfaces (diff facts)", "impact rules",
             "heads-up")
    return {name: marks[i + 1] - marks[i] for i, name in enumerate(names)}


def json_load(path: Path) -> object:
    """The baseline the issue names: `json.load` of the snapshot file (open, read, decode, parse)."""
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def both(fn: Callable[[], object], runs: int) -> list[float]:
    """Best wall time and best CPU time of `fn` over `runs` runs, in ms (CPU time varies less on a
    machine other jobs share)."""
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return [1000 * min(walls), 1000 * min(cpus)]


def figures() -> dict[str, list[float]]:
    """The engine's wall and CPU time on the 3,000-file PR, the first in a fresh process (what a
    user's one run pays, compiling on first use included) and the best of 7, and the best of 7 on
    smaller shapes, in ms."""
    config = default_config()
    (huge,) = parse_snapshots(json.dumps(snapshot(3000, 100)), "huge.json")
    found = {"3000 files, first run": both(lambda: classify(huge, config), 1)}
    for files, lines in ((3000, 100), (100, 100), (300, 1000), (20, 10)):
        (p,) = parse_snapshots(json.dumps(snapshot(files, lines)), "s.json")
        found[f"{files} files x {lines} lines"] = both(lambda p=p: classify(p, config), 7)
    return found


def against(rev: str, rounds: int = 5) -> None:
    """figures() from a fresh install of the working tree and one of `rev`, taking turns; the best
    of each over the rounds."""
    with tempfile.TemporaryDirectory() as tmp:
        pythons = [installs.install(Path(tmp) / "tree") / "python", installs.install(Path(tmp) / "rev", rev) / "python"]
        runs = [[json.loads(subprocess.run([str(py), __file__, "--figures"], capture_output=True, text=True,
                                           check=True).stdout) for py in pythons] for _ in range(rounds)]
    print(f"engine, best of {rounds} rounds (each the best of 7): working tree vs {rev}, wall and CPU ms")
    for shape in runs[0][0]:
        new, old = ([min(r[i][shape][k] for r in runs) for k in (0, 1)] for i in (0, 1))
        print(f"  {shape:<24} wall {new[0]:7.1f} / {old[0]:7.1f}  ratio {new[0] / old[0]:.3f};"
              f"  CPU {new[1]:7.1f} / {old[1]:7.1f}  ratio {new[1] / old[1]:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--against", metavar="REV", help="time a fresh install of this git revision too")
    ap.add_argument("--figures", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.figures:
        print(json.dumps(figures()))
    elif args.against:
        against(args.against)
    else:
        report()


def report() -> None:
    """The figures of this environment's pr-impact, with their baselines and where the time goes."""
    config = default_config()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "huge.json"
        path.write_text(json.dumps(snapshot(3000, 100)))
        size_mb = path.stat().st_size / 1e6
        text = path.read_text()
        load = best(lambda: json_load(path), 7)
        loads = best(lambda: json.loads(text), 7)  # the parse alone, text already in memory: stricter
        (pr,) = parse_snapshots(text, "huge.json")
        took = best(lambda: classify(pr, config), 7)
        whole = best(lambda: [classify(p, config) for p in parse_snapshots(path.read_text(), "huge.json")])
        tracemalloc.start()
        classify(pr, config)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        split = min((phases(pr, config) for _ in range(5)), key=lambda p: sum(p.values()))
    print(f"3,000 files / 300,000 patch lines ({size_mb:.1f} MB JSON):")
    print(f"  json.load of the file {1000 * load:.0f} ms (baseline); json.loads of the text in memory "
          f"{1000 * loads:.0f} ms")
    print(f"  engine {1000 * took:.0f} ms: {took / load:.2f}x json.load, {took / loads:.2f}x json.loads; "
          f"peak memory {peak / 1e6:.0f} MB")
    print(f"  read + parse snapshot + engine {1000 * whole:.0f} ms: {whole / load:.2f}x json.load")
    print("where the engine's time goes: " + "; ".join(f"{name} {1000 * sec:.0f} ms" for name, sec in split.items()))
    print("growth (engine time, median of 3):")
    print(f"  {'files':>6} {'lines/file':>10} {'ms':>8} {'µs/file':>8}")
    for files, lines in ((100, 100), (300, 100), (1000, 100), (3000, 100), (300, 10), (300, 1000)):
        (p,) = parse_snapshots(json.dumps(snapshot(files, lines)), "s.json")
        ms = 1000 * statistics.median(best(lambda p=p: classify(p, config), 1) for _ in range(3))
        print(f"  {files:>6} {lines:>10} {ms:>8.1f} {1000 * ms / files:>8.0f}")


if __name__ == "__main__":
    main()
