"""The GitHub Action: read the event, classify the PR, sync its label and sticky comment, report."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TextIO, TypeGuard

from pr_impact.adapters.config_file import default_config, load_config_text
from pr_impact.adapters.github import (
    ACTIONS_BOT,
    BaseConfig,
    GitHubAPIError,
    GitHubClient,
    LabelEvent,
)
from pr_impact.commands.action_io import (
    CHECK_FAILED,
    DIGEST_EVENTS,
    DIGEST_FAILED,
    Log,
    failure_summary,
    read_json,
    write_outputs,
    write_summary,
)
from pr_impact.commands.action_override import (
    BY_BOT,
    LOGIN_RE,
    Chooser,
    State,
    human_choice,
    parse_state,
    replaced_choices,
)
from pr_impact.commands.action_settings import Settings
from pr_impact.commands.action_words import with_words, words_marker
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
from pr_impact.render.json_out import verdict_data
from pr_impact.render.markdown import MAX_CHARS, render_markdown
from pr_impact.render.neutralise import inline

PR_EVENTS = frozenset({"pull_request", "pull_request_target"})
HANDLED_ACTIONS = frozenset(
    {"opened", "synchronize", "reopened", "edited", "labeled", "unlabeled", "ready_for_review"}
)
COMMENT_MARKER = "<!-- pr-impact:comment -->"
# GitHub refuses comments over 65,536 characters; render_markdown keeps the report within what
# the markers leave of it (and never over its own 60,000-character default).
COMMENT_LIMIT = 65_536
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
    saved = read_json(settings.saved_event_path, "saved event (PR_IMPACT_EVENT_PATH)")
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
    """The report plus the markers (with the writer's words and their request's key, when a model wrote them),
    under GitHub's size limit.

    The size is render_markdown's job alone: it gets the room the markers leave (capped at its
    60,000-character default) and shrinks its lists, saying what it left out, to fit.
    """
    words = f"{words_marker(verdict.written)}\n" if verdict.written is not None else ""
    markers = f"\n{COMMENT_MARKER}\n{words}{state.marker()}\n"
    report = render_markdown(verdict, commit, max_chars=min(MAX_CHARS, COMMENT_LIMIT - len(markers) - 1))
    return report.rstrip("\n") + "\n" + markers


def outputs(verdict: Verdict) -> dict[str, str]:
    """The step outputs: impact, label, confidence, areas (comma-separated) and json (one line)."""
    return {
        "impact": verdict.impact,
        "label": verdict.label,
        "confidence": verdict.confidence,
        "areas": ",".join(verdict.areas),
        "json": json.dumps(verdict_data(verdict), ensure_ascii=False, separators=(",", ":")),
    }


# -- the run -------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """How the run ended: problems that stop it (exit code) and what was applied."""

    exit_code: int = EXIT_OK
    applied: list[str] = field(default_factory=list)


def _write_failed(
    settings: Settings, log: Log, outcome: Outcome, what: str, err: GitHubError, *, missing: str = ""
) -> None:
    """A write that failed: a refused one is a warning, anything else an error (exit 3 if asked).

    `missing` names the permission to add when the same token just made the other write: it is not
    read-only, it lacks that one permission.
    """
    if isinstance(err, GitHubAPIError) and err.permission:
        if missing:
            log.warning(f"Could not {what}: the token can write to this PR but lacks the permission for this; "
                        f"add `{missing}` to the workflow's `permissions:`. {err.message}")
        else:
            log.warning(f"Could not {what}: the token is read-only here (fork PR or Dependabot?). {err.hint}")
        return
    log.error(f"Could not {what}: {err}")
    outcome.exit_code = max(outcome.exit_code, exit_code_for(err, fail_on_error=settings.fail_on_error))


def _apply_label(
    settings: Settings, client: GitHubClient, pr: PullRequest, verdict: Verdict, config: Config, outcome: Outcome,
) -> GitHubError | None:
    """Make the verdict's label the PR's only impact label; the error, if it failed, for the caller to report."""
    assert pr.number is not None  # pull_request_from_event guarantees a number
    try:
        change = client.sync_labels(pr.number, pr.labels, verdict.label, config.managed_labels(),
                                    config.labels[verdict.impact])
    except GitHubError as err:
        return err
    outcome.applied.append(f"label {verdict.label!r} " + ("added" if change.added else "already there")
                           + (f", removed {', '.join(change.removed)}" if change.removed else ""))
    return None


def _apply_comment(
    settings: Settings, client: GitHubClient, pr: PullRequest, body: str, found: tuple[int, str] | None, log: Log,
    outcome: Outcome, *, label_written: bool,
) -> bool:
    """Create or edit the sticky comment (the client writes nothing when it is unchanged); whether it worked."""
    assert pr.number is not None
    try:
        result = client.upsert_comment(pr.number, body, COMMENT_MARKER, settings.comment_author, found=found)
    except GitHubError as err:
        missing = "pull-requests: write" if label_written else ""
        _write_failed(settings, log, outcome, "write the PR comment", err, missing=missing)
        return False
    outcome.applied.append(f"comment {result.action}")
    return True


def _apply_writes(
    settings: Settings, client: GitHubClient, pr: PullRequest, verdict: Verdict, config: Config, body: str,
    found: tuple[int, str] | None, log: Log, outcome: Outcome,
) -> None:
    """Label, then comment, each whatever happened to the other; a refused label is reported once the
    comment shows whether the token can write at all."""
    label_error = _apply_label(settings, client, pr, verdict, config, outcome) if settings.label else None
    commented = settings.comment and _apply_comment(
        settings, client, pr, body, found, log, outcome, label_written=settings.label and label_error is None
    )
    if label_error is not None:
        missing = "issues: write" if commented else ""
        _write_failed(settings, log, outcome, f"set the label '{verdict.label}'", label_error, missing=missing)


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
    chooser = _chooser(settings, job, loaded.label_events)
    manual = human_choice(pr.labels, config.managed_labels(), state, chooser, state_kept=settings.comment)
    if config.trackers is not None:
        pr = _with_tickets(settings, client, pr, config, log)
    verdict = classify(pr, config, manual)
    notes = replaced_choices(pr.labels, config.managed_labels(), chooser, manual)
    note = _rules_note(client, pr, settings.config_path, manual)
    if notes or note:
        verdict = replace(verdict, notes=(*verdict.notes, *notes, *([note] if note else [])))
    return pr, config, verdict, found


def _with_tickets(settings: Settings, client: GitHubClient, pr: PullRequest, config: Config, log: Log) -> PullRequest:
    """The PR with the Jira and Linear tickets its text names, looked up when the tracker's token is set,
    within the run's retry budget; problems join the run's warnings (no token in them)."""
    from pr_impact.adapters.tickets import attach_tickets

    assert config.trackers is not None
    found = attach_tickets(pr, config.trackers, settings.trackers, client.http.retrier)
    for warning in found.warnings:
        client.http.warn(warning)
    if found.requests:
        log.info(f"pr-impact: {found.requests} tracker request{'s' if found.requests > 1 else ''} (Jira, Linear)")
    return found.pr


def _chooser(settings: Settings, job: Job, events: Sequence[LabelEvent] | None) -> Chooser:
    """What this run knows about who set labels; pr-impact writes as the comment author or the Actions bot."""
    label = job.payload.get("label") if job.action == "labeled" else None
    name = label.get("name") if isinstance(label, Mapping) else None
    ours = {settings.comment_author.casefold(), ACTIONS_BOT.casefold()}
    return Chooser(events, ours, name if isinstance(name, str) else None, job.sender)


def _handle(settings: Settings, client: GitHubClient, job: Job, log: Log) -> int:
    """Classify one PR, word it (the writer, when on), report it everywhere, then apply label and comment
    independently."""
    pr, config, verdict, found = _classify_pr(settings, client, job, log)
    verdict, notice = with_words(settings, client, config, verdict, found, pr.base_sha)
    if notice:
        log.notice(notice)
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
        _apply_writes(settings, client, pr, verdict, config, body, found, log, outcome)
    for warning in client.warnings[reported:]:  # degraded writes (e.g. a duplicate left undeleted)
        log.warning(warning)
    write_summary(settings.summary_path, _summary(verdict, pr.head_sha, log.warnings, notice))
    log.info(f"pr-impact: {'; '.join(outcome.applied) or 'nothing written'}; "
             f"{client.request_count} GitHub requests")
    return outcome.exit_code


def _summary(verdict: Verdict, commit: str | None, warnings: list[str], notice: str | None = None) -> str:
    """The job summary: the same report, plus why the writer's words are missing, and what could not be done."""
    lines = [render_markdown(verdict, commit)]
    if notice:
        lines += ["", f"*{inline(notice, 600)}*"]  # quotes a server's message: never trusted as Markdown
    if warnings:
        lines += ["", "**pr-impact could not do everything:**", ""]
        # Warnings quote server messages and PR text: never trusted as Markdown.
        lines += [f"- {inline(w, 600)}" for w in warnings]
    return "\n".join(lines)


