"""Heads-up detectors: each finds what a PM should know, and none can be stalled by hostile text."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pr_impact.adapters.config_file import default_config
from pr_impact.core.engine import classify
from pr_impact.core.headsup import heads_up, mentioned
from pr_impact.core.model import FileChange, LinkedIssue, PullRequest
from pr_impact.core.signals import Signals, build_signals, file_signals
from pr_impact.render.json_out import render_json
from pr_impact.render.markdown import render_markdown
from pr_impact.render.text import render_text
from tests.headsup_sample import KINDS, Case, load


def signals(pr: PullRequest) -> Signals:
    """Signals for a PR, without any config (kinds and default surfaces only)."""
    return build_signals(pr, [file_signals(f) for f in pr.files])


def added(path: str, *lines: str, removed: tuple[str, ...] = ()) -> FileChange:
    """A modified file whose diff adds (and removes) these lines."""
    body = "\n".join([*(f"-{x}" for x in removed), *(f"+{x}" for x in lines)])
    return FileChange(path, additions=len(lines), deletions=len(removed),
                      patch=f"@@ -1,{len(removed)} +1,{len(lines)} @@\n{body}")


def kinds(pr: PullRequest) -> list[str]:
    """The kinds of heads-up a PR gets."""
    return [h.kind for h in heads_up(signals(pr))]


def test_nothing_for_a_plain_change() -> None:
    assert kinds(PullRequest(title="fix: typo in button", files=(added("src/app.py", "x = 1"),))) == []


def test_migration_file_and_sql_ddl() -> None:
    pr = PullRequest(files=(added("db/migrations/0001_init.py", "op.create_table('plans')"),
                            added("sql/schema.sql", "ALTER TABLE users ADD COLUMN plan text;")))
    [h] = heads_up(signals(pr))
    assert h.kind == "migration" and "1 migration file and 1 schema statement" in h.text
    assert h.items[0] == "db/migrations/0001_init.py" and "ALTER TABLE" in h.items[1]


def test_feature_flags_with_names() -> None:
    pr = PullRequest(files=(added("src/pay.ts", "if (flags.isEnabled('new-checkout')) {"),
                            added("app/models/user.rb", "Flipper.enabled?(:beta_search, user)"),
                            added("src/ld.py", "x = 1", removed=("if ld.variation('old-banner', user, False):",)),
                            added("tests/test_pay.py", "isEnabled('ignored-in-tests')")))
    [h] = heads_up(signals(pr))
    assert h.kind == "feature-flag" and "2 flags checked in new code, 1 flag no longer checked" in h.text
    assert h.items == ("new-checkout — added in src/pay.ts", "beta_search — added in app/models/user.rb",
                       "old-banner — removed in src/ld.py")


def test_regenerated_schemas_are_listed_once_and_said_to_be_regenerated() -> None:
    """Issue 19: two copies of a config schema written by a generator are one regenerated schema, and a
    schema whose descriptions alone changed changes no contract."""
    line = ('        "upgradeCode": { "type": "string" },',)
    pr = PullRequest(files=(added("crates/tauri-cli/config.schema.json", *line),
                            added("crates/tauri-schema-generator/schemas/config.schema.json", *line),
                            added("api/openapi.json", '"description": "New."', removed=('"description": "Old."',))))
    [h] = heads_up(signals(pr))
    assert h.text == "Regenerated API schema: 1 schema regenerated from the code this PR changes, additions only."
    assert h.items == ("crates/tauri-cli/config.schema.json",)


def test_api_schema_removals_may_break_clients() -> None:
    pr = PullRequest(title="feat(api)!: drop v1", files=(
        added("api/openapi.yaml", "  /v2/items:", removed=("  /v1/items:",)),
        added("proto/items.proto", "message Item {}")))
    [h] = heads_up(signals(pr))
    assert h.kind == "api-schema" and "1 removed line" in h.text and "breaking" in h.text
    assert h.items == ("api/openapi.yaml", "proto/items.proto")


def test_ambient_declarations_and_comment_edits_are_not_public_api() -> None:
    """Issue 11: an app's own vite-env.d.ts / global.d.ts, and a schema file whose comments alone changed."""
    pr = PullRequest(files=(added("src/vite-env.d.ts", '/// <reference types="vite/client" />'),
                            added("global.d.ts", "interface Window { app: App }"),
                            added("proto/items.proto", "// Sorted by time.", removed=("// Sorted by name.",)),
                            added("api/openapi.yaml", "# Owned by the API team.", removed=("# Owned by us.",))))
    assert kinds(pr) == []


