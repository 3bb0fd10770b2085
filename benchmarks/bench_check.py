"""Benchmarks printed as ratios against baselines measured in the same run (no absolute targets asserted).

1. `pr-impact check` on a 50-file branch of a real temporary git repo vs `python -c pass`, both from
   a fresh non-editable install (what users run; `--here` times this environment instead).
2. The engine on every PR of ../shared/eval (when present), per PR.
Run: python benchmarks/bench_check.py [--runs N]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com", "GIT_CONFIG_GLOBAL": os.devnull}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=repo, env=GIT_ENV, check=True,
                   capture_output=True)


def make_repo(tmp: Path, files: int = 50) -> Path:
    """A repo with an origin remote and a feature branch that changes `files` files."""
    origin, repo = tmp / "origin.git", tmp / "work"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True, env=GIT_ENV)
    repo.mkdir()
    git(repo, "init", "-q")
    for i in range(files):
        path = repo / ("src" if i % 3 else "tests") / f"module_{i}.py"
        path.parent.mkdir(exist_ok=True)
        path.write_text("".join(f"def f{j}():\n    return {j}\n" for j in range(40)))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "initial")
    git(repo, "remote", "add", "origin", str(origin))
    git(repo, "push", "-q", "origin", "main")
    git(repo, "remote", "set-head", "origin", "main")
    git(repo, "checkout", "-qb", "feature/faster-search")
    for i in range(files):
        path = repo / ("src" if i % 3 else "tests") / f"module_{i}.py"
        path.write_text(path.read_text().replace("return 1", "return 100") + "\ndef added():\n    return 'new'\n")
    git(repo, "commit", "-qam", "Add search suggestions")
    return repo


def timed(argv: list[str], cwd: Path, runs: int, env: dict[str, str] | None = None) -> float:
    """Median wall time of a command over `runs` runs (after one warm-up)."""
    subprocess.run(argv, cwd=cwd, capture_output=True, check=False, env=env)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(argv, cwd=cwd, capture_output=True, check=False, env=env)
        samples.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            sys.exit(f"{argv} failed: {proc.stderr.decode()[-500:]}")
    return statistics.median(samples)


def installed_copy(tmp: Path) -> Path:
    """A fresh venv with pr-impact installed the way users get it (not editable); returns its bin dir."""
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", str(ROOT)],
                   check=True, capture_output=True)
    return venv / "bin"


def bench_check(runs: int, bindir: Path) -> None:
    """`pr-impact check` on a 50-file branch against the same interpreter doing nothing."""
    python, exe = str(bindir / "python"), str(bindir / "pr-impact")
    with tempfile.TemporaryDirectory() as tmp:
        repo = make_repo(Path(tmp))
        base = timed([python, "-c", "pass"], repo, runs)
        check = timed([exe, "check", "--format", "json"], repo, runs)
        # Where the time goes: each step does a little more than the one before, with the cyclic GC
        # off and the survivors frozen at exit, as the pr-impact launcher runs (pr_impact/__main__.py).
        modules = ("import pr_impact.cli, pr_impact.commands.check, pr_impact.core.engine, pr_impact.adapters.git,"
                   " pr_impact.adapters.config_file, pr_impact.render.json_out")
        steps = [(label, timed([python, "-c", f"import gc; gc.disable(); {code}; gc.freeze()"], repo, runs))
                 for label, code in (
            ("import typer (CLI framework)", "import typer"),
            ("+ pr-impact CLI, engine, git adapter", modules),
            ("+ compile the built-in rules", modules + "; pr_impact.adapters.config_file.default_config()"),
        )]
        imports = subprocess.run([python, "-X", "importtime", "-m", "pr_impact", "check"], cwd=repo,
                                 capture_output=True, text=True, check=False).stderr
        # A repository with its own config: validated on every run (cache off), or once (the default).
        (repo / ".github").mkdir()
        (repo / ".github" / "pr-impact.yml").write_text(
            'areas:\n  Search: "src/**"\nrules:\n  - name: search-is-core\n    when: {any_file: {path: "src/**"}}\n'
            "    then: {impact: user-facing, weight: 2, reason: Search is what users come for}\n")
        uncached = timed([exe, "check", "--format", "json"], repo, runs, {**os.environ, "PR_IMPACT_CACHE_DIR": ""})
        cached = timed([exe, "check", "--format", "json"], repo, runs,
                       {**os.environ, "PR_IMPACT_CACHE_DIR": str(Path(tmp) / "config-cache")})
    print(f"check, 50-file branch ({bindir.parent.name}): {check * 1000:.0f} ms; python -c pass: {base * 1000:.0f} ms;"
          f" ratio {check / base:.1f}x; cost above interpreter start {1000 * (check - base):.0f} ms")
    for label, seconds in steps:
        print(f"  {label:<40} {1000 * seconds:6.0f} ms ({1000 * (seconds - base):+.0f} ms over the interpreter)")
    # git reads the branch on a worker thread while the modules load and the rules compile.
    print(f"  {'+ git, classify and print (whole check)':<40} {1000 * check:6.0f} ms")
    print(f"  PyGithub imported by check: {'yes' if ' github' in imports else 'no'}")
    print(f"with .github/pr-impact.yml: {cached * 1000:.0f} ms once this machine has validated it "
          f"(ratio {cached / base:.1f}x); {uncached * 1000:.0f} ms validating it every run (YAML, JSON Schema)")


def bench_eval() -> None:
    data = sorted(glob.glob(str(ROOT.parent / "shared" / "eval" / "data" / "*.jsonl")))
    if not data:
        print("eval data not found next to the project: skipped")
        return
    from pr_impact.adapters.config_file import default_config
    from pr_impact.adapters.snapshot import pull_request_from_snapshot
    from pr_impact.core.engine import classify

    rows = [json.loads(line) for path in data for line in Path(path).read_text(encoding="utf-8").splitlines()]
    start = time.perf_counter()
    loaded = [pull_request_from_snapshot(r) for r in rows]
    parse = time.perf_counter() - start
    config = default_config()
    start = time.perf_counter()
    for pr in loaded:
        classify(pr, config)
    engine = time.perf_counter() - start
    print(f"eval set: {len(rows)} PRs, engine {1000 * engine / len(rows):.2f} ms/PR "
          f"({engine:.2f} s total; snapshot parsing {1000 * parse / len(rows):.2f} ms/PR)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--here", action="store_true",
                    help="time the pr-impact of this environment (often an editable install) instead of a fresh one")
    args = ap.parse_args()
    if args.here:
        bench_check(args.runs, Path(sys.executable).parent)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            bench_check(args.runs, installed_copy(Path(tmp)))
    bench_eval()


if __name__ == "__main__":
    main()
