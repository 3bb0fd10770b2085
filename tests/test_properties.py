"""Property tests: any input ends in a verdict or in pr-impact's own error, and any report stays inert."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pr_impact.adapters.config_file import builtin_rules, default_config, load_config_text
from pr_impact.adapters.snapshot import parse_snapshots
from pr_impact.core.conditions import CLASSES, FILE_KEYS, PR_KEYS, QUANTIFIERS, SURFACES, Key
from pr_impact.core.diff import is_comment_only, is_formatting_only, parse_patch
from pr_impact.core.engine import classify
from pr_impact.core.model import FileChange, LinkedIssue, PullRequest
from pr_impact.core.taxonomy import machinery_only
from pr_impact.errors import ConfigError, PrImpactError, SnapshotError
from pr_impact.render.json_out import render_json
from pr_impact.render.markdown import render_markdown
from pr_impact.render.text import render_explain, render_text
from tests.rendered import assert_markdown_inert, assert_terminal_safe

DEFAULTS = default_config()

# --- strategies -------------------------------------------------------------------------------------

# Pieces that each open some construct: Markdown, HTML, mentions, references, workflow commands, controls.
_HOSTILE_PIECES = ["@octocat", "@org/team", "#12", "GH-3", "owner/repo#4", "<b>", "</td>", "<!--", "-->",
                   "<!-- pr-impact", "::error::x", "::set-output name=a::b", "##[warning]", "%0A", "|", "`", "``",
                   "\n", "\r", "\r\n", "\x00", "\x1b[31m", "\u202e", "\u2028", "\t", "&#64;", "&lt;", "https://x.y",
                   "www.x.y", "*", "_", "[a](b)", "![i](j)", "\\", "1. ", "- ", "> ", "# ", "---", "===", "~~~",
                   "$x$", " ", "a", "Z", "é", "🟢", "\ud800", "\ufeff", "\u200b"]
hostile_text = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(_HOSTILE_PIECES) | st.text(max_size=3), max_size=25).map("".join),
)
json_scalar = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
               | hostile_text)
any_json = st.recursive(json_scalar, lambda c: st.lists(c, max_size=4) | st.dictionaries(hostile_text, c, max_size=4),
                        max_leaves=15)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A value of the right shape most of the time, anything JSON can hold otherwise."""
    return st.one_of(strategy, strategy, strategy, any_json)


_patch_line = st.tuples(st.sampled_from(["+", "-", " ", "@@ -1,2 +1,3 @@", "\\", "diff --git a b", ""]),
                        hostile_text).map("".join)
patch_text = st.lists(_patch_line, max_size=12).map("\n".join)
labels = st.lists(_maybe(hostile_text | st.fixed_dictionaries({"name": hostile_text})), max_size=4)
file_entry = st.fixed_dictionaries(
    {"filename": hostile_text},
    optional={"status": _maybe(st.sampled_from(["added", "removed", "modified", "renamed"])),
              "additions": _maybe(st.integers(min_value=0, max_value=10**6)),
              "deletions": _maybe(st.integers(min_value=0, max_value=10**6)),
              "patch": _maybe(patch_text), "previous_filename": _maybe(hostile_text)},
)
issue_entry = st.fixed_dictionaries(
    {"number": _maybe(st.integers(min_value=1, max_value=10**6))},
    optional={"title": _maybe(hostile_text), "state": _maybe(st.sampled_from(["open", "closed", "OPEN"])),
              "labels": labels, "repository": _maybe(st.fixed_dictionaries({"full_name": hostile_text})),
              "type": _maybe(st.fixed_dictionaries({"name": hostile_text})),
              "milestone": _maybe(st.fixed_dictionaries({"title": hostile_text})), "html_url": _maybe(hostile_text)},
)
pull_request = st.fixed_dictionaries(
    {},
    optional={"number": _maybe(st.integers(min_value=1, max_value=10**6)),
              "title": _maybe(st.sampled_from(["feat: ", "fix(ui)!: ", "chore(deps): ", ""]).flatmap(
                  lambda prefix: hostile_text.map(lambda t: prefix + t))),
              "body": _maybe(hostile_text.map(lambda t: t + "\n## Release notes\n" + t)),
              "user": _maybe(st.fixed_dictionaries({"login": hostile_text, "type": st.sampled_from(["User", "Bot"])})),
              "head": _maybe(st.fixed_dictionaries({"ref": hostile_text, "sha": hostile_text})),
              "base": _maybe(st.fixed_dictionaries({"ref": hostile_text})), "labels": labels,
              "draft": any_json, "additions": any_json, "changed_files": any_json},
)
snapshot = st.fixed_dictionaries(
    {"pull_request": pull_request, "files": st.lists(file_entry, max_size=5)},
    optional={"linked_issues": _maybe(st.lists(issue_entry, max_size=3)),
              "commits": _maybe(st.lists(_maybe(st.fixed_dictionaries({"commit": st.fixed_dictionaries(
                  {"message": hostile_text})})), max_size=3))},
)

