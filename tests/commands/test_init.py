"""`pr-impact init`: the files land where GitHub reads them, and each starter job asks only for what it uses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from pr_impact.templates import STARTER_DIGEST_WORKFLOW
from tests.gitrepo import GitRepo


def load(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def init(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pr_impact", "init", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, check=False)


def test_init_in_a_subdirectory_writes_at_the_repository_root(tmp_path: Path) -> None:
    """GitHub reads .github/ at the root only: src/.github/pr-impact.yml would be read by nothing."""
    (tmp_path / "gitconfig").write_text("")
    repo = GitRepo.create(tmp_path / "work", tmp_path / "gitconfig")
    repo.commit("initial", {"src/app.py": "x = 1\n"})
    proc = init(repo.path / "src", repo.env)
    assert proc.returncode == 0, proc.stderr
    assert (repo.path / ".github/pr-impact.yml").is_file()
    assert (repo.path / ".github/workflows/pr-impact-digest.yml").is_file()
    assert not (repo.path / "src/.github").exists()
    assert "wrote ../.github/pr-impact.yml" in proc.stdout
    again = init(repo.path / "src", repo.env)
    assert again.returncode == 2 and "../.github/pr-impact.yml already exists" in again.stderr


def test_init_outside_a_repository_writes_where_it_runs(tmp_path: Path) -> None:
    proc = init(tmp_path, {"PATH": "/usr/bin:/bin", "GIT_CEILING_DIRECTORIES": str(tmp_path.parent)})
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / ".github/pr-impact.yml").is_file()


# What each input of the Action writes, and the permission that write needs.
WRITES = {"report-issue": "issues", "release-notes": "contents"}


def test_each_starter_digest_job_has_only_the_permissions_it_uses() -> None:
    """Scheduled digests never get `contents: write`: only the release job appends to the notes."""
    workflow = load(STARTER_DIGEST_WORKFLOW)
    assert workflow["permissions"] == {}
    for name, job in workflow["jobs"].items():
        inputs = job["steps"][0]["with"]
        needed = {WRITES[key] for key, value in inputs.items() if key in WRITES and value is True}
        granted = {scope for scope, level in job["permissions"].items() if level == "write"}
        assert granted == needed, name
        assert job["permissions"].get("pull-requests") == "read", name
    scheduled = [job for job in workflow["jobs"].values() if job["if"] == "github.event_name != 'release'"]
    [weekly] = scheduled
    assert weekly["permissions"]["contents"] == "read"


def test_the_starter_digest_runs_on_published_and_promoted_releases() -> None:
    workflow = load(STARTER_DIGEST_WORKFLOW)
    assert workflow["on"]["release"]["types"] == ["published", "released"]
    [release_job] = [job for job in workflow["jobs"].values() if job["if"] == "github.event_name == 'release'"]
    assert release_job["steps"][0]["with"] == {"release-notes": True}


def test_init_writer_writes_a_workflow_with_the_writer_on(tmp_path: Path) -> None:
    """`--writer`: GitHub Models with the job's token, so `models: read` and a model, and no secret."""
    (tmp_path / "gitconfig").write_text("")
    repo = GitRepo.create(tmp_path / "work", tmp_path / "gitconfig")
    repo.commit("initial", {"src/app.py": "x = 1\n"})
    proc = init(repo.path, repo.env, "--writer")
    assert proc.returncode == 0, proc.stderr
    workflow = load((repo.path / ".github/workflows/pr-impact.yml").read_text())
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write", "issues": "write",
                                       "models": "read"}
    [step] = workflow["jobs"]["impact"]["steps"]
    assert step["with"] == {"model": "openai/gpt-4.1-mini"}
    plain = init(tmp_path, {"PATH": "/usr/bin:/bin", "GIT_CEILING_DIRECTORIES": str(tmp_path.parent)}, "--force")
    assert plain.returncode == 0
    assert "models" not in load((tmp_path / ".github/workflows/pr-impact.yml").read_text())["permissions"]
    refused = init(repo.path, repo.env, "--writer", "--no-workflow", "--force")
    assert refused.returncode == 2 and "--writer needs the workflow" in refused.stderr
    # The starter config shows the writer, commented out, and stays valid.
    assert "# writer:\n#   model: openai/gpt-4.1-mini" in (repo.path / ".github/pr-impact.yml").read_text()
    assert subprocess.run([sys.executable, "-m", "pr_impact", "validate"], cwd=repo.path, env=repo.env,
                          capture_output=True, check=False).returncode == 0


def test_init_offers_a_pull_request_template_whose_release_notes_pr_impact_reads(tmp_path: Path) -> None:
    """The template asks for the best source of 'What changes for users'; its guidance is never quoted."""
    from pr_impact.core.text import release_note

    (tmp_path / "gitconfig").write_text("")
    repo = GitRepo.create(tmp_path / "work", tmp_path / "gitconfig")
    repo.commit("initial", {"src/app.py": "x = 1\n"})
    proc = init(repo.path, repo.env)
    assert proc.returncode == 0, proc.stderr and "wrote .github/pull_request_template.md" in proc.stdout
    template = (repo.path / ".github/pull_request_template.md").read_text()
    assert release_note(template) is None  # untouched: the guidance is in HTML comments
    filled = template.replace("## Release notes\n", "## Release notes\n\nInvoices can be exported as PDF.\n")
    assert release_note(filled) == "Invoices can be exported as PDF."


def test_init_keeps_a_teams_own_pull_request_template(tmp_path: Path) -> None:
    (tmp_path / "gitconfig").write_text("")
    repo = GitRepo.create(tmp_path / "work", tmp_path / "gitconfig")
    repo.commit("initial", {".github/PULL_REQUEST_TEMPLATE.md": "## Checklist\n"})
    proc = init(repo.path, repo.env, "--force")
    assert proc.returncode == 0, proc.stderr
    assert (repo.path / ".github/PULL_REQUEST_TEMPLATE.md").read_text() == "## Checklist\n"
    assert not (repo.path / ".github/pull_request_template.md").exists() or \
        (repo.path / ".github/pull_request_template.md").samefile(repo.path / ".github/PULL_REQUEST_TEMPLATE.md")
    assert "kept .github/PULL_REQUEST_TEMPLATE.md" in proc.stdout
    assert init(repo.path, repo.env, "--no-template", "--force").stdout.count("pull_request_template") == 0
