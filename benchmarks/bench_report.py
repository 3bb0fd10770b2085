"""`pr-impact report` over a real local repository with 1,000+ merged PRs, against `git log --first-parent -p`.

The repository is generated in a temporary directory with `git fast-import` (no network): a code
base of a few hundred files in product areas, tests, docs, CI and dependency manifests, and a
history of squash merges (`Title (#N)`), merge commits (`Merge pull request #N from ...`) and a few
direct pushes, each PR changing a handful of files. Both commands read the same range in the same
run; the figure is the ratio of their median times. Targets: a year of 1,000+ PRs under 3 s, or
within 3.5x the git log when that is longer; a weekly digest (`--prs 50`) under 1 s. The baseline
is plain `git log -p` without user config (git's default rename detection, as report uses).
With `--against REV`, a fresh install of the working tree and one of git revision REV are timed in
the same runs (taking turns), and the ratio of the two is printed too.
Run: python benchmarks/bench_report.py [--prs N] [--runs N] [--repo PATH] [--against REV]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import installs

GIT_ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"}
AREAS = ("checkout", "billing", "search", "accounts", "catalog", "notifications")
TYPES = ("feat", "fix", "fix", "perf", "refactor", "ci", "test", "docs", "build(deps)", "chore")
START = 1_735_689_600  # 2025-01-01T00:00:00Z


class History:
    """The files of the generated repository, as lines, and the fast-import stream that builds it."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.files: dict[str, list[str]] = {}
        self.out: list[bytes] = []
        self.mark = 0
        self.clock = START
        for area in AREAS:
            for i in range(40):
                self.files[f"src/{area}/module_{i}.py"] = self._lines(60)
            for i in range(10):
                self.files[f"tests/{area}/test_module_{i}.py"] = self._lines(30)
            self.files[f"docs/{area}.md"] = [f"Line {j} about {area}." for j in range(40)]
        self.files[".github/workflows/ci.yml"] = ["on: push", "jobs:", "  test:", "    runs-on: ubuntu-latest"]
        self.files["requirements.txt"] = [f"package{i}=={i}.0.0" for i in range(30)]
        self.files[".github/pr-impact.yml"] = ["areas:", *(f"  {a.title()}: 'src/{a}/**'" for a in AREAS)]

    def _lines(self, n: int) -> list[str]:
        return [f"def f{self.rng.randrange(10**6)}(x):  # {self.rng.random():.6f}" if j % 3 == 0
                else f"    return x + {self.rng.randrange(1000)}" for j in range(n)]

    def _data(self, text: str) -> None:
        raw = text.encode()
        self.out.append(b"data %d\n%s\n" % (len(raw), raw))

    def _commit(self, ref: str, message: str, paths: list[str], parents: list[int]) -> int:
        """One commit writing `paths` (their current content) on `ref`; returns its mark."""
        self.clock += self.rng.randrange(600, 7200)
        self.mark += 1
        self.out.append(f"commit {ref}\nmark :{self.mark}\n".encode())
        who = f"Dev <dev{self.rng.randrange(20)}@example.com> {self.clock} +0000\n"
        self.out.append(f"author {who}committer {who}".encode())
        self._data(message)
        if parents:
            self.out.append(f"from :{parents[0]}\n".encode())
        self.out.extend(f"merge :{p}\n".encode() for p in parents[1:])
        for path in paths:
            if path in self.files:
                body = ("\n".join(self.files[path]) + "\n").encode()
                self.out.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(body), body))
            else:
                self.out.append(f"D {path}\n".encode())
        return self.mark

    def _change(self) -> list[str]:
        """Edit a few files the way a PR does; returns the paths touched."""
        kind = self.rng.choice(TYPES)
        if kind == "ci":
            paths = [".github/workflows/ci.yml"]
        elif kind == "docs":
            paths = [f"docs/{self.rng.choice(AREAS)}.md"]
        elif kind == "build(deps)":
            paths = ["requirements.txt"]
        else:
            area = self.rng.choice(AREAS)
            pool = [p for p in self.files if p.startswith((f"src/{area}/", f"tests/{area}/"))]
            paths = self.rng.sample(pool, self.rng.randint(1, 6))
        for path in paths:
            lines = self.files[path]
            for _ in range(self.rng.randint(1, 12)):
                at = self.rng.randrange(len(lines))
                lines[at : at + self.rng.randint(0, 2)] = self._lines(self.rng.randint(1, 4))
        self.kind = kind
        return paths

    def build(self, prs: int) -> bytes:
        head = self._commit("refs/heads/main", "Initial commit", sorted(self.files), [])
        for number in range(1, prs + 1):
            paths = self._change()
            title = f"{self.kind}: change number {number} in {paths[0].rsplit('/', 1)[-1]}"
            body = f"Fixes #{number + 5000}\n\n## Release notes\nSomething users see, number {number}.\n"
            if number % 5 == 0:  # a merge commit of a one-commit branch
                side = self._commit(f"refs/heads/pr-{number}", title, paths, [head])
                head = self._commit("refs/heads/main", f"Merge pull request #{number} from dev/pr-{number}\n\n"
                                    f"{title}\n\n{body}", paths, [head, side])
            else:
                head = self._commit("refs/heads/main", f"{title} (#{number})\n\n{body}", paths, [head])
            if number % 50 == 0:  # a direct push, which is no PR
                head = self._commit("refs/heads/main", "Bump version", [self._change()[0]], [head])
        return b"".join(self.out)


