"""The PM's comment: golden files for representative PRs, GFM rendering, hostile input and the size limit."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pr_impact import __version__
from pr_impact.adapters.config_file import default_config, load_config_text
from pr_impact.core.config import Config
from pr_impact.core.engine import classify
from pr_impact.core.model import FileChange, LinkedIssue, PullRequest
from pr_impact.core.verdict import Override, Verdict
from pr_impact.render.json_out import render_json
from pr_impact.render.markdown import MAX_CHARS, render_markdown
from pr_impact.render.text import render_text
from tests.diffs import patch
from tests.rendered import OUR_TAGS, parse

GOLDEN = Path(__file__).parent / "golden"
SHA = "0123456789abcdef0123456789abcdef01234567"

# A tiny config so the golden files do not move when the built-in rules are tuned.
CONFIG_TEXT = """
extends: none
areas:
  Checkout: ["src/checkout/**", "web/checkout/**"]
  Billing: "src/billing/**"
  Search: "src/search/**"
rules:
  - name: feat
    when: { type: feat }
    then: { impact: user-facing, weight: 6, reason: "The title says it adds a feature" }
  - name: fix
    when: { type: fix }
    then: { impact: user-facing, weight: 5, reason: "The title says it fixes shipped behaviour" }
  - name: customer-bug
    when: { issue_labels: [customer] }
    then: { impact: user-facing, weight: 4, reason: "A customer reported it" }
  - name: perf
    when: { type: perf }
    then: { impact: tech-debt, weight: 5, reason: "The title says it is a performance change" }
  - name: perf-noticeable
    when: { perf: noticeable }
    then: { impact: tech-debt, weight: 4, reason: "It claims a timing change users would notice" }
  - name: refactor
    when: { type: refactor }
    then: { impact: tech-debt, weight: 4, reason: "The title says it is a refactor" }
  - name: bot-deps
    when: { bot: true, type: [build, chore] }
    then: { impact: internal, weight: 8, reason: "A bot bumped a dependency" }
  - name: docs
    when: { all_files: { kind: docs } }
    then: { impact: user-facing, weight: 3, reason: "Only user documentation changed" }
  - name: machinery
    when: { all_files: { surface: internal } }
    then: { impact: internal, weight: 6, reason: "Only tests and CI changed" }
  - name: ui-touched
    when: { any_file: { kind: ui } }
    then: { impact: user-facing, weight: 3, reason: "It changes the UI" }
  - name: title-word
    when: { title: '\\bexport\\b' }
    then: { weights: { user-facing: 2 }, reason: "The title says “export”" }