def test_changed_defaults_say_old_and_new_value() -> None:
    pr = PullRequest(files=(added("src/config.py", "DEFAULT_TIMEOUT = 10", removed=("DEFAULT_TIMEOUT = 30",)),
                            added("cmd/root.go", 'CharLimit int `help:"Limit" default:"400"`',
                                  removed=('CharLimit int `help:"Limit" default:"0"`',)),
                            added("src/view.tsx", "export default function View() {}", "    default:"),
                            added(".env.example", "THEME=dark")))
    [h] = heads_up(signals(pr))
    assert h.kind == "defaults" and h.text.startswith("Changed defaults: 2 default values changed.")
    assert h.items == ("default timeout 30 → 10 (src/config.py)", "CharLimit default 0 → 400 (cmd/root.go)")


def test_a_new_settings_screen_and_default_words_are_not_changed_defaults() -> None:
    """Issue 15: identifiers that merely contain "default", and a new settings page, stay quiet."""
    pr = PullRequest(files=(
        FileChange("src/pages/Settings.tsx", status="added", additions=1,
                   patch="@@ -0,0 +1,1 @@\n+export default function Settings() { return null }"),
        added("src/form.ts", "e.preventDefault()", removed=("event.preventDefault()",)),
        added("lib/menu.dart", "if (defaultTargetPlatform == TargetPlatform.android) {",
              removed=("if (defaultTargetPlatform == TargetPlatform.iOS) {",)),
        added("src/lib.rs", "let x = y.unwrap_or_default();", removed=("let x = y.unwrap_or_default()",))))
    assert kinds(pr) == []


@pytest.mark.parametrize("case", [c for kind in KINDS for c in load(kind)], ids=lambda c: f"{c.kind}:{c.id}")
def test_labelled_case(case: Case) -> None:
    """Every case of the labelled sample that fires shows its expected item; the cases the issues name
    fire or stay quiet as labelled (corpus cases are judged together, by precision and recall)."""
    found = [h for h in heads_up(signals(case.pr)) if h.kind == case.kind]
    if case.source.startswith("issue-"):
        assert bool(found) is case.fire
    items = [item for h in found for item in h.items]
    for text in case.expect if found else ():
        assert any(text in item for item in items), (text, items)
    for text in case.says if found else ():
        assert any(text in h.text for h in found), (text, [h.text for h in found])


# Issue 15 held its four kinds to every true case; issue 19's security cases include fixes whose words
# name no vulnerability ("pass registry passwords through stdin"), kept in the sample as misses.
RECALL = {"security": 0.85}


@pytest.mark.parametrize("kind", KINDS)
def test_precision_and_recall_on_the_labelled_sample(kind: str) -> None:
    """Issues 15 and 19's targets: precision of at least 0.9 per kind; no true case missed, or, for
    security, at most the few the words cannot tell."""
    cases = load(kind)
    fired = [c for c in cases if any(h.kind == kind for h in heads_up(signals(c.pr)))]
    true_cases = [c for c in cases if c.fire]
    assert len(cases) >= 30 and len(true_cases) >= 20
    assert sum(c.fire for c in fired) / len(fired) >= 0.9
    missed = [c.id for c in true_cases if c not in fired]
    assert 1 - len(missed) / len(true_cases) >= RECALL.get(kind, 1.0), missed


