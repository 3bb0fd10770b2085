"""HTTP requests and wall time per Action run against the local fake GitHub, next to the minimum GitHub allows.

For PRs with 10, 100 and 3,000 files, a first run and an unchanged re-run. The minimum: one files
page per 100 files, one GraphQL query (linked issues, commit messages, who added the PR's labels
and the config at the base commit), one comments list, and writes only for what changed (first
run: add the label, post the comment; re-run: none). A first run's minimum also counts the recheck:
after posting, the comments are listed once more so that two runs at once end with one comment.
Wall time is compared with the same number of plain `urllib` GETs to the same server, measured in
the same run. Then the requests of a first run with Jira in the config (a local fake Jira): one more
for a ticket the PR names, none when it names none or the config has no trackers. Nothing is asserted.
Run: python benchmarks/bench_action.py [--runs N]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the fake GitHub lives with the tests

from fake_github import FakeGitHub, FakeState  # noqa: E402

from pr_impact.adapters.config_file import default_config  # noqa: E402
from pr_impact.commands.action import Settings, client_for, run  # noqa: E402

TOKEN = "bench-token"
REPO = "octo/app"
SIZES = (10, 100, 3000)


def files(n: int) -> list[dict[str, Any]]:
    """`n` changed files of mixed kinds, each with a small patch."""
    kinds = ("src/ui/page{}.tsx", "src/api/handler{}.py", "tests/test_{}.py", "docs/guide{}.md")
    return [{"filename": kinds[i % len(kinds)].format(i), "status": "modified", "additions": 2, "deletions": 1,
             "changes": 3, "patch": "@@ -1 +1,2 @@\n-a\n+b\n+c"} for i in range(n)]


def event(n: int, labels: list[str], title: str = "feat(ui): dark mode") -> dict[str, Any]:
    """A pull_request event for PR #7 with `n` files."""
    pr = {"number": 7, "state": "open", "title": title, "body": "Closes #3",
          "user": {"login": "alice", "type": "User"}, "changed_files": n,
          "head": {"ref": "feature/dark", "sha": "c" * 40, "repo": {"full_name": REPO}},
          "base": {"ref": "main", "sha": "b" * 40, "repo": {"full_name": REPO}},
          "labels": [{"name": name} for name in labels]}
    return {"action": "synchronize", "pull_request": pr, "repository": {"full_name": REPO},
            "sender": {"login": "alice", "type": "User"}}


def fresh_state(n: int) -> FakeState:
    """A repository with the impact labels defined and PR #7 of `n` files closing issue #3."""
    state = FakeState(repo=REPO, token=TOKEN)
    state.add_pull(7, files(n), commits=["feat(ui): dark mode"])
    state.add_issue(3, "Dark mode is missing")
    for spec in default_config().labels.values():
        state.add_label(spec.name, spec.color, spec.description)
    return state


def one_run(gh: FakeGitHub, tmp: Path, n: int, title: str = "feat(ui): dark mode",
            extra_env: dict[str, str] | None = None) -> tuple[int, float]:
    """Run the Action once; return (GitHub requests it made, seconds it took)."""
    path = tmp / "event.json"
    path.write_text(json.dumps(event(n, gh.state.issue_labels.get(7, []), title)), encoding="utf-8")
    env = {**gh.env(), "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(path),
           "INPUT_GITHUB_TOKEN": TOKEN, **(extra_env or {})}
    before = len(gh.state.requests)
    started = time.perf_counter()
    code = run(Settings.from_env(env), client_for, io.StringIO())
    elapsed = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"the Action failed on a {n}-file PR (exit {code})")
    return len(gh.state.requests) - before, elapsed