"""


def config() -> Config:
    """The stable test config."""
    return load_config_text(CONFIG_TEXT, "tests/pr-impact.yml")


def user_facing() -> PullRequest:
    """A checkout fix for a customer bug, behind a feature flag, with a migration and a release note."""
    return PullRequest(
        title="fix(checkout): keep the basket when the session expires",
        body="Customers lost their basket after 30 minutes.\n\nFixes #12\n\n## Release notes\n"
             "Baskets now survive an expired session.\n",
        number=101, author="ana-dev", head="fix/12-basket", base="main", head_sha=SHA,
        files=(
            FileChange("src/checkout/basket.py", additions=20, deletions=4,
                       patch=patch("if flags.is_enabled('keep-basket'):", "    restore(basket)",
                                   "DEFAULT_BASKET_TTL = 86400", removed=("DEFAULT_BASKET_TTL = 1800",))),
            FileChange("src/checkout/migrations/0042_basket_owner.py", status="added", additions=12,
                       patch=patch("operations = [AddField('basket', 'owner')]")),
            FileChange("src/billing/invoice.py", additions=3, deletions=1, patch=patch("total = basket.total()")),
            FileChange("tests/test_basket.py", additions=30, patch=patch("def test_keeps_basket(): ...")),
        ),
        linked_issues=(LinkedIssue(12, title="Basket emptied after the session expires", state="open",
                                   labels=("bug", "customer")),),
    )


def tech_debt_perf() -> PullRequest:
    """A search performance change whose claim crosses the 1 s threshold."""
    return PullRequest(
        title="perf(search): cache the ranking model",
        body="Loading the model on every query was slow: p95 1.4s → 0.8s on the staging index.",
        number=102, author="ben", head="perf/search-cache", base="main", head_sha=SHA,
        files=(FileChange("src/search/rank.py", additions=25, deletions=10,
                          patch=patch("_MODEL = load_model()", removed=("model = load_model()",))),),
    )


def dependabot_bump() -> PullRequest:
    """An internal dev-dependency bump by dependabot."""
    return PullRequest(
        title="build(deps-dev): bump pytest from 8.2.0 to 8.3.1",
        body="Bumps [pytest](https://github.com/pytest-dev/pytest) from 8.2.0 to 8.3.1.",
        number=103, author="dependabot[bot]", author_type="Bot", head="dependabot/pip/pytest-8.3.1", base="main",
        head_sha=SHA,
        files=(FileChange("requirements-dev.txt", additions=1, deletions=1,
                          patch=patch("pytest==8.3.1", removed=("pytest==8.2.0",))),),
    )


def docs_only() -> PullRequest:
    """A documentation-only change."""
    return PullRequest(
        title="docs: explain how refunds appear on invoices",
        number=104, author="carla", head="docs/refunds", base="main", head_sha=SHA,
        files=(FileChange("docs/billing/refunds.md", additions=40, deletions=3, patch=patch("## Refunds")),),
    )


def overridden() -> tuple[PullRequest, Override]:
    """A refactor the rules call tech debt, relabelled internal by a person."""
    pr = PullRequest(
        title="refactor(billing): split the invoice module",
        number=105, author="dan", head="refactor/invoice", base="main", head_sha=SHA,
        files=(FileChange("src/billing/invoice.py", additions=120, deletions=118, patch=patch("class Invoice:")),
               FileChange("src/billing/totals.py", status="added", additions=60, patch=patch("def total(): ..."))),
    )
    return pr, Override("internal", "pm-erin", "label")


def feature() -> PullRequest:
    """A new export feature: a CLI flag with help text, a new English string, a new docs section."""
    return PullRequest(
        title="feat(billing): export invoices as PDF [ENG-1784]",
        body="Adds a PDF export.",
        number=108, author="fay", head="feat/pdf-export", base="main", head_sha=SHA,
        files=(FileChange("src/billing/cli.py", additions=12, deletions=1,
                          patch=patch('parser.add_argument("--format", choices=["csv", "pdf"], '
                                      'help="file format of the exported invoices")')),
               FileChange("src/billing/locales/en.json", additions=1,
                          patch=patch('  "export.pdf": "Download as PDF",')),
               FileChange("docs/billing/export.md", additions=10, patch=patch("## Exporting invoices as PDF")),
               FileChange("tests/test_export.py", status="added", additions=30, patch=patch("def test_pdf(): ..."))),
    )


def fix_with_changelog() -> PullRequest:
    """A fix whose changelog entry and changeset say what users get, in users' words."""
    return PullRequest(
        title="fix: `applyCoupon` rounding",
        body="",
        number=109, author="gus", head="fix/coupon", base="main", head_sha=SHA,
        files=(FileChange("src/checkout/coupons.ts", additions=3, deletions=3,
                          patch=patch("return Math.round(total * 100) / 100", removed=("return total",))),
               FileChange("CHANGELOG.md", additions=2,
                          patch=patch("## Unreleased",
                                      "- Coupon discounts no longer leave a fraction of a cent on the total "
                                      "([#109](https://example.com/pull/109)) by @gus")),
               FileChange(".changeset/brave-owls-sing.md", status="added", additions=5,
                          patch=patch("---", '"checkout": patch', "---", "",
                                      "Totals with a coupon are rounded to the cent."))),
    )


def internal_machinery() -> PullRequest:
    """CI and tests only."""
    return PullRequest(
        title="Run the e2e suite on Windows too",
        number=110, author="hal", head="ci/windows", base="main", head_sha=SHA,
        files=(FileChange(".github/workflows/e2e.yml", additions=4, deletions=1, patch=patch("os: [ubuntu, windows]")),
               FileChange("tests/e2e/test_paths.py", additions=6, deletions=2, patch=patch("assert p.exists()"))),
    )


def low_confidence() -> PullRequest:
    """A refactor that also touches the UI: the rules lean tech debt, but not by much."""
    return PullRequest(
        title="refactor: move the invoice table into its own component",
        number=111, author="ida", head="refactor/invoice-table", base="main", head_sha=SHA,
        files=(FileChange("web/checkout/InvoiceTable.tsx", status="added", additions=80,
                          patch=patch("export function InvoiceTable() {")),
               FileChange("web/checkout/Invoice.tsx", additions=2, deletions=78,
                          patch=patch("<InvoiceTable rows={rows} />", removed=("<table>",)))),
    )


