"""The digest with Jira tickets: shown beside each PR, grouped by epic on request, offline as keys."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pr_impact.commands.report import local_digest
from tests.commands.test_report import merge_pr, squash
from tests.fake_trackers import EMAIL, JIRA_TOKEN, FakeTrackers
from tests.gitrepo import GitRepo

NOW = datetime(2026, 11, 20, tzinfo=UTC)


@pytest.fixture
def jira() -> Iterator[FakeTrackers]:
    with FakeTrackers() as fake:
        fake.add("ENG-1", "Invoices as PDF", type="Story", status="Done", epic="Invoices")
        fake.add("ENG-2", "Invoice totals are off by a cent", type="Bug", status="Done", epic="Invoices")
        fake.add("ENG-3", "Sign in with SSO", type="Story", status="Done", epic="Enterprise")
        yield fake


@pytest.fixture
def repo(tmp_path: Path, global_config: Path, jira: FakeTrackers) -> GitRepo:
    r = GitRepo.create(tmp_path / "work", global_config)
    config = f"trackers:\n  jira: {{url: '{jira.jira_url}', projects: [ENG]}}\n"
    squash(r, "Initial commit", {".github/pr-impact.yml": config, "src/app.py": "x = 1\n"}, "2026-11-02")
    squash(r, "feat(billing): invoices as PDF (ENG-1) (#11)", {"src/billing/pdf.py": "def pdf(): ...\n"},
           "2026-11-16")
    merge_pr(r, 12, "eng-2-cent-rounding", "Round invoice totals to the cent",
             {"src/billing/total.py": "def total(): return round(1, 2)\n"}, "2026-11-17")
    squash(r, "feat(auth): SSO login (#13)", {"src/auth/sso.py": "def login(): ...\n"}, "2026-11-18",
           body="Implements ENG-3 and ENG-1.")
    squash(r, "feat(ui): bigger buttons (#14)", {"src/ui/button.tsx": "export const B = 1\n"}, "2026-11-18")
    r.add_origin(tmp_path / "origin.git", "main")
    return r


def test_the_digest_groups_what_shipped_by_epic_and_looks_each_ticket_up_once(
        repo: GitRepo, jira: FakeTrackers, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIRA_USER_EMAIL", EMAIL)
    monkeypatch.setenv("JIRA_API_TOKEN", JIRA_TOKEN)
    text = local_digest(repo.path, since="2026-11-16", fmt="markdown", now=NOW, group_by="epic")
    assert "### 🟢 What changed for users (by epic or project)" in text
    invoices = text.index("#### Invoices")
    enterprise = text.index("#### Enterprise")
    no_epic = text.index("#### No epic or project")
    assert invoices < enterprise < no_epic  # the busiest group first, PRs without an epic last
    assert (f"- Invoices as PDF (#11) · [ENG\\-1]({jira.jira_url}/browse/ENG-1) (Story, Done)"
            in text[invoices:enterprise])
    # The ticket's title is the PR's line already (a linked issue's title speaks first): not said twice.
    assert (f"- Fixes: invoice totals are off by a cent (#12) · [ENG\\-2]({jira.jira_url}/browse/ENG-2) "
            "(Bug, Done)" in text[invoices:enterprise])
    assert "(#14)" in text[no_epic:]
    assert sorted(jira.paths()) == [f"/jira/rest/api/3/issue/ENG-{n}" for n in (1, 2, 3)]  # ENG-1 once


def test_the_digest_offline_shows_keys_grouped_by_area(repo: GitRepo, jira: FakeTrackers,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("JIRA_USER_EMAIL", "JIRA_API_TOKEN", "LINEAR_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    data = json.loads(local_digest(repo.path, since="2026-11-16", fmt="json", now=NOW))
    assert data["grouped_by"] == "area" and jira.seen == []
    by_number = {pr["number"]: pr for pr in data["prs"]}
    assert [t["key"] for t in by_number[13]["tickets"]] == ["ENG-3", "ENG-1"]
    assert by_number[11]["tickets"][0] == {
        "key": "ENG-1", "tracker": "jira", "title": None, "type": None, "status": None, "labels": [],
        "parent": None, "url": f"{jira.jira_url}/browse/ENG-1", "found": True}
