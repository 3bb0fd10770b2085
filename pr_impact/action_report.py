"""The Action's digest: on `schedule`/`workflow_dispatch` the last `report-days` days, on `release` the PRs
since the previous release; job summary and outputs always, a digest issue and release notes when asked."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from pr_impact.adapters.config_file import default_config, load_config_text
from pr_impact.adapters.github_digest import DigestReader, MergedFromAPI, Release, RepoFacts, parse_time
from pr_impact.adapters.github_transport import GitHubAPIError, Transport
from pr_impact.core.conditions import CLASSES
from pr_impact.core.config import Config
from pr_impact.core.digest import Entry, Window, build_digest
from pr_impact.core.engine import classify
from pr_impact.core.verdict import Override
from pr_impact.errors import EXIT_OK, GitHubError, UsageError, exit_code_for
from pr_impact.render.digest_json import digest_dict
from pr_impact.render.digest_markdown import render_digest_markdown, window_words
from pr_impact.render.neutralise import inline

if TYPE_CHECKING:
    from pr_impact.action_io import Log
    from pr_impact.action_settings import Settings

REPORT_EVENTS = frozenset({"schedule", "workflow_dispatch", "release"})
DEFAULT_DAYS, MAX_DAYS = 7, 366
# GitHub refuses issue bodies over 65,536 characters; the rest is the marker's. A release body may
# hold 125,000, so the same digest also fits after release notes of up to 60,000 characters.
ISSUE_LIMIT = 65_000
LABELLED_BY = "a label"

TransportFactory = Callable[["Settings"], Transport]


def default_transport(settings: Settings) -> Transport:
    """The real transport for the run's token and endpoints."""
    return Transport(settings.token, api_url=settings.api_url, graphql_url=settings.graphql_url or None)


def report_days(value: str) -> int:
    """The `report-days` input: a whole number of days, 1 to 366; empty is 7."""
    text = value.strip()
    if not text:
        return DEFAULT_DAYS
    if not text.isdigit() or not 1 <= int(text) <= MAX_DAYS:
        raise UsageError(f"input `report-days` must be a whole number of days from 1 to {MAX_DAYS}, not {text!r}",
                         hint="for example report-days: 7")
    return int(text)


def previous_release(releases: Iterable[Release], tag: str, published: datetime, prerelease: bool) -> Release | None:
    """The latest release published before this one (a full release skips prereleases)."""
    earlier = [r for r in releases if r.tag != tag and r.published_at < published and (prerelease or not r.prerelease)]
    return max(earlier, key=lambda r: r.published_at, default=None)


def verdict_entry(item: MergedFromAPI, config: Config) -> Entry:
    """A PR's digest entry: its impact label is its verdict (a person's correction included), else the rules'."""
    managed = {name.lower(): impact for name, impact in config.managed_labels().items()}
    labelled = {managed[label.lower()] for label in item.pr.labels if label.lower() in managed}
    manual = None
    if labelled:  # several impact labels: the one that hides least from the PM
        manual = Override(min(labelled, key=CLASSES.index), LABELLED_BY, "label")
    return Entry(classify(item.pr, config, manual), item.merged_at)


def _config(facts: RepoFacts | None, source: str) -> Config:
    """The config as the API read it at the window's end; the built-in rules when there is none."""
    if facts is None or facts.config_text is None:
        return default_config()
    return load_config_text(facts.config_text, source)


class _Window:
    """Which PRs the run reports on, and how the digest and its issue name that window."""

    def __init__(self, since: datetime | None, until: datetime, window: Window, period: str, title: str) -> None:
        self.since, self.until, self.window, self.period, self.title = since, until, window, period, title


def _scheduled(days: int, now: datetime) -> _Window:
    """The last `days` days up to now; the digest issue is the ISO week's."""
    since = now - timedelta(days=days)
    year, week, _ = now.isocalendar()
    return _Window(since, now, Window(since=since.date().isoformat(), until=now.date().isoformat()),
                   f"{year}-W{week:02d}", f"What shipped: week {week} of {year}")


def _released(release: dict[str, Any], facts: RepoFacts, now: datetime) -> _Window:
    """From the previous release to this one."""
    tag = str(release.get("tag_name") or "")
    published = parse_time(release.get("published_at")) or now
    prev = previous_release(facts.releases, tag, published, bool(release.get("prerelease")))
    return _Window(prev.published_at if prev else None, published,
                   Window(from_ref=prev.tag if prev else None, to_ref=tag), f"release {tag}",
                   f"What shipped in {tag}")