def huge() -> PullRequest:
    """3,000 listed files of 3,400 changed, long paths and titles, many linked issues."""
    long = "very-long-directory-name-" * 6
    files = tuple(FileChange(f"src/checkout/{long}/module_{i:04d}_{'x' * 40}.py", additions=3, deletions=1,
                             patch=patch(f"value_{i} = compute({i})")) for i in range(3000))
    issues = tuple(LinkedIssue(n, title=f"Issue {n}: " + "a rather long issue title " * 12, state="open",
                               labels=("bug", "customer", "area: checkout")) for n in range(1, 41))
    return PullRequest(
        title="feat(checkout): " + "rewrite the whole checkout flow " * 10,
        body="One big change.\n\n## Release notes\n" + "Checkout is new. " * 200,
        number=106, author="eve", head="feat/checkout-rewrite", base="main", head_sha=SHA,
        files=files, changed_files=3400, additions=12000, deletions=3400, linked_issues=issues,
    )


HOSTILE = ("<script>alert(1)</script> @org/team #1 | `tick` <!-- pr-impact --> ::set-output name=x::y "
           "\u202egnp.exe\nnext")


def with_tickets() -> PullRequest:
    """A feature planned in Jira and Linear: a Story with its epic, a key Jira does not have, a Linear issue."""
    return PullRequest(
        title="feat(billing): export invoices as PDF (ENG-1784)",
        body="Adds a PDF button to the invoice page.\n\nAlso covers APP-31.", number=108, author="ana-dev",
        head="eng-1784-invoice-pdf", base="main", head_sha=SHA,
        files=(FileChange("src/billing/export.py", additions=40, deletions=2,
                          patch=patch("def export_pdf(invoice):", "    return render(invoice)")),
               FileChange("tests/test_export.py", status="added", additions=25, patch=patch("def test_pdf(): ..."))),
        linked_issues=(
            LinkedIssue(key="ENG-1784", tracker="jira", title="Export invoices as PDF", type="Story",
                        state="In Review", labels=("billing",), parent="Invoices",
                        url="https://acme.atlassian.net/browse/ENG-1784"),
            LinkedIssue(key="ENG-9", tracker="jira", missing=True, url="https://acme.atlassian.net/browse/ENG-9"),
            LinkedIssue(key="APP-31", tracker="linear", title="Accountants want invoices they can file",
                        state="Todo", labels=("Feature",), parent="Self-serve billing",
                        url="https://linear.app/acme/issue/APP-31"),
        ),
    )


def hostile() -> PullRequest:
    """Author text in every field trying to ping, cross-reference, inject HTML, break tables or fake the marker."""
    return PullRequest(
        title="feat: " + HOSTILE,
        body=HOSTILE + "\n\n## Release notes\n" + HOSTILE + "\n::warning::owned\n<details><summary>x</summary>",
        number=107, author="mallory", head="feat/@org/team-#1", base="main", head_sha=SHA,
        files=(FileChange(f"src/checkout/{HOSTILE.replace(chr(10), '')}.py", additions=1,
                          patch=patch("isEnabled('new-checkout', '" + HOSTILE.replace("\n", " ") + "')",
                                      "default_theme = '" + HOSTILE.replace("\n", " ") + "'")),
               FileChange("db/<b>x</b> @org/team #1.sql", additions=1, patch=patch("CREATE TABLE t (x int)"))),
        linked_issues=(LinkedIssue(1, repo="victim/repo", title=HOSTILE, state="open<b>",
                                   labels=(HOSTILE, "@org/team", "customer")),
                       LinkedIssue(key="ENG-1", tracker="jira", title=HOSTILE, type=HOSTILE, state=HOSTILE,
                                   labels=(HOSTILE,), parent=HOSTILE, url="javascript:alert(1)"),
                       LinkedIssue(key="ENG-2", tracker="linear", title=HOSTILE,
                                   url="https://linear.app/x/issue/ENG-2)<b>[@org](#1)")),
    )


