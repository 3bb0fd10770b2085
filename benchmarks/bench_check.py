"""Benchmarks printed as ratios against baselines measured in the same run (no absolute targets asserted).

1. `pr-impact check` on a 50-file branch of a real temporary git repo vs `python -c pass`, both from
   a fresh non-editable install (what users run; `--here` times this environment instead).
2. The engine on every PR of ../shared/eval (when present), per PR.
With `--against REV`, REV's pr-impact (a fresh install of that git revision) is timed too, each
command alternating between the two installs, and the table gives the ratio of this tree to REV.
Run: python benchmarks/bench_check.py [--runs N] [--against REV]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import installs

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


def timed(argvs: list[list[str]], cwd: Path, runs: int, env: dict[str, str] | None = None,
          cpu_out: list[float] | None = None) -> list[float]:
    """Median wall time of each command over `runs` runs (after one warm-up each), the commands taking
    turns so that a change in the machine's load falls on all of them alike. With `cpu_out`, each
    one's median CPU time (user and system) is appended to it: on a busy machine it varies less."""
    for argv in argvs:
        subprocess.run(argv, cwd=cwd, capture_output=True, check=False, env=env)
    samples: list[list[float]] = [[] for _ in argvs]
    cpus: list[list[float]] = [[] for _ in argvs]
    for run in range(runs):
        order = list(enumerate(argvs))
        for i, argv in order if run % 2 == 0 else reversed(order):
            start, cpu = time.perf_counter(), cpu_seconds()
            proc = subprocess.run(argv, cwd=cwd, capture_output=True, check=False, env=env)
            samples[i].append(time.perf_counter() - start)
            cpus[i].append(cpu_seconds() - cpu)
            if proc.returncode not in (0, 1):
                sys.exit(f"{argv} failed: {proc.stderr.decode()[-500:]}")
    if cpu_out is not None:
        cpu_out.extend(statistics.median(c) for c in cpus)
    return [statistics.median(s) for s in samples]


def cpu_seconds() -> float:
    """CPU time (user and system) of every finished child process so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_check(runs: int, bindirs: list[Path], names: list[str]) -> None:
    """`pr-impact check` on a 50-file branch against the same interpreter doing nothing, for each install."""
    pythons, exes = [str(b / "python") for b in bindirs], [str(b / "pr-impact") for b in bindirs]
    with tempfile.TemporaryDirectory() as tmp:
        repo = make_repo(Path(tmp))
        base = timed([[python, "-c", "pass"] for python in pythons], repo, runs)
        cpu: list[float] = []
        check = timed([[exe, "check", "--format", "json"] for exe in exes], repo, runs, cpu_out=cpu)
        # Where the time goes: each step does a little more than the one before, with the cyclic GC
        # off and the survivors frozen at exit, as the pr-impact launcher runs (pr_impact/__main__.py).
        modules = ("import pr_impact.cli, pr_impact.commands.check, pr_impact.core.engine, pr_impact.adapters.git,"
                   " pr_impact.adapters.config_file, pr_impact.render.json_out")
        steps = [(label, timed([[python, "-c", f"import gc; gc.disable(); {code}; gc.freeze()"] for python in pythons],
                               repo, runs))
                 for label, code in (
            ("import typer (CLI framework)", "import typer"),
            ("+ pr-impact CLI, engine, git adapter", modules),
            ("+ compile the built-in rules", modules + "; pr_impact.adapters.config_file.default_config()"),
        )]
        imports = subprocess.run([pythons[0], "-X", "importtime", "-m", "pr_impact", "check"], cwd=repo,
                                 capture_output=True, text=True, check=False).stderr
        # A repository with its own config: validated on every run (cache off), or once (the default).
        (repo / ".github").mkdir()
        (repo / ".github" / "pr-impact.yml").write_text(
            'areas:\n  Search: "src/**"\nrules:\n  - name: search-is-core\n    when: {any_file: {path: "src/**"}}\n'
            "    then: {impact: user-facing, weight: 2, reason: Search is what users come for}\n")
        uncached = timed([[exe, "check", "--format", "json"] for exe in exes], repo, runs,
                         {**os.environ, "PR_IMPACT_CACHE_DIR": ""})
        cached = timed([[exe, "check", "--format", "json"] for exe in exes], repo, runs,
                       {**os.environ, "PR_IMPACT_CACHE_DIR": str(Path(tmp) / "config-cache")})
    for i, name in enumerate(names):
        print(f"check, 50-file branch ({name}): {check[i] * 1000:.0f} ms; python -c pass: {base[i] * 1000:.0f} ms;"
              f" ratio {check[i] / base[i]:.1f}x; cost above interpreter start {1000 * (check[i] - base[i]):.0f} ms;"
              f" CPU time {1000 * cpu[i]:.0f} ms")
        for label, seconds in steps:
            print(f"  {label:<40} {1000 * seconds[i]:6.0f} ms ({1000 * (seconds[i] - base[i]):+.0f} ms over the "
                  "interpreter)")
        # git reads the branch on a worker thread while the modules load and the rules compile.
        print(f"  {'+ git, classify and print (whole check)':<40} {1000 * check[i]:6.0f} ms")
        print(f"with .github/pr-impact.yml: {cached[i] * 1000:.0f} ms once this machine has validated it "
              f"(ratio {cached[i] / base[i]:.1f}x); {uncached[i] * 1000:.0f} ms validating it every run (YAML, "
              "JSON Schema)")
    print(f"PyGithub imported by check ({names[0]}): {'yes' if ' github' in imports else 'no'}")
    if len(names) > 1:
        print(f"check CPU time (median): {names[0]} {1000 * cpu[0]:.1f} ms, {names[1]} {1000 * cpu[1]:.1f} ms, "
              f"ratio {cpu[0] / cpu[1]:.3f}")
        print(f"{names[0]} / {names[1]}, same runs: check {check[0] / check[1]:.3f}; "
              + "; ".join(f"{label.lstrip('+ ')} {s[0] / s[1]:.3f}" for label, s in steps)
              + f"; with a validated config {cached[0] / cached[1]:.3f}; validating it {uncached[0] / uncached[1]:.3f}")


def bench_action_imports(python: str, runs: int) -> None:
    """What the Action's run step imports before it reads the event (the CLI, the Action and PyGithub),
    timed against the interpreter doing nothing, and PyGithub's import stack on its own (PyGithub with
    requests, urllib3, PyJWT, PyNaCl...: -X importtime's cumulative time of `import github`)."""
    code = "import gc; gc.disable(); import pr_impact.cli, pr_impact.commands.action; gc.freeze()"
    with tempfile.TemporaryDirectory() as tmp:
        base, action = timed([[python, "-c", "pass"], [python, "-c", code]], Path(tmp), runs)
    stack = []
    for _ in range(runs):
        trace = subprocess.run([python, "-X", "importtime", "-c", "import github"], capture_output=True, text=True,
                               check=True).stderr
        stack.append(next(int(line.split("|")[1]) for line in trace.splitlines()
                          if line.split("|")[-1].strip() == "github"))
    print(f"Action run step imports (CLI, Action, PyGithub): {1000 * action:.0f} ms "
          f"({1000 * (action - base):+.0f} ms over the interpreter); PyGithub's import stack on its own "
          f"{statistics.median(stack) / 1000:.0f} ms (median, -X importtime)")


