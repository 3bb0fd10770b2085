"""Every built-in rule, on small hand-written pull requests: it fires where it should, stays quiet where it
should not, and decides well; and the YAML the rules are written in is what the tool runs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from pr_impact.adapters.config_file import builtin_rules, default_config, load_rules_document
from pr_impact.core.config import Config
from pr_impact.core.engine import classify
from pr_impact.core.model import FileChange, LinkedIssue, PullRequest
from pr_impact.core.signals import MAX_GUESSED_AREAS
from pr_impact.core.verdict import Verdict

CONFIG: Config = default_config()


def patch(added: tuple[str, ...] = (), removed: tuple[str, ...] = (), context: tuple[str, ...] = (),
          header: str = "") -> str:
    """A one-hunk unified diff: context lines first, then the removed and the added lines."""
    old, new = len(context) + len(removed), len(context) + len(added)
    lines = [f"@@ -1,{old} +1,{new} @@{' ' + header if header else ''}"]
    lines += [f" {c}" for c in context] + [f"-{r}" for r in removed] + [f"+{a}" for a in added]
    return "\n".join(lines)


def change(path: str, added: tuple[str, ...] = ("x = 1",), removed: tuple[str, ...] = (), *,
           status: str = "modified", text: str | None = None, previous: str | None = None) -> FileChange:
    """A changed file with a patch built from its added and removed lines (or given as `text`)."""
    body = text if text is not None else patch(added, removed)
    if status == "renamed" and not added and not removed:
        return FileChange(path, status, 0, 0, None, previous)
    return FileChange(path, status, len(added), len(removed), body, previous)


def make(title: str, *files: FileChange, body: str = "", author: str = "alice", bot: bool = False,
         labels: tuple[str, ...] = (), issues: tuple[LinkedIssue, ...] = ()) -> PullRequest:
    """A pull request with the given title, files and extras."""
    return PullRequest(title=title, body=body, files=files, number=1, author=author,
                       author_type="Bot" if bot else "User", labels=labels, linked_issues=issues)


def verdict(pr: PullRequest) -> Verdict:
    return classify(pr, CONFIG)


def fired(v: Verdict) -> set[str]:
    return {e.rule for e in v.evidence}


SRC = change("src/app/orders.py", ("return total",), ("return total - 1",))
TEST = change("tests/test_orders.py", ("def test_total(): ...",))
UI_MOCKS = change("src/components/mockServer/Dashboard.vue", ("<MockList />",))
GO_SRC = change("internal/server/handler.go", ("return nil",), ("return err",))

HELP_TEXT = change("cmd/root.go", ('\tcmd.Flags().StringP("out", "o", "", "where to write the report")',),
                   ('\tcmd.Flags().StringP("out", "o", "", "output")',))
RELEASE_NOTES = change("CHANGELOG.md", ("## 2.4.0", "- Export orders as CSV"))
VERSION_FILE = change("src/pkg/__init__.py", ('__version__ = "2.4.0"',), ('__version__ = "2.3.1"',))
USAGE_DOC = change("docs/guide/export.md", text=patch(("```sh", "orders export --csv out.csv", "```"), (),
                                                    ("## Export",)))
TYPO_DOC = change("docs/guide/refunds.md", ("Refunds take three days to reach the card.",),
                  ("Refunds take three days to reach teh card.",))
BODY = ("def order_total(items):", "    total = 0", "    for item in items:", "        total += item.price",
        "    return total")
MOVED_FROM = change("src/orders/service.py", (), BODY)
MOVED_TO = change("src/orders/total.py", BODY)
GROWS = change("src/orders/export.py", ("def export_csv(orders, out):", "    writer = csv.writer(out)",
                                        "    for o in orders:", "        writer.writerow([o.id, o.total])"))
ENGINES = change("package.json", text=patch(('    "node": ">=20"',), ('    "node": ">=18"',), ('  "engines": {',)))
CRATE_BUMP = change("Cargo.toml", text=patch(('rusqlite = "0.32"',), ('rusqlite = "0.31"',), ("[dependencies]",)))

# (rule that must fire, pull request, class the PR must get or None when the rule only contributes)
CASES: list[tuple[str, PullRequest, str | None]] = [
    # Restructuring named in the title, or a title of code, on shipped code alone: nothing speaks of behaviour.
    ("refactor-title-code-only", make("Refactor the order totals", SRC), "internal"),
    ("refactor-title-code-only", make("extract type SetRootFn", SRC), "internal"),
    ("code-title-code-only", make("use cmp.Or instead of ordered.First", SRC), "internal"),
    ("code-title-code-only", make("prefer `base::SplitStringPiece()` over `base::SplitString()`", SRC), None),
    ("conventional-feat", make("feat(ui): add dark mode", SRC), "user-facing"),
    ("conventional-fix", make("fix: handle empty cart", SRC), "user-facing"),
    ("conventional-breaking", make("feat!: drop the v1 endpoints", SRC), "user-facing"),
    ("conventional-perf", make("perf: cache the price lookup", SRC), "tech-debt"),
    ("conventional-security", make("security: escape user names in templates", SRC), "tech-debt"),
    # A refactor preserves behaviour: internal even in code that ships.
    ("conventional-refactor", make("refactor: split the order service", SRC), "internal"),
    ("conventional-refactor", make("refactor: share test helpers", TEST), "internal"),
    ("conventional-housekeeping", make("chore: tidy the repository", SRC), "internal"),
    ("conventional-docs", make("docs: explain the install steps", change("docs/install.md", ("Run it",))),
     "internal"),
    # `docs:` on the help text a CLI prints is a change of what users see.
    ("conventional-docs-in-code", make("docs: clarify the --out help text", HELP_TEXT), "user-facing"),
    ("release-housekeeping", make("v2.4.0", RELEASE_NOTES, VERSION_FILE), "internal"),
    ("release-housekeeping", make("Prepare the next release", RELEASE_NOTES, change("Cargo.lock", ("x",))),
     "internal"),
    ("release-title", make("v2.3.0", change("CHANGELOG.md", ("## 2.3.0",))), "internal"),
    ("release-title", make("Release 2.3.0", change("pyproject.toml", ('version = "2.3.0"',),
                                                   ('version = "2.2.0"',))), "internal"),
    ("only-internal-files", make("Update the pipeline", change(".github/workflows/ci.yml", ("on: push",))),
     "internal"),
    ("only-tests", make("Cover the refund path", TEST), "internal"),
    ("only-docs", make("Clarify the contributing guide", change("CONTRIBUTING.md", ("Run make",))), "internal"),
    ("ships-code", make("Orders total", SRC), None),
    ("ui-or-copy", make("Checkout", change("src/components/Checkout.tsx", ("<Button>Pay</Button>",))),
     "user-facing"),
    ("ui-or-copy", make("Wording", change("locales/fr/messages.po", ('msgstr "Payer"',))), "user-facing"),
    ("public-api-schema", make("Orders endpoint", change("api/openapi.yaml", ("  /orders:",))), "user-facing"),
    ("database-migration", make("Orders table", change("db/migrations/0042_orders.sql", ("ALTER TABLE",))),
     "user-facing"),
    ("user-docs", make("Describe refunds", change("docs/guide/refunds.md", ("Refunds take 3 days",))), None),
    ("docs-usage", make("Document the CSV export", USAGE_DOC), "user-facing"),
    ("docs-usage", make("Fix the build-from-source command", change("README.md", text=patch(
        ("cd atuin/crates/atuin",), ("cd atuin/atuin",), ("", "```", "git clone https://example.com/atuin.git")))),
     "user-facing"),
    ("only-internal-files", make("Fix typo", TYPO_DOC), "internal"),  # doc trivia is an internal surface
    ("only-moved-code", make("move settings module", change("src/app/config.py", (), (), status="renamed",
                                                            previous="src/app/settings.py")), "internal"),
    ("code-reshaped", make("Orders", MOVED_FROM, MOVED_TO), None),
    ("code-balanced", make("Orders", change("src/orders/service.py", ("    rate = rates.get(region)",),
                                            ("    rate = RATES[region]",))), None),
    ("code-shrinks", make("Orders", change("src/orders/service.py", (), ("legacy = True", "if legacy:",
                                                                         "    convert(order)"))), None),
    ("code-grows", make("Orders", GROWS), None),
    ("minimum-version", make("Require Node 20", ENGINES), None),
    ("dependency-fixes-crash", make("Bump rusqlite to 0.32", CRATE_BUMP,
                                    body="The new version fixes a crash when the database is locked."), "tech-debt"),
    ("code-with-tests", make("Orders", SRC, TEST), "user-facing"),
    ("code-with-docs", make("Orders", SRC, change("docs/orders.md", ("New column",))), "user-facing"),
    # Fitted weights: a bare code change with no words is user-facing (shown, not hidden); the rule contributes.
    ("code-without-tests", make("Orders", SRC), None),
    ("fix-words", make("Handle nil pointer in the handler", GO_SRC), "user-facing"),
    ("fix-words", make("Crash when the cart is empty", SRC, TEST), "user-facing"),
    ("fix-words", make("a skipped entry stops the ones after it", GO_SRC), "user-facing"),
    # "mock servers" is the product here: only shipped files changed, so the noun names no machinery.
    ("fix-words", make("correctly load mock servers on initialization", SRC, UI_MOCKS), "user-facing"),
    ("feature-words", make("Add CSV export", SRC, TEST), "user-facing"),
    ("feature-words", make("Orders can now be filtered by date", SRC), "user-facing"),
    ("ui-words", make("Redesign the settings page", SRC), "user-facing"),
    ("surface-words", make("Rename the --out flag", change("cmd/root.go", ("--output",), ("--out",)), TEST),
     "user-facing"),
    ("perf-words", make("Speed up the search index", SRC), "tech-debt"),
    ("perf-words", make("skip globbing for static paths", SRC), "tech-debt"),
    ("perf-words", make("avoid re-parsing the manifest on every request", SRC), "tech-debt"),
    ("perf-words", make("run the two builds concurrently", SRC), "tech-debt"),
    ("perf-words", make("concurrent chunked upload and download of a single file", SRC), None),
    # Behaviour-preserving work leans internal; on shipped code without more evidence it is shown (the lead).
    ("refactor-words", make("Simplify the price calculation", SRC), None),
    ("refactor-words", make("use slices.Sort instead of sort.Slice", GO_SRC), "internal"),
    ("refactor-words", make("DRY up the exporter", SRC), None),
    ("refactor-words", make("decouple the cart from the session", SRC), None),
    ("perf-words", make("defer the drop of the output to the workers", SRC), None),
    ("perf-words", make("batch history writes into one transaction", SRC), None),
    ("perf-words", make("reduce system calls in the file watcher", SRC), None),
    ("perf-words", make("use a hash set instead of a sorted set for seen ids", SRC), None),
    ("perf-words", make("use binary search to find the line", SRC), "tech-debt"),
    ("perf-words", make("shrink the binary by dropping debug symbols", SRC), "tech-debt"),
    ("improve-words", make("improve the retry helper", GO_SRC), None),
    ("ui-words", make("Improve the onboarding flow", SRC), "user-facing"),
    # Fitted weights: "add" with shipped code outweighs the word "tests"; the rule contributes.
    ("machinery-words", make("add more tests to the exporter", SRC, TEST), None),
    ("machinery-words", make("fix lint", SRC), "internal"),
    ("machinery-words", make("update the export snapshots", change("tests/__snapshots__/export.snap", ("x",))),
     "internal"),
    ("dependency-words", make("bump lodash from 4.17.20 to 4.17.21", change("package-lock.json", ("x",))),
     "internal"),
    # A go directive is the minimum Go users build with (minimum-toolchain): the words alone do not decide.
    ("dependency-words", make("Go 1.23", change("go.mod", ("go 1.23",), ("go 1.22",))), None),
    ("security-words", make("Sanitise names to prevent XSS", SRC), None),
    ("body-bug-report", make("Orders", SRC, TEST, body="Steps to reproduce: open the cart. Fixes #12"),
     "user-facing"),
    ("body-performance", make("Orders", SRC, body="This is about 3x faster on large carts."), "tech-debt"),
    ("body-no-behaviour-change", make("Orders", SRC, TEST, body="Pure refactor, no functional change."),
     "internal"),
    ("perf-claim-noticeable", make("Speed up checkout", SRC, body="p95 1.4s -> 0.8s"), "tech-debt"),
    ("perf-claim-below-threshold", make("Tweak parser", SRC, body="parse 0.3ms -> 0.2ms"), None),
    ("bot-dependency-update", make("Bump requests from 2.31.0 to 2.32.0", change("poetry.lock", ("x",)),
                                   author="dependabot[bot]", bot=True), "internal"),
    ("bot-security-update", make("Update dependency undici to v6.19.2 [SECURITY]", change("package.json", (
        '    "undici": "6.19.2"',), ('    "undici": "6.19.1"',)), author="renovate[bot]", bot=True), "tech-debt"),
    ("revert", make('Revert "Add CSV export"', SRC), "user-facing"),
    ("revert", make("revert: add CSV export", SRC), "user-facing"),
    ("feature-words", make("checkout: show the shipping estimate", SRC), "user-facing"),
    ("label-bug", make("Orders", SRC, labels=("bug",)), "user-facing"),
    ("label-feature", make("Orders", SRC, labels=("enhancement",)), "user-facing"),
    ("label-performance", make("Orders", SRC, TEST, labels=("performance",)), "tech-debt"),
    ("label-tech-debt", make("Orders", SRC, TEST, labels=("refactor",)), "tech-debt"),
    ("label-housekeeping", make("Orders", SRC, TEST, labels=("dependencies",)), "internal"),
    ("issue-title-bug", make("Orders", SRC, issues=(LinkedIssue(3, title="Crash when the cart is empty"),)),
     "user-facing"),
    ("issue-title-performance", make("Orders", SRC, TEST, issues=(LinkedIssue(3, title="Search is slow"),)),
     "tech-debt"),
    ("issue-bug", make("Orders", SRC, issues=(LinkedIssue(3, labels=("bug",)),)), "user-facing"),
    ("issue-feature", make("Orders", SRC, TEST, issues=(LinkedIssue(3, labels=("enhancement",)),)),
     "user-facing"),
    ("issue-customer", make("Orders", SRC, TEST, issues=(LinkedIssue(3, labels=("customer",)),)), "user-facing"),
    ("issue-performance", make("Orders", SRC, issues=(LinkedIssue(3, labels=("performance",)),)), "tech-debt"),
    ("issue-tech-debt", make("Orders", SRC, issues=(LinkedIssue(3, labels=("tech debt",)),)), "tech-debt"),
]


# File (surface) rules: (rule, file, surface it must get)
SURFACE_CASES: list[tuple[str, FileChange, str]] = [
    ("formatting-only", change("src/a.py", ("x = foo(a, b)",), ("x = foo( a,b )",)), "internal"),
    ("formatting-only", change("src/a.ts", text=patch(("import a from 'a'",), ("import a from 'a'",),
                                                        ("import b from 'b'",))), "internal"),
    ("comment-only", change("src/a.go", ("// Total is the sum.",), ("// total",)), "internal"),
    ("rename-only", change("src/new.py", (), (), status="renamed", previous="src/old.py"), "internal"),
    ("tests-inside-source", change("src/lib.rs", text=patch(("    assert_eq!(add(1, 1), 2);",), (),
                                                             ("#[cfg(test)]", "mod tests {"))), "internal"),
    ("version-only", change("src/pkg/__init__.py", ('__version__ = "2.4.0"',), ('__version__ = "2.3.1"',)),
     "internal"),
    ("runtime-dependencies", change("pyproject.toml", text=patch(('    "httpx>=0.28",',), ('    "httpx>=0.27",',),
                                                                ("[project]", "dependencies = ["))), "user-facing"),
    ("minimum-toolchain", change("package.json", text=patch(('    "node": ">=20"',), ('    "node": ">=18"',),
                                                            ('  "engines": {',))), "user-facing"),
    ("doc-trivia", change("docs/guide/refunds.md", ("Read the [guide](https://new.example.com/refunds).",),
                          ("Read the [guide](https://old.example.com/refunds).",)), "internal"),
]


CI = change(".github/workflows/ci.yml", ("on: push",))
DOC = change("docs/guide/refunds.md", ("Refunds take 3 days",))
DEV_DEPENDENCY = change("package.json", text=patch(('    "eslint": "^9.1.0"',), ('    "eslint": "^9.0.0"',),
                                                   ('  "devDependencies": {',)))
UPSTREAM_NOTES = "Bumps foo.\n<details><summary>Release notes</summary>[SECURITY] CVE-2024-1 fixed</details>"

# A near miss for every rule: a pull request (or, for file rules, a file) where it must stay quiet.
NOT_FIRING: dict[str, PullRequest | FileChange] = {
    "refactor-title-code-only": make("Refactor the order totals", SRC, TEST),  # tests changed with it
    "code-title-code-only": make("speed up `parse_orders()` with a cache", SRC),  # a speed-up, judged as one
    "formatting-only": change("src/a.py", ("x = foo(a, c)",), ("x = foo(a, b)",)),
    "comment-only": change("src/a.go", ("// Total is the sum.", "return a + b"), ("// total", "return a")),
    "rename-only": change("src/new.py", ("x = 2",), ("x = 1",), status="renamed", previous="src/old.py"),
    "tests-inside-source": change("src/lib.rs", ("pub fn add(a: i32) -> i32 { a + 1 }",)),
    "version-only": change("src/pkg/__init__.py", ('__version__ = "2.4.0"', "DEBUG = True"),
                           ('__version__ = "2.3.1"',)),
    "runtime-dependencies": DEV_DEPENDENCY,
    "minimum-toolchain": DEV_DEPENDENCY,
    # A corrected command, a new sentence: more than trivia.
    "doc-trivia": change("docs/guide/install.md", text=patch(("cd atuin/crates/atuin",), ("cd atuin/atuin",),
                                                             ("```sh",))),
    "conventional-feat": make("fix: handle empty cart", SRC),
    "conventional-fix": make("feat: add CSV export", SRC),
    "conventional-breaking": make("feat: add the v2 endpoints", SRC),
    "conventional-perf": make("refactor: cache the price lookup", SRC),
    "conventional-security": make("fix: escape user names in templates", SRC),
    "conventional-refactor": make("perf: split the order service", SRC),
    "conventional-housekeeping": make("refactor: tidy the repository", SRC),
    "conventional-docs": make("docs: clarify the --out help text", HELP_TEXT),  # the program's text changed
    "conventional-docs-in-code": make("docs: explain the install steps", change("docs/install.md", ("Run it",))),
    "release-housekeeping": make("v2.4.0", RELEASE_NOTES, SRC),  # a release note beside a real change
    "docs-usage": make("Describe refunds", change("docs/guide/refunds.md", (
        "Refunds take three working days to reach the card they were paid with.",))),
    "code-reshaped": make("Orders", GROWS),
    "code-balanced": make("Orders", GROWS),
    "code-shrinks": make("Orders", GROWS, TEST),
    "code-grows": make("Orders", MOVED_FROM, MOVED_TO),
    "minimum-version": make("Bump eslint", DEV_DEPENDENCY),
    "only-moved-code": make("move settings module", change("src/app/config.py", ("DEBUG = False",), (),
                                                           status="renamed", previous="src/app/settings.py")),
    "dependency-fixes-crash": make("Bump rusqlite to 0.32", CRATE_BUMP, body="Routine update."),
    "release-title": make("Show the release date on orders", SRC),
    "revert": make('Revert "Cover the refund path"', TEST),
    "only-internal-files": make("Update the pipeline", CI, SRC),
    "only-tests": make("Cover the refund path", SRC, TEST),
    "only-docs": make("Clarify the guide", DOC, SRC),
    "ships-code": make("Cover the refund path", TEST),
    "ui-or-copy": make("Orders", SRC),
    "public-api-schema": make("Orders", SRC),
    "database-migration": make("Orders", SRC),
    "user-docs": make("Describe refunds", DOC, SRC),
    "code-with-tests": make("Cover the refund path", TEST),
    "code-with-docs": make("Orders", SRC, TEST),
    "code-without-tests": make("Orders", SRC, TEST),
    "fix-words": make("fix flaky test in the exporter", SRC, TEST),
    "feature-words": make("add lint rule for imports", SRC),
    "ui-words": make("Redesign the test fixtures", SRC, TEST),
    "surface-words": make("Rename the --out flag", TEST),
    "perf-words": make("Speed up the test suite", TEST),
    "refactor-words": make("Simplify the test helpers", TEST),
    "improve-words": make("Improve the onboarding flow", SRC),
    "machinery-words": make("avoid filter doc snapshot by non-indexed updatedAt", SRC),  # a product noun
    "dependency-words": make("Show the dependencies of each order", SRC),
    "security-words": make("Sanitise names to prevent XSS", SRC, author="renovate[bot]", bot=True),
    "body-bug-report": make("Orders", CI, body="Steps to reproduce: push. Fixes #12"),
    "body-performance": make("Orders", TEST, body="This is about 3x faster on large carts."),
    "body-no-behaviour-change": make("Orders", SRC, body="Refunds now take the shipping cost into account."),
    "perf-claim-noticeable": make("Tweak parser", SRC, body="parse 0.3ms -> 0.2ms"),
    "perf-claim-below-threshold": make("Speed up checkout", SRC, body="p95 1.4s -> 0.8s"),
    "bot-dependency-update": make("Bump requests from 2.31.0 to 2.32.0", change("poetry.lock", ("x",))),
    "bot-security-update": make("Bump foo from 1.0 to 1.1", change("go.sum", ("x",)), body=UPSTREAM_NOTES,
                                author="dependabot[bot]", bot=True),
    "label-bug": make("Orders", SRC, labels=("debug",)),
    "label-feature": make("Orders", SRC, labels=("featured",)),
    "label-performance": make("Orders", SRC, labels=("performance-review",)),
    "label-tech-debt": make("Orders", SRC, labels=("good first issue",)),
    "label-housekeeping": make("Orders", SRC, labels=("enhancement",)),
    "issue-bug": make("Orders", SRC, issues=(LinkedIssue(3, labels=("enhancement",)),)),
    "issue-feature": make("Orders", SRC, issues=(LinkedIssue(3, labels=("bug", "customer")),)),
    "issue-customer": make("Orders", SRC, issues=(LinkedIssue(3, labels=("bug",)),)),
    "issue-performance": make("Orders", SRC, issues=(LinkedIssue(3, labels=("bug",)),)),
    "issue-tech-debt": make("Orders", SRC, issues=(LinkedIssue(3, labels=("bug",)),)),
    "issue-title-bug": make("Orders", SRC, issues=(LinkedIssue(3, title="Add CSV export"),)),
    "issue-title-performance": make("Orders", TEST, issues=(LinkedIssue(3, title="Search is slow"),)),
}

YAML_PATH = Path(__file__).parent.parent / "pr_impact" / "defaults.yml"
YAML_RULES = load_rules_document(YAML_PATH.read_text(encoding="utf-8"), "defaults.yml")["rules"]
# Rules scripts/fit.py learned from data (title words, facts about the PR) are tested in tests/scripts/test_fit.py.
LEARNED = ("word-", "starts-", "fact-")
RULE_NAMES = [str(r["name"]) for r in YAML_RULES if not str(r["name"]).startswith(LEARNED)]


@pytest.mark.parametrize("rule", RULE_NAMES)
def test_rule_fires_where_it_should(rule: str) -> None:
    pr_cases = [(pr, impact) for name, pr, impact in CASES if name == rule]
    file_cases = [(file, surface) for name, file, surface in SURFACE_CASES if name == rule]
    assert pr_cases or file_cases, f"{rule} needs a must-fire case in CASES or SURFACE_CASES"
    for pr, impact in pr_cases:
        v = verdict(pr)
        assert rule in fired(v), f"{rule} did not fire on {pr.title!r}; fired: {sorted(fired(v))}"
        if impact is not None:
            assert v.impact == impact, f"{pr.title!r}: {v.impact} ({v.scores})"
    for file, surface in file_cases:
        got = verdict(make("Something", file)).signals.files[0]
        assert (got.surface_rule, got.surface) == (rule, surface)


@pytest.mark.parametrize("rule", RULE_NAMES)
def test_rule_stays_quiet_where_it_should(rule: str) -> None:
    assert rule in NOT_FIRING, f"{rule} needs a must-not-fire case in NOT_FIRING"
    case = NOT_FIRING[rule]
    if isinstance(case, FileChange):
        assert verdict(make("Something", case)).signals.files[0].surface_rule != rule
    else:
        assert rule not in fired(verdict(case)), f"{rule} fired on {case.title!r}"


def test_tests_alone_are_not_shipped_code_with_its_tests() -> None:
    reasons = [e.reason for e in verdict(make("fix: flaky refund test", TEST)).evidence]
    assert not any("shipped code together with its tests" in r for r in reasons)
    assert "code-with-tests" in fired(verdict(make("Orders", SRC, TEST)))


def test_a_customer_issue_reaches_users_without_being_called_a_feature() -> None:
    v = verdict(make("Orders", SRC, issues=(LinkedIssue(3, labels=("bug", "customer")),)))
    assert {"issue-bug", "issue-customer"} <= fired(v) and "issue-feature" not in fired(v)
    assert not any("asks for a feature" in e.reason for e in v.evidence)


def _generator() -> object:
    script = YAML_PATH.parent.parent / "scripts" / "gen_defaults.py"
    spec = importlib.util.spec_from_file_location("gen_defaults", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_compiled_rules_are_the_yaml() -> None:
    """The tool loads pr_impact/builtin_rules.json, generated from the YAML: they must not drift apart."""
    gen = _generator()
    expected = gen.compiled_text(YAML_PATH.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    actual = (YAML_PATH.parent / "builtin_rules.json").read_text(encoding="utf-8")
    assert actual == expected, "pr_impact/defaults.yml changed: run `python scripts/gen_defaults.py`"
    assert load_rules_document(YAML_PATH.read_text(encoding="utf-8"), "defaults.yml") == builtin_rules()


def test_version_only_means_a_version_number_not_a_table_of_pins() -> None:
    bump = change("src/pkg/version.py", ('VERSION = "2.4.0"', 'API_VERSION = "7"'),
                  ('VERSION = "2.3.1"', 'API_VERSION = "6"'))
    pins = change("src/pkg/versions.py", tuple(f'lib{i}_version = "1.1.{i}"' for i in range(11)),
                  tuple(f'lib{i}_version = "1.0.{i}"' for i in range(11)))
    assert verdict(make("Bump", bump)).signals.files[0].surface_rule == "version-only"
    assert verdict(make("Bump", pins)).signals.files[0].surface_rule is None


def test_a_moved_statement_is_not_formatting() -> None:
    moved = patch(("b()", "a()"), ("a()", "b()"), ())
    v = verdict(make("Reorder", change("src/a.py", text=moved)))
    assert not v.signals.files[0].formatting_only


def test_dev_dependency_bump_stays_internal() -> None:
    dev = change("package.json", text=patch(('    "eslint": "^9.1.0"',), ('    "eslint": "^9.0.0"',),
                                            ('  "devDependencies": {',)))
    v = verdict(make("Bump eslint", dev, change("package-lock.json", ("x",))))
    assert v.signals.files[0].dependency_scopes == frozenset({"dev"})
    assert v.impact == "internal"


def test_peer_range_widening_reaches_users() -> None:
    peer = change("package.json", text=patch(('    "react": "^18 || ^19"',), ('    "react": "^18"',),
                                             ('  "peerDependencies": {',)))
    assert verdict(make("widen react peer range", peer)).impact == "user-facing"


def test_bot_quoting_upstream_security_notes_is_still_housekeeping() -> None:
    body = "Bumps foo from 1.0 to 1.1.\n<details><summary>Release notes</summary>[SECURITY] CVE-2024-1 fixed</details>"
    pr = make("Bump foo from 1.0 to 1.1", change("go.sum", ("x",)), body=body, author="dependabot[bot]", bot=True)
    assert verdict(pr).impact == "internal"


def test_a_release_bump_of_version_files_is_internal() -> None:
    pr = make("Bump version: 2.3.1 → 2.4.0", change("src/pkg/__init__.py", ('__version__ = "2.4.0"',),
                                                      ('__version__ = "2.3.1"',)),
              change("CHANGELOG.md", ("## v2.4.0",)))
    assert verdict(pr).impact == "internal"


def test_no_evidence_is_shown_not_hidden() -> None:
    v = verdict(make("Tweak", change("assets/blob.bin", ("x",))))
    assert v.impact == "user-facing" and v.confidence != "high"


def test_conventional_type_beats_every_word() -> None:
    assert verdict(make("chore: fix crash in add button handler", SRC)).impact == "internal"
    assert verdict(make("fix: bump timeout to 30s for slow test runners", SRC)).impact == "user-facing"


def test_every_default_rule_is_named_and_reasoned() -> None:
    names = [r["name"] for r in builtin_rules()["rules"]]
    assert len(names) == len(set(names)), "rule names must be unique"
    for raw in builtin_rules()["rules"]:
        reason = raw["then"]["reason"]
        assert reason and "\n" not in reason and len(reason) < 120, raw["name"]


def test_confidence_is_high_only_with_strong_agreeing_evidence() -> None:
    assert verdict(make("feat: add CSV export", SRC, TEST)).confidence == "high"
    assert verdict(make("Orders", SRC)).confidence != "high"


def test_a_huge_pull_request_is_classified_whole() -> None:
    """Every one of 3,000 files is judged (its speed is benchmarks/bench_engine.py's to measure)."""
    files = tuple(change(f"src/pkg{i % 50}/mod{i}.py", ("return x + 1",) * 5, ("return x",) * 5)
                  for i in range(3000))
    v = verdict(make("Rework the modules", *files))
    assert len(v.signals.files) == 3000 and all(f.surface == "user-facing" for f in v.signals.files)
    # Without configured areas a PM reads the busiest few guessed ones, not one per folder.
    assert list(v.signals.areas.values()) == [60] * MAX_GUESSED_AREAS


@pytest.mark.parametrize(("rule", "title"), [
    # Feature and fix titles that share a word with the performance or refactoring vocabulary.
    ("perf-words", "Edit cell names in place"),
    ("perf-words", "Defer the start of sync until login"),
    ("perf-words", "fix: preload script not loaded"),
    ("perf-words", "Add prefetch option to the router"),
    ("perf-words", "feat: batch delete in file manager"),
    ("perf-words", "stop console cross-delivery between concurrent executes"),  # a race fixed, not a speed-up
    ("refactor-words", "Remove duplicate entries from history search"),
])
def test_vocabulary_does_not_fire_on_user_facing_titles(rule: str, title: str) -> None:
    assert rule not in fired(verdict(make(title, SRC)))

def test_the_type_prefix_does_not_override_clear_file_evidence() -> None:
    # `fix:` on a test and `feat:` on a workflow change nothing users run: the files decide.
    for pr in (make("fix: flaky integration test", TEST), make("feat: add devcontainers", CI)):
        v = verdict(pr)
        assert v.impact == "internal" and not {"conventional-fix", "conventional-feat"} & fired(v), pr.title
    # ...while the same prefixes on shipped code keep their weight.
    assert verdict(make("fix: flaky integration test", SRC, TEST)).impact == "user-facing"
    assert "conventional-feat" in fired(verdict(make("feat: add devcontainers", CI, SRC)))



@pytest.mark.parametrize(("title", "files"), [
    ("Refactor the order totals", (SRC, TEST)),  # tests changed with it: behaviour may have changed
    ("Refactor the checkout page", (SRC, change("src/ui/Checkout.tsx", ("<b/>",)))),  # UI changed
    ("Refactor to fix the broken total", (SRC,)),  # says it fixes something
    ("use cmp.Or instead of ordered.First", (TEST,)),  # no shipped code
    ("Show the order total on receipts", (SRC,)),  # a title in plain words
    ("speed up `parse_orders()` with a cache", (SRC,)),  # a speed-up, judged as one
])
def test_restructuring_rules_stay_quiet_when_something_speaks_of_behaviour(title: str,
                                                                          files: tuple[FileChange, ...]) -> None:
    assert not {"refactor-title-code-only", "code-title-code-only"} & fired(verdict(make(title, *files)))
