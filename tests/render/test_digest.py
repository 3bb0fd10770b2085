"""The digest: its model from verdicts, golden files for its three renderers, GFM safety and size limits."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pr_impact import __version__
from pr_impact.adapters.config_file import default_config, load_config_text
from pr_impact.core.config import Config
from pr_impact.core.digest import Digest, Entry, Window, build_digest, internal_kind, release_words
from pr_impact.core.engine import classify
from pr_impact.core.model import FileChange, LinkedIssue, PullRequest
from pr_impact.core.verdict import Override
from pr_impact.render.digest_json import digest_dict, render_digest_json
from pr_impact.render.digest_markdown import mermaid_label, render_digest_markdown
from pr_impact.render.digest_text import render_digest_text
from tests.diffs import patch
from tests.rendered import is_workflow_command, parse

GOLDEN = Path(__file__).parent / "golden"
MONDAY = datetime(2026, 11, 16, 9, 30, tzinfo=UTC)
# A small fixed config, so the golden files do not move when the built-in rules are tuned.
CONFIG_TEXT = """
extends: none
areas:
  Checkout: "src/checkout/**"
  Billing: "src/billing/**"
  Search: "src/search/**"
rules:
  - name: feat
    when: { type: feat }
    then: { impact: user-facing, weight: 6, reason: "The title says it adds a feature" }
  - name: fix
    when: { type: fix }
    then: { impact: user-facing, weight: 5, reason: "The title says it fixes shipped behaviour" }
  - name: perf
    when: { type: perf }
    then: { impact: tech-debt, weight: 5, reason: "The title says it is a performance change" }
  - name: refactor
    when: { type: refactor }
    then: { impact: tech-debt, weight: 4, reason: "The title says it is a refactor" }
  - name: chores
    when: { type: [build, ci, test, docs, chore] }
    then: { impact: internal, weight: 6, reason: "The title says it is housekeeping" }
