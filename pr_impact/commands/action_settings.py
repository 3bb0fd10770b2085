"""The Action's settings: its inputs and the runner's variables, parsed and checked once."""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

from pr_impact.adapters.config_file import DEFAULT_PATH
from pr_impact.adapters.github import ACTIONS_BOT, DEFAULT_API_URL
from pr_impact.adapters.tickets import JIRA_EMAIL, JIRA_TOKEN, LINEAR_KEY, LINEAR_URL, Credentials
from pr_impact.errors import ConfigError, UsageError

NO_CREDENTIALS = Credentials()
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
    # The digest's inputs (action_digest.py): report-days is checked there, where it is used.
    digest_days: str = ""
    digest_issue: bool = False
    release_notes: bool = False
    # Jira's and Linear's tokens: the jira-user-email, jira-api-token and linear-api-key inputs, else the
    # variables the CLI reads.
    trackers: Credentials = NO_CREDENTIALS
    # The writer's inputs (action_words.py): `model` turns it on; PR_IMPACT_MODEL* in the job's env work too.
    model: str = ""
    model_url: str = ""
    model_token: str = field(default="", repr=False)

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
            digest_days=env.get("INPUT_REPORT_DAYS", "").strip(),
            digest_issue=flag("REPORT_ISSUE", False),
            release_notes=flag("RELEASE_NOTES", False),
            trackers=Credentials(_input_or_env(env, JIRA_EMAIL), _input_or_env(env, JIRA_TOKEN),
                                 _input_or_env(env, LINEAR_KEY), env.get(LINEAR_URL, "").strip()),
            model=_either(env, "INPUT_MODEL", "PR_IMPACT_MODEL"),
            model_url=_either(env, "INPUT_MODEL_URL", "PR_IMPACT_MODEL_URL"),
            model_token=_either(env, "INPUT_MODEL_TOKEN", "PR_IMPACT_MODEL_TOKEN"),
        )


def _input_or_env(env: Mapping[str, str], name: str) -> str:
    """A tracker's input (`jira-api-token` arrives as INPUT_JIRA_API_TOKEN), else the variable of that name."""
    return (env.get(f"INPUT_{name}") or env.get(name) or "").strip()


def _either(env: Mapping[str, str], name: str, fallback: str) -> str:
    """An input, else the same setting from the job's environment."""
    return env.get(name, "").strip() or env.get(fallback, "").strip()


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
