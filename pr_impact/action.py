"""The GitHub Action: read the event, classify the PR, sync its label and sticky comment, report."""

from __future__ import annotations

import json
import secrets
import sys
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO, TypeGuard

from pr_impact.action_override import BY_BOT, LOGIN_RE, Chooser, State, human_choice, parse_state
from pr_impact.adapters.config_file import DEFAULT_PATH, default_config, load_config_text
from pr_impact.adapters.github import (
    ACTIONS_BOT,
    DEFAULT_API_URL,
    BaseConfig,
    GitHubAPIError,
    GitHubClient,
    LabelEvent,
)
from pr_impact.core.config import Config
from pr_impact.core.engine import classify
from pr_impact.core.model import PullRequest
from pr_impact.core.verdict import Override, Verdict
from pr_impact.errors import (
    EXIT_OK,
    ConfigError,
    GitHubError,
    PrImpactError,
    UsageError,
    exit_code_for,
    internal_error_line,
)
from pr_impact.render.markdown import MAX_CHARS, render_markdown
from pr_impact.render.neutralise import escape_workflow_data, escape_workflow_property, inline, workflow_safe

PR_EVENTS = frozenset({"pull_request", "pull_request_target"})
HANDLED_ACTIONS = frozenset(
    {"opened", "synchronize", "reopened", "edited", "labeled", "unlabeled", "ready_for_review"}
)
COMMENT_MARKER = "<!-- pr-impact:comment -->"
# GitHub refuses comments over 65,536 characters; render_markdown keeps the report within what
# the markers leave of it (and never over its own 60,000-character default).
COMMENT_LIMIT = 65_536
_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})


def parse_flag(name: str, value: str, default: bool) -> bool:
    """A boolean input: true/yes/on/1 or false/no/off/0 (any case); empty is the default.

    Anything else is a usage error rather than a guess: `comment: flase` must not turn comments on.
    """
    text = value.strip().lower()
    if not text:
        return default
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise UsageError(f"input `{name}` must be true or false, not {value.strip()!r}",
                     hint="use true or false (yes/no, on/off and 1/0 also work)")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the Action reads from its environment, parsed once."""

    event_name: str
    event_path: str
    repository: str
    api_url: str
    graphql_url: str
    output_path: str
    summary_path: str
    token: str
    config_path: str = DEFAULT_PATH
    comment: bool = True
    label: bool = True
    dry_run: bool = False
    fail_on_error: bool = True
    comment_author: str = ACTIONS_BOT
    saved_event_path: str = ""  # PR_IMPACT_EVENT_PATH: the pull_request event stage one saved

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Settings from the runner's GITHUB_* variables and the INPUT_* ones action.yml sets."""

        def flag(name: str, default: bool) -> bool:
            return parse_flag(name.lower().replace("_", "-"), env.get(f"INPUT_{name}", ""), default)

        return cls(
            event_name=env.get("GITHUB_EVENT_NAME", ""),
            event_path=env.get("GITHUB_EVENT_PATH", ""),
            repository=env.get("GITHUB_REPOSITORY", ""),
            api_url=_endpoint(env, "GITHUB_API_URL") or DEFAULT_API_URL,
            graphql_url=_endpoint(env, "GITHUB_GRAPHQL_URL"),  # empty: derived from the API URL
            output_path=env.get("GITHUB_OUTPUT", ""),
            summary_path=env.get("GITHUB_STEP_SUMMARY", ""),
            token=(env.get("INPUT_GITHUB_TOKEN") or env.get("GITHUB_TOKEN") or "").strip(),
            config_path=env.get("INPUT_CONFIG", "").strip() or DEFAULT_PATH,
            comment=flag("COMMENT", True),
            label=flag("LABEL", True),
            dry_run=flag("DRY_RUN", False),
            fail_on_error=flag("FAIL_ON_ERROR", True),
            comment_author=env.get("INPUT_COMMENT_AUTHOR", "").strip() or ACTIONS_BOT,
            saved_event_path=env.get("PR_IMPACT_EVENT_PATH", "").strip(),
        )


