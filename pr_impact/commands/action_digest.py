"""The Action's digest: on `schedule`/`workflow_dispatch` what reached the default branch in the `report-days` days
before this ISO week, on `release` what the release's tag holds that the previous release on its line did not;
job summary and outputs always, issue and release notes if asked. Every request goes through the GitHub client."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from pr_impact.adapters.config_file import default_config, load_config_text
from pr_impact.adapters.github import ACTIONS_BOT, GitHubAPIError, GitHubClient
from pr_impact.adapters.github_digest_nodes import Arrived, MergedFromAPI, RepoFacts, parse_time, window_ends
from pr_impact.commands.action_override import Chooser, human_choice
from pr_impact.core.conditions import CLASSES
from pr_impact.core.config import Config
from pr_impact.core.digest import Entry, Window, build_digest
from pr_impact.core.engine import classify
from pr_impact.core.releases import previous_release
from pr_impact.errors import EXIT_OK, GitHubError, PrImpactError, UsageError, exit_code_for
from pr_impact.render.digest_json import digest_dict
from pr_impact.render.digest_markdown import render_digest_markdown, window_words
from pr_impact.render.neutralise import inline

if TYPE_CHECKING:
    from pr_impact.commands.action_io import Log
    from pr_impact.commands.action_settings import Settings

DEFAULT_DAYS, MAX_DAYS = 7, 366
# A release is reported when it is published, and when a prerelease is promoted to a release: GitHub sends
# `released` for both a release published as final and a promotion, so a final release may come twice (the
# second run finds its notes written and writes nothing).
RELEASE_ACTIONS = frozenset({"published", "released"})
# GitHub refuses issue bodies over 65,536 characters; the rest is the marker's. A release body may
# hold 125,000, so the same digest also fits after release notes of up to 60,000 characters.
ISSUE_LIMIT = 65_000
# What each write needs of the token, named when GitHub refuses it.
ISSUE_PERMISSION, NOTES_PERMISSION = "issues: write", "contents: write"

ClientFactory = Callable[["Settings"], GitHubClient]


def digest_days(value: str) -> int:
    """The `report-days` input: a whole number of days, 1 to 366; empty is 7."""
    text = value.strip()
    if not text:
        return DEFAULT_DAYS
    if not text.isdigit() or not 1 <= int(text) <= MAX_DAYS:
        raise UsageError(f"input `report-days` must be a whole number of days from 1 to {MAX_DAYS}, not {text!r}",
                         hint="for example report-days: 7")
    return int(text)


def verdict_entry(item: MergedFromAPI, config: Config, ours: frozenset[str]) -> Entry:
    """A PR's digest entry. An impact label a person added (GitHub's label timeline says who) is their
    correction, as on the PR itself. pr-impact's own label, or one whose author the timeline does not
    show, is the class the PR page shows, with the rules' confidence and no override."""
    managed = config.managed_labels()
    pr = item.merged.pr
    manual = human_choice(pr.labels, managed, None, Chooser(item.label_events, ours), state_kept=False)
    verdict = classify(pr, config, manual)
    impact_of = {name.casefold(): impact for name, impact in managed.items()}
    shown = {impact_of[label.casefold()] for label in pr.labels if label.casefold() in impact_of}
    if verdict.override is None and shown and verdict.impact not in shown:
        impact = min(shown, key=CLASSES.index)  # several impact labels: the one that hides least from the PM
        verdict = dataclasses.replace(verdict, impact=impact, label=config.label_for(impact))
    return Entry(verdict, item.merged.merged_at, item.merged.commit)


def _with_words(settings: Settings, client: GitHubClient, config: Config, entries: list[Entry],
                ours: frozenset[str]) -> list[Entry]:
    """With the writer on, each shipped PR's lines in the words the Action kept in its comment (one GraphQL
    request per 50 PRs); the digest asks no model. Off, the entries as they are, and no request."""
    from pr_impact.commands.action_words import digest_words, writer_env
    from pr_impact.commands.words import writer_named

    env = writer_env(settings)
    if not writer_named(config.writer, env):
        return entries  # off: the writer's modules not imported
    from pr_impact.adapters.writer import writer_setup

    if writer_setup(config.writer, env) is None:
        return entries
    shipped = [e.verdict.signals.pr.number for e in entries if e.verdict.impact != "internal"]
    if not shipped:
        return entries
    comments = client.digest.comments([n for n in shipped if n is not None])
    out = []
    for e in entries:
        ours_said = [body for login, body in comments.get(e.verdict.signals.pr.number or 0, [])
                     if login.casefold() in ours or f"{login}[bot]".casefold() in ours]
        out.append(e._replace(verdict=digest_words(e.verdict, ours_said[-1])) if ours_said else e)
    return out


