"""The writer step: which model words the comment (config, then the environment and the Action's inputs), its
prompt file, and one request per PR, reused while nothing changes; any fault leaves the rules' own words and
one notice, never a failed run."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple

from pr_impact.adapters.model_client import ModelClient
from pr_impact.core.config import WriterSettings
from pr_impact.core.verdict import Verdict, Written
from pr_impact.core.writer import (
    BATCH_SIZE,
    BATCHED,
    batch_request,
    chat_request,
    parse_answer,
    parse_batch_answer,
    request_key,
    variables,
)
from pr_impact.core.writer_prompt import Prompt, compile_prompt
from pr_impact.errors import ConfigError, WriterError

DEFAULT_URL = "https://models.github.ai/inference"
# The job's token is sent only to GitHub's own model endpoints: never to an API a config or input points at.
GITHUB_MODELS_HOSTS = frozenset({"models.github.ai", "models.inference.ai.azure.com"})
SHIPPED_PROMPT = Path(__file__).resolve().parent.parent / "writer.prompt.yml"
_OFF = frozenset({"off", "none", "false", "no", "0"})


class WriterSetup(NamedTuple):
    """The model to ask, where, with which token (never printed), and the prompt file a config names ('' for
    the one pr-impact ships)."""

    model: str
    url: str
    token: str
    prompt: str = ""

    def __repr__(self) -> str:  # a setup may end up in a log or a traceback: never with its token
        return f"WriterSetup(model={self.model!r}, url={self.url!r}, prompt={self.prompt!r})"


def writer_setup(settings: WriterSettings, env: Mapping[str, str], job_token: str = "") -> WriterSetup | None:
    """The writer's setup, or None when it is off: on only when a model is named (PR_IMPACT_MODEL, else the
    config's `writer.model`); PR_IMPACT_MODEL=off turns a configured one off. The token is PR_IMPACT_MODEL_TOKEN,
    else `job_token` for GitHub Models (the Action's job token, or GITHUB_TOKEN / GH_TOKEN locally)."""
    model = env.get("PR_IMPACT_MODEL", "").strip() or settings.model
    if not model or model.lower() in _OFF:
        return None
    url = env.get("PR_IMPACT_MODEL_URL", "").strip() or settings.url or DEFAULT_URL
    token = env.get("PR_IMPACT_MODEL_TOKEN", "").strip()
    if not token and is_github_models(url):
        token = job_token or env.get("GITHUB_TOKEN", "").strip() or env.get("GH_TOKEN", "").strip()
    return WriterSetup(model, url.rstrip("/"), token, settings.prompt)


def is_github_models(url: str) -> bool:
    """Whether a URL is GitHub Models' API (over HTTPS), the one place a GitHub token may be sent."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return False
    return parts.scheme == "https" and (parts.hostname or "") in GITHUB_MODELS_HOSTS


def _check_url(url: str) -> None:
    """An http(s) URL with a host, or a WriterError naming the variable to fix."""
    try:
        parts = urllib.parse.urlsplit(url)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        valid = False
    if not valid:
        raise WriterError(f"the model URL {url!r} is not an http(s) URL (PR_IMPACT_MODEL_URL, the model-url input "
                          "or writer.url)")


def load_prompt(text: str, source: str) -> Prompt:
    """A prompt file's text checked like a config: every problem as file:line:col: key: message (ConfigError)."""
    from pr_impact.adapters.config_file import located_problems, parse_yaml, plain

    doc = parse_yaml(text, source)
    prompt, problems = compile_prompt(plain(doc))
    if problems or prompt is None:
        lines = located_problems(doc, problems, source)
        raise ConfigError(f"{source}: {len(lines)} problem{'s' if len(lines) != 1 else ''} in the writer's prompt",
                          lines)
    return prompt


def shipped_prompt() -> Prompt:
    """The prompt pr-impact ships (pr_impact/writer.prompt.yml)."""
    return load_prompt(SHIPPED_PROMPT.read_text(encoding="utf-8"), "writer.prompt.yml (built in)")


class Writer:
    """Asks one model for each PR's words, at most once per request (the same request's words are reused), and
    keeps what went wrong as one notice for the run."""

    def __init__(self, setup: WriterSetup, prompt: Prompt, client: ModelClient | None = None) -> None:
        _check_url(setup.url)
        self.setup = setup
        self.prompt = prompt
        self.client = client or ModelClient(setup.url, setup.token)
        self.faults: list[str] = []  # what went wrong, in order
        self.asked = 0  # PRs the model was asked about (reused words are not asked again)
        self.failed = 0  # of those, the PRs left with the rules' words

    def request(self, verdict: Verdict) -> tuple[dict[str, Any], str]:
        """The exact chat-completions body for one PR, and its key."""
        body = chat_request(self.prompt, self.setup.model, variables(verdict))
        return body, request_key(body)

    def write(self, verdict: Verdict, stored: Written | None = None) -> Verdict:
        """The verdict with the model's words; `stored` words of the same request are reused without asking.
        On any fault, the verdict as it was (the rules' words) and the fault kept for notice()."""
        body, key = self.request(verdict)
        if stored is not None and stored.key == key:  # the key covers the model, the prompt and the PR
            return replace(verdict, written=stored)
        self.asked += 1
        try:
            words = parse_answer(self.client.complete(body), self.setup.model, key)
        except WriterError as err:
            self.failed += 1
            self.faults.append(self.client.scrub(err.message))
            return verdict
        return replace(verdict, written=words)

    def write_many(self, verdicts: Sequence[Verdict], batch: int = BATCH_SIZE) -> list[Verdict]:
        """Words for many PRs (`report`), several PRs per request, each quoted more briefly."""
        out: list[Verdict] = []
        for start in range(0, len(verdicts), batch):
            group = verdicts[start: start + batch]
            values = [variables(v, BATCHED) for v in group]
            keys = [request_key(chat_request(self.prompt, self.setup.model, v)) for v in values]
            self.asked += len(group)
            reason = ""
            try:
                body = batch_request(self.prompt, self.setup.model, values)
                found = parse_batch_answer(self.client.complete(body), self.setup.model, keys)
            except WriterError as err:
                reason, found = self.client.scrub(err.message), [None] * len(group)
            missing = sum(w is None for w in found)
            if missing:
                self.failed += missing
                self.faults.append(reason or f"an answer left out or garbled {missing} of its {len(group)} PRs")
            out += [v if w is None else replace(v, written=w) for v, w in zip(group, found, strict=True)]
        return out

    def notice(self) -> str | None:
        """One line for the run when the model's words were not used for every PR asked about, else None."""
        if not self.failed:
            return None
        share = f" for {self.failed} of {self.asked} PRs" if self.asked > 1 else ""
        return (f"The writer ({self.setup.model}) gave no words{share}, so the rules' own are shown: "
                f"{self.faults[0]}.")


def prompt_for(path: str, read_prompt: Callable[[str], str | None]) -> Prompt:
    """The prompt a config names (`writer.prompt`, read by `read_prompt`), else the shipped one; ConfigError
    for a file with problems, WriterError for one that is missing."""
    if not path:
        return shipped_prompt()
    text = read_prompt(path)
    if text is None:
        raise WriterError(f"the prompt file {path} (writer.prompt) was not found")
    return load_prompt(text, path)


def from_config(settings: WriterSettings, env: Mapping[str, str], read_prompt: Callable[[str], str | None],
                job_token: str = "") -> tuple[Writer | None, str | None]:
    """The run's writer, or None (off, or not usable: then with a notice saying why). `read_prompt` reads a
    config's `writer.prompt` file (from the repository root, or the base commit in the Action)."""
    setup = writer_setup(settings, env, job_token)
    if setup is None:
        return None, None
    try:
        return Writer(setup, prompt_for(setup.prompt, read_prompt)), None
    except (WriterError, ConfigError) as err:
        return None, f"The writer ({setup.model}) is off for this run, so the rules' own words are shown: {err}"