# --- helpers ----------------------------------------------------------------------------------------


# --- the diff parser --------------------------------------------------------------------------------


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400), st.integers(min_value=0, max_value=50),
       hostile_text)
def test_diff_parser_and_detectors_never_raise_on_any_patch_and_cap(patch: str, cap: int, path: str) -> None:
    parsed = parse_patch(patch, max_lines=cap)
    assert len(parsed.added) + len(parsed.removed) <= cap
    formatting, comments = is_formatting_only(parsed), is_comment_only(path, parsed)
    # Only a change can be formatting: a patch with no changed line, or cut short, never is.
    assert not formatting or ((parsed.added or parsed.removed) and not parsed.truncated)
    assert isinstance(comments, bool)


# --- the snapshot loader ----------------------------------------------------------------------------


@given(st.binary(max_size=300))
def test_snapshot_loader_takes_any_bytes_decoded_with_replacement(data: bytes) -> None:
    try:
        prs = list(parse_snapshots(data.decode("utf-8", errors="replace"), "bytes.json"))
    except SnapshotError:
        return
    for pr in prs:
        assert classify(pr, DEFAULTS).impact in CLASSES


@given(any_json)
def test_snapshot_loader_takes_any_json_with_any_keys(value: object) -> None:
    with contextlib.suppress(SnapshotError):
        list(parse_snapshots(json.dumps(value), "any.json"))


@given(st.lists(any_json, min_size=1, max_size=4))
def test_snapshot_loader_takes_any_json_lines(values: list[object]) -> None:
    with contextlib.suppress(SnapshotError):
        list(parse_snapshots("\n".join(json.dumps(v) for v in values), "any.jsonl"))


@given(st.integers(min_value=-(10**40), max_value=10**40), st.integers(min_value=4200, max_value=5000))
def test_snapshot_with_absurd_integers_is_an_error_or_a_printable_verdict(n: int, digits: int) -> None:
    """Counts beyond any real PR are ignored; integers too long for Python to convert are a SnapshotError."""
    pr = next(iter(parse_snapshots(json.dumps({"pull_request": {"number": n, "additions": n, "changed_files": n},
                                          "files": [{"filename": "a.py", "additions": n, "deletions": n}] * 3,
                                          "linked_issues": [{"number": n}]}), "n.json")))
    verdict = classify(pr, DEFAULTS)
    assert_markdown_inert(render_markdown(verdict))
    assert_terminal_safe(render_text(verdict))
    assert json.loads(render_json(verdict))["impact"] in CLASSES
    with contextlib.suppress(SnapshotError):
        list(parse_snapshots('{"pull_request": {"number": 1%s}, "files": []}' % ("0" * digits), "long.json"))


# --- the whole pipeline -----------------------------------------------------------------------------


@given(snapshot)
def test_any_snapshot_gives_a_verdict_and_inert_reports(data: dict[str, Any]) -> None:
    """Snapshot → classify → every renderer: only SnapshotError may stop it, and no output carries a payload."""
    try:
        prs = list(parse_snapshots(json.dumps(data), "hostile.json"))
    except SnapshotError:
        return
    for pr in prs:
        verdict = classify(pr, DEFAULTS)
        assert_markdown_inert(render_markdown(verdict))
        assert_terminal_safe(render_text(verdict))
        assert_terminal_safe(render_explain(verdict, DEFAULTS))
        out = render_json(verdict)
        assert out.endswith("\n") and "\n" not in out[:-1]
        assert json.loads(out)["impact"] in ("user-facing", "tech-debt", "internal")