def run(settings: Settings, client_factory: ClientFactory = default_client, out: TextIO | None = None) -> int:
    """One Action run; returns the exit code. Every failure ends as an annotation, never a traceback."""
    log = Log(out or sys.stdout)
    for secret in (settings.token, settings.model_token, *settings.trackers.secrets()):
        log.mask(secret)
    client: GitHubClient | None = None
    try:
        if settings.event_name in DIGEST_EVENTS:  # the digest (action_digest.py)
            from pr_impact.commands.action_digest import run_digest

            return run_digest(settings, log, client_factory)
        if settings.event_name not in PR_EVENTS | {"workflow_run"}:
            log.notice(f"pr-impact runs on pull_request events; skipping '{settings.event_name}'.")
            return EXIT_OK
        payload = read_json(settings.event_path, "event payload (GITHUB_EVENT_PATH)")
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
        for warning in client.warnings if client is not None else []:
            log.warning(warning)
        log.error(prefix + str(err))
        heading = DIGEST_FAILED if settings.event_name in DIGEST_EVENTS else CHECK_FAILED
        write_summary(settings.summary_path, failure_summary(prefix + str(err), log.warnings, heading))
        return exit_code_for(err, fail_on_error=settings.fail_on_error)


def main(env: Mapping[str, str]) -> int:
    """`pr-impact action`: settings from the environment, the real client, stdout."""
    log = Log(sys.stdout)
    try:
        settings = Settings.from_env(env)
    except PrImpactError as err:  # a malformed input or endpoint: fail-on-error itself may be the one
        log.error(str(err))
        write_summary(env.get("GITHUB_STEP_SUMMARY", ""), failure_summary(str(err), []))
        return exit_code_for(err)
    try:
        return run(settings)
    except Exception as exc:  # the Action log must never show a traceback
        line = internal_error_line(exc)
        log.error("pr-impact: " + (line.replace(settings.token, "***") if settings.token else line))
        return exit_code_for(exc, fail_on_error=settings.fail_on_error)
