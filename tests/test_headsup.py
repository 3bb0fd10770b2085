"""Heads-up detectors: each finds what a PM should know, and none can be stalled by hostile text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pr_impact.adapters.config_file import default_config
from pr_impact.core import headsup as headsup_module
from pr_impact.core.engine import classify
from pr_impact.core.headsup import MentionScan, heads_up
from pr_impact.core.model import FileChange, LinkedIssue, PullRequest
from pr_impact.core.signals import Signals, build_signals, file_signals


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
                            added("src/ld.py", "client = LaunchDarkly.Client(key)"),
                            added("tests/test_pay.py", "isEnabled('ignored-in-tests')")))
    [h] = heads_up(signals(pr))
    assert h.kind == "feature-flag"
    assert "src/pay.ts: new-checkout" in h.items and "app/models/user.rb: beta_search" in h.items
    assert not any("ignored" in item for item in h.items)


def test_api_schema_removals_may_break_clients() -> None:
    pr = PullRequest(title="feat(api)!: drop v1", files=(
        added("api/openapi.yaml", "  /v2/items:", removed=("  /v1/items:",)),
        added("proto/items.proto", "message Item {}")))
    [h] = heads_up(signals(pr))
    assert h.kind == "api-schema" and "1 removed line" in h.text and "breaking" in h.text
    assert h.items == ("api/openapi.yaml", "proto/items.proto")


def test_changed_defaults_and_settings_files() -> None:
    pr = PullRequest(files=(added("src/config.py", "DEFAULT_TIMEOUT = 30", removed=("DEFAULT_TIMEOUT = 10",)),
                            added("src/view.tsx", "export default function View() {}", "    default:"),
                            added(".env.example", "THEME=dark")))
    [h] = heads_up(signals(pr))
    assert h.kind == "defaults"
    assert {"src/config.py", ".env.example"} <= set(h.items) and "2 settings or example files" in h.text
    assert "src/config.py: DEFAULT_TIMEOUT = 10" in h.items
    assert not any("export default" in item or item.endswith("default:") for item in h.items)


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
    files = (*(added(f"src/m{i}.py", "x = 1") for i in range(60)), FileChange("big.json", additions=9000))
    pr = PullRequest(files=files, changed_files=3100)
    found = heads_up(signals(pr))
    assert [h.kind for h in found] == ["large", "partial", "partial"]
    assert "listed 61 of 3,100 changed files" in found[1].text and found[2].items == ("big.json",)


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
    nasty = ["create " + " " * 50_000 + "x", "isEnabled(" + "'" * 50_000, "feature" + "_" * 50_000,
             "CVE-" + "1" * 50_000, "default" + " " * 50_000, "(" * 50_000]
    pr = PullRequest(title="x", body="\n".join(nasty),
                     files=(added("db/a.sql", *nasty), added("src/a.py", *nasty)))
    found = heads_up(signals(pr))
    assert [h.kind for h in found] == ["feature-flag"]
    assert all(len(item) <= 200 for h in found for item in h.items)


def test_one_pass_finds_each_file_that_mentions_a_flag_or_default_once() -> None:
    """Offsets stay right past non-ASCII text and lone surrogates, and the last file is not missed."""
    files = [added("src/a.py", "café = 1", "x = DEFAULT_X", "default again"), added("src/b.py", "plain"),
             added("src/c.py", "\ud800 lone", "if isEnabled('beta'):"), added("src/d.py", "nothing"),
             added("src/e.py", "feature_flag")]
    sig = signals(PullRequest(files=tuple(files)))
    assert [f.path for f in MentionScan(sig.files).result()] == ["src/a.py", "src/c.py", "src/e.py"]
    assert MentionScan([]).result() == []


def test_a_mention_outside_the_added_lines_is_not_a_flag() -> None:
    """The pass only picks files to read; what they say is judged on their added lines."""
    sig = signals(PullRequest(files=(added("src/a.py", "x = 1", removed=("if isEnabled('old'):",)),)))
    assert kinds(PullRequest(files=sig.pr.files)) == []


def test_the_scan_started_early_finds_what_the_inline_pass_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Threaded (big PR) or inline (small PR), collected after surfaces decided test-code-only."""
    files = [added("src/a.py", "x = DEFAULT"), added("tests/test_a.py", "default"), added("src/b.py", "plain"),
             added("src/lib.rs", "fn f() {}", removed=("#[cfg(test)] flags.get(1)",)),
             added("config/app.yml", "feature_flag: on"), added("docs/x.md", "isEnabled(")]
    found = {}
    for threshold in (1 << 30, 0):
        monkeypatch.setattr(MentionScan, "THREAD_BYTES", threshold)
        sig = signals(PullRequest(files=tuple(files)))
        found[threshold] = ([f.path for f in MentionScan(sig.files).result()], heads_up(sig))
    # Shipped files only, and not the Rust file whose changes are all inside its tests.
    assert found[0] == found[1 << 30] and found[0][0] == ["src/a.py", "config/app.yml"]


def test_a_failure_in_the_scan_thread_reaches_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(texts: list[str]) -> list[int]:
        raise MemoryError("scan")

    monkeypatch.setattr(MentionScan, "THREAD_BYTES", 0)
    monkeypatch.setattr(headsup_module, "_mentions", broken)
    scan = MentionScan(signals(PullRequest(files=(added("src/a.py", "x"),))).files)
    with pytest.raises(MemoryError, match="scan"):
        scan.result()


def test_a_lone_surrogate_in_an_added_line_does_not_stop_the_flag_detector() -> None:
    """JSON can carry a lone surrogate that UTF-8 cannot encode; RE2 needs UTF-8."""
    pr = PullRequest(files=(added("src/c.py", "\ud800 if isEnabled('beta'):"),))
    assert kinds(pr) == ["feature-flag"]