def _endpoint(env: Mapping[str, str], name: str) -> str:
    """An API endpoint variable: empty, or an http(s) URL with a host (a ConfigError naming it otherwise)."""
    value = env.get(name, "").strip()
    if not value:
        return ""
    try:
        parts = urllib.parse.urlsplit(value)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. an unclosed IPv6 bracket or a bad port
        valid = False
    if not valid:
        example = "https://api.github.com" if name == "GITHUB_API_URL" else "https://api.github.com/graphql"
        raise ConfigError(f"{name} is not a valid URL: {value!r}",
                          hint=f"give an http(s) URL with a host, e.g. {example} "
                               f"(GitHub Enterprise Server: https://ghe.example.com/api/v3)")
    return value


class Log:
    """Workflow commands and log lines; every message is neutralised, so author text cannot inject a command."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.warnings: list[str] = []

    def info(self, text: str) -> None:
        self.out.write(workflow_safe(text) + "\n")

    def command(self, name: str, message: str, title: str = "") -> None:
        props = f" title={escape_workflow_property(title)}" if title else ""
        self.out.write(f"::{name}{props}::{escape_workflow_data(workflow_safe(message))}\n")

    def notice(self, message: str) -> None:
        self.command("notice", message, "pr-impact")

    def warning(self, message: str) -> None:
        self.warnings.append(message)
        self.command("warning", message, "pr-impact")

    def error(self, message: str) -> None:
        self.command("error", message, "pr-impact")

    def mask(self, secret: str) -> None:
        if secret:
            self.out.write(f"::add-mask::{secret}\n")


@dataclass(frozen=True, slots=True)
class Job:
    """The PR to handle and how it got here."""

    payload: Mapping[str, Any]  # a pull_request event payload (for workflow_run: rebuilt from the API)
    action: str
    sender: str | None  # who caused the event, when it can be trusted


ClientFactory = Callable[[Settings], GitHubClient]


def client_for(settings: Settings, **options: Any) -> GitHubClient:
    """A client for the settings' repository, endpoints (GHES too) and token; `options` tune it."""
    return GitHubClient(settings.token, settings.repository, api_url=settings.api_url,
                        graphql_url=settings.graphql_url or None, **options)


def default_client(settings: Settings) -> GitHubClient:
    """The real client. It lists the comments again after posting one, so two runs at once end with one comment."""
    return client_for(settings, recheck_created_comment=True)


# -- the event -----------------------------------------------------------------------------------


def _read_json(path: str, what: str) -> dict[str, Any]:
    """A JSON object from a file, or a UsageError saying which file is wrong."""
    if not path:
        raise UsageError(f"{what}: no path given", hint="run pr-impact inside GitHub Actions")
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise UsageError(f"cannot read {what} {path}: {type(exc).__name__}") from None
    if not isinstance(data, dict):
        raise UsageError(f"{what} {path} is not a JSON object")
    return data


