"""The writer in the Action: the model's words for the PR, reused from the comment's hidden words marker while the
request stays the same (no request, and no write when nothing else changed); any fault is one notice."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from pr_impact.commands.action_override import hidden_marker
from pr_impact.errors import GitHubError

if TYPE_CHECKING:
    from pr_impact.adapters.github import GitHubClient
    from pr_impact.commands.action_settings import Settings
    from pr_impact.core.config import Config
    from pr_impact.core.verdict import Verdict, Written

WORDS_PREFIX = "<!-- pr-impact:words "
# The words are capped (core/writer.CAPS), so their marker is too: anything longer is not ours.
_WORDS_RE = re.compile(r"<!-- pr-impact:words (\{[^<>]{1,4000}\}) -->")


def words_marker(w: Written) -> str:
    """The hidden marker keeping the words and their request's key; '<' and '>' escaped, so no word of the
    model's can close the HTML comment."""
    from pr_impact.core.writer import stored  # the writer's modules load only where words exist

    text = json.dumps(stored(w), ensure_ascii=False)
    return hidden_marker(WORDS_PREFIX, text)


def stored_words(body: str | None) -> Written | None:
    """The words an earlier run kept in the comment, checked like a model's answer; None for anything else."""
    match = _WORDS_RE.search(body or "")
    if match is None:
        return None
    from pr_impact.core.writer import from_stored

    try:
        return from_stored(json.loads(match.group(1)))
    except ValueError:
        return None


def with_words(settings: Settings, client: GitHubClient, config: Config, verdict: Verdict,
               found: tuple[int, str] | None, base_sha: str | None) -> tuple[Verdict, str | None]:
    """The verdict with the model's words when the writer is on (config `writer`, or the `model` input), the
    words of the comment reused when the request is the same; and the run's one notice when the rules' own
    words stand because of a fault. A `writer.prompt` file is read at the PR's base commit, like the config."""
    from pr_impact.commands.words import writer_named

    if not writer_named(config.writer, writer_env(settings)):
        return verdict, None
    from pr_impact.adapters.writer import from_config

    def read(path: str) -> str | None:
        try:
            return client.read_file_at(path, base_sha) if base_sha else None
        except GitHubError:
            return None

    writer, notice = from_config(config.writer, writer_env(settings), read, job_token=settings.token)
    if writer is None:
        return verdict, notice
    written = writer.write(verdict, stored_words(found[1] if found else None))
    return written, writer.notice()


def writer_env(settings: Settings) -> Mapping[str, str]:
    """The Action's `model`, `model-url` and `model-token` inputs as the writer's environment overrides."""
    return {"PR_IMPACT_MODEL": settings.model, "PR_IMPACT_MODEL_URL": settings.model_url,
            "PR_IMPACT_MODEL_TOKEN": settings.model_token}


def digest_words(verdict: Verdict, body: str | None) -> Verdict:
    """A merged PR's verdict with the words the Action kept in its comment, for the digest's lines."""
    words = stored_words(body)
    return verdict if words is None else replace(verdict, written=words)