def bench_eval() -> float | None:
    """The engine's time per PR over every PR of ../shared/eval, printed; None when the data is absent."""
    data = sorted(glob.glob(str(ROOT.parent / "shared" / "eval" / "data" / "*.jsonl")))
    if not data:
        print("eval data not found next to the project: skipped")
        return None
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
    return 1000 * engine / len(rows)


def eval_in(bindir: Path) -> float | None:
    """bench_eval's ms/PR run by another install's interpreter (a fresh process)."""
    out = subprocess.run([str(bindir / "python"), __file__, "--eval-only"], capture_output=True, text=True,
                         check=True).stdout
    return float(out.split()[-1]) if out.strip() and out.split()[-1] != "skipped" else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--here", action="store_true",
                    help="time the pr-impact of this environment (often an editable install) instead of a fresh one")
    ap.add_argument("--against", metavar="REV", help="also time a fresh install of this git revision")
    ap.add_argument("--eval-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.eval_only:
        print(bench_eval() or "skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        bindirs = [Path(sys.executable).parent if args.here else installs.install(Path(tmp) / "tree")]
        names = ["this environment" if args.here else "working tree"]
        if args.against:
            bindirs.append(installs.install(Path(tmp) / "against", args.against))
            names.append(args.against)
        bench_check(args.runs, bindirs, names)
        bench_action_imports(str(bindirs[0] / "python"), args.runs)
        if not args.against:
            bench_eval()
            return
        # Three rounds, taking turns; the best of each install.
        rounds = [[eval_in(b) for b in bindirs] for _ in range(3)]
        best = [min((r[i] for r in rounds if r[i] is not None), default=None) for i in range(len(bindirs))]
        if best[0] is not None and best[1] is not None:
            print(f"eval set engine, best of 3 each: {names[0]} {best[0]:.3f} ms/PR, {names[1]} {best[1]:.3f} ms/PR, "
                  f"ratio {best[0] / best[1]:.3f}")


if __name__ == "__main__":
    main()
