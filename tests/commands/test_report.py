"""`pr-impact report` on real temporary git repositories: which commits are PRs, windows, config, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pr_impact.adapters import git_history
from pr_impact.commands.report import local_digest, parse_when
from pr_impact.errors import UsageError
from tests.gitrepo import GitRepo
from tests.rendered import is_workflow_command, parse

CONFIG = """\
areas:
  Checkout: "src/checkout/**"
  Payments: "src/payments/**"
"""



def at(day: str) -> dict[str, str]:
    """Author and committer dates for a commit made at noon UTC on `day`."""
    stamp = f"{day}T12:00:00+0000"
    return {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}


def squash(repo: GitRepo, subject: str, files: dict[str, str], day: str, body: str = "",
           email: str | None = None) -> str:
    """A squash merge on main, as GitHub writes it: one commit titled `Title (#N)`."""
    for path, content in files.items():
        repo.write(path, content)
    repo.git("add", "-A")
    env = at(day) | ({"GIT_AUTHOR_EMAIL": email} if email else {})
    repo.git("commit", "-q", "--allow-empty", "-m", subject + ("\n\n" + body if body else ""), env=env)
    return repo.git("rev-parse", "HEAD")


def merge_pr(repo: GitRepo, number: int, branch: str, title: str, files: dict[str, str], day: str,
             body: str = "") -> str:
    """A merge commit on main, as GitHub writes it, merging a branch with one commit."""
    repo.git("checkout", "-q", "-b", branch)
    for path, content in files.items():
        repo.write(path, content)
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "work in progress", env=at(day))
    repo.git("checkout", "-q", "main")
    message = f"Merge pull request #{number} from octo/{branch}\n\n{title}" + (f"\n\n{body}" if body else "")
    repo.git("merge", "-q", "--no-ff", "-m", message, branch, env=at(day))
    return repo.git("rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path, global_config: Path) -> GitRepo:
    """main with a config, two weeks of PRs (squash and merge commits), a direct push and two tags."""
    r = GitRepo.create(tmp_path / "work", global_config)
    squash(r, "Initial commit", {".github/pr-impact.yml": CONFIG, "src/checkout/cart.py": "items = []\n",
                                 "README.md": "# Shop\n"}, "2026-11-02")
    r.git("tag", "v1.0.0")
    squash(r, "feat(checkout): gift wrapping (#11)", {"src/checkout/wrap.py": "def wrap(): ...\n"}, "2026-11-09",
           body="Fixes #3\n\n## Release notes\nGifts can be wrapped at checkout.\n")
    merge_pr(r, 12, "ci-cache", "ci: cache pip downloads", {".github/workflows/ci.yml": "on: push\n"}, "2026-11-10")
    squash(r, "Tidy README", {"README.md": "# Shop!\n"}, "2026-11-11")  # pushed straight to main: no PR
    r.git("tag", "v1.1.0")
    squash(r, "fix: totals are rounded once (#13)", {"src/payments/totals.py": "ROUND = 2\n"}, "2026-11-17")
    merge_pr(r, 14, "14-refunds", "feat: refunds in the basket", {"src/checkout/refund.py": "def refund(): ...\n"},
             "2026-11-18")
    return r


def report(repo: GitRepo | Path, **kwargs: Any) -> dict[str, Any]:
    """The JSON digest, in process, for a repository."""
    path = repo.path if isinstance(repo, GitRepo) else repo
    out: dict[str, Any] = json.loads(local_digest(path, fmt="json", **kwargs))
    return out


def numbers(data: dict[str, Any]) -> list[int]:
    return [p["number"] for p in data["prs"]]


def test_squash_and_merge_commits_are_prs_and_direct_pushes_are_not(repo: GitRepo) -> None:
    data = report(repo, since="2026-11-01")
    assert numbers(data) == [11, 12, 13, 14]
    titles = {p["number"]: p["title"] for p in data["prs"]}
    assert titles == {11: "feat(checkout): gift wrapping", 12: "ci: cache pip downloads",
                      13: "fix: totals are rounded once", 14: "feat: refunds in the basket"}
    first = data["prs"][0]
    assert first["merged_at"] == "2026-11-09T12:00:00+00:00"
    assert first["release_note"] == "Gifts can be wrapped at checkout."
    assert first["impact"] == "user-facing" and first["areas"] == ["Checkout"]
    assert data["groups"]["internal"] == {"CI": 1}
    assert data["groups"]["user-facing"] == {"Checkout": [11, 14], "Payments": [13]}


def test_dates_bound_the_window_inclusively(repo: GitRepo) -> None:
    assert numbers(report(repo, since="2026-11-10", until="2026-11-17")) == [12, 13]
    assert numbers(report(repo, since="2026-11-10T12:00:01Z", until="2026-11-18")) == [13, 14]


def test_default_window_is_the_last_seven_days(repo: GitRepo) -> None:
    data = report(repo, now=datetime(2026, 11, 19, 8, 0, tzinfo=UTC))
    assert numbers(data) == [13, 14]
    assert data["window"]["since"] == "2026-11-13"


def test_tags_bound_a_release(repo: GitRepo) -> None:
    data = report(repo, from_ref="v1.0.0", to_ref="v1.1.0")
    assert numbers(data) == [11, 12]
    assert data["window"] == {"since": None, "until": None, "from": "v1.0.0", "to": "v1.1.0"}
    assert numbers(report(repo, from_ref="v1.1.0")) == [13, 14]


def test_a_ref_alone_bounds_the_window_and_is_shown(repo: GitRepo) -> None:
    """--to alone reads from the start (no default week); --from alone names the branch it read; dates
    given with refs are applied and shown."""
    later = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    to_only = report(repo, to_ref="v1.1.0", now=later)
    assert numbers(to_only) == [11, 12]
    assert to_only["window"] == {"since": None, "until": None, "from": None, "to": "v1.1.0"}
    from_only = report(repo, from_ref="v1.0.0", now=later)
    assert numbers(from_only) == [11, 12, 13, 14] and from_only["window"]["to"] == "main"
    both = local_digest(repo.path, from_ref="v1.0.0", since="2026-11-10", fmt="markdown", now=later)
    assert "v1.0.0 → main, since 2026\\-11\\-10" in both
    assert numbers(report(repo, from_ref="v1.0.0", since="2026-11-10")) == [12, 13, 14]



def test_empty_window_is_an_empty_digest(repo: GitRepo) -> None:
    data = report(repo, since="2026-12-01", until="2026-12-31")
    assert data["prs"] == [] and data["totals"]["total"] == 0
    assert "No pull requests were merged" in local_digest(repo.path, since="2026-12-01", fmt="markdown")


def test_merge_commit_links_issues_from_its_branch(repo: GitRepo) -> None:
    """The merged branch's name (`14-refunds`) links issue 14, as `check` on that branch would."""
    since = parse_when("2026-11-18", end_of_day=False, option="--since")
    [merged] = git_history.merged_prs(git_history.resolve_range(repo.path, None, None), since)
    assert (merged.pr.number, merged.pr.head, merged.pr.base) == (14, "14-refunds", "main")
    assert [i.number for i in merged.pr.linked_issues] == [14]
    assert [f.path for f in merged.pr.files] == ["src/checkout/refund.py"]  # the diff against the first parent