# --- the config loader ------------------------------------------------------------------------------

_YAML_PIECES = ["rules:", "areas:", "labels:", "extends: none", "disable: [x]", "- ", "  ", "\n", "{", "}", "[",
                "]", ": ", ",", "&a ", "*a", "<<: *a", "!!python/object ", "!tag ", "'", '"', "|", ">", "#",
                "name: r", "when:", "then:", "impact: internal", "title: '(a+)+$'", "path: '{a,b}{a,b}'",
                "any:", "not:", "any_file:", "--- ", "...", "%YAML 1.2", "? ", "\t", "\x00", "\ufeff", "~", "1e999"]
yaml_text = st.one_of(st.text(max_size=300),
                      st.lists(st.sampled_from(_YAML_PIECES) | st.text(max_size=4), max_size=40).map("".join))
yaml_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text
    | st.sampled_from(["(a+)+$", "**/*", "{a,b}" * 10, "*(a|aa)b", "[", "(?P<x>", "internal", "user-facing"]),
    lambda c: st.lists(c, max_size=4) | st.dictionaries(
        hostile_text | st.sampled_from(["rules", "areas", "labels", "when", "then", "name", "impact", "any", "all",
                                        "not", "any_file", "path", "title", "weight", "surface", "extends"]),
        c, max_size=4),
    max_leaves=20)


@given(yaml_text)
def test_config_loader_takes_any_yaml_text(text: str) -> None:
    with contextlib.suppress(ConfigError):
        load_config_text(text, "fuzz.yml")


@given(yaml_value)
def test_config_loader_takes_any_structure_dumped_to_yaml(value: object) -> None:
    from io import StringIO

    from ruamel.yaml import YAML

    stream = StringIO()
    YAML(typ="safe", pure=True).dump(value, stream)
    with contextlib.suppress(ConfigError):
        load_config_text(stream.getvalue(), "dumped.yml")


@given(snapshot, yaml_text)
def test_only_project_errors_escape_from_config_and_snapshot_together(data: dict[str, Any], text: str) -> None:
    try:
        config = load_config_text(text, "fuzz.yml")
        for pr in parse_snapshots(json.dumps(data), "s.json"):
            assert_markdown_inert(render_markdown(classify(pr, config)))
    except PrImpactError:
        pass


# --- valid configurations, built from the condition registry ---------------------------------------
# Every condition key, combinator and quantifier the engine knows, each with values that compile, so
# these configs all load and their rules run (the fuzzers above mostly exercise the error paths).

_REGEXES = ["fix", r"\bfeat", "^add", "docs?", "(crash|panic)", "tests?$", ".", "é", r"\d+"]
_GLOBS = ["src/**", "**/*.py", "*.md", "!tests/**", "{web,app}/**", "**/test_*", "db/**"]
_NAMES = ["feat", "fix", "bug", "ui", "docs", "Checkout", "customer", "enhancement", "internal"]


def _one_or_list(values: list[str]) -> st.SearchStrategy[Any]:
    return st.sampled_from(values) | st.lists(st.sampled_from(values), min_size=1, max_size=3)


def _threshold() -> st.SearchStrategy[Any]:
    bound = st.integers(min_value=0, max_value=40)
    return bound | st.tuples(bound, bound).map(lambda b: {"min": min(b), "max": max(b)}) | bound.map(
        lambda b: {"max": b})


def _share(low: float, high: float) -> st.SearchStrategy[Any]:
    """Thresholds on a share or a ratio between `low` and `high` (`reshaped`, `code_growth`)."""
    bound = st.floats(min_value=low, max_value=high, allow_nan=False)
    return bound | st.tuples(bound, bound).map(lambda b: {"min": min(b), "max": max(b)}) | bound.map(
        lambda b: {"max": b})


