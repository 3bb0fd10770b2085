"""`pr-impact report` on histories that are not one straight line: maintenance branches merged back, a
security advisory's fork merge, reverts, shallow clones; dates git cannot take; refs the wrong way round."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from pr_impact.errors import GitError, UsageError
from tests.commands.test_report import CONFIG, at, numbers, report, run, squash
from tests.gitrepo import GitRepo


def merge_branch(repo: GitRepo, branch: str, message: str, day: str) -> str:
    """A plain merge of `branch` into the current branch (no pull request), as `git merge` writes it."""
    repo.git("merge", "-q", "--no-ff", "-m", message, branch, env=at(day))
    return repo.git("rev-parse", "HEAD")


@pytest.fixture
def maintained(tmp_path: Path, global_config: Path) -> GitRepo:
    """main and a maintenance branch `stable` cut at v1.0.0: fixes land on stable (squash, merge commit, a
    direct push, a backport that keeps its number), v1.0.1 is tagged there, and stable is merged back."""
    r = GitRepo.create(tmp_path / "work", global_config)
    squash(r, "Initial commit", {".github/pr-impact.yml": CONFIG, "src/checkout/cart.py": "items = []\n"},
           "2026-09-01")
    r.git("tag", "v1.0.0")
    squash(r, "feat(checkout): gift wrapping (#11)", {"src/checkout/wrap.py": "def wrap(): ...\n"}, "2026-09-10")
    squash(r, "fix: totals are rounded once (#12)", {"src/payments/totals.py": "ROUND = 2\n"}, "2026-09-11")
    r.git("checkout", "-q", "-b", "stable", "v1.0.0")
    squash(r, "fix(checkout): empty carts cost nothing (#21)", {"src/checkout/empty.py": "TOTAL = 0\n"},
           "2026-09-12")
    r.git("checkout", "-q", "-b", "fix-refund", "stable")
    squash(r, "work in progress", {"src/payments/refund.py": "def refund(): ...\n"}, "2026-09-13")
    r.git("checkout", "-q", "stable")
    r.git("merge", "-q", "--no-ff", "-m", "Merge pull request #22 from octo/fix-refund\n\nfix: refunds reach the card",
          "fix-refund", env=at("2026-09-13"))
    squash(r, "fix: totals are rounded once (#12)", {"src/payments/totals.py": "ROUND = 2\n"}, "2026-09-14")
    squash(r, "Release 1.0.1", {"VERSION": "1.0.1\n"}, "2026-09-15")  # pushed straight to stable
    r.git("tag", "v1.0.1")
    r.git("checkout", "-q", "main")
    merge_branch(r, "stable", "Merge branch 'stable'", "2026-09-20")
    squash(r, "feat: coupons (#13)", {"src/checkout/coupon.py": "def apply(): ...\n"}, "2026-09-21")
    return r


def test_prs_merged_through_a_maintenance_branch_are_in_the_digest_once(maintained: GitRepo) -> None:
    """`Merge branch 'stable'` brings #21 and #22 into main through its second parent; #12 was backported
    with its number and is listed once; the release commit pushed to stable is a commit without a PR."""
    data = report(maintained, since="2026-09-01")
    assert sorted(numbers(data)) == [11, 12, 13, 21, 22]
    titles = {p["number"]: p["title"] for p in data["prs"]}
    assert titles[22] == "fix: refunds reach the card" and titles[21] == "fix(checkout): empty carts cost nothing"
    refund = next(p for p in data["prs"] if p["number"] == 22)
    assert refund["areas"] == ["Payments"] and refund["merged_at"] == "2026-09-13T12:00:00+00:00"
    assert data["totals"]["commits_without_pr"] == 2  # the initial commit and "Release 1.0.1"
    assert "2 commits without a pull request." in run(maintained.path, "report", "--since", "2026-09-01").stdout


def test_a_window_that_starts_after_the_fixes_still_gets_them_when_they_arrive(maintained: GitRepo) -> None:
    """The PRs were merged on stable before the window, but reached main inside it: they count."""
    assert sorted(numbers(report(maintained, since="2026-09-20"))) == [13, 21, 22]
    assert sorted(numbers(report(maintained, since="2026-09-21"))) == [13]


def test_a_release_on_a_maintenance_line_is_its_own_fixes(maintained: GitRepo) -> None:
    """v1.0.0..v1.0.1 are stable's fixes, not main's features; v1.0.1..main what main added since."""
    patch = report(maintained, from_ref="v1.0.0", to_ref="v1.0.1")
    assert sorted(numbers(patch)) == [12, 21, 22] and patch["totals"]["commits_without_pr"] == 1
    assert sorted(numbers(report(maintained, from_ref="v1.0.1", to_ref="main"))) == [11, 12, 13]


def test_a_security_advisorys_fork_merge_is_one_change(tmp_path: Path, global_config: Path) -> None:
    """GitHub merges a security advisory's private fork as `Merge commit from fork`: one change, titled by its
    first commit, with the files of all of them; its commits are not commits without a pull request."""
    r = GitRepo.create(tmp_path / "work", global_config)
    squash(r, "Initial commit", {".github/pr-impact.yml": CONFIG, "src/checkout/cart.py": "items = []\n"},
           "2026-10-01")
    r.git("checkout", "-q", "-b", "ghsa-fix")
    squash(r, "fix: reject paths outside the upload folder", {"src/checkout/upload.py": "SAFE = True\n"},
           "2026-10-02")
    squash(r, "test: cover the traversal", {"tests/test_upload.py": "def test(): ...\n"}, "2026-10-02")
    r.git("checkout", "-q", "main")
    squash(r, "feat: coupons (#13)", {"src/checkout/coupon.py": "def apply(): ...\n"}, "2026-10-03")
    merge_branch(r, "ghsa-fix", "Merge commit from fork\n\n* fix: reject paths outside the upload folder\n\n"
                 "* test: cover the traversal", "2026-10-04")
    data = report(r, since="2026-10-02")
    fork = next(p for p in data["prs"] if p["number"] is None)
    assert fork["title"] == "fix: reject paths outside the upload folder"
    assert fork["impact"] == "user-facing" and fork["areas"] == ["Checkout"]
    assert numbers(data) == [13, None] and data["totals"]["commits_without_pr"] == 0


def test_a_revert_and_the_pr_it_reverts_are_one_reverted_line(tmp_path: Path, global_config: Path) -> None:
    """`git revert` of a squash-merged PR, merged as a PR of its own: neither is an outcome of the window."""
    r = GitRepo.create(tmp_path / "work", global_config)
    squash(r, "Initial commit", {".github/pr-impact.yml": CONFIG, "src/checkout/cart.py": "items = []\n"},
           "2026-10-01")
    shipped = squash(r, "feat(checkout): one-click buy (#31)", {"src/checkout/buy.py": "def buy(): ...\n"},
                     "2026-10-02")
    squash(r, "fix: totals (#32)", {"src/payments/totals.py": "ROUND = 2\n"}, "2026-10-03")
    r.git("revert", "--no-edit", shipped, env=at("2026-10-04"))
    message = r.git("log", "-1", "--format=%B")
    r.git("commit", "-q", "--amend", "-m", message.replace('buy (#31)"', 'buy (#31)" (#33)', 1), env=at("2026-10-04"))
    data = report(r, since="2026-10-02")
    assert numbers(data) == [32]
    assert [(x["pr"]["number"], x["reverted_by"]["number"]) for x in data["reverted"]] == [(31, 33)]
    markdown = run(r.path, "report", "--since", "2026-10-02", "--format", "markdown").stdout
    assert "One\\-click buy (#31) — reverted by #33" in markdown and "1 pull request merged" in markdown


def shallow_clone(repo: GitRepo, tmp_path: Path, depth: int) -> Path:
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--no-checkout", f"--depth={depth}", f"file://{repo.path}", str(clone)],
                   env=repo.env, check=True)
    return clone


def test_a_shallow_clone_that_does_not_cover_the_window_is_an_error(maintained: GitRepo, tmp_path: Path) -> None:
    """A CI checkout (fetch-depth 1 by default) holds only the newest commits: the window would be cut short
    without a word and the oldest commit read as adding every file. It says so, and how to fix it: exit 2."""
    clone = shallow_clone(maintained, tmp_path, 2)
    proc = run(clone, "report", "--since", "2026-09-01", "--format", "json")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "shallow" in proc.stderr and "fetch-depth: 0" in proc.stderr and "git fetch --unshallow" in proc.stderr
    assert proc.stdout == ""
    before = run(clone, "report", "--since", "2026-08-01", "--until", "2026-08-31")  # wholly before the history
    assert before.returncode == 2 and "shallow" in before.stderr
    covered = run(clone, "report", "--since", "2026-09-21", "--format", "json")  # the newest commit only
    assert covered.returncode == 0, covered.stderr
    assert [p["number"] for p in json.loads(covered.stdout)["prs"]] == [13]


def test_a_window_from_1970_reads_everything(maintained: GitRepo) -> None:
    """git reads `--since=@<seconds>` as a date only from nine digits: 1970-1973 gave no PR at all."""
    assert sorted(numbers(report(maintained, since="1970-01-01"))) == [11, 12, 13, 21, 22]
    assert numbers(report(maintained, since="1969-12-01", until="1972-12-31")) == []


@pytest.mark.parametrize(("since", "until"), [("1970-01-01", None), ("2026-09-15 ", "2026-09-20")])
def test_dates_are_shown_as_given_without_stray_spaces(maintained: GitRepo, since: str, until: str | None) -> None:
    args = ["report", "--since", since, *(["--until", until] if until else []), "--format", "markdown"]
    proc = run(maintained.path, *args)
    assert proc.returncode == 0, proc.stderr
    assert "  " not in proc.stdout.splitlines()[0]
    refused = run(maintained.path, "report", "--since", "2026-09-20 ", "--until", "2026-09-01")
    assert refused.returncode == 2 and "2026-09-20 is after" in refused.stderr and "  " not in refused.stderr


def test_from_and_to_the_wrong_way_round_say_so(maintained: GitRepo) -> None:
    with pytest.raises(UsageError, match=r"comes after --to v1\.0\.0") as caught:
        report(maintained, from_ref="main", to_ref="v1.0.0")
    assert "--from v1.0.0 --to main" in caught.value.hint
    proc = run(maintained.path, "report", "--from", "v1.0.1", "--to", "v1.0.0")
    assert proc.returncode == 2 and "swap" in proc.stderr
    assert report(maintained, from_ref="v1.0.1", to_ref="v1.0.1")["prs"] == []  # the same ref: just empty


def test_the_config_is_the_one_at_the_windows_end_and_says_which(maintained: GitRepo) -> None:
    """With --until, the rules are those committed then: a config broken (or changed) since does not change
    the past. The digest names the commit it read them at."""
    end = maintained.git("rev-parse", "main")
    squash(maintained, "chore: rename the areas (#40)", {".github/pr-impact.yml": "areas: [not, a, mapping]\n"},
           "2026-10-01")
    data = report(maintained, since="2026-09-01", until="2026-09-30")
    assert data["config"] == f"{end[:12]}:.github/pr-impact.yml"
    assert next(p for p in data["prs"] if p["number"] == 13)["areas"] == ["Checkout"]
    later = run(maintained.path, "report", "--since", "2026-09-01")  # up to now: today's broken config
    assert later.returncode == 2 and "main:.github/pr-impact.yml" in later.stderr


def test_report_outside_a_repository_says_to_run_it_in_a_clone(tmp_path: Path, global_config: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """`report` has no --snapshot to suggest: the fix is a clone (no checkout needed)."""
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    with pytest.raises(GitError) as caught:
        report(tmp_path / "empty")
    assert "--snapshot" not in str(caught.value) and "clone" in caught.value.hint


def test_a_tree_is_not_a_commit(maintained: GitRepo) -> None:
    tree = maintained.git("rev-parse", "main^{tree}")
    with pytest.raises(UsageError, match="names a tree, not a commit"):
        report(maintained, to_ref=tree)
    with pytest.raises(UsageError, match="does not exist"):
        report(maintained, to_ref="no-such-tag")


def test_a_maintenance_branch_merged_back_through_a_pull_request_brings_its_prs(maintained: GitRepo) -> None:
    """On GitHub a protected main takes the merge-back as a PR (`Merge pull request #60 from octo/stable`): the
    PR carries stable's PRs, which are listed, not the carrier. A long-lived branch whose PR carries none
    (a release branch with a version bump only) is that PR."""
    maintained.git("checkout", "-q", "stable")
    squash(maintained, "fix: logout keeps the cart (#23)", {"src/checkout/logout.py": "KEEP = True\n"},
           "2026-09-22")
    maintained.git("checkout", "-q", "main")
    merge_branch(maintained, "stable", "Merge pull request #60 from octo/stable\n\nMerge stable into main",
                 "2026-09-23")
    maintained.git("checkout", "-q", "-b", "release/1.1")
    squash(maintained, "Bump the version to 1.1.0", {"VERSION": "1.1.0\n"}, "2026-09-24")
    maintained.git("checkout", "-q", "main")
    merge_branch(maintained, "release/1.1", "Merge pull request #61 from octo/release/1.1\n\nRelease 1.1.0",
                 "2026-09-25")
    data = report(maintained, since="2026-09-22")
    assert numbers(data) == [23, 61]
    assert data["totals"]["commits_without_pr"] == 0