def test_config_is_the_one_at_the_end_of_the_window(repo: GitRepo) -> None:
    """Areas come from the committed config at --to, not from the work tree."""
    (repo.path / ".github" / "pr-impact.yml").write_text("areas:\n  Everything: '**'\n")
    data = report(repo, from_ref="v1.0.0", to_ref="v1.1.0")
    assert data["config"] == "v1.1.0:.github/pr-impact.yml"
    assert data["prs"][0]["areas"] == ["Checkout"]


def test_a_file_renamed_across_the_window_is_one_rename(repo: GitRepo) -> None:
    """A rename PR is one renamed file in its new area; later PRs see the new path."""
    repo.git("mv", "src/checkout/cart.py", "src/payments/cart.py")  # src/payments/ exists since #13
    squash(repo, "refactor: move the cart to payments (#15)", {}, "2026-11-20")
    squash(repo, "fix: empty carts cost nothing (#16)", {"src/payments/cart.py": "items = []\nTOTAL = 0\n"},
           "2026-11-21")
    data = report(repo, since="2026-11-20")
    assert numbers(data) == [15, 16]
    assert [p["areas"] for p in data["prs"]] == [["Payments"], ["Payments"]]
    since = parse_when("2026-11-20", end_of_day=False, option="--since")
    *_later, moved = (m.pr for m in git_history.merged_prs(git_history.resolve_range(repo.path, None, None), since))
    assert [(f.path, f.status, f.previous_path) for f in moved.files] == [
        ("src/payments/cart.py", "renamed", "src/checkout/cart.py")]


