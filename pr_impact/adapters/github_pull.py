"""Loading a pull request from GitHub: its files, commits, linked issues and the config at its base."""

from __future__ import annotations

import base64
import binascii
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pr_impact.adapters import links, rest_shapes
from pr_impact.adapters.github_graphql import (
    ASK_REST,
    FileAnswer,
    LabelEvent,
    about_file,
    file_answer,
    issue_query,
    label_events,
    not_a_file,
    parse_issue_data,
    too_large,
)
from pr_impact.adapters.github_names import repo_path, valid_repo
from pr_impact.adapters.github_transport import GitHubAPIError, Transport, graphql_error_text, mentions
from pr_impact.core.model import FileChange, LinkedIssue, PullRequest
from pr_impact.errors import ConfigError, UsageError

# GitHub lists at most 3,000 files of a pull request, whatever `changed_files` says.
FILE_LIST_CAP = 3000
MAX_ISSUE_LOOKUPS = 10


@dataclass(frozen=True, slots=True)
class IssueContext:
    """Issues a PR closes, the commit messages read to find them (oldest first), and the file asked for."""

    issues: tuple[LinkedIssue, ...]
    commits: tuple[str, ...]
    file: FileAnswer = ASK_REST  # what the query settled about `file_at`, if it was asked
    label_events: tuple[LabelEvent, ...] | None = None  # the PR's label timeline, if it was asked and given


@dataclass(frozen=True, slots=True)
class BaseConfig:
    """The configuration file at the PR's base commit: its text, None when absent, or why it is unusable."""

    path: str
    ref: str | None  # None: the event names no base commit, so nothing was read
    text: str | None
    error: ConfigError | None = None

    def read(self) -> str | None:
        """The text (None: no such file), or the ConfigError saying why the file cannot be a config."""
        if self.error is not None:
            raise ConfigError(self.error.message, self.error.problems, hint=self.error.hint)
        return self.text


@dataclass(frozen=True, slots=True)
class LoadedPullRequest:
    """What `load_pull_request` read: the PR with its files, commits and issues, and its base config."""

    pr: PullRequest
    base_config: BaseConfig | None  # None: no config path was asked for
    # Who added and removed which label, oldest first; None when GitHub did not say.
    label_events: tuple[LabelEvent, ...] | None = None