def _is_int(value: Any) -> TypeGuard[int]:
    """Whether a JSON value is an integer (not a boolean)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _sender(payload: Mapping[str, Any]) -> str | None:
    """The login of whoever caused the event (a bot's ends in `[bot]`); None for anything malformed."""
    sender = payload.get("sender")
    if not isinstance(sender, Mapping):
        return None
    login = sender.get("login")
    if not isinstance(login, str) or not LOGIN_RE.fullmatch(login):
        return None
    bot = sender.get("type") == "Bot" and not login.endswith("[bot]")
    return f"{login}[bot]" if bot else login


def _pr_job(payload: Mapping[str, Any], log: Log) -> Job | None:
    """The job of a pull_request(_target) event, or None (with a notice) when there is nothing to do."""
    action = str(payload.get("action") or "")
    pr = payload.get("pull_request")
    if action not in HANDLED_ACTIONS:
        log.notice(f"pr-impact skips pull request events of type '{action}'.")
        return None
    if not isinstance(pr, Mapping) or not _is_int(pr.get("number")):
        raise UsageError("the event payload has no pull request with a number",
                         hint="run pr-impact on `pull_request` events")
    if pr.get("state") == "closed":
        log.notice("pr-impact skips closed pull requests.")
        return None
    return Job(payload, action, _sender(payload))


def _workflow_run_job(
    settings: Settings, run_payload: Mapping[str, Any], client: GitHubClient, log: Log
) -> Job | None:
    """Stage two of the fork setup: the saved event names the PR; everything else comes from the API.

    The saved event was written by a workflow the PR itself may have changed, so only its PR
    number and action are read from it; the PR is fetched again and must be at the commit the
    first stage ran on.
    """
    saved = _read_json(settings.saved_event_path, "saved event (PR_IMPACT_EVENT_PATH)")
    saved_pr = saved.get("pull_request")
    number = saved_pr.get("number") if isinstance(saved_pr, Mapping) else None
    if not _is_int(number):
        raise UsageError("the saved event has no pull request number", hint="save the pull_request event payload")
    action = str(saved.get("action") or "")
    if action not in HANDLED_ACTIONS:
        log.notice(f"pr-impact skips pull request events of type '{action}'.")
        return None
    pr = client.fetch_pull_request(number)
    run = run_payload.get("workflow_run")
    run = run if isinstance(run, Mapping) else {}
    head_sha = (pr.get("head") or {}).get("sha")
    if pr.get("state") == "closed":
        log.notice("pr-impact skips closed pull requests.")
        return None
    if not run.get("head_sha") or head_sha != run.get("head_sha"):
        log.notice(f"PR #{number} has moved on from the commit the first stage saw; a newer run will label it.")
        return None
    payload = {"action": action, "pull_request": pr, "repository": run_payload.get("repository") or {}}
    return Job(payload, action, None)


# -- configuration -------------------------------------------------------------------------------


def _load_config(base: BaseConfig, log: Log) -> Config:
    """The config at the PR's base commit, or the defaults, with a notice, when it is absent.

    GitHub answers 404 both for a missing file and for a private repository the token may not
    read (no `contents: read`), so the notice names both.
    """
    path, ref, text = base.path, base.ref, base.read()
    if text is None:
        where = f"at the base commit {ref[:12]}" if ref else "(the event names no base commit)"
        log.notice(f"No configuration file {path} {where}, so the built-in rules were used. If the file "
                   "exists, give the token `contents: read` (GitHub answers 404 to a token that cannot read it).")
        return default_config()
    return load_config_text(text, path)


def _changes_config(pr: PullRequest, path: str) -> str | None:
    """'removed' or 'changed' when the PR touches the config file, else None."""
    for change in pr.files:
        if path in (change.path, change.previous_path):
            return "removed" if change.status == "removed" or change.path != path else "changed"
    return None


def _rules_note(client: GitHubClient, pr: PullRequest, path: str, manual: Override | None) -> str | None:
    """A note for a PR that edits the rules: what its own rules would decide (never used for the label)."""
    how = _changes_config(pr, path)
    if how is None:
        return None
    intro = f"This PR changes the rules ({path}); they apply only once it is merged."
    try:
        text = None if how == "removed" or not pr.head_sha else client.read_file_at(path, pr.head_sha)
        head_config = default_config() if text is None else load_config_text(text, path)
    except ConfigError as err:
        return f"{intro} Its new rules are invalid: {err.message}."
    except GitHubError:
        return f"{intro} Its new rules could not be read."
    other = classify(pr, head_config, manual)
    return f"{intro} With its new rules the verdict would be {other.rules_impact}."


# -- outputs ---------------------------------------------------------------------------------------


def comment_body(verdict: Verdict, state: State, commit: str | None) -> str:
    """The report plus both markers, under GitHub's size limit.

    The size is render_markdown's job alone: it gets the room the markers leave (capped at its
    60,000-character default) and shrinks its lists, saying what it left out, to fit.
    """
    markers = f"\n{COMMENT_MARKER}\n{state.marker()}\n"
    report = render_markdown(verdict, commit, max_chars=min(MAX_CHARS, COMMENT_LIMIT - len(markers) - 1))
    return report.rstrip("\n") + "\n" + markers


def outputs(verdict: Verdict) -> dict[str, str]:
    """The step outputs: impact, label, confidence, areas (comma-separated) and json (one line)."""
    return {
        "impact": verdict.impact,
        "label": verdict.label,
        "confidence": verdict.confidence,
        "areas": ",".join(verdict.areas),
        "json": json.dumps(verdict.to_dict(), ensure_ascii=False, separators=(",", ":")),
    }


def write_outputs(path: str, values: Mapping[str, str]) -> None:
    """Append `name<<DELIM` blocks, a fresh random delimiter each, to $GITHUB_OUTPUT."""
    if not path:
        return
    with open(path, "a", encoding="utf-8") as fh:
        for name, value in values.items():
            delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
            while delimiter in value:  # pragma: no cover - 128 random bits
                delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
            fh.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def write_summary(path: str, markdown: str) -> None:
    """Append to the job summary (a no-op outside Actions)."""
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(markdown.rstrip("\n") + "\n")


# -- the run -------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """How the run ended: problems that stop it (exit code) and what was applied."""

    exit_code: int = EXIT_OK
    applied: list[str] = field(default_factory=list)


def _write_failed(settings: Settings, log: Log, outcome: Outcome, what: str, err: GitHubError) -> None:
    """A write that failed: a read-only token is a warning, anything else an error (exit 3 if asked)."""
    if isinstance(err, GitHubAPIError) and err.permission:
        log.warning(f"Could not {what}: the token is read-only here (fork PR or Dependabot?). {err.hint}")
        return
    log.error(f"Could not {what}: {err}")
    outcome.exit_code = max(outcome.exit_code, exit_code_for(err, fail_on_error=settings.fail_on_error))


def _apply_label(
    settings: Settings, client: GitHubClient, pr: PullRequest, verdict: Verdict, config: Config, log: Log,
    outcome: Outcome,
) -> None:
    """Make the verdict's label the PR's only impact label."""
    assert pr.number is not None  # pull_request_from_event guarantees a number
    try:
        change = client.sync_labels(pr.number, pr.labels, verdict.label, config.managed_labels(),
                                    config.labels[verdict.impact])
    except GitHubError as err:
        _write_failed(settings, log, outcome, f"set the label '{verdict.label}'", err)
        return
    outcome.applied.append(f"label {verdict.label!r} " + ("added" if change.added else "already there")
                           + (f", removed {', '.join(change.removed)}" if change.removed else ""))


def _apply_comment(
    settings: Settings, client: GitHubClient, pr: PullRequest, body: str, found: tuple[int, str] | None, log: Log,
    outcome: Outcome,
) -> None:
    """Create or edit the sticky comment (the client writes nothing when it is unchanged)."""
    assert pr.number is not None
    try:
        result = client.upsert_comment(pr.number, body, COMMENT_MARKER, settings.comment_author, found=found)
    except GitHubError as err:
        _write_failed(settings, log, outcome, "write the PR comment", err)
        return
    outcome.applied.append(f"comment {result.action}")


def _classify_pr(
    settings: Settings, client: GitHubClient, job: Job, log: Log
) -> tuple[PullRequest, Config, Verdict, tuple[int, str] | None]:
    """Load the PR and its base config, find the last comment, and decide."""
    # The config at the base commit rides along in the PR's GraphQL query: no request of its own.
    loaded = client.load_pull_request(job.payload, config_path=settings.config_path)
    pr = loaded.pr
    assert pr.number is not None and loaded.base_config is not None
    try:
        config = _load_config(loaded.base_config, log)
    except ConfigError as err:
        if settings.fail_on_error:
            raise
        log.warning(f"The configuration is invalid, so the built-in rules were used: {err}")
        config = default_config()
    # The comment is read even in dry-run: its state is the fallback memory of who chose a label.
    found = client.find_comment(pr.number, COMMENT_MARKER, settings.comment_author)
    state = parse_state(found[1] if found else None, config.managed_labels())
    manual = human_choice(pr.labels, config.managed_labels(), state, _chooser(settings, job, loaded.label_events),
                          state_kept=settings.comment)
    verdict = classify(pr, config, manual)
    note = _rules_note(client, pr, settings.config_path, manual)
    if note:
        verdict = replace(verdict, notes=(*verdict.notes, note))
    return pr, config, verdict, found


def _chooser(settings: Settings, job: Job, events: Sequence[LabelEvent] | None) -> Chooser:
    """What this run knows about who set labels; pr-impact writes as the comment author or the Actions bot."""
    label = job.payload.get("label") if job.action == "labeled" else None
    name = label.get("name") if isinstance(label, Mapping) else None
    ours = {settings.comment_author.casefold(), ACTIONS_BOT.casefold()}
    return Chooser(events, ours, name if isinstance(name, str) else None, job.sender)


def _handle(settings: Settings, client: GitHubClient, job: Job, log: Log) -> int:
    """Classify one PR, report it everywhere, then apply label and comment independently."""
    pr, config, verdict, found = _classify_pr(settings, client, job, log)
    by = BY_BOT if verdict.override is None or verdict.override.how != "label" else verdict.override.by
    body = comment_body(verdict, State(verdict.label, by), pr.head_sha)
    log.info(f"pr-impact: #{pr.number} {pr.title!r} is {verdict.impact} ({verdict.confidence} confidence)")
    for warning in client.warnings:
        log.warning(warning)
    reported = len(client.warnings)
    write_outputs(settings.output_path, outputs(verdict))
    outcome = Outcome()
    if settings.dry_run:
        log.notice(f"Dry run: would set the label '{verdict.label}' and update the PR comment; wrote nothing.")
    else:
        if settings.label:
            _apply_label(settings, client, pr, verdict, config, log, outcome)
        if settings.comment:
            _apply_comment(settings, client, pr, body, found, log, outcome)
    for warning in client.warnings[reported:]:  # degraded writes (e.g. a duplicate left undeleted)
        log.warning(warning)
    write_summary(settings.summary_path, _summary(verdict, pr.head_sha, log.warnings))
    log.info(f"pr-impact: {'; '.join(outcome.applied) or 'nothing written'}; "
             f"{client.request_count} GitHub requests")
    return outcome.exit_code


def _summary(verdict: Verdict, commit: str | None, warnings: list[str]) -> str:
    """The job summary: the same report, plus what could not be done."""
    lines = [render_markdown(verdict, commit)]
    if warnings:
        lines += ["", "**pr-impact could not do everything:**", ""]
        # Warnings quote server messages and PR text: never trusted as Markdown.
        lines += [f"- {inline(w, 600)}" for w in warnings]
    return "\n".join(lines)


def run(settings: Settings, client_factory: ClientFactory = default_client, out: TextIO | None = None) -> int:
    """One Action run; returns the exit code. Every failure ends as an annotation, never a traceback."""
    log = Log(out or sys.stdout)
    log.mask(settings.token)
    client: GitHubClient | None = None
    try:
        if settings.event_name not in PR_EVENTS | {"workflow_run"}:
            log.notice(f"pr-impact runs on pull_request events; skipping '{settings.event_name}'.")
            return EXIT_OK
        payload = _read_json(settings.event_path, "event payload (GITHUB_EVENT_PATH)")
        if settings.event_name == "workflow_run":
            client = client_factory(settings)
            job = _workflow_run_job(settings, payload, client, log)
        else:
            job = _pr_job(payload, log)
        if job is None:
            return EXIT_OK
        client = client or client_factory(settings)
        return _handle(settings, client, job, log)
    except PrImpactError as err:
        # Reads work even on a fork PR's token: a failed one is a real problem, not a read-only token.
        prefix = ("Invalid pr-impact configuration: " if isinstance(err, ConfigError)
                  else "GitHub failed: " if isinstance(err, GitHubError) else "")
        log.error(prefix + str(err))
        return exit_code_for(err, fail_on_error=settings.fail_on_error)


def main(env: Mapping[str, str]) -> int:
    """`pr-impact action`: settings from the environment, the real client, stdout."""
    log = Log(sys.stdout)
    try:
        settings = Settings.from_env(env)
    except PrImpactError as err:  # a malformed input or endpoint: fail-on-error itself may be the one
        log.error(str(err))
        return exit_code_for(err)
    try:
        return run(settings)
    except Exception as exc:  # the Action log must never show a traceback
        line = internal_error_line(exc)
        log.error("pr-impact: " + (line.replace(settings.token, "***") if settings.token else line))
        return exit_code_for(exc, fail_on_error=settings.fail_on_error)
