"""The digest with the writer: the Action's digest reuses the words kept in each PR's comment (asking no model),
`report` in a clone asks the model for several PRs per request."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pr_impact.commands.action import COMMENT_MARKER
from pr_impact.commands.action_words import words_marker
from pr_impact.core.verdict import Written
from tests.commands.test_action_digest import digest
from tests.commands.test_action_digest import gh as gh  # the fixture, used by name
from tests.commands.test_report import repo as repo  # the fixture, used by name
from tests.commands.test_report import report
from tests.fake_github_digest import DigestGitHub
from tests.fake_model import FakeModel, Reply, completion
from tests.gitrepo import GitRepo

WORDS = Written("Shoppers can pay from a link sent by message.", "A new way to pay.",
                "Pay by link: send customers a link to pay from.", "test/model", "k1")


def kept(words: Written) -> str:
    """A comment body as the Action leaves it, with the words in its hidden state."""
    return f"### 🟢 User-facing outcome\n\n{words.why}\n\n{COMMENT_MARKER}\n{words_marker(words)}\n"


def test_the_action_digest_uses_the_words_kept_in_each_prs_comment(gh: DigestGitHub, tmp_path: Path,
                                                                    fake_model: FakeModel) -> None:
    gh.state.add_comment(31, "Looks good!", login="alice")
    gh.state.add_comment(31, kept(WORDS))
    gh.state.add_comment(32, kept(WORDS._replace(release_note="Totals are exact now.")), login="mallory")
    code, data, report_md, _log = digest(gh, tmp_path, model="test/model", model_url=fake_model.url)
    assert code == 0
    by_number = {p["number"]: p for p in data["prs"]}
    assert by_number[31]["summary"] == "Pay by link: send customers a link to pay from."
    assert "Pay by link: send customers a link to pay from. (#31)" in report_md
    assert by_number[32]["summary"] == "Invoices off by a cent"  # a comment not pr-impact's is not trusted
    assert fake_model.received == []  # the digest asks no model
    lines = gh.state.lines()
    assert lines.count("POST /graphql") == 3  # one more: the shipped PRs' comments
    [words_query] = [r for r in gh.state.requests if "PrImpactWords" in json.dumps(r.body)]
    assert "pullRequest(number: 31)" in words_query.body["query"] and "number: 33)" not in words_query.body["query"]


def test_without_the_writer_the_action_digest_reads_no_comments(gh: DigestGitHub, tmp_path: Path) -> None:
    gh.state.add_comment(31, kept(WORDS))
    _code, data, _report, _log = digest(gh, tmp_path)
    assert {p["number"]: p["summary"] for p in data["prs"]}[31] == "Customers can pay from a link."
    assert gh.state.lines().count("POST /graphql") == 2


def test_report_asks_the_model_for_several_prs_per_request(repo: GitRepo, fake_model: FakeModel,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in fake_model.env().items():
        monkeypatch.setenv(name, value)
    answers = [{"item": n, "outcome": f"Outcome {n}.", "why": "w", "release_note": f"Note {n}."} for n in (1, 2, 3)]
    fake_model.reply(Reply(body=completion(json.dumps({"answers": answers}))))
    data = report(repo, since="2026-11-01")
    [request] = fake_model.received  # three shipped PRs, one request; the CI PR is only counted
    content = request.body["messages"][-1]["content"]
    assert content.count("</pr_item>") == 3 and "cache pip" not in content
    items = re.findall(r'<pr_item number="(\d)">.*?<pr_title>(.*?)</pr_title>', content, re.S)
    summaries = {p["title"]: p["summary"] for p in data["prs"]}
    assert {title: summaries[title] for _, title in items} == {title: f"Note {n}." for n, title in items}
    assert summaries["ci: cache pip downloads"] == "Cache pip downloads"  # internal: the rules' words


def test_report_keeps_the_rules_words_when_the_model_fails(repo: GitRepo, fake_model: FakeModel,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    for name, value in fake_model.env().items():
        monkeypatch.setenv(name, value)
    fake_model.reply(Reply(400, {"error": {"message": "context too long"}}))
    data = report(repo, since="2026-11-01")
    assert data["prs"][0]["summary"] == "Gifts can be wrapped at checkout."
    assert "gave no words for 3 of 3 PRs" in capsys.readouterr().err