class PullLoader:
    """Reads a PR of one repository: REST for the files, one GraphQL query for everything else."""

    def __init__(self, transport: Transport, repo: str) -> None:
        self.http = transport
        self.repo = repo
        self._repo_path = repo_path(repo)
        self._issue_type_supported = True

    def load(self, payload: Mapping[str, Any], *, config_path: str | None = None) -> LoadedPullRequest:
        """The event's PR with its files, commit messages and linked issues: two requests usually.

        With `config_path`, the same GraphQL query also reads that file at the PR's base commit;
        only what the query could not settle is read over REST.
        """
        pr = pull_request_from_event(payload, repo=self.repo)
        assert pr.number is not None  # pull_request_from_event guarantees a number
        bad_path = _bad_path(config_path) if config_path else None
        file_at = (config_path, pr.base_sha) if config_path and pr.base_sha and bad_path is None else None
        files = self.fetch_files(pr.number, expected=pr.changed_files)
        context = self.fetch_issue_context(pr.number, body=pr.body, branch=pr.head, file_at=file_at, timeline=True)
        pr = replace(pr, files=tuple(files), commits=context.commits, linked_issues=context.issues)
        if not config_path:
            return LoadedPullRequest(pr, None, context.label_events)
        if bad_path is not None or not pr.base_sha:
            base = BaseConfig(config_path, pr.base_sha, None, bad_path)
        else:
            base = self._base_config(config_path, pr.base_sha, context.file)
        return LoadedPullRequest(pr, base, context.label_events)

    def _base_config(self, path: str, ref: str, answer: FileAnswer) -> BaseConfig:
        """The config as the query answered it, read over REST where the query left it unsure."""
        if answer is ASK_REST:
            try:
                answer = self.read_file_at(path, ref)
            except ConfigError as err:
                answer = err
        if isinstance(answer, ConfigError):
            return BaseConfig(path, ref, None, answer)
        return BaseConfig(path, ref, answer)

    def fetch_pull_request(self, number: int) -> dict[str, Any]:
        """The PR object as the REST API has it now (for `workflow_run`, where no payload is trusted)."""
        resp = self.http.call("GET", f"{self._repo_path}/pulls/{number}", f"read pull request #{number}")
        if not isinstance(resp.data, dict) or rest_shapes.integer(resp.data.get("number")) is None:
            raise GitHubAPIError(f"GitHub returned no pull request #{number}", method="GET", status=resp.status)
        return resp.data

    def fetch_files(self, number: int, expected: int | None = None) -> list[FileChange]:
        """Every file GitHub lists for the PR (at most 3,000); `expected` 0 skips the request."""
        if expected == 0:
            return []  # an empty PR: the event already told us, no need to ask
        items = self.http.paginate(f"{self._repo_path}/pulls/{number}/files", "list the PR's files")
        files = [change for change in map(rest_shapes.file_change, items) if change is not None]
        if expected is not None and expected > len(files):
            self.http.warn(
                f"GitHub lists only {len(files)} of the PR's {expected} changed files "
                f"(its limit is {FILE_LIST_CAP}); the verdict is based on those."
            )
        return files

    def fetch_issue_context(
        self,
        number: int | None,
        *,
        body: str = "",
        commits: Sequence[str] | None = None,
        branch: str = "",
        file_at: tuple[str, str] | None = None,
        timeline: bool = False,
    ) -> IssueContext:
        """Linked issues with details, in one GraphQL query; commit messages too unless given.

        Details are looked up only for issues of the PR's own repository or of another
        repository of the same owner: a token that can read a private repository elsewhere must
        not copy its issue titles into this PR's comment. Issues of other owners keep just their
        number, and references whose owner or name GitHub would not allow are dropped.

        `file_at` (path, commit) adds that file to the query; the context says what it settled.
        `timeline` adds the PR's label changes with their actors.
        """
        known = _usable(links.linked_refs(body=body, commits=commits or (), branch=branch, repo=self.repo))
        lookups = [ref for ref in known if self.may_look_up(ref.repo)][:MAX_ISSUE_LOOKUPS]
        data, reachable, file = self._query_issues(
            number, lookups, want_commits=commits is None, file_at=file_at, timeline=timeline and number is not None
        )
        closing, found, messages = parse_issue_data(data or {}, lookups, self.repo)
        # GitHub's own closing references may name another owner's issues: the number alone too.
        closing = [i if self.may_look_up(i.repo) else LinkedIssue(i.number, i.repo) for i in closing]
        commit_messages = tuple(commits) if commits is not None else messages
        # Refs only the commit messages reveal were not in the query (nor any ref, when the query
        # came back without data): those are fetched over REST, within the same lookup budget.
        later = _usable(links.linked_refs(commits=commit_messages, repo=self.repo)) if commits is None else []
        refs = links.dedupe([*known, *later])
        asked = lookups if data is not None else []
        have = {links.issue_key(issue): issue for issue in [*closing, *found.values()]}
        issues = list(closing)
        budget = MAX_ISSUE_LOOKUPS - len(asked) if reachable else 0
        for ref in refs:
            key = links.issue_key(ref)
            if key in have:
                issues.append(have[key])
            elif ref in asked or budget <= 0 or not self.may_look_up(ref.repo):
                issues.append(ref)  # not found, not looked up or not ours to look up: the number alone
            else:
                budget -= 1
                detail, reachable = self._fetch_issue(ref)
                budget = budget if reachable else 0  # GitHub is failing: stop asking
                issues.extend([detail] if detail is not None else [])
        eligible = sum(1 for ref in refs if self.may_look_up(ref.repo))
        if eligible > MAX_ISSUE_LOOKUPS:
            self.http.warn(f"The PR references {eligible} issues; details were looked up for {MAX_ISSUE_LOOKUPS}.")
        events = label_events(data) if timeline else None
        return IssueContext(tuple(links.dedupe(issues)), commit_messages, file, events)

    def may_look_up(self, repo: str | None) -> bool:
        """Whether details of issues in `repo` (None: the PR's own) may be read into this PR's report."""
        if repo is None or repo.lower() == self.repo.lower():
            return True
        return valid_repo(repo) and repo.partition("/")[0].lower() == self.repo.partition("/")[0].lower()

    def _query_issues(
        self,
        number: int | None,
        lookups: Sequence[LinkedIssue],
        *,
        want_commits: bool,
        file_at: tuple[str, str] | None = None,
        timeline: bool = False,
    ) -> tuple[dict[str, Any] | None, bool, FileAnswer]:
        """Run the one GraphQL query: its data (None when it gave none), whether GitHub answered,
        and what it said about the file.

        Where the server's schema lacks `issueType` (older GitHub Enterprise Server), the query is
        sent once more without it; where it rejects the file part, once more without that (the
        file is then read over REST); where it rejects the label timeline, once more without it
        (who set a label is then read from the comment's state alone).
        """
        if number is None and not lookups and file_at is None:
            return {}, True, ASK_REST
        for _ in range(4):
            query, variables = issue_query(
                self.repo, number, lookups, want_commits, self._issue_type_supported, file_at, timeline
            )
            try:
                data, errors = self.http.graphql(query, variables)
            except GitHubAPIError as err:
                self.http.warn(f"Could not read linked issues from GitHub: {err.message}")
                return None, False, ASK_REST
            if self._issue_type_supported and data is None and mentions(errors, "issueType"):
                self._issue_type_supported = False
                continue
            if file_at is not None and data is None and mentions(errors, "Blob", "expression"):
                file_at = None
                continue
            if timeline and data is None and mentions(errors, "timelineItems", "LabeledEvent", "LABELED_EVENT"):
                timeline = False
                continue
            for error in errors:
                # An error about the file is no loss: the file is read over REST instead.
                if not about_file(error):
                    self.http.warn(f"GitHub GraphQL: {graphql_error_text(error)}")
            file = file_answer(data, errors, *file_at) if file_at is not None else ASK_REST
            return data, True, file
        return None, True, ASK_REST  # pragma: no cover - each retry drops a part, and there are only three

    def _fetch_issue(self, ref: LinkedIssue) -> tuple[LinkedIssue | None, bool]:
        """An issue's details over REST (None for a pull request) and whether GitHub answered.

        A missing, deleted or hidden issue degrades to the bare reference and a warning.
        """
        try:
            resp = self.http.call(
                "GET",
                f"{repo_path(ref.repo or self.repo)}/issues/{ref.number}",
                f"read issue {ref.ref}",
                ok=frozenset({404, 410, 403}),
            )
        except GitHubAPIError as err:
            self.http.warn(f"Could not read linked issue {ref.ref}: {err.message}")
            return ref, False
        if resp.status != 200 or not isinstance(resp.data, dict):
            reason = {404: "not found", 410: "deleted", 403: "not visible to this token"}.get(resp.status)
            self.http.warn(f"Linked issue {ref.ref} is {reason or 'unavailable'} (HTTP {resp.status}).")
            return ref, True
        if "pull_request" in resp.data:
            self.http.warn(f"{ref.ref} is a pull request, not an issue; ignored.")
            return None, True
        detail = rest_shapes.issue(resp.data, self.repo) or ref
        # A REST issue names its repository only as a URL: the reference says which it is.
        return replace(detail, repo=links.same_repo(ref.repo, self.repo)), True

    def read_file_at(self, path: str, ref: str) -> str | None:
        """The text of `path` at commit `ref` over REST, or None when it does not exist."""
        bad_path = _bad_path(path)
        if bad_path is not None:
            raise bad_path
        resp = self.http.call(
            "GET",
            f"{self._repo_path}/contents/{urllib.parse.quote(path.lstrip('/'))}",
            f"read {path} at {ref}",
            params={"ref": ref},
            ok=frozenset({404}),
        )
        if resp.status == 404:
            return None
        data = resp.data
        if not isinstance(data, dict) or data.get("type", "file") != "file":
            raise not_a_file(path, ref)
        if data.get("encoding") != "base64":
            raise too_large(path, ref)  # GitHub leaves `content` empty for files over 1 MB
        try:
            return base64.b64decode(data.get("content") or "").decode("utf-8")
        except (binascii.Error, UnicodeDecodeError) as err:
            raise ConfigError(f"{path} at {ref} is not UTF-8 text: {err}") from err