def _value(key: Key) -> st.SearchStrategy[Any]:
    """Values that compile for one registry key, chosen by the kind of condition its builder makes."""
    builder = key.build.__qualname__.partition(".")[0]
    first = key.schema.get("oneOf", [{}])[0]
    enum = first.get("enum")
    if builder == "_choice_key" and enum:
        return _one_or_list(list(enum))
    if builder == "_threshold_key" and "maximum" in first:
        return _share(first["minimum"], first["maximum"])
    return {"_regex_key": _one_or_list(_REGEXES), "_glob_key": _one_or_list(_GLOBS), "_choice_key": _one_or_list(
        _NAMES), "_bool_key": st.booleans(), "_threshold_key": _threshold()}[builder]


def _merged(parts: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in parts:
        out.update(part)
    return out


def _when(keys: dict[str, Key], extra: st.SearchStrategy[dict[str, Any]] | None = None) -> st.SearchStrategy[Any]:
    """`when` mappings over `keys`, with any/all/not nested inside."""
    leaf = st.sampled_from(sorted(keys)).flatmap(lambda k: _value(keys[k]).map(lambda v: {k: v}))
    if extra is not None:
        leaf = leaf | extra
    return st.recursive(
        st.lists(leaf, min_size=1, max_size=3).map(_merged),
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"any": xs}),
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"all": xs}),
            inner.map(lambda x: {"not": x}),
            st.tuples(inner, leaf).map(lambda pair: {**pair[1], **pair[0]}),
        ),
        max_leaves=6)


file_when = _when(FILE_KEYS)
pr_when = _when(PR_KEYS, st.sampled_from(QUANTIFIERS).flatmap(lambda q: file_when.map(lambda w: {q: w})))
_BUILTIN_NAMES = [str(r["name"]) for r in builtin_rules()["rules"]]


@st.composite
def valid_config(draw: st.DrawFn) -> dict[str, Any]:
    """A configuration the schema and the compiler accept, with rules of both kinds."""
    rules: list[dict[str, Any]] = []
    for i in range(draw(st.integers(min_value=1, max_value=4))):
        if draw(st.booleans()):
            then = {"impact": draw(st.sampled_from(CLASSES)), "reason": f"rule {i}",
                    "weight": draw(st.floats(min_value=0.5, max_value=100))}
            rules.append({"name": f"mine-{i}", "when": draw(pr_when), "then": then})
        else:
            then = {"surface": draw(st.sampled_from(SURFACES)), "reason": f"rule {i}"}
            rules.append({"name": f"file-{i}", "when": draw(file_when), "then": then})
    areas = draw(st.dictionaries(st.sampled_from(["Checkout", "Docs", "Web"]), _one_or_list(_GLOBS), max_size=2))
    extends = draw(st.sampled_from(["defaults", "none"]))
    # Only built-in rules can be disabled, so only on top of them.
    disable = draw(st.lists(st.sampled_from(_BUILTIN_NAMES), max_size=3, unique=True)) if extends == "defaults" else []
    return {"extends": extends, "rules": rules, "areas": areas, "disable": disable}


_PATHS = ["src/app/orders.py", "tests/test_orders.py", "docs/guide.md", "web/components/Button.tsx", "package.json",
          ".github/workflows/ci.yml", "db/migrations/001.sql", "locales/fr.po", "README.md", "go.sum", "assets/x.bin"]
_LINES = ["return total", "x = 1", "# a comment", "", "  ", '"version": "1.2.3",', "def test_x(): ...",
          "import os", "Refunds take 3 days", '    "react": "^18"']
_TITLES = ["fix: handle empty cart", "feat(ui): add dark mode", "Refactor the price calculation",
           "Bump lodash from 4.17.20 to 4.17.21", "Update tests", "Speed up search", "docs: explain", "v2.3.0",
           "Improve the onboarding flow", "Orders"]