def _read(settings: Settings, transport: Transport, release: dict[str, Any] | None, days: int,
          now: datetime) -> tuple[DigestReader, RepoFacts | None, _Window, Iterator[MergedFromAPI]]:
    """The window and the PRs merged in it (read page by page as they are consumed)."""
    if release is not None:
        tag = str(release.get("tag_name") or "HEAD")
        reader = DigestReader(transport, settings.repository, tag, settings.config_path)
        facts = reader.facts()  # the releases first: the window starts at the previous one
        span = _released(release, facts, now)
        return reader, facts, span, reader.merged(span.since, span.until, facts=False)[1]
    reader = DigestReader(transport, settings.repository, "HEAD", settings.config_path)
    span = _scheduled(days, now)
    found, merged = reader.merged(span.since, span.until, facts=True)
    return reader, found, span, merged


def _summary(markdown: str, warnings: list[str]) -> str:
    """The job summary: the digest, then what could not be done (server messages: never trusted as Markdown)."""
    if not warnings:
        return markdown
    return markdown + "\n**pr-impact could not do everything:**\n\n" + "\n".join(
        f"- {inline(w, 600)}" for w in warnings) + "\n"


def run_report(settings: Settings, log: Log, transport_factory: TransportFactory = default_transport,
               now: datetime | None = None) -> int:
    """One digest run. Reads: one GraphQL request per 100 merged PRs (a release's first request also
    reads the releases). Writes: the digest issue and the release notes, when asked and changed."""
    from pr_impact.action import _read_json
    from pr_impact.action_io import write_outputs, write_summary

    days = report_days(settings.report_days)
    want_issue, want_notes = settings.report_issue, settings.release_notes
    now = now or datetime.now(UTC)
    release: dict[str, Any] | None = None
    if settings.event_name == "release":
        payload = _read_json(settings.event_path, "event payload (GITHUB_EVENT_PATH)")
        if payload.get("action") != "published" or not isinstance(payload.get("release"), dict):
            log.notice(f"pr-impact reports on published releases; skipping release '{payload.get('action')}'.")
            return EXIT_OK
        release = payload["release"]
    transport = transport_factory(settings)
    reader, facts, span, merged = _read(settings, transport, release, days, now)
    config = _config(facts, f"{settings.config_path} (at the end of the window)")
    branch = facts.default_branch if facts else None
    entries = [verdict_entry(m, config) for m in merged if branch is None or m.pr.base == branch]
    digest = build_digest(entries, span.window)
    warnings = [*transport.warnings]
    if reader.truncated:
        warnings.append("More pull requests were merged within one second than GitHub's search lists (1,000); "
                        "some are missing from the digest.")
    markdown = render_digest_markdown(digest, config.source, max_chars=ISSUE_LIMIT)
    data = json.dumps(digest_dict(digest, config.source), ensure_ascii=False, separators=(",", ":"))
    write_outputs(settings.output_path, {"json": data.encode("utf-8", "replace").decode("utf-8"),
                                         "report": markdown})
    code = EXIT_OK
    if not settings.dry_run:
        code = _write(settings, log, transport, facts, span, markdown, release, want_issue, want_notes, warnings)
    write_summary(settings.summary_path, _summary(markdown, warnings))
    log.info(f"pr-impact digest: {digest.totals['total']} merged pull requests, {window_words(digest.window, digest)}.")
    return code


def _write(settings: Settings, log: Log, transport: Transport, facts: RepoFacts | None, span: _Window,
           markdown: str, release: dict[str, Any] | None, want_issue: bool, want_notes: bool,
           warnings: list[str]) -> int:
    """The writes asked for; a token that may not write leaves the summary alone, with a warning."""
    from pr_impact.adapters.github_digest import update_release, upsert_issue

    code = EXIT_OK
    jobs: list[tuple[str, Callable[[], object]]] = []
    if want_issue and facts is not None:
        jobs.append(("the digest issue", lambda: upsert_issue(
            transport, settings.repository, facts, span.period, span.title, markdown, settings.comment_author)))
    if want_notes and release is not None and isinstance(release.get("id"), int):
        jobs.append(("the release notes", lambda: update_release(
            transport, settings.repository, release["id"], str(release.get("body") or ""), markdown)))
    for what, job in jobs:
        try:
            job()
        except GitHubAPIError as err:
            if err.permission:
                message = f"could not write {what}: the token cannot write (the digest is in the job summary)"
                log.warning(message)
                warnings.append(message)
                continue
            log.error(f"GitHub failed: could not write {what}: {err}")
            code = exit_code_for(err, fail_on_error=settings.fail_on_error)
        except GitHubError as err:
            log.error(f"GitHub failed: could not write {what}: {err}")
            code = exit_code_for(err, fail_on_error=settings.fail_on_error)
    return code
