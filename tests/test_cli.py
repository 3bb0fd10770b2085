"""The CLI end to end, as a user runs it: real temporary git repositories, real subprocesses, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """A repo with an origin whose default branch is main, and some shipped code and tests."""
    (tmp_path / "gitconfig").write_text("")
    r = GitRepo.create(tmp_path / "work", tmp_path / "gitconfig")
    r.commit("initial", {
        "src/app/settings.py": "THEME = 'light'\n\ndef theme():\n    return THEME\n",
        "src/app/ui/button.tsx": "export const Button = () => <button>OK</button>\n",
        "tests/test_settings.py": "def test_theme():\n    assert True\n",
        "docs/guide.md": "# Guide\n",
        "CONTRIBUTING.md": "# Contributing\n",
    })
    r.add_origin(tmp_path / "origin.git", "main")
    return r


def run(repo: GitRepo | Path, *args: str, env: dict[str, str] | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    cwd = cwd or (repo.path if isinstance(repo, GitRepo) else repo)
    base_env = repo.env if isinstance(repo, GitRepo) else None
    return subprocess.run([sys.executable, "-m", "pr_impact", *args], cwd=cwd, capture_output=True, text=True,
                          env={**(base_env or {}), **(env or {})} if base_env or env else None, check=False)


def verdict(repo: GitRepo, *args: str) -> dict[str, object]:
    proc = run(repo, "check", "--format", "json", *args)
    assert proc.returncode == 0, proc.stderr
    result: dict[str, object] = json.loads(proc.stdout)
    return result


def test_feature_branch_is_user_facing_and_titled_from_the_branch(repo: GitRepo) -> None:
    repo.branch("feature/dark-mode-toggle")
    repo.commit("add dark theme", {"src/app/settings.py": "THEME = 'dark'\n\ndef theme():\n    return THEME\n"})
    repo.commit("add toggle button", {"src/app/ui/button.tsx": "export const Toggle = () => <button>Dark</button>\n"})
    result = verdict(repo)
    assert result["impact"] == "user-facing"
    assert result["title"] == "dark mode toggle"
    assert result["label"] == "impact: user-facing"


def test_check_from_a_subdirectory_reads_the_whole_branch(repo: GitRepo) -> None:
    # With diff.relative, a diff run in docs/ would see docs/ alone, with paths relative to it.
    repo.git("config", "diff.relative", "true")
    repo.branch("feature")
    repo.commit("fix: orders", {"src/app/settings.py": "THEME = 'dark'\n", "docs/guide.md": "# The guide\n"})
    proc = run(repo, "explain", "--no-color", cwd=repo.path / "docs")
    assert proc.returncode == 0, proc.stderr
    assert "src/app/settings.py" in proc.stdout and "docs/guide.md" in proc.stdout
    proc = run(repo, "check", "--format", "json", cwd=repo.path / "docs")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["files"] == 2


def test_tests_only_branch_is_internal(repo: GitRepo) -> None:
    repo.branch("more-tests")
    repo.commit("cover theme edge cases", {"tests/test_settings.py": "def test_theme():\n    assert 1 + 1 == 2\n"})
    assert verdict(repo)["impact"] == "internal"


def test_contributor_docs_branch_is_internal(repo: GitRepo) -> None:
    repo.branch("docs/contributing")
    repo.commit("explain how to run the tests", {"CONTRIBUTING.md": "# Contributing\n\nRun pytest.\n"})
    assert verdict(repo)["impact"] == "internal"


def test_renamed_file_is_reported_as_a_rename(repo: GitRepo) -> None:
    repo.branch("move-settings")
    repo.git("mv", "src/app/settings.py", "src/app/config.py")
    repo.commit("move settings module")
    proc = run(repo, "explain", "--no-color")
    assert proc.returncode == 0, proc.stderr
    assert "src/app/config.py rename-only" in proc.stdout
    v = verdict(repo)
    assert max(v["scores"], key=v["scores"].get) == "internal"  # the rename leans internal...
    # ...and is called internal only with a clear lead over user-facing, else shown with low confidence.
    assert v["impact"] == "internal" or (v["impact"], v["confidence"]) == ("user-facing", "low")
    assert "decision.internal_lead" in proc.stdout or v["impact"] == "internal"


def test_binary_file_does_not_break_the_check(repo: GitRepo) -> None:
    repo.branch("new-logo")
    repo.commit("new logo", {"src/app/ui/logo.png": PNG})
    result = verdict(repo)
    assert result["files"] == 1
    assert result["impact"] == "user-facing"


def test_merge_commit_inside_the_branch(repo: GitRepo) -> None:
    repo.branch("feature/login-hint")
    repo.commit("show a hint on the login page", {"src/app/ui/button.tsx": "export const Hint = () => <p/>\n"})
    repo.checkout("main")
    repo.commit("fix typo in guide", {"docs/guide.md": "# The guide\n"})
    repo.checkout("feature/login-hint")
    repo.merge("main", "Merge main into feature/login-hint")
    proc = run(repo, "check", "--format", "json", "--base", "main")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["impact"] == "user-facing"


def test_non_utf8_diff_is_read_without_error(repo: GitRepo) -> None:
    repo.branch("latin1")
    repo.commit("legacy encoding", {"src/app/legacy.py": b"NAME = '" + "café".encode("latin-1") + b"'\n"})
    proc = run(repo, "check")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


def test_expect_mismatch_exits_1(repo: GitRepo) -> None:
    repo.branch("more-tests")
    repo.commit("cover more", {"tests/test_settings.py": "def test_theme():\n    assert 2\n"})
    assert run(repo, "check", "--expect", "internal").returncode == 0
    assert run(repo, "check", "--expect", "user-facing").returncode == 1


def test_title_and_body_options_feed_the_rules(repo: GitRepo) -> None:
    repo.branch("wip")
    repo.commit("wip", {"src/app/settings.py": "THEME = 'auto'\n"})
    assert verdict(repo, "--title", "perf: faster settings load")["impact"] == "tech-debt"
    assert verdict(repo, "--body", "Impact: internal")["impact"] == "internal"


def test_empty_diff_says_so_and_succeeds(repo: GitRepo) -> None:
    proc = run(repo, "check")
    assert proc.returncode == 0
    assert "nothing to check" in proc.stderr


def test_empty_branch_in_json_is_an_explicit_empty_result(repo: GitRepo) -> None:
    repo.branch("feature/nothing-yet")
    proc = run(repo, "check", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {
        "impact": None, "label": None, "files": 0,
        "why": "nothing to check: no changes between the base and HEAD",
    }


def test_not_a_git_repository_exits_3_with_one_line(tmp_path: Path) -> None:
    proc = run(tmp_path, "check")
    assert proc.returncode == 3
    assert proc.stderr.startswith("pr-impact: error: not a git repository")
    assert len(proc.stderr.strip().splitlines()) == 1


def test_unknown_base_exits_2(repo: GitRepo) -> None:
    repo.branch("x")
    proc = run(repo, "check", "--base", "no-such-branch")
    assert proc.returncode == 2
    assert "no-such-branch" in proc.stderr and "Traceback" not in proc.stderr


def test_config_errors_come_before_git_errors(repo: GitRepo) -> None:
    repo.branch("x")
    bad = repo.write("bad.yml", "rules:\n  - name: [oops\n")
    proc = run(repo, "check", "--config", str(bad), "--base", "no-such-branch")
    assert proc.returncode == 2
    assert "invalid YAML" in proc.stderr and "no-such-branch" not in proc.stderr


def test_root_errors_come_before_config_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("rules:\n  - name: [oops\n")
    plain = tmp_path / "plain"
    plain.mkdir()
    proc = run(plain, "check", "--config", str(bad), env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert proc.returncode == 3
    assert proc.stderr.startswith("pr-impact: error: not a git repository") and "invalid YAML" not in proc.stderr


def test_check_on_a_branch_gives_the_same_verdict_as_its_snapshot(repo: GitRepo, tmp_path: Path) -> None:
    """Everything git reads reaches the engine: the same PR as a snapshot classifies the same."""
    repo.branch("feature/export-button")
    repo.commit("add export button\n\nFixes #4", {"src/app/ui/button.tsx": "export const Export = () => <b/>\n"})
    repo.commit("test it", {"tests/test_settings.py": "def test_export():\n    assert True\n"})
    from_git = verdict(repo)
    patch = repo.git("diff", "main...HEAD", "--", "src/app/ui/button.tsx").split("\n@@", 1)[1]
    snap = tmp_path / "snap.json"
    snap.write_text(json.dumps({
        "pull_request": {"title": "export button", "body": "Fixes #4", "head": {"ref": "feature/export-button"},
                         "base": {"ref": "main"}},
        "commits": [{"commit": {"message": "add export button\n\nFixes #4"}}, {"commit": {"message": "test it"}}],
        "files": [
            {"filename": "src/app/ui/button.tsx", "status": "modified", "additions": 1, "deletions": 1,
             "patch": "@@" + patch},
            {"filename": "tests/test_settings.py", "status": "modified", "additions": 2, "deletions": 2},
        ],
    }))
    from_snapshot = json.loads(run(repo, "check", "--snapshot", str(snap), "--format", "json").stdout)
    for key in ("impact", "label", "confidence", "areas", "reasons", "files", "title"):
        assert from_git[key] == from_snapshot[key], key


def test_pre_push_refs_from_pre_commit(repo: GitRepo) -> None:
    repo.branch("feature/pre-push")
    base = repo.git("rev-parse", "HEAD")
    repo.commit("add export button", {"src/app/ui/button.tsx": "export const Export = () => <button/>\n"})
    head = repo.git("rev-parse", "HEAD")
    proc = run(repo, "check", "--pre-push", "--format", "json",
               env={"PRE_COMMIT_FROM_REF": base, "PRE_COMMIT_TO_REF": head})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["files"] == 1


def pre_push_env(head: str, local: str, remote: str) -> dict[str, str]:
    """What pre-commit exports to a pre-push hook for a new branch (no remote commit yet)."""
    return {"PRE_COMMIT_FROM_REF": "0" * 40, "PRE_COMMIT_TO_REF": head, "PRE_COMMIT_LOCAL_BRANCH": local,
            "PRE_COMMIT_REMOTE_BRANCH": remote, "PRE_COMMIT_REMOTE_NAME": "origin",
            "PRE_COMMIT_REMOTE_URL": "git@example.com:o/r.git"}


def test_pre_push_titles_the_pr_by_the_pushed_branch(repo: GitRepo) -> None:
    repo.branch("feature/export-csv")
    repo.commit("add export button", {"src/app/ui/button.tsx": "export const Export = () => <button/>\n"})
    repo.commit("wire it up", {"src/app/settings.py": "EXPORT = True\n"})
    head = repo.git("rev-parse", "HEAD")
    pushed = run(repo, "check", "--pre-push", "--format", "json",
                 env=pre_push_env(head, "refs/heads/feature/export-csv", "refs/heads/feature/export-csv"))
    assert pushed.returncode == 0, pushed.stderr
    assert json.loads(pushed.stdout)["title"] == "export csv"  # not the newest commit's subject
    # `git push origin HEAD:fix/42-csv-quotes`: the PR comes from the branch pushed to.
    renamed = run(repo, "check", "--pre-push", "--format", "json",
                  env=pre_push_env(head, "HEAD", "refs/heads/fix/42-csv-quotes"))
    assert json.loads(renamed.stdout)["title"] == "42 csv quotes"
    assert json.loads(renamed.stdout)["linked_issues"] == ["#42"]


def test_the_pre_commit_hook_shows_its_verdict_when_it_passes(repo: GitRepo) -> None:
    from ruamel.yaml import YAML

    (hook,) = YAML(typ="safe").load(Path(__file__).parent.parent / ".pre-commit-hooks.yaml")
    assert hook["verbose"] is True  # pre-commit hides a passing hook's output otherwise
    repo.branch("feature/dark-mode")
    repo.commit("add dark theme", {"src/app/settings.py": "THEME = 'dark'\n"})
    command, *args = hook["entry"].split()
    assert command == "pr-impact"
    proc = run(repo, *args, env=pre_push_env(repo.git("rev-parse", "HEAD"), "refs/heads/feature/dark-mode",
                                             "refs/heads/feature/dark-mode"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("user-facing (")


def test_config_in_the_repository_is_used(repo: GitRepo) -> None:
    repo.branch("settings")
    repo.commit("tweak", {
        "src/app/settings.py": "THEME = 'x'\n",
        ".github/pr-impact.yml": "rules:\n  - name: settings-are-debt\n"
                                 "    when: {any_file: {path: 'src/app/settings.py'}}\n"
                                 "    then: {impact: tech-debt, weight: 40, reason: Settings are debt}\n",
    })
    result = verdict(repo)
    assert result["impact"] == "tech-debt"
    assert "Settings are debt" in result["reasons"]


def test_yaml_error_exits_2_with_position(repo: GitRepo) -> None:
    bad = repo.write("bad.yml", "rules:\n  - name: [oops\n")
    proc = run(repo, "check", "--config", str(bad), "--snapshot", "-")
    assert proc.returncode == 2
    assert f"{bad}:" in proc.stderr and "invalid YAML" in proc.stderr


def test_validate_lists_every_problem(repo: GitRepo) -> None:
    repo.write("c.yml", "rulez: []\nrules:\n  - {name: a, when: {titel: x}, then: {impact: internal}}\n")
    proc = run(repo, "validate", "c.yml")
    assert proc.returncode == 2
    assert "c.yml:1:1: rulez: unknown key 'rulez' (did you mean 'rules'?)" in proc.stderr
    assert "c.yml:3:22: rules[0].when.titel: unknown key 'titel' (did you mean 'title'?)" in proc.stderr
    repo.write("ok.yml", "areas:\n  Checkout: 'src/checkout/**'\n")
    ok = run(repo, "validate", "ok.yml")
    assert ok.returncode == 0 and "ok" in ok.stdout


def test_validate_checks_the_trackers_block_and_names_what_it_reads(repo: GitRepo) -> None:
    repo.write("t.yml", "trackers:\n  jira: {url: 'acme.atlassian.net', projects: [ENG]}\n  linear: {teams: [eng]}\n")
    bad = run(repo, "validate", "t.yml")
    assert bad.returncode == 2
    assert "t.yml:2:10: trackers.jira.url: 'acme.atlassian.net' is not the site's address" in bad.stderr
    assert "t.yml:3:20: trackers.linear.teams[0]: 'eng' is not a project key" in bad.stderr
    repo.write("t.yml", "trackers:\n  jira: {url: 'https://acme.atlassian.net', projects: [ENG, OPS]}\n"
                        "  linear: {teams: [APP]}\n")
    ok = run(repo, "validate", "t.yml")
    assert ok.returncode == 0 and ok.stdout.strip().endswith("tickets from Jira (ENG, OPS) and Linear (APP)")


def test_init_writes_a_valid_commented_config_and_workflow(repo: GitRepo) -> None:
    proc = run(repo, "init")
    assert proc.returncode == 0, proc.stderr
    config = (repo.path / ".github/pr-impact.yml").read_text()
    assert config.startswith("# pr-impact configuration")
    assert (repo.path / ".github/workflows/pr-impact.yml").is_file()
    assert run(repo, "validate").returncode == 0
    again = run(repo, "init")
    assert again.returncode == 2 and "--force" in again.stderr


def snapshot_file(tmp_path: Path, *titles: str) -> Path:
    path = tmp_path / "snaps.jsonl"
    rows = [{"pull_request": {"number": n, "title": t}, "files": [{"filename": "src/a.py", "additions": 1}]}
            for n, t in enumerate(titles, 1)]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def test_snapshot_json_lines_give_one_verdict_per_line(tmp_path: Path) -> None:
    path = snapshot_file(tmp_path, "feat: export to CSV", "ci: cache pip", "perf: faster search")
    proc = run(tmp_path, "check", "--snapshot", str(path), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [(v["number"], v["impact"]) for v in lines] == [(1, "user-facing"), (2, "internal"), (3, "tech-debt")]
    assert {"number", "impact", "label", "confidence", "areas", "reasons"} <= set(lines[0])


def test_markdown_and_text_formats(tmp_path: Path) -> None:
    path = snapshot_file(tmp_path, "feat: export to CSV")
    md = run(tmp_path, "check", "--snapshot", str(path), "--format", "markdown")
    assert md.returncode == 0 and "### " in md.stdout and "User-facing outcome" in md.stdout
    text = run(tmp_path, "check", "--snapshot", str(path))
    assert text.stdout.startswith("user-facing (") and "\x1b[" not in text.stdout
    colour = run(tmp_path, "check", "--snapshot", str(path), "--color")
    assert "\x1b[31muser-facing" in colour.stdout


def test_malformed_snapshot_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"pull_request": {}}')
    proc = run(tmp_path, "check", "--snapshot", str(path))
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"pr-impact: error: {path}: expected a 'files' list"
                                   " (see the Snapshots section of the README)")


def test_missing_snapshot_and_bad_format_are_usage_errors(tmp_path: Path) -> None:
    assert run(tmp_path, "check", "--snapshot", "nope.json").returncode == 2
    assert run(tmp_path, "check", "--format", "yaml").returncode == 2


def test_explain_shows_fired_rules_and_the_decision(tmp_path: Path) -> None:
    path = snapshot_file(tmp_path, "fix: crash when saving")
    proc = run(tmp_path, "explain", "--snapshot", str(path), "--no-color")
    assert proc.returncode == 0, proc.stderr
    assert "Rules that fired" in proc.stdout and "conventional-fix" in proc.stdout
    assert "winner: user-facing" in proc.stdout


def test_schema_command_prints_the_json_schema(tmp_path: Path) -> None:
    proc = run(tmp_path, "schema")
    assert json.loads(proc.stdout)["title"] == "pr-impact configuration"


def test_check_never_imports_pygithub(tmp_path: Path) -> None:
    path = snapshot_file(tmp_path, "feat: x")
    code = ("import sys, runpy; sys.argv=['pr-impact','check','--snapshot',sys.argv[1]];\n"
            "try:\n    runpy.run_module('pr_impact', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "print('github' in sys.modules, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False)
    assert proc.stderr.strip().endswith("False"), proc.stderr


def test_python_dash_m_and_version(tmp_path: Path) -> None:
    proc = run(tmp_path, "--version")
    assert proc.returncode == 0 and proc.stdout.startswith("pr-impact ")


def _main_with_bug(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> int:
    """Run `cli.main()` in-process with the classification raising an unexpected exception."""
    from pr_impact import cli
    from pr_impact.commands import check

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom\nsecond line")

    path = snapshot_file(tmp_path, "feat: x")
    monkeypatch.setattr(check, "classify_all", broken)
    monkeypatch.setattr(sys, "argv", ["pr-impact", "check", "--snapshot", str(path)])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    return int(exit_info.value.code or 0)


def test_unexpected_exception_is_one_line_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PR_IMPACT_DEBUG", raising=False)
    assert _main_with_bug(monkeypatch, tmp_path) == 3
    err = capsys.readouterr().err
    assert err == "pr-impact: internal error: RuntimeError: boom second line (please report it)\n"


def test_pr_impact_debug_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PR_IMPACT_DEBUG", "1")
    assert _main_with_bug(monkeypatch, tmp_path) == 3
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and err.endswith("(please report it)\n")


def test_exit_code_for_is_the_one_mapping() -> None:
    from pr_impact.errors import ConfigError, GitError, GitHubError, UsageError, exit_code_for

    assert [exit_code_for(e) for e in (UsageError("u"), ConfigError("c"), GitError("g"), GitHubError("h"))] \
        == [2, 2, 3, 3]
    assert exit_code_for(ValueError("bug")) == 3
    assert exit_code_for(GitHubError("h"), fail_on_error=False) == 0
    assert exit_code_for(ValueError("bug"), fail_on_error=False) == 0


def test_check_shows_the_jira_ticket_its_branch_names_when_a_token_is_set(repo: GitRepo) -> None:
    from tests.fake_trackers import EMAIL, JIRA_TOKEN, FakeTrackers

    with FakeTrackers() as fake:
        fake.add("ENG-1995", "Single sign-on keeps the page you asked for", type="Story", status="In Progress",
                 epic="Enterprise SSO")
        repo.write(".github/pr-impact.yml", f"trackers:\n  jira: {{url: '{fake.jira_url}', projects: [ENG]}}\n")
        repo.branch("eng-1995-sso-paths")
        repo.commit("keep the path through login", {"src/app/settings.py": "NEXT = '/'\n"})
        env = {"JIRA_USER_EMAIL": EMAIL, "JIRA_API_TOKEN": JIRA_TOKEN}
        text = run(repo, "check", "--format", "markdown", env=env)
        data = json.loads(run(repo, "check", "--format", "json", env=env).stdout)
        offline = json.loads(run(repo, "check", "--format", "json").stdout)
    assert text.returncode == 0 and text.stderr == ""
    assert ("| [ENG\\-1995](" + fake.jira_url + "/browse/ENG-1995) | Single sign\\-on keeps the page you asked for | "
            "Story | In Progress | — | Enterprise SSO |") in text.stdout
    assert "- Single sign\\-on keeps the page you asked for (ENG\\-1995)" in text.stdout
    assert data["tickets"][0]["title"] == "Single sign-on keeps the page you asked for"
    assert fake.paths() == ["/jira/rest/api/3/issue/ENG-1995"] * 2  # one request per run; none without a token
    assert offline["linked_issues"] == ["ENG-1995"] and offline["tickets"][0]["title"] is None


def test_check_warns_once_about_a_refused_token_and_still_decides(repo: GitRepo) -> None:
    from tests.fake_trackers import FakeTrackers

    with FakeTrackers() as fake:
        repo.write(".github/pr-impact.yml", f"trackers:\n  jira: {{url: '{fake.jira_url}', projects: [ENG]}}\n")
        repo.branch("eng-7-fix")
        repo.commit("fix ENG-7: keep the theme", {"src/app/settings.py": "THEME = 'dark'\n"})
        proc = run(repo, "check", "--format", "json", env={"JIRA_API_TOKEN": "wrong-token-xyz"})
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["impact"] == "user-facing"
    warnings = proc.stderr.strip().splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("pr-impact: warning: Jira refused the token (HTTP 401)")
    assert "JIRA_API_TOKEN" in warnings[0] and "wrong-token-xyz" not in proc.stderr