@st.composite
def pull_requests(draw: st.DrawFn) -> PullRequest:
    """Ordinary pull requests: files of many kinds, titles and labels the built-in rules react to."""
    files = []
    for path in draw(st.lists(st.sampled_from(_PATHS), min_size=1, max_size=6, unique=True)):
        added = draw(st.lists(st.sampled_from(_LINES), max_size=3))
        removed = draw(st.lists(st.sampled_from(_LINES), max_size=3))
        patch = (f"@@ -1,{len(removed)} +1,{len(added)} @@\n" + "\n".join([f"-{r}" for r in removed] +
                                                                          [f"+{a}" for a in added]))
        files.append(FileChange(path, "modified", len(added), len(removed), patch))
    issues = tuple(LinkedIssue(n + 1, title=draw(st.sampled_from(_TITLES)), labels=tuple(draw(
        st.lists(st.sampled_from(_NAMES), max_size=2)))) for n in range(draw(st.integers(0, 2))))
    return PullRequest(title=draw(st.sampled_from(_TITLES)), body=draw(st.sampled_from(["", "Fixes #3", "faster"])),
                       files=tuple(files), number=1, author="alice", labels=tuple(draw(st.lists(
                           st.sampled_from(_NAMES), max_size=2))), linked_issues=issues)


@settings(max_examples=60, deadline=None)
@given(valid_config())
def test_every_valid_config_loads_with_its_rules_first(data: dict[str, Any]) -> None:
    config = load_config_text(json.dumps(data), "valid.yml")  # JSON is YAML 1.2
    names = [r.name for r in (*config.impact_rules, *config.surface_rules)]
    own = [r["name"] for r in data["rules"]]
    assert sorted(n for n in names if n.startswith(("mine-", "file-"))) == sorted(own)
    assert not set(data["disable"]) & set(names)
    if data["extends"] == "none":
        assert set(names) == set(own)
    assert [r.name for r in config.impact_rules][:len([n for n in own if n.startswith("mine-")])] == [
        n for n in own if n.startswith("mine-")]


@settings(max_examples=80, deadline=None)
@given(pr_when, pull_requests())
def test_a_condition_and_its_negation_never_both_hold(when: dict[str, Any], pr: PullRequest) -> None:
    rules = [{"name": "yes", "when": when, "then": {"impact": "internal", "weight": 1}},
             {"name": "no", "when": {"not": when}, "then": {"impact": "internal", "weight": 1}}]
    config = load_config_text(json.dumps({"extends": "none", "rules": rules}), "pair.yml")
    fired = {e.rule for e in classify(pr, config).evidence}
    assert len(fired) == 1, (when, fired)


@settings(max_examples=80, deadline=None)
@given(valid_config(), pull_requests())
def test_scores_are_the_sum_of_their_evidence(data: dict[str, Any], pr: PullRequest) -> None:
    config = load_config_text(json.dumps(data), "valid.yml")
    verdict = classify(pr, config)
    prior = config.decision.prior if verdict.evidence else dict.fromkeys(CLASSES, 0.0)
    for impact in CLASSES:
        total = prior[impact] + sum(e.contributions.get(impact, 0.0) for e in verdict.evidence)
        assert verdict.scores[impact] == pytest.approx(total, abs=1e-3)
    best = max(verdict.scores.values())
    top = [c for c in CLASSES if verdict.scores[c] == best]
    guarded = not machinery_only(f.kind for f in verdict.signals.files)
    if top == ["internal"] and guarded and best - verdict.scores["user-facing"] < config.decision.internal_lead:
        top = ["user-facing"]  # unless only machinery changed, internal must lead by `decision.internal_lead`
    assert verdict.rules_impact in top


@settings(max_examples=80, deadline=None)
@given(valid_config(), pull_requests(), st.randoms(use_true_random=False))
def test_verdicts_do_not_depend_on_file_order(data: dict[str, Any], pr: PullRequest, rng: Any) -> None:
    config = load_config_text(json.dumps(data), "valid.yml")
    files = list(pr.files)
    rng.shuffle(files)
    first, again = classify(pr, config), classify(PullRequest(**{**_fields(pr), "files": tuple(files)}), config)
    assert (first.impact, first.confidence, first.scores) == (again.impact, again.confidence, again.scores)
    assert {e.rule for e in first.evidence} == {e.rule for e in again.evidence}


def _fields(pr: PullRequest) -> dict[str, Any]:
    from dataclasses import fields

    return {f.name: getattr(pr, f.name) for f in fields(pr)}