"""
HOSTILE = ("<script>alert(1)</script> @org/team #1 | `tick` <!-- pr-impact --> ::set-output name=x::y "
           "\u202egnp.exe ``` %%{init}%% \" : 99")


def config() -> Config:
    """The fixed test config."""
    return load_config_text(CONFIG_TEXT, "tests/pr-impact.yml")


def change(path: str, *added: str) -> FileChange:
    """A modified file adding these lines."""
    return FileChange(path, additions=len(added) or 1, patch=patch(*(added or ("x = 1",))))


def prs() -> list[tuple[PullRequest, int, Override | None]]:
    """A fortnight of merged PRs: (PR, days after MONDAY, a person's label or None)."""
    return [
        (PullRequest(title="feat(checkout): pay with a saved card", number=201, body="## Release notes\n"
                     "- Returning customers can pay with a saved card.\n", files=(change("src/checkout/pay.py"),)),
         0, None),
        (PullRequest(title="fix: totals rounded twice", number=202, body="Fixes #40",
                     linked_issues=(LinkedIssue(40, title="Invoice totals are off by a cent"),),
                     files=(change("src/billing/totals.py"), change("src/checkout/summary.py"))), 1, None),
        (PullRequest(title="feat(billing): add invoice table", number=203,
                     files=(change("src/billing/db/migrations/0007_invoice.sql", "CREATE TABLE invoice (id int)"),
                            change("src/billing/api.py", "if feature_enabled('invoices'):"))), 2, None),
        (PullRequest(title="perf(search): cache the ranking model", number=204,
                     body="p95 1.4s → 0.8s on staging.", files=(change("src/search/rank.py"),)), 3, None),
        (PullRequest(title="ci: run tests on Python 3.13", number=205,
                     files=(change(".github/workflows/ci.yml", "python: ['3.13']"),)), 3, None),
        (PullRequest(title="build(deps): bump requests from 2.31 to 2.32", number=206, author="dependabot[bot]",
                     author_type="Bot", files=(change("requirements.txt", "requests==2.32"),)), 8, None),
        (PullRequest(title="test: cover refunds", number=207, files=(change("tests/test_refunds.py"),)), 9, None),
        (PullRequest(title="refactor(billing): split the invoice module", number=208,
                     body="Also fixes a security issue (CVE-2026-12345).",
                     files=(change("src/billing/invoice.py"),)), 10, Override("internal", "pm-erin", "label")),
        (PullRequest(title="feat: " + HOSTILE, number=209, body="## Release notes\n" + HOSTILE,
                     files=(change(f"src/{HOSTILE}/x.py"),)), 11, None),
    ]


FORTNIGHT = Window(since="2026-11-16", until="2026-11-29")


def digest(window: Window = FORTNIGHT) -> Digest:
    """The digest of prs() under the test config."""
    cfg = config()
    entries = [Entry(classify(pr, cfg, manual), MONDAY + timedelta(days=days)) for pr, days, manual in prs()]
    return build_digest(entries, window)


def normalise(text: str) -> str:
    """The version replaced, so a release does not churn the golden files."""
    return text.replace(f"pr-impact {__version__} ·", "pr-impact VERSION ·")


RENDERERS = {
    "digest.md": lambda d: normalise(render_digest_markdown(d, "tests/pr-impact.yml")),
    "digest.txt": lambda d: render_digest_text(d, "tests/pr-impact.yml"),
    "digest.json": lambda d: render_digest_json(d, "tests/pr-impact.yml"),
}


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_golden(name: str) -> None:
    """Each renderer's output for the fortnight is exactly its golden file (UPDATE_GOLDEN=1 rewrites them)."""
    out = RENDERERS[name](digest())
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")


def test_headline_counts_classes_and_share() -> None:
    """Counts per class; user-facing and tech-debt are what reached users."""
    d = digest()
    assert d.totals == {"user-facing": 4, "tech-debt": 1, "internal": 4, "total": 9}
    assert d.reached_users == 5 and d.share(d.reached_users) == 56
    assert "**9 pull requests merged; 56% reached users.**" in render_digest_markdown(d)


def test_user_facing_grouped_by_area_in_release_note_words() -> None:
    """Release note first, then a linked issue's title, then the cleaned title; busiest area first."""
    d = digest()
    by_area = {area: [(p.number, p.summary) for p in group] for area, group in d.user_facing.items()}
    assert by_area["Checkout"] == [(201, "Returning customers can pay with a saved card.")]
    assert by_area["Billing"] == [(202, "Invoice totals are off by a cent"), (203, "Add invoice table")]
    assert list(by_area) == ["Billing", "Checkout", "Other"]  # the hostile path matches no configured area


def test_label_is_the_verdict_and_internal_work_is_counted_by_kind() -> None:
    """A person's label wins over the rules; internal PRs are counted per kind, never listed."""
    d = digest()
    assert d.internal == {"CI": 1, "tests": 1, "dependencies": 1, "other": 1}
    assert next(p for p in d.prs if p.number == 208).overridden
    markdown = render_digest_markdown(d)
    assert not any(f"#{n}" in markdown for n in (205, 206, 207))  # counted, not listed
    assert markdown.count("#208") == 1  # only in the heads-up roll-up (a security fix)


def test_heads_up_rollup_and_tech_debt_heads_up() -> None:
    """Migrations, flags and security gathered across the window; the perf claim under its tech-debt PR."""
    d = digest()
    assert {k: [p.number for p, _h in v] for k, v in d.rollup.items()} == {
        "migration": [203], "feature-flag": [203], "security": [208]}
    search = d.tech_debt["Search"][0]
    assert [h.kind for h in search.heads_up] == ["performance"]
    assert "Users would notice" in render_digest_markdown(d)


def test_weeks_include_empty_weeks_and_start_on_monday() -> None:
    """One row per week from the first merge to the last, empty weeks included."""
    cfg = config()
    pr = PullRequest(title="fix: x", number=1, files=(change("src/checkout/a.py"),))
    d = build_digest([Entry(classify(pr, cfg), MONDAY + timedelta(days=2)),
                      Entry(classify(pr, cfg), MONDAY + timedelta(days=16))])
    assert [(w.isoformat(), c["user-facing"]) for w, c in d.weeks] == [
        ("2026-11-16", 1), ("2026-11-23", 0), ("2026-11-30", 1)]


def test_empty_digest_renders_in_every_format() -> None:
    """No PRs: a sentence, no charts, zero totals."""
    d = build_digest([], Window(since="2026-01-01", until="2026-01-07"))
    assert "No pull requests were merged in this window." in render_digest_markdown(d)
    assert "mermaid" not in render_digest_markdown(d)
    assert "No pull requests were merged" in render_digest_text(d)
    assert json.loads(render_digest_json(d))["totals"]["total"] == 0


def test_markdown_is_inert_gfm() -> None:
    """Author text renders as text: no tag, mention, reference or marker it wrote survives."""
    markdown = render_digest_markdown(digest())
    parsed = parse(markdown)
    assert set(parsed.tags) <= {"h2", "h3", "h4", "p", "ul", "li", "code", "pre", "strong", "em", "sub"}
    text = "".join(parsed.text)
    assert "@org/team" not in text and "<script>" in text  # shown as text, the mention broken
    assert "<!-- pr-impact" not in markdown
    assert not any(is_workflow_command(line) for line in markdown.splitlines())


def test_mermaid_blocks_hold_only_our_syntax() -> None:
    """A hostile area name cannot close the fence, add a directive or a slice of its own."""
    blocks = re.findall(r"```mermaid\n(.*?)```", render_digest_markdown(digest()), re.S)
    assert len(blocks) == 2
    pie = blocks[1].splitlines()
    assert pie[0] == "pie title Pull requests users see, per product area"
    assert all(re.fullmatch(r'  "[^"%`:]+" : \d+', line) for line in pie[1:])
    assert mermaid_label('" : 99\n%%{init}%%') == "99 init"
    assert "\u202e" not in blocks[1]


def test_guessed_area_names_are_inert_in_every_chart_and_heading() -> None:
    """Without configured areas, a hostile directory name becomes the area: neutralised everywhere."""
    cfg = load_config_text(CONFIG_TEXT.split("areas:")[0] + "rules:" + CONFIG_TEXT.split("rules:")[1], "t.yml")
    name = HOSTILE.replace("/", "\\")
    pr = PullRequest(title="feat: x", number=1, files=(change(f"app/{name}/x.py"),))
    d = build_digest([Entry(classify(pr, cfg), MONDAY)])
    assert [a[:8] for a in d.user_facing] == ["<script>"]
    markdown = render_digest_markdown(d)
    pie = re.findall(r"```mermaid\n(pie.*?)```", markdown, re.S)[0].splitlines()
    assert len(pie) == 2 and re.fullmatch(r'  "[^"%`:]+" : 1', pie[1])
    assert set(parse(markdown).tags) <= {"h2", "h3", "h4", "p", "ul", "li", "code", "pre", "strong", "em", "sub"}
    assert "\x1b" not in render_digest_text(d) and "\u202e" not in render_digest_text(d)


def test_text_is_plain_and_coloured_only_when_asked() -> None:
    """No escape sequences unless colour is on; author control characters never pass."""
    plain = render_digest_text(digest())
    assert "\x1b" not in plain and "\u202e" not in plain
    assert "\x1b[31m" in render_digest_text(digest(), color=True)


def test_json_lists_every_pr_with_the_named_keys() -> None:
    """`prs` holds number, title, impact, confidence, areas, merged_at and release_note per PR."""
    data = json.loads(render_digest_json(digest()))
    assert [p["number"] for p in data["prs"]] == list(range(201, 210))
    first = data["prs"][0]
    assert {"number", "title", "impact", "confidence", "areas", "merged_at", "release_note"} <= set(first)
    assert first["merged_at"] == "2026-11-16T09:30:00+00:00" and first["areas"] == ["Checkout"]
    assert data["groups"]["user-facing"]["Billing"] == [202, 203]
    assert data["totals"]["reached_users_percent"] == 56


def test_markdown_fits_the_limit_and_says_so() -> None:
    """Hundreds of PRs fit an issue body; what was left out is said."""
    cfg = config()
    entries = [Entry(classify(PullRequest(title=f"feat: thing {i} " + "long words " * 20, number=i,
                                          files=(change("src/checkout/a.py"),)), cfg), MONDAY) for i in range(600)]
    full = render_digest_markdown(build_digest(entries), max_chars=10**7)
    small = render_digest_markdown(build_digest(entries), max_chars=20_000)
    assert len(small) <= 20_000 < len(full)
    assert "Shortened to fit" in small and "… and" in small
    assert small.count("```") % 2 == 0
    whole = render_digest_markdown(build_digest(entries), max_chars=None)  # for a terminal or a file
    assert len(whole) > 65_536 and "Shortened" not in whole and "(#599)" in whole


def test_release_words_and_internal_kind_fallbacks() -> None:
    """A PR with no note, issue or title still has words; a refactor of source is 'other' internal work."""
    cfg = config()
    bare = classify(PullRequest(title="", number=1, files=(change("src/a.py"),)), cfg)
    assert release_words(bare) == "(no title)"
    docs = classify(PullRequest(title="update guide", files=(change("docs/guide.md"),)), cfg)
    assert internal_kind(docs) == "docs"


def test_a_very_large_pr_is_in_the_digest_heads_up() -> None:
    """The comment's "very large PR" heads-up is in the digest too: under the PR, in the roll-up, in JSON."""
    cfg = config()
    big = PullRequest(title="perf(search): rewrite the index", number=301,
                      files=tuple(change(f"src/search/part{i}.py", *(f"x{n} = index({i}, {n})" for n in range(30)))
                                  for i in range(60)))
    d = build_digest([Entry(classify(big, cfg), MONDAY)])
    assert [p.number for p, _h in d.rollup["large"]] == [301]
    markdown = render_digest_markdown(d)
    assert "**Very large pull requests** (1)" in markdown
    assert "Very large PR: about 1,800 changed lines of shipped code in 60 files" in markdown
    assert [h["kind"] for h in json.loads(render_digest_json(d))["prs"][0]["heads_up"]] == ["large"]


def test_partly_analysed_is_left_out_of_the_digest() -> None:
    """The digest reads no diffs, so "partly analysed" would be said of every PR: it is not in the digest."""
    pr = PullRequest(title="feat: export", number=303, files=(FileChange("src/export.py", additions=40),),
                     changed_files=4000)
    v = classify(pr, config())
    assert {h.kind for h in v.heads_up} == {"partial"}
    d = build_digest([Entry(v, MONDAY)])
    assert d.prs[0].heads_up == () and "Partly analysed" not in render_digest_markdown(d)


def test_vendored_go_modules_are_dependencies() -> None:
    """`go mod vendor` output under vendor/ is the dependencies themselves, not tooling."""
    cfg = config()
    pr = PullRequest(title="Update vendored modules", number=302,
                     files=(change("vendor/github.com/pkg/errors/errors.go"), change("vendor/modules.txt"),
                            change("go.sum")))
    assert internal_kind(classify(pr, cfg)) == "dependencies"
    nested = PullRequest(title="Update vendored modules", files=(change("tools/vendor/golang.org/x/mod/mod.go"),))
    assert internal_kind(classify(nested, cfg)) == "dependencies"


def weekly(weeks: int) -> Digest:
    """One user-facing PR merged each week for `weeks` weeks."""
    cfg = config()
    pr = PullRequest(title="fix: x", number=1, files=(change("src/checkout/a.py"),))
    verdict = classify(pr, cfg)
    return build_digest([Entry(verdict, MONDAY + timedelta(weeks=w)) for w in range(weeks)])


def test_a_year_is_charted_whole() -> None:
    """52 weeks are 52 bars (not the last 26); a longer window gets a bar per month instead."""
    year = render_digest_markdown(weekly(52), max_chars=None)
    axis = re.search(r"x-axis \[(.*)\]", year)
    assert axis is not None and len(axis[1].split(", ")) == 52 and '"Nov 16"' in axis[1]
    assert "per week" in year and "Each bar is one week" in year
    longer = render_digest_markdown(weekly(80), max_chars=None)
    axis = re.search(r"x-axis \[(.*)\]", longer)
    assert axis is not None and axis[1].startswith('"Nov 2026", "Dec 2026"') and len(axis[1].split(", ")) == 19
    assert "per month" in longer and "Each bar is one month" in longer
    bars = re.findall(r"  bar \[(.*)\]", longer)
    assert sum(int(n) for n in bars[0].split(", ")) == 80


def test_the_text_table_leaves_out_weeks_without_merges() -> None:
    cfg = config()
    pr = PullRequest(title="fix: x", number=1, files=(change("src/checkout/a.py"),))
    d = build_digest([Entry(classify(pr, cfg), MONDAY), Entry(classify(pr, cfg), MONDAY + timedelta(weeks=10))])
    assert len(d.weeks) == 11  # the chart and JSON keep every week
    table = render_digest_text(d).split("Per week", 1)[1].split("Per area", 1)[0]
    assert [line.split()[0] for line in table.strip().splitlines()[1:]] == ["2026-11-16", "2027-01-25"]


def test_a_revert_and_the_pr_it_reverts_are_listed_once_as_reverted() -> None:
    """Neither shipped anything: both leave the outcomes and the counts, and one line says what was undone.
    Paired by GitHub's `Reverts owner/repo#N`, by `git revert`'s commit, or by the quoted title."""
    cfg = config()

    def entry(title: str, number: int | None, day: int, body: str = "", commit: str | None = None) -> Entry:
        pr = PullRequest(title=title, number=number, body=body, files=(change("src/checkout/a.py"),))
        return Entry(classify(pr, cfg), MONDAY + timedelta(days=day), commit)

    d = build_digest([
        entry("feat(checkout): one-click buy", 401, 0),
        entry('Revert "feat(checkout): one-click buy"', 402, 1, body="Reverts octo/app#401"),
        entry("feat(checkout): gift cards", None, 2, commit="a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0"),
        entry('Revert "feat(checkout): gift cards"', None, 3, body="This reverts commit a1b2c3d4e5f6."),
        entry("fix: totals", 405, 4),
        entry('Revert "fix: totals"', 406, 5),  # named by its title alone
        entry('Revert "feat: older than the window (#300)"', 407, 6),  # its PR shipped before: the revert stands
    ])
    assert [(a.number, b.number) for a, b in d.reverted] == [(401, 402), (None, None), (405, 406)]
    assert [p.number for p in d.prs] == [407] and d.totals["total"] == 1
    markdown = render_digest_markdown(d)
    assert "### ↩️ Reverted" in markdown and "- One\\-click buy (#401) — reverted by #402" in markdown
    assert "3 changes reverted within the window (6 pull requests not counted above)." in markdown
    assert markdown.count("click buy") == 1
    assert "reverted by #406" in render_digest_text(d)
    data = json.loads(render_digest_json(d))
    assert [(r["pr"]["number"], r["reverted_by"]["number"]) for r in data["reverted"]] == [
        (401, 402), (None, None), (405, 406)]


def test_commits_without_a_pull_request_are_one_line() -> None:
    d = build_digest([], Window(since="2026-01-01"), without_pr=3)
    assert "3 commits without a pull request." in render_digest_markdown(d)
    assert "3 commits without a pull request." in render_digest_text(d)
    assert json.loads(render_digest_json(d))["totals"]["commits_without_pr"] == 3


def test_prs_the_rules_are_not_sure_of_are_worth_a_look_not_shipped() -> None:
    """A low-confidence user-facing verdict is listed apart, with the class it leans to; a person's label is sure."""
    unsure = PullRequest(title="Tweak the basket", number=501, files=(change("src/checkout/basket.py"),))
    sure = PullRequest(title="feat(checkout): gift cards", number=502, files=(change("src/checkout/gift.py"),))
    v = dataclasses.replace(classify(unsure, default_config()), impact="user-facing", confidence="low")
    d = build_digest([Entry(v, MONDAY), Entry(classify(sure, config()), MONDAY + timedelta(days=1))])
    assert [p.number for p in d.unsure] == [501]
    assert all(p.number != 501 for prs in d.user_facing.values() for p in prs)
    markdown = render_digest_markdown(d)
    assert "### ❔ Not sure — worth a look" in markdown
    assert "- Tweak the basket (#501) — probably user-facing" in markdown
    assert "Not sure — worth a look" in render_digest_text(d) and digest_dict(d)["groups"]["unsure"] == [501]


def ticket_digest(group_by: str) -> Digest:
    """Three shipped PRs: two under one epic (one with a hostile ticket), one without a ticket."""
    cfg = config()
    story = LinkedIssue(key="ENG-1", tracker="jira", title="Invoices as PDF", type="Story", state="Done",
                        parent="Invoices", url="https://acme.atlassian.net/browse/ENG-1")
    hostile = LinkedIssue(key="ENG-2", tracker="jira", title=HOSTILE, type=HOSTILE, state=HOSTILE, parent="Invoices",
                          url="javascript:alert(1)")
    pulls = [PullRequest(title="feat(billing): PDF export", number=301, files=(change("src/billing/pdf.py"),),
                         linked_issues=(story,)),
             PullRequest(title="fix(billing): cents", number=302, files=(change("src/billing/cents.py"),),
                         linked_issues=(hostile,)),
             PullRequest(title="feat(search): fuzzy search", number=303, files=(change("src/search/fuzzy.py"),))]
    entries = [Entry(classify(pr, cfg), MONDAY + timedelta(days=i)) for i, pr in enumerate(pulls)]
    return build_digest(entries, FORTNIGHT, group_by=group_by)


def test_shipped_prs_group_by_their_tickets_epic_when_asked() -> None:
    assert {k: [p.number for p in v] for k, v in ticket_digest("epic").user_facing.items()} == {
        "Invoices": [301, 302], "No epic or project": [303]}
    assert {k: [p.number for p in v] for k, v in ticket_digest("area").user_facing.items()} == {
        "Billing": [301, 302], "Search": [303]}


def test_tickets_in_the_digest_are_linked_and_inert() -> None:
    markdown = render_digest_markdown(ticket_digest("area"))
    assert ("- Invoices as PDF (#301) · [ENG\\-1](https://acme.atlassian.net/browse/ENG-1) (Story, Done, Invoices)"
            in markdown)
    parsed = parse(markdown)
    assert set(parsed.tags) <= {"h2", "h3", "h4", "p", "ul", "li", "code", "pre", "strong", "em", "sub", "a"}
    assert parsed.links_ours() and [href for href, _text in parsed.links] == [
        "https://acme.atlassian.net/browse/ENG-1"]
    assert "@org/team" not in "".join(parsed.text) and "<!-- pr-impact" not in markdown
    assert not any(is_workflow_command(line) for line in markdown.splitlines())
    text = render_digest_text(ticket_digest("epic"))
    assert "What changed for users (by epic or project)" in text and "\u202e" not in text
    assert "ENG-1 (Story, Done)" in text