def verdicts() -> dict[str, tuple[Verdict, str]]:
    """Each golden case: its verdict and the expected impact."""
    cfg = config()
    pr, manual = overridden()
    return {
        "user-facing-customer-bug": (classify(user_facing(), cfg), "user-facing"),
        "tech-debt-perf-claim": (classify(tech_debt_perf(), cfg), "tech-debt"),
        "internal-dependabot": (classify(dependabot_bump(), cfg), "internal"),
        "docs-only": (classify(docs_only(), cfg), "user-facing"),
        "overridden": (classify(pr, cfg, manual), "internal"),
        "huge": (classify(huge(), cfg), "user-facing"),
        "feature": (classify(feature(), cfg), "user-facing"),
        "fix-with-changelog": (classify(fix_with_changelog(), cfg), "user-facing"),
        "internal-machinery": (classify(internal_machinery(), cfg), "internal"),
        "low-confidence": (classify(low_confidence(), cfg), "tech-debt"),
        "tickets": (classify(with_tickets(), cfg), "user-facing"),
    }


def normalise(markdown: str) -> str:
    """The report with the version replaced, so a release does not churn the golden files."""
    return markdown.replace(f"pr-impact {__version__} ·", "pr-impact VERSION ·")


@pytest.mark.parametrize("name", sorted(verdicts()))
def test_golden(name: str) -> None:
    """Each representative PR renders exactly as its golden file (UPDATE_GOLDEN=1 rewrites them)."""
    verdict, expected = verdicts()[name]
    assert verdict.impact == expected
    markdown = normalise(render_markdown(verdict))
    path = GOLDEN / f"{name}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
    assert markdown == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(verdicts()))
def test_renders_as_valid_gfm(name: str) -> None:
    """Only our own tags appear, tables keep their columns, details are collapsed, size is bounded."""
    markdown = render_markdown(verdicts()[name][0])
    parsed = parse(markdown)
    assert set(parsed.tags) <= OUR_TAGS
    assert "details" in parsed.tags and "summary" in parsed.tags
    assert parsed.tables_intact() and parsed.links_ours()
    assert len(markdown) <= MAX_CHARS