def test_the_same_items_in_the_comment_the_terminal_and_json() -> None:
    pr = PullRequest(title="Smaller pages", files=(
        added("src/api/list.ts", "export const DEFAULT_PAGE_SIZE = 20;",
              removed=("export const DEFAULT_PAGE_SIZE = 50;",)),
        added("src/pay.ts", 'if (isFeatureEnabled("new-checkout")) {')))
    verdict = classify(pr, default_config())
    item, flag = "default page size 50 → 20 (src/api/list.ts)", "new-checkout — added in src/pay.ts"
    assert f"`{item}`" in render_markdown(verdict) and f"`{flag}`" in render_markdown(verdict)
    assert item in render_text(verdict) and flag in render_text(verdict)
    heads = {h["kind"]: h["items"] for h in json.loads(render_json(verdict))["heads_up"]}
    assert heads["defaults"] == [item] and heads["feature-flag"] == [flag]


def test_security_bump_by_bot_with_advisories() -> None:
    pr = PullRequest(title="build(deps): bump lodash from 4.17.20 to 4.17.21", author="dependabot[bot]",
                     author_type="Bot", body="Fixes CVE-2021-23337 and GHSA-35jh-r3h4-6jhm.")
    [h] = heads_up(signals(pr))
    assert h.kind == "security" and h.text.startswith("Security dependency bump: it cites 2 advisories")
    assert h.items == ("CVE-2021-23337", "GHSA-35JH-R3H4-6JHM")


def test_security_fix_from_issue_label() -> None:
    pr = PullRequest(title="fix: escape user names", linked_issues=(LinkedIssue(3, labels=("security",)),))
    assert kinds(pr) == ["security"]


def test_performance_claims_judged_against_thresholds() -> None:
    pr = PullRequest(title="perf: faster search", body="p95 1.4s → 0.8s. Parsing is 0.2ms faster.")
    items = heads_up(signals(pr))
    assert [h.kind for h in items] == ["performance", "performance"]
    assert "Users would notice: crosses the 1 s threshold" in items[0].text
    assert "Users would not notice" in items[1].text and items[1].items == ("0.2ms faster",)


def test_large_and_partially_analysed() -> None:
    """Very large counts changed lines of shipped code; files GitHub did not list or sent no diff for are
    said to be partly analysed (and only a file of code with no diff counts toward the size)."""
    code = tuple(added(f"src/m{i}.py", *(f"x{i}_{n} = f({n})" for n in range(30))) for i in range(60))
    pr = PullRequest(files=(*code, FileChange("big.json", additions=9000)), changed_files=3100)
    found = heads_up(signals(pr))
    assert [h.kind for h in found] == ["large", "partial", "partial"]
    assert found[0].text.startswith("Very large PR: about 1,800 changed lines of shipped code in 60 files, not")
    assert "listed 61 of 3,100 changed files" in found[1].text and found[2].items == ("big.json",)


def test_a_big_diff_of_tests_data_and_lockfiles_is_not_a_large_pr() -> None:
    files = (added("tests/test_big.py", *(f"assert f({n})" for n in range(3000))),
             added("locales/de.json", *(f'"k{n}": "v{n}",' for n in range(3000))),
             FileChange("package-lock.json", additions=20000, deletions=20000))
    assert kinds(PullRequest(files=files)) == ["partial"]  # the lockfile's diff was not sent


def test_moved_sorted_and_renamed_code_is_not_counted() -> None:
    """Issue 19: a sorted list, a file moved to another folder, and one name changed across 81 files."""
    words = [f'"w{n}x",' for n in range(2823)]
    moved = [f"    total += price({n}) * qty({n})" for n in range(900)]
    files = (added("src/words.ts", *reversed(words), removed=tuple(words)),
             FileChange("old/calc.py", status="removed", deletions=900,
                        patch="@@ -1,900 +0,0 @@\n" + "\n".join(f"-{x}" for x in moved)),
             FileChange("new/calc.py", status="added", additions=900,
                        patch="@@ -0,0 +1,900 @@\n" + "\n".join(f"+{x}" for x in moved)),
             *(added(f"src/cmd{i}.ts", "  return runAction(ctx)", removed=("  return runCommand(ctx)",))
               for i in range(81)))
    assert kinds(PullRequest(files=files)) == []