def _with_tickets(settings: Settings, client: GitHubClient, items: Sequence[MergedFromAPI],
                  config: Config) -> list[MergedFromAPI]:
    """The PRs with their Jira and Linear tickets, each key looked up once (when the token is set) within
    the run's retry budget; problems join the run's warnings."""
    if config.trackers is None:
        return list(items)
    from pr_impact.adapters.tickets import attach_to_each

    prs, warnings, _requests = attach_to_each([i.merged.pr for i in items], config.trackers, settings.trackers,
                                              client.http.retrier)
    for warning in warnings:
        client.http.warn(warning)
    return [i._replace(merged=i.merged._replace(pr=pr)) for i, pr in zip(items, prs, strict=True)]


def _config(facts: RepoFacts, source: str) -> Config:
    """The config as the API read it at the window's end; the built-in rules when there is none."""
    if facts.config_text is None:
        return default_config()
    return load_config_text(facts.config_text, source)


@dataclasses.dataclass(frozen=True)
class _Window:
    """Which commits the run reports on, and how the digest and its issue name that window."""

    window: Window
    period: str
    title: str
    since: datetime | None = None  # a week: its bounds
    until: datetime | None = None
    previous: str | None = None  # a release: the previous release's tag on its line


def _scheduled(days: int, now: datetime) -> _Window:
    """The `days` days before the current ISO week began (Monday 00:00 UTC): Monday's cron and any
    re-run or dispatch later that week read the same window and keep the same digest issue, that of
    the window's last week (with the number of days unless it is the default week)."""
    today = now.astimezone(UTC).date()
    until = datetime.combine(today - timedelta(days=today.weekday()), time.min, UTC)
    since = until - timedelta(days=days)
    last = until - timedelta(seconds=1)
    year, week, _ = last.isocalendar()
    period = f"{year}-W{week:02d}" + ("" if days == DEFAULT_DAYS else f"-{days}d")
    span = f"week {week} of {year}" if days == DEFAULT_DAYS else f"the {days} days to the end of week {week} of {year}"
    return _Window(Window(since=since.date().isoformat(), until=last.date().isoformat()), period,
                   f"What shipped: {span}", since=since, until=last)


def _released(release: dict[str, Any], facts: RepoFacts, now: datetime) -> _Window:
    """From the previous release on the tag's line (v1.2.0 for v1.2.1, whatever came out between) to the tag."""
    tag = str(release.get("tag_name") or "")
    published = parse_time(release.get("published_at")) or now
    prev = previous_release(facts.releases, tag, published, bool(release.get("prerelease")))
    return _Window(Window(from_ref=prev.tag if prev else None, to_ref=tag), f"release {tag}",
                   f"What shipped in {tag}", previous=prev.tag if prev else None)


def _read(settings: Settings, client: GitHubClient, release: dict[str, Any] | None, days: int,
          now: datetime) -> tuple[RepoFacts, _Window, Arrived]:
    """The repository's facts, the window, and what reached the branch in it. A week: the default branch's
    commits since it began ride along with the facts, then its commits and their PRs. A release: the
    facts (its releases name the previous one), then the commits between the two tags with their PRs."""
    reader = client.digest
    if release is None:
        span = _scheduled(days, now)
        assert span.since is not None and span.until is not None
        facts = reader.facts("HEAD", settings.config_path, span.since)
        base, end = window_ends(reader.history(facts, span.since), span.since, span.until)
        return facts, span, (Arrived((), 0) if end is None else reader.between(base, end))
    tag = str(release.get("tag_name") or "")
    facts = reader.facts(tag or "HEAD", settings.config_path, None)
    span = _released(release, facts, now)
    return facts, span, reader.release(span.previous, tag)


def _summary(markdown: str, warnings: list[str]) -> str:
    """The job summary: the digest, then what could not be done (server messages: never trusted as Markdown)."""
    if not warnings:
        return markdown
    return markdown + "\n**pr-impact could not do everything:**\n\n" + "\n".join(
        f"- {inline(w, 600)}" for w in warnings) + "\n"