def test_sections_in_order() -> None:
    """Plain language first, implementation last."""
    markdown = render_markdown(verdicts()["user-facing-customer-bug"][0])
    order = ["User-facing outcome", "What changes for users", "Product areas", "Linked issues", "Heads-up",
             "Evidence", "Implementation details", "rules from"]
    positions = [markdown.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "**Checkout** (2 files)" in markdown and "**Billing** (1 file)" in markdown


def test_heads_up_in_user_facing_case() -> None:
    """Migration, flag and changed default are flagged for the PM."""
    markdown = render_markdown(verdicts()["user-facing-customer-bug"][0])
    assert "Database migration" in markdown and "`keep-basket — added in src/checkout/basket.py`" in markdown
    assert "`default basket ttl 1800 → 86400 (src/checkout/basket.py)`" in markdown


def test_perf_claim_judged() -> None:
    """The 1.4 s → 0.8 s claim is said to cross the 1 s threshold."""
    markdown = render_markdown(verdicts()["tech-debt-perf-claim"][0])
    assert "Users would notice: crosses the 1 s threshold" in markdown


def test_override_is_explained() -> None:
    """Who overrode it, how, and what the rules would have said."""
    markdown = render_markdown(verdicts()["overridden"][0])
    assert "**Manual override** — set by pm\\-erin with the impact label" in markdown
    assert "The rules alone would say **Tech debt with user impact**" in markdown
    assert "Strongest evidence against the override: The title says it is a refactor" in markdown


def test_hostile_input_is_inert() -> None:
    """No tag, mention, cross-reference, fake marker or workflow command from author text survives."""
    verdict = classify(hostile(), config(), Override("user-facing", "@org/team <b>", "label"))
    markdown = render_markdown(verdict)
    parsed = parse(markdown)
    assert set(parsed.tags) <= OUR_TAGS, set(parsed.tags) - OUR_TAGS
    assert parsed.tags.count("details") == 1
    assert parsed.tables_intact() and parsed.links_ours()
    text = "".join(parsed.text)
    assert not re.search(r"@[A-Za-z]", text)
    assert not re.search(r"#\d", text)
    assert "<!-- pr-impact" not in markdown and "<!--" not in markdown
    assert "\u202e" not in markdown
    assert not any(line.lstrip().startswith("::") or "::set-output" in line for line in markdown.splitlines())
    assert "Database migration" in markdown and "Feature flag" in markdown


def test_hostile_input_in_text_and_json() -> None:
    """The terminal report has no control characters; the JSON carries the heads-up list."""
    verdict = classify(hostile(), config())
    out = render_text(verdict)
    assert "\u202e" not in out and "\x1b" not in out
    assert "::set-output" not in out
    assert '"heads_up": [' in render_json(verdict)


def test_huge_pr_fits_and_says_what_it_left_out() -> None:
    """3,000 files, long paths and titles, 40 issues: under the limit, trimmed lists, a closing note."""
    verdict = verdicts()["huge"][0]
    markdown = render_markdown(verdict)
    assert len(markdown) <= MAX_CHARS
    assert "showing 20 of 40 linked issues" in markdown and "of 3,000 files" in markdown
    assert "Partly analysed: GitHub listed 3,000 of 3,400 changed files" in markdown
    assert "Very large PR" in markdown


def test_partly_analysed_is_in_the_details_not_the_heads_up() -> None:
    """Issue 19: what was not read is for engineers, in the collapsed details; the heads-up a PM reads
    leaves it out."""
    pr = PullRequest(title="feat: export to PDF", files=(FileChange("src/export.py", additions=40),),
                     changed_files=4000)
    verdict = classify(pr, config())
    head, details = render_markdown(verdict).split("<details>", 1)
    assert "Partly analysed" in details and "Partly analysed" not in head and "#### Heads-up" not in head
    text = render_text(verdict)
    assert "  ! Partly analysed: GitHub listed 1 of 4,000" in text and "heads-up: Partly" not in text


@pytest.mark.parametrize("limit", [65_536, 30_000, 10_000, 4_000, 1_500, 300])
def test_any_limit_is_respected(limit: int) -> None:
    """Smaller limits shed detail first and always stay within the limit."""
    markdown = render_markdown(verdicts()["huge"][0], max_chars=limit)
    assert len(markdown) <= limit
    if limit >= 4_000:
        assert markdown.rstrip().endswith("</sub>")
        assert "details" in parse(markdown).tags
    if 4_000 <= limit < 65_536:
        assert "Shortened to fit GitHub's comment size limit" in markdown


def test_default_config_renders_example() -> None:
    """The built-in rules also produce a complete report (commit argument wins over the head sha)."""
    markdown = render_markdown(classify(user_facing(), default_config()), commit="feedface" * 5)
    assert "commit `feedfacefeed`" in markdown


_PIECES = [*"ab @#1|`<>!-:\\*_[]()&;\n\u202e\u200b\x00\t/.", "<!--", "::", "pr-impact", "12"]
AUTHOR_TEXT = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@given(title=AUTHOR_TEXT, body=AUTHOR_TEXT, path=AUTHOR_TEXT, issue=AUTHOR_TEXT, label=AUTHOR_TEXT, login=AUTHOR_TEXT)
def test_any_author_text_stays_inert(title: str, body: str, path: str, issue: str, label: str, login: str) -> None:
    """Whatever authors write, the HTML has only our tags, tables keep 4 cells, and nothing pings or links."""
    pr = PullRequest(title="feat: " + title, body=body + "\n## Release notes\n" + body, author=login, head=login,
                     files=(FileChange("src/checkout/" + path.replace("\n", "") + ".py", additions=1,
                                       patch=patch("isEnabled('" + path.replace("\n", "") + "')")),),
                     linked_issues=(LinkedIssue(7, repo=label or None, title=issue, state=label, labels=(label,)),
                                    LinkedIssue(key="ENG-7", title=issue, type=label or None, parent=issue or None,
                                                url="https://x.example/" + label)))
    markdown = render_markdown(classify(pr, config(), Override("user-facing", login or "x", "label")))
    parsed = parse(markdown)
    assert set(parsed.tags) <= OUR_TAGS
    assert parsed.tables_intact() and parsed.links_ours()
    text = "".join(parsed.text)
    assert not re.search(r"@[A-Za-z0-9]", text) and not re.search(r"#\d", text)
    assert "<!--" not in markdown and "\u202e" not in markdown


def test_extreme_pr_fits() -> None:
    """Thousands of very long paths, 200 issues with many long labels, every rule with many hits: still fits."""
    path = "p/" + "segment-" * 120
    added = patch("CREATE TABLE t (x int)", "isEnabled('" + "f" * 70 + "')")
    files = tuple(FileChange(f"{path}{i}.sql", additions=5, patch=added) for i in range(3000))
    issues = tuple(LinkedIssue(n, repo="o/" + "r" * 80, title="t" * 500, state="s" * 50, labels=("l" * 300,) * 30)
                   for n in range(200))
    pr = PullRequest(title="feat: " + "x" * 5000, body=("## Release notes\n" + "y" * 100_000), files=files,
                     linked_issues=issues, changed_files=9000, head_sha=SHA)
    verdict = classify(pr, default_config())
    markdown = render_markdown(verdict)
    assert len(markdown) <= MAX_CHARS
    assert "details" in parse(markdown).tags and markdown.rstrip().endswith("</sub>")


def test_terminal_and_json_carry_the_same_heads_up() -> None:
    """The terminal report and the JSON list the heads-up items the comment shows; JSON keeps its keys."""
    verdict = verdicts()["user-facing-customer-bug"][0]
    out = render_text(verdict)
    assert "heads-up: Database migration" in out and "keep-basket — added in src/checkout/basket.py" in out
    assert "issue #12 [open] Basket emptied after the session expires (bug, customer)" in out
    data = json.loads(render_json(verdict))
    assert [h["kind"] for h in data["heads_up"]] == ["migration", "feature-flag", "defaults"]
    assert {"impact", "label", "confidence", "why", "areas", "evidence", "notes"} <= data.keys()


def test_details_explain_only_the_files_a_rule_set_aside() -> None:
    """A file set aside says why ("only formatting changed"); a runtime manifest under an internal verdict
    says nothing that reads as the comment contradicting its "Nothing users see"."""
    manifest = "@@ -1,3 +1,3 @@\n [dependencies]\n-serde = \"1.0.1\"\n+serde = \"1.0.2\"\n regex = \"1\""
    bump = PullRequest(title="chore(deps): update rust crate serde to 1.0.2", author="renovate[bot]",
                       author_type="Bot", files=(FileChange("Cargo.toml", "modified", 1, 1, manifest),
                                                 FileChange("Cargo.lock", "modified", 4, 4, patch("x"))))
    markdown = render_markdown(classify(bump, default_config()))
    assert "Nothing users see" in markdown
    assert "- `Cargo.toml` manifest (+1 −1)" in markdown and "users install" not in markdown
    reformatted = FileChange("src/app/orders.py", "modified", 1, 1, patch("x = foo(a,  b)", removed=("x = foo(a, b)",)))
    verdict = classify(PullRequest(title="Format the order module", files=(reformatted,)), default_config())
    assert any(f.surface_rule for f in verdict.signals.files)
    line = next(x for x in render_markdown(verdict).splitlines() if x.startswith("- `src/app/orders.py`"))
    assert line != "- `src/app/orders.py` source (+1 −1)", line


def test_a_file_two_conditions_of_one_rule_match_is_named_once() -> None:
    """`all_files` and `any_file` of one rule both match the file: the evidence names it once."""
    reformatted = FileChange("src/app/orders.py", "modified", 1, 1, patch("x = foo(a,  b)", removed=("x = foo(a, b)",)))
    verdict = classify(PullRequest(title="Format the order module", files=(reformatted,)), default_config())
    moved = next(e for e in verdict.evidence if e.rule == "only-moved-code")
    assert moved.hits == ("src/app/orders.py",)
    assert "`src/app/orders.py`, `src/app/orders.py`" not in render_markdown(verdict)


def test_what_ships_names_only_shipped_files() -> None:
    """When the files carry the verdict, "it changes what ships to users" names the shipped ones, not a test
    snapshot beside them (a PM reads the snapshot as shipped)."""
    pr = PullRequest(title="minor grammatical corrections to the SQL tutorial", files=(
        FileChange("app/tutorials/sql.py", "modified", 1, 1, patch('"Run a query"', removed=('"Runs a query"',))),
        FileChange("tests/snapshots/sql.md.txt", "modified", 1, 1, patch("Run a query", removed=("Runs a query",)))))
    evidence = render_markdown(classify(pr, default_config())).split("#### Evidence")[1].split("<details>")[0]
    assert "It changes what ships to users (code): `app/tutorials/sql.py`" in evidence
    assert "snapshots" not in evidence