def test_a_large_removal_is_said_as_one() -> None:
    gone = tuple(f"    score += bonus({n})" for n in range(1600))
    [h] = heads_up(signals(PullRequest(files=(added("src/nucleo.rs", "use nucleo;", removed=gone),))))
    assert h.kind == "large" and h.text.startswith("Very large removal: about 1,600 lines of shipped code removed")


def test_json_shape() -> None:
    """Heads-up items as the JSON report carries them."""
    pr = PullRequest(title="perf: x", body="from 2 s to 400 ms")
    assert classify(pr, default_config()).to_dict()["heads_up"] == [{"kind": "performance", "items": ["2 s to 400 ms"],
                                           "text": "Performance claim — Users would notice: crosses the 1 s "
                                                   "threshold (2 s → 400 ms)."}]


@given(st.text(alphabet="CREATE TABLE isEnabled('( default ::#@<>`\n\t CVE-1 security-", max_size=300))
def test_hostile_lines_never_crash(line: str) -> None:
    """Any added text gives well-formed heads-up items."""
    pr = PullRequest(title=line, body=line, files=(added("db/x.sql", *line.split("\n")),
                                                   added("src/settings.py", *line.split("\n"))))
    for h in heads_up(signals(pr)):
        assert h.text and all(isinstance(i, str) for i in h.items)


def test_pathological_runs_give_well_formed_items() -> None:
    """Long runs of the characters the patterns look for (their speed is checked, in a subprocess
    with a deadline, by tests/test_regex_safety.py)."""
    nasty = ["create " + " " * 50_000 + "x", "isEnabled(" + "'" * 50_000, "isEnabled('" + "a" * 50_000,
             "feature" + "_" * 50_000,
             "CVE-" + "1" * 50_000, "default" + " " * 50_000, "(" * 50_000]
    pr = PullRequest(title="x", body="\n".join(nasty),
                     files=(added("db/a.sql", *nasty), added("src/a.py", *nasty)))
    found = heads_up(signals(pr))
    assert [h.kind for h in found] == ["feature-flag"]
    assert all(len(item) <= 200 for h in found for item in h.items)


def test_one_pass_finds_each_file_that_mentions_a_flag_or_default_once() -> None:
    """Offsets stay right past non-ASCII text and lone surrogates, and the last file is not missed;
    settings files are read whatever they say, test files never."""
    files = [added("src/a.py", "café = 1", "x = DEFAULT_X", "default again"), added("src/b.py", "plain"),
             added("src/c.py", "\ud800 lone", "if isEnabled('beta'):"), added("src/d.py", "nothing"),
             added("src/e.py", "feature_flag"), added("config/settings.yml", "a: 1"), added("tests/t.py", "default")]
    found = mentioned(signals(PullRequest(files=tuple(files))).files)
    assert [f.path for f in found.flags] == ["src/c.py", "src/e.py", "config/settings.yml"]
    assert [f.path for f in found.defaults] == ["src/a.py", "config/settings.yml"]
    assert mentioned([]) == ([], [])


def test_plain_signatures_reach_no_detector_and_one_with_a_default_reaches_the_default_one() -> None:
    files = [added("src/a.py", "def fetch(url):", "    return url"), added("src/b.py", "def fetch(url, timeout=30):"),
             added("src/c.ts", "  limit: number = 50")]
    found = mentioned(signals(PullRequest(files=tuple(files))).files)
    assert found.flags == [] and [f.path for f in found.defaults] == ["src/b.py", "src/c.ts"]


def test_a_flag_only_on_removed_lines_is_no_longer_checked() -> None:
    [h] = heads_up(signals(PullRequest(files=(added("src/a.py", "x = 1", removed=("if isEnabled('old'):",)),))))
    assert h.items == ("old — removed in src/a.py",) and "1 flag no longer checked" in h.text


def test_a_rust_file_whose_changes_are_all_in_its_tests_is_not_read() -> None:
    patch = "@@ -1,2 +1,2 @@ mod tests {\n-    flags.isEnabled(\"a\")\n+    flags.isEnabled(\"b\")"
    rust = FileChange("src/lib.rs", additions=1, deletions=1, patch=patch)
    assert kinds(PullRequest(files=(rust,))) == []