def make_repo(path: Path, prs: int) -> Path:
    """A repository at `path` with `prs` merged PRs on main, built by one `git fast-import`."""
    subprocess.run(["git", "-c", "init.defaultBranch=main", "init", "-q", str(path)], check=True, env=GIT_ENV)
    stream = History(seed=12).build(prs)
    subprocess.run(["git", "fast-import", "--quiet"], input=stream, cwd=path, check=True, env=GIT_ENV)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=path, check=True, env=GIT_ENV)
    subprocess.run(["git", "gc", "-q"], cwd=path, check=True, env=GIT_ENV)
    return path


def cpu_seconds() -> float:
    """CPU time (user and system) of every finished child process so far (git, pr-impact)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argvs: list[list[str]], cwd: Path, runs: int, envs: list[dict[str, str]]) -> list[tuple[float, float, bytes]]:
    """For each command, its median wall time and median CPU time over `runs` runs after one warm-up,
    and its last run's output; the commands take turns, so a change in load falls on all alike."""
    outs = [b""] * len(argvs)
    walls: list[list[float]] = [[] for _ in argvs]
    cpus: list[list[float]] = [[] for _ in argvs]
    for run in range(runs + 1):
        order = list(range(len(argvs)))
        for i in order if run % 2 == 0 else reversed(order):
            start, cpu = time.perf_counter(), cpu_seconds()
            proc = subprocess.run(argvs[i], cwd=cwd, capture_output=True, check=False, env=envs[i])
            if run:
                walls[i].append(time.perf_counter() - start)
                cpus[i].append(cpu_seconds() - cpu)
            if proc.returncode:
                sys.exit(f"{argvs[i]} failed: {proc.stderr.decode()[-800:]}")
            outs[i] = proc.stdout
    return [(statistics.median(w), statistics.median(c), o) for w, c, o in zip(walls, cpus, outs, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prs", type=int, default=1200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repo", type=Path, help="use (or create) the repository here instead of a temp dir")
    parser.add_argument("--against", metavar="REV", help="also time a fresh install of this git revision")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-report-"))
    try:
        repo = args.repo or tmp / "repo"
        if not (repo / ".git").exists():
            started = time.perf_counter()
            make_repo(repo, args.prs)
            print(f"generated {args.prs:,} merged PRs in {time.perf_counter() - started:.1f} s: {repo}")
        root = subprocess.run(["git", "rev-list", "--max-parents=0", "main"], cwd=repo, capture_output=True,
                              text=True, check=True, env=GIT_ENV).stdout.split()[0]
        names, exes = ["pr-impact report"], [str(Path(sys.executable).with_name("pr-impact"))]
        if args.against:
            names = ["working tree", args.against]
            exes = [str(installs.install(tmp / "tree") / "pr-impact"),
                    str(installs.install(tmp / "against", args.against) / "pr-impact")]
        # The warm-up run validates the repository's config and keeps it (as every later run on a
        # user's machine finds it): the timed runs only compile it. Each install has its own cache.
        argvs = [["git", "log", "--first-parent", "-p", f"{root}..main"],
                 *([exe, "report", "--from", root, "--to", "main", "--format", "json"] for exe in exes)]
        envs = [GIT_ENV, *({**GIT_ENV, "PR_IMPACT_CACHE_DIR": str(tmp / f"cache{i}")} for i in range(len(exes)))]
        (git_s, git_cpu, log), *reports = timed(argvs, repo, args.runs, envs)
        print(f"cores: {len(os.sched_getaffinity(0))}, load average: {os.getloadavg()[0]:.1f}")
        print(f"git log --first-parent -p: {git_s * 1000:8.0f} ms wall, {git_cpu * 1000:8.0f} ms CPU "
              f"({len(log) / 1e6:.1f} MB of output)")
        for name, (report_s, report_cpu, out) in zip(names, reports, strict=True):
            merged = out.count(b'"merged_at"')
            print(f"{name + ':':<26} {report_s * 1000:8.0f} ms wall, {report_cpu * 1000:8.0f} ms CPU "
                  f"({merged:,} merged PRs classified)")
            print(f"  ratio: {report_s / git_s:.2f}x wall (target: under 3 s or 3.5x, the larger), "
                  f"{report_cpu / git_cpu:.2f}x CPU")
        if len(reports) > 1:
            print(f"{names[0]} / {names[1]}, same runs: {reports[0][0] / reports[1][0]:.3f} wall, "
                  f"{reports[0][1] / reports[1][1]:.3f} CPU")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