def test_hostile_title_is_neutralised(repo: GitRepo) -> None:
    title = "feat: <img src=x onerror=alert(1)> @org/admins #1 <!-- pr-impact --> ::error::boom"
    squash(repo, f"{title} (#17)", {"src/checkout/x.py": "x = 1\n"}, "2026-11-22", body="::set-output name=a::b")
    markdown = local_digest(repo.path, since="2026-11-22", fmt="markdown")
    parsed = parse(markdown)
    assert "img" not in parsed.tags and "!--" not in parsed.tags
    assert "@org/admins" not in "".join(parsed.text) and "<!-- pr-impact" not in markdown
    assert not any(is_workflow_command(line) for line in markdown.splitlines())
    text = local_digest(repo.path, since="2026-11-22", fmt="text")
    assert "(#17)" in text and not any(is_workflow_command(line) for line in text.splitlines())


def test_report_classifies_as_check_does(repo: GitRepo, tmp_path: Path) -> None:
    """A branch's verdict from `check` is the verdict `report` gives once it is squash-merged."""
    repo.git("checkout", "-q", "-b", "feature/coupons")
    repo.write("src/checkout/coupon.py", "def apply(code):\n    return code.upper()\n")
    repo.write("tests/test_coupon.py", "def test_apply():\n    assert True\n")
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "feat(checkout): coupons at checkout\n\nCloses #9", env=at("2026-11-23"))
    checked = json.loads(run(repo.path, "check", "--base", "main", "--format", "json").stdout)
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--squash", "feature/coupons")
    repo.git("commit", "-q", "-m", "feat(checkout): coupons at checkout (#18)\n\nCloses #9", env=at("2026-11-23"))
    reported = report(repo, since="2026-11-23")["prs"][0]
    assert {k: reported[k] for k in ("impact", "confidence", "areas")} == {
        "impact": checked["impact"], "confidence": checked["confidence"], "areas": list(checked["areas"])}