def pull_request_from_event(payload: Mapping[str, Any], repo: str | None = None) -> PullRequest:
    """Build the model from a `pull_request` event payload, or from the PR object itself.

    The PR object is read by `rest_shapes`, the parser snapshots use too. A payload without a
    pull request number is a usage error (exit 2): pr-impact was run on the wrong event.
    """
    pr = payload.get("pull_request", payload)
    if not isinstance(pr, Mapping) or rest_shapes.integer(pr.get("number")) is None:
        raise UsageError("the event payload has no pull request", hint="run pr-impact on `pull_request` events")
    repository = payload.get("repository")
    named = rest_shapes.opt_string(repository.get("full_name")) if isinstance(repository, Mapping) else None
    return rest_shapes.pull_request(pr, repo=named or repo)


def _bad_path(path: str) -> ConfigError | None:
    """The error for a config path with a `.` or `..` segment (never sent to GitHub), else None."""
    if any(part in (".", "..") for part in path.split("/")):
        return ConfigError(f"config path {path!r} has a '.' or '..' segment",
                           hint="give the path from the repository root, e.g. .github/pr-impact.yml")
    return None


def _usable(refs: Iterable[LinkedIssue]) -> list[LinkedIssue]:
    """The references whose repository, if any, is a name GitHub allows (no `..`, no `%2F`)."""
    return [ref for ref in refs if ref.repo is None or valid_repo(ref.repo)]