def minimum(n: int, first: bool) -> int:
    """The fewest requests: files pages, GraphQL, comment list; first run: label, comment and the recheck."""
    return -(-min(n, 3000) // 100) + 2 + (3 if first else 0)


def raw_gets(gh: FakeGitHub, count: int) -> float:
    """Seconds for `count` plain urllib GETs of the files list (the transport's floor)."""
    request = urllib.request.Request(f"{gh.api_url}/repos/{REPO}/pulls/7/files?per_page=100",
                                     headers={"Authorization": f"token {TOKEN}"})
    started = time.perf_counter()
    for _ in range(count):
        with urllib.request.urlopen(request) as resp:
            resp.read()
    return time.perf_counter() - started


def bench(n: int, runs: int, tmp: Path) -> list[tuple[str, int, int, float, float]]:
    """(case, requests, minimum, run seconds, baseline seconds) for a first run and a re-run."""
    rows = []
    for first in (True, False):
        samples = []
        for _ in range(runs):
            with FakeGitHub(fresh_state(n)) as gh:
                if not first:
                    one_run(gh, tmp, n)  # leave the label and comment an earlier run wrote
                requests, seconds = one_run(gh, tmp, n)
                baseline = raw_gets(gh, requests)
                samples.append((requests, seconds, baseline))
        requests = samples[0][0]
        seconds = statistics.median(s for _, s, _ in samples)
        baseline = statistics.median(b for _, _, b in samples)
        rows.append((f"{n} files, {'first run' if first else 'unchanged re-run'}", requests, minimum(n, first),
                     seconds, baseline))
    return rows


def ticket_runs(tmp: Path) -> list[tuple[str, int, int]]:
    """(case, GitHub requests, tracker requests) of a first run on a 10-file PR: without trackers in the
    config, with trackers and no key in the PR, and with one Jira ticket in its title (token set)."""
    from fake_trackers import EMAIL, JIRA_TOKEN, FakeTrackers

    rows = []
    with FakeTrackers() as jira:
        jira.add("ENG-7", "Dark mode on every page", type="Story")
        config = f"trackers:\n  jira: {{url: '{jira.jira_url}', projects: [ENG]}}\n"
        tokens = {"INPUT_JIRA_USER_EMAIL": EMAIL, "INPUT_JIRA_API_TOKEN": JIRA_TOKEN}
        for case, text, title in (("no trackers, a key in the title", None, "feat(ui): dark mode (ENG-7)"),
                                  ("trackers, no key in the PR", config, "feat(ui): dark mode"),
                                  ("trackers, one ticket", config, "feat(ui): dark mode (ENG-7)")):
            state = fresh_state(10)
            if text is not None:
                state.add_file(".github/pr-impact.yml", text, ref="b" * 40)
            asked = len(jira.seen)
            with FakeGitHub(state) as gh:
                requests, _seconds = one_run(gh, tmp, 10, title, tokens)
            rows.append((case, requests, len(jira.seen) - asked))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3, help="runs per case (the median is shown)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rows = [row for n in SIZES for row in bench(n, args.runs, Path(folder))]
    print(f"{'case':<30} {'requests':>8} {'minimum':>8} {'ratio':>6} {'run ms':>8} {'GETs ms':>8} {'ratio':>6}")
    for case, requests, least, seconds, baseline in rows:
        print(f"{case:<30} {requests:>8} {least:>8} {requests / least:>6.2f} {seconds * 1000:>8.1f} "
              f"{baseline * 1000:>8.1f} {seconds / baseline:>6.2f}")
    print("\nrun ms: the whole run (requests, classifying, rendering); GETs ms: as many plain urllib GETs of a")
    print("files page from the same fake server, measured right after it: the transport's floor.")
    with tempfile.TemporaryDirectory() as folder:
        tickets = ticket_runs(Path(folder))
    print(f"\n{'first run, 10 files':<34} {'GitHub':>7} {'Jira':>5} {'total':>6}")
    for case, github, tracker in tickets:
        print(f"{case:<34} {github:>7} {tracker:>5} {github + tracker:>6}")


if __name__ == "__main__":
    main()