def test_history_is_read_by_one_git_log(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    """However many PRs, one `git log` streams them all."""
    for n in range(20, 30):
        squash(repo, f"fix: thing {n} (#{n})", {f"src/checkout/t{n}.py": "x = 1\n"}, "2026-11-24")
    started: list[list[str]] = []
    real_popen = subprocess.Popen

    def recording(cmd: list[str], *args: Any, **kwargs: Any) -> Any:
        started.append(cmd)
        return real_popen(cmd, *args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", recording)
    assert len(report(repo, since="2026-11-01")["prs"]) == 14
    assert sum("log" in cmd for cmd in started) == 1
    assert len(started) <= 6


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a subprocess."""
    return subprocess.run([sys.executable, "-m", "pr_impact", *args], cwd=cwd, capture_output=True, text=True,
                          check=False)


def test_cli_report_in_a_no_checkout_clone(repo: GitRepo, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(repo.path), str(clone)], check=True)
    assert not (clone / "src").exists()
    proc = run(clone, "report", "--from", "v1.0.0", "--to", "v1.1.0", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [p["number"] for p in data["prs"]] == [11, 12]
    assert data["config"] == "v1.1.0:.github/pr-impact.yml"
    default = run(clone, "report", "--since", "2026-11-01", "--format", "markdown")
    assert default.returncode == 0, default.stderr
    assert "(#14)" in default.stdout and "```mermaid" in default.stdout


@pytest.mark.parametrize("args", [("--since", "last week"), ("--until", "2026-13-01"), ("--since", "2026-11-30",
                                  "--until", "2026-11-01"), ("--to", "no-such-tag"), ("--from", "--help")])
def test_cli_bad_input_is_a_usage_error(repo: GitRepo, args: tuple[str, ...]) -> None:
    proc = run(repo.path, "report", *args)
    assert proc.returncode == 2, proc.stderr
    assert "pr-impact: error:" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_empty_window_exits_zero(repo: GitRepo) -> None:
    proc = run(repo.path, "report", "--since", "2030-01-01")
    assert proc.returncode == 0, proc.stderr
    assert "No pull requests were merged in this window." in proc.stdout


def test_parse_when_accepts_dates_and_zoned_times() -> None:
    assert parse_when("2026-11-23", end_of_day=True, option="--until") == datetime(
        2026, 11, 23, 23, 59, 59, 999999, tzinfo=UTC)
    assert parse_when("2026-11-23T09:00+01:00", end_of_day=False, option="--since") == datetime(
        2026, 11, 23, 8, 0, tzinfo=UTC)
    with pytest.raises(UsageError, match="is not a date"):
        parse_when("yesterday", end_of_day=False, option="--since")


def test_pr_identity_reads_github_subjects() -> None:
    merge: Callable[[str], Any] = git_history.pr_identity
    assert merge("Merge pull request #7 from a/b/c\n\nTitle here\n\nBody") == (7, "Title here", "Body", "b/c")
    assert merge("Merge pull request #8 from a/topic") == (8, "topic", "", "topic")
    assert merge("Add thing (#9)\n\nbody") == (9, "Add thing", "body", "")
    assert merge("Merge branch 'main' into topic") is None
    assert merge("Bump to (#x)") is None


@given(cuts=st.lists(st.integers(min_value=0, max_value=1 << 16), max_size=12))
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_parse_log_reads_any_chunking_of_the_stream(log_output: bytes, cuts: list[int]) -> None:
    """However git's output is cut into chunks, the same PRs come out."""
    whole = list(git_history.parse_log([log_output]))
    points = sorted({c % (len(log_output) + 1) for c in cuts})
    pieces = [log_output[a:b] for a, b in zip([0, *points], [*points, len(log_output)], strict=True)]
    assert list(git_history.parse_log(p for p in pieces if p)) == whole
    assert [(git_history.pr_identity(c.message) or (None,))[0] for c in whole] == [14, 13, None, 12, 11, None]


@pytest.fixture(scope="module")
def log_output(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """What the history reader's `git log` prints for the repo fixture's history (one real run)."""
    tmp = tmp_path_factory.mktemp("log")
    (tmp / "gitconfig").write_text("")
    r = GitRepo.create(tmp / "work", tmp / "gitconfig")
    squash(r, "Initial commit", {"src/checkout/cart.py": "items = []\n"}, "2026-11-02")
    squash(r, "feat: gift wrapping (#11)", {"src/checkout/wrap.py": "def wrap(): ...\n"}, "2026-11-09")
    merge_pr(r, 12, "ci-cache", "ci: cache pip", {".github/workflows/ci.yml": "on: push\n"}, "2026-11-10")
    squash(r, "Tidy README", {"README.md": "# Shop!\n"}, "2026-11-11")
    (r.path / "src" / "payments").mkdir()
    r.git("mv", "src/checkout/cart.py", "src/payments/cart.py")
    squash(r, "refactor: move the cart (#13)", {}, "2026-11-12")
    squash(r, "chore: empty commit (#14)", {}, "2026-11-13")
    return subprocess.run(["git", *git_history.log_args([r.git("rev-parse", "main")])], cwd=r.path, env=r.env,
                          capture_output=True, check=True).stdout


def test_without_a_config_at_the_end_of_the_window_the_defaults_apply(repo: GitRepo) -> None:
    repo.git("rm", "-q", ".github/pr-impact.yml")
    squash(repo, "chore: drop the config (#19)", {}, "2026-11-26")
    data = report(repo, since="2026-11-26")
    assert data["config"] == "built-in defaults" and numbers(data) == [19]
    assert report(repo, from_ref="v1.0.0", to_ref="v1.1.0")["config"] == "v1.1.0:.github/pr-impact.yml"


def test_parse_log_reads_the_stream_cut_at_any_byte(log_output: bytes) -> None:
    """Every place one chunk can end (inside a header, the raw records, `diff --git `, a patch)."""
    whole = list(git_history.parse_log([log_output]))
    for cut in range(1, len(log_output)):
        assert list(git_history.parse_log([log_output[:cut], log_output[cut:]])) == whole, cut


def test_without_a_default_branch_the_error_asks_for_to(tmp_path: Path, global_config: Path) -> None:
    r = GitRepo.create(tmp_path / "other", global_config)
    r.git("checkout", "-q", "-b", "trunk")
    squash(r, "feat: a (#1)", {"a.py": "a = 1\n"}, "2026-11-02")
    proc = run(r.path, "report", "--since", "2026-11-01")
    assert proc.returncode == 3 and "--to" in proc.stderr
    assert run(r.path, "report", "--since", "2026-11-01", "--to", "trunk").returncode == 0
