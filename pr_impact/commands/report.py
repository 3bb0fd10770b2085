"""`pr-impact report` in a clone: the window's merged PRs from git history, classified, as one digest."""

from __future__ import annotations

import os
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pr_impact.errors import UsageError

if TYPE_CHECKING:
    from pr_impact.adapters.config_cache import ConfigCache
    from pr_impact.adapters.git_history import Range
    from pr_impact.core.config import Config
    from pr_impact.core.digest import Digest
    from pr_impact.core.model import PullRequest
    from pr_impact.core.verdict import Verdict

DEFAULT_DAYS = 7
Format = Literal["text", "markdown", "json"]


def parse_when(text: str, *, end_of_day: bool, option: str) -> datetime:
    """An ISO date (`2026-11-23`, the whole day in UTC) or date-time (`2026-11-23T09:00+01:00`; UTC when it
    names no zone) as an aware datetime; UsageError (exit 2) for anything else."""
    value = text.strip()
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime.combine(day, time.max if end_of_day else time.min, UTC)
        moment = datetime.fromisoformat(value)
    except ValueError:
        hint = "use an ISO date such as 2026-11-23, or a date and time such as 2026-11-23T09:00Z"
        raise UsageError(f"{option} {text!r} is not a date", hint=hint) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def window_bounds(since: str | None, until: str | None, refs: bool,
                  now: datetime) -> tuple[datetime | None, datetime | None, str | None]:
    """The dates that bound the window, and the `since` to show: with no date and no ref, the last
    DEFAULT_DAYS days (as the Action's default); a ref (--from or --to) bounds the window itself."""
    since, until = (value.strip() if value is not None else None for value in (since, until))
    start = parse_when(since, end_of_day=False, option="--since") if since else None
    end = parse_when(until, end_of_day=True, option="--until") if until else None
    shown = since
    if start is None and end is None and not refs:
        start = datetime.combine((now - timedelta(days=DEFAULT_DAYS - 1)).date(), time.min, UTC)
        shown = start.date().isoformat()
    if start is not None and end is not None and start > end:
        raise UsageError(f"--since {since} is after --until {until}",
                         hint=f"swap the two dates: --since {until} --until {since}")
    return start, end, shown


def local_digest(cwd: Path, *, since: str | None = None, until: str | None = None, from_ref: str | None = None,
                 to_ref: str | None = None, config_path: str | None = None, fmt: Format = "text",
                 color: bool = False, now: datetime | None = None, config_cache: ConfigCache | None = None,
                 group_by: str | None = None) -> str:
    """The digest of the PRs merged in the window, rendered in `fmt`. Reads git only: one `git log` for the
    branch's history (and one per merge of another branch in it), the config as it is at the window's end;
    and Jira or Linear for the PRs' tickets when the config names them and a token is set. `group_by`
    ("area", "epic") overrides the config's `trackers.group_by`."""
    start, end, shown = window_bounds(since, until, bool(from_ref or to_ref), now or datetime.now(UTC))
    from pr_impact.adapters import git_history
    from pr_impact.core.digest import Entry, Window, digest_of, digest_pr
    from pr_impact.core.engine import classify

    rng = git_history.resolve_range(cwd, from_ref, to_ref)
    config = _config(rng, git_history.window_end(rng, end), config_path, config_cache)
    window = Window(shown, until.strip() if until else None, from_ref,
                    rng.to_ref if to_ref or from_ref else None)
    history = git_history.History(rng, start, end)
    merged = list(history.merged())
    pulls = _with_tickets([m.pr for m in merged], config)
    verdicts = _worded([classify(pr, config) for pr in pulls], config, cwd)
    prs = [digest_pr(Entry(v, m.merged_at, m.commit)) for v, m in zip(verdicts, merged, strict=True)]
    if not history.listed and git_history.swapped(rng):
        raise UsageError(f"--from {from_ref} comes after --to {rng.to_ref}: nothing lies between them that way",
                         hint=f"swap the two refs: --from {rng.to_ref} --to {from_ref}")
    by = group_by or (config.trackers.group_by if config.trackers else "area")
    return _render(digest_of(prs, window, history.without_pr, by), config.source, fmt, color)


def _with_tickets(prs: list[PullRequest], config: Config) -> list[PullRequest]:
    """The PRs with their tickets (each key looked up once, when a token is set); problems on stderr. Without
    trackers in the config, the PRs as they are."""
    if config.trackers is None:
        return prs
    from pr_impact.adapters.tickets import Credentials, attach_to_each
    from pr_impact.commands.words import warn

    found, warnings, _requests = attach_to_each(prs, config.trackers, Credentials.from_env(os.environ))
    for warning in warnings:
        warn(warning)
    return found


def _worded(verdicts: list[Verdict], config: Config, cwd: Path) -> list[Verdict]:
    """With the writer on, the shipped PRs' verdicts in the model's words (several PRs a request); internal PRs
    are only counted in a digest, so no model is asked about them."""
    from pr_impact.commands.words import with_words, writer_named

    if not writer_named(config.writer, os.environ):
        return verdicts

    at = [i for i, v in enumerate(verdicts) if v.impact != "internal"]
    out = list(verdicts)
    for i, worded in zip(at, with_words([verdicts[i] for i in at], config, cwd, batched=True), strict=True):
        out[i] = worded
    return out


def _config(rng: Range, end: str, config_path: str | None, cache: ConfigCache | None) -> Config:
    """`--config`, else the config committed at the window's end, named `<ref>:<path>` (the commit's short sha
    when --until ends the window before `to`): a broken config today does not break a digest of the past."""
    from pr_impact.adapters import git_history
    from pr_impact.adapters.config_file import DEFAULT_PATH, default_config, load_config, load_config_text

    if config_path is not None:
        return load_config(config_path, cache=cache)
    text = git_history.config_text(rng, end)
    where = rng.to_ref if end == rng.to_sha else end[:12]
    return default_config() if text is None else load_config_text(text, f"{where}:{DEFAULT_PATH}", cache)


def _render(digest: Digest, source: str, fmt: Format, color: bool) -> str:
    """The digest in `fmt`."""
    if fmt == "json":
        from pr_impact.render.digest_json import render_digest_json

        return render_digest_json(digest, source)
    if fmt == "markdown":
        from pr_impact.render.digest_markdown import render_digest_markdown

        return render_digest_markdown(digest, source, max_chars=None)  # a terminal or a file: no size limit
    from pr_impact.render.digest_text import render_digest_text

    return render_digest_text(digest, source, color)


def report(since: str | None, until: str | None, from_ref: str | None, to_ref: str | None, config: str | None,
           fmt: Format, color: bool, group_by: str | None = None) -> None:
    """Print the digest of the PRs merged in a window, from local git history."""
    from pr_impact.adapters.config_cache import cache_from_env

    sys.stdout.write(local_digest(Path.cwd(), since=since, until=until, from_ref=from_ref, to_ref=to_ref,
                                  config_path=config, fmt=fmt, color=color, config_cache=cache_from_env(os.environ),
                                  group_by=group_by))