def run_digest(settings: Settings, log: Log, client_factory: ClientFactory | None = None,
               now: datetime | None = None) -> int:
    """One digest run, on one GitHub client (the PR flow's). Reads: a week, one GraphQL request for the
    repository's facts and recent commits, one REST request per 100 of the week's commits and one GraphQL
    request for their PRs; a release, the facts, then one GraphQL request per 100 of its commits. Writes: the
    digest issue and the release notes, when asked and changed. A failure leaves the client's warnings in
    the log before it propagates."""
    from pr_impact.commands.action_io import read_json

    days = digest_days(settings.digest_days)
    release: dict[str, Any] | None = None
    if settings.event_name == "release":
        payload = read_json(settings.event_path, "event payload (GITHUB_EVENT_PATH)")
        if payload.get("action") not in RELEASE_ACTIONS or not isinstance(payload.get("release"), dict):
            log.notice("pr-impact reports on published (and promoted) releases; "
                       f"skipping release '{payload.get('action')}'.")
            return EXIT_OK
        release = payload["release"]
    if client_factory is None:
        from pr_impact.commands.action import default_client

        client_factory = default_client
    client = client_factory(settings)
    try:
        return _run(settings, log, client, release, days, now or datetime.now(UTC))
    except PrImpactError:
        for warning in client.warnings:
            log.warning(warning)
        raise


def _run(settings: Settings, log: Log, client: GitHubClient, release: dict[str, Any] | None, days: int,
         now: datetime) -> int:
    """Read, classify, publish."""
    from pr_impact.commands.action_io import write_outputs, write_summary

    facts, span, found = _read(settings, client, release, days, now)
    config = _config(facts, f"{settings.config_path} (at the end of the window)")
    ours = frozenset({settings.comment_author.casefold(), ACTIONS_BOT.casefold()})
    entries = [verdict_entry(item, config, ours) for item in _with_tickets(settings, client, found.prs, config)]
    entries = _with_words(settings, client, config, entries, ours)
    digest = build_digest(entries, span.window, found.without_pr,
                          config.trackers.group_by if config.trackers else "area")
    markdown = render_digest_markdown(digest, config.source, max_chars=ISSUE_LIMIT)
    data = json.dumps(digest_dict(digest, config.source), ensure_ascii=False, separators=(",", ":"))
    write_outputs(settings.output_path, {"json": data.encode("utf-8", "replace").decode("utf-8"),
                                         "report": markdown})
    warnings: list[str] = []
    code = EXIT_OK
    if not settings.dry_run:
        code = _write(settings, log, client, facts, span, markdown, release, warnings)
    warnings[:0] = client.warnings
    write_summary(settings.summary_path, _summary(markdown, warnings))
    log.info(f"pr-impact digest: {digest.totals['total']} merged pull requests, {window_words(digest.window, digest)}; "
             f"{client.request_count} GitHub requests.")
    return code


def _write(settings: Settings, log: Log, client: GitHubClient, facts: RepoFacts, span: _Window,
           markdown: str, release: dict[str, Any] | None, warnings: list[str]) -> int:
    """The writes asked for. Each failure is in the summary's list; a refused write names the permission
    the token lacks and leaves the exit code alone (the digest is in the summary)."""
    code = EXIT_OK
    jobs: list[tuple[str, str, Callable[[], object]]] = []
    if settings.digest_issue:
        jobs.append(("the digest issue", ISSUE_PERMISSION, lambda: client.upsert_digest_issue(
            facts, span.period, span.title, markdown, settings.comment_author)))
    if settings.release_notes and release is not None and isinstance(release.get("id"), int):
        jobs.append(("the release notes", NOTES_PERMISSION, lambda: client.update_release_notes(
            release["id"], markdown)))
    for what, permission, job in jobs:
        try:
            job()
        except GitHubError as err:
            if isinstance(err, GitHubAPIError) and err.permission:
                message = (f"could not write {what}: the token lacks the `{permission}` permission (add it "
                           "to the workflow's `permissions:`); the digest is in the job summary")
                log.warning(message)
                warnings.append(message)
                continue
            message = f"could not write {what}: {err}"
            log.error(f"GitHub failed: {message}")
            warnings.append(message)
            code = exit_code_for(err, fail_on_error=settings.fail_on_error)
    return code