def test_a_lone_surrogate_in_an_added_line_does_not_stop_the_flag_detector() -> None:
    """JSON can carry a lone surrogate that UTF-8 cannot encode; RE2 needs UTF-8."""
    pr = PullRequest(files=(added("src/c.py", "\ud800 if isEnabled('beta'):"),))
    assert kinds(pr) == ["feature-flag"]


SECURITY_PIECES = ["fix", " ", "SECURITY", "ſecurity", "securİty", "Vulnerable", "xss", "CSRF", "rce", "source",
                   "sql\tinjection", "SQL", "advisory", "exploits", "CVE-2024-12345", "cve-2024-1",
                   "GHSA-2345-6789-cfgh", "ghsa", "-", "é", "[security]", "leak", "token", "https://x/security-fix"]


@given(st.lists(st.sampled_from(SECURITY_PIECES), max_size=6).map("".join))
def test_a_fix_of_shipped_code_is_a_security_fix_exactly_when_its_title_names_a_vulnerability(title: str) -> None:
    from pr_impact.core.headsup.vulnerability import _SECRET_LEAK, ADVISORY_ID, VULNERABILITY

    pr = PullRequest(title=title, files=(added("src/app.py", "x = escape(y)"),))
    found = [h for h in heads_up(signals(pr)) if h.kind == "security"]
    assert bool(found) == bool(ADVISORY_ID.search(title) or VULNERABILITY.search(title) or _SECRET_LEAK.search(title))


@pytest.mark.parametrize("path", ["SECURITY.md", "docs/security.md", ".github/workflows/scan.yml", "tests/test_auth.py",
                                  ".trivyignore.yaml", "README.md"])
def test_security_words_on_files_that_do_not_ship_are_no_security_fix(path: str) -> None:
    """Issue 19: SECURITY.md, security docs, a CI scanner, tests, a scanner's ignore list."""
    pr = PullRequest(title="fix: XSS advisory CVE-2024-12345", files=(added(path, "x"),))
    assert kinds(pr) == []


def test_a_security_word_in_a_link_a_template_comment_or_a_checklist_is_not_read() -> None:
    body = ("<!-- Does this PR fix a security vulnerability? Contact security@example.com. -->\n"
            "- [x] I confirm this PR does not address a security vulnerability.\n"
            "See https://docs.github.com/en/code-security/managing-security-vulnerabilities.")
    pr = PullRequest(title="fix: keep sessions", body=body, files=(added("src/session.py", "keep = True"),))
    assert kinds(pr) == []
    told = PullRequest(title="fix: keep sessions", body="This fixes an XSS in the session page.",
                       files=(added("src/session.py", "keep = True"),))
    [h] = heads_up(signals(told))
    assert h.text == ("Security fix: the description says it fixes cross-site scripting (XSS). Consider whether "
                      "customers must be told or must upgrade.")


def test_a_bump_of_a_dev_tool_or_with_notes_that_only_mention_security_is_no_security_bump() -> None:
    lock = FileChange("pnpm-lock.yaml", additions=1, deletions=1, patch="@@ -1 +1 @@\n-a@1\n+a@2")
    dev = PullRequest(title="chore(deps): update dependency postcss to v8.5.23 [security]", author="renovate[bot]",
                      author_type="Bot", body="CVE-2026-10003", files=(lock,))
    chatty = PullRequest(title="chore(deps): bump yaml from 3.0.3 to 3.0.4", author="dependabot[bot]",
                         author_type="Bot", body="Be aware of vulnerabilities in the yaml package.", files=(lock,))
    real = PullRequest(title="chore(deps): bump dompurify from 3.4.6 to 3.4.7", author="dependabot[bot]",
                       author_type="Bot", body="This release is a security fix.", files=(lock,))
    assert kinds(dev) == kinds(chatty) == []
    [h] = heads_up(signals(real))
    assert h.text.startswith("Security dependency bump: its notes name a vulnerability.")
