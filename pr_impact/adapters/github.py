"""GitHub REST and GraphQL edge of the Action: the only module that imports PyGithub."""

from __future__ import annotations

import base64
import binascii
import os
import re
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import EllipsisType
from typing import Any, Literal, NamedTuple

import requests
from github import Auth, GithubException
from github.Requester import Requester

from pr_impact import __version__
from pr_impact.adapters import links, rest_shapes
from pr_impact.core.model import FileChange, LinkedIssue, PullRequest
from pr_impact.errors import ConfigError, GitHubError, UsageError

DEFAULT_API_URL = "https://api.github.com"
ACTIONS_BOT = "github-actions[bot]"
API_VERSION = "2022-11-28"
# GitHub lists at most 3,000 files of a pull request, whatever `changed_files` says.
FILE_LIST_CAP = 3000
# Bounds on what text PR authors control can make us fetch.
MAX_PAGES = 100
MAX_ISSUE_LOOKUPS = 10
# The colour GitHub gives a label it creates implicitly when one is added to an issue by name.
IMPLICIT_LABEL_COLOR = "ededed"
# The contents API sends no content for files over 1 MB; no configuration file is that large.
MAX_FILE_BYTES = 1024 * 1024

_SERVER_ERRORS = frozenset({500, 502, 503, 504})
# What GitHub allows in an owner (user or organisation; `_` for enterprise managed users) and in a
# repository name. Anything else in a reference taken from PR text is refused, never sent.
_OWNER_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
_NAME_RE = re.compile(r"[A-Za-z0-9._-]{1,100}")
_NEXT_LINK = re.compile(r'<([^<>\s]{1,2000}+)>;\s*+rel="next"')
_ISSUE_FIELDS = (
    "number title state url milestone { title } repository { nameWithOwner } labels(first: 20) { nodes { name } }"
)
_ISSUE_TYPE_FIELD = " issueType { name }"
_BLOB_FIELDS = "__typename ... on Blob { byteSize isBinary isTruncated text }"
_FILE_ALIAS = "file"  # the alias of the prefetched file under `repository` in the GraphQL data
_READ_ONLY_HINT = (
    "the token cannot write: give the workflow `pull-requests: write` and `issues: write`, "
    "or use the two-stage workflow_run setup for fork PRs"
)


class GitHubAPIError(GitHubError):
    """A GitHub request that failed for good; `permission` marks a token that may not do it."""

    def __init__(
        self,
        message: str,
        *,
        hint: str = "",
        method: str = "",
        path: str = "",
        status: int | None = None,
        permission: bool = False,
        rate_limited: bool = False,
    ) -> None:
        super().__init__(message, hint=hint)
        self.method = method
        self.path = path
        self.status = status
        self.permission = permission
        self.rate_limited = rate_limited


class LabelSpec(NamedTuple):
    """How an impact label should look when pr-impact has to create it."""

    name: str
    color: str
    description: str


@dataclass(frozen=True, slots=True)
class LabelChange:
    """What `sync_labels` did; `labels` is the PR's label set afterwards."""

    added: str | None
    removed: tuple[str, ...]
    created: bool
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CommentResult:
    """What `upsert_comment` did to the sticky comment."""

    action: Literal["created", "updated", "unchanged"]
    id: int
    url: str | None = None
    author: str | None = None  # the login GitHub says posted it (known for a comment just created)


@dataclass(frozen=True, slots=True)
class IssueContext:
    """Issues a PR closes, and the commit messages read to find them (oldest first)."""

    issues: tuple[LinkedIssue, ...]
    commits: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Response:
    """One answer: its status (200 for any success), lower-cased headers and decoded JSON."""

    status: int
    headers: Mapping[str, str]
    data: Any


class _Retry(Exception):
    """Internal signal: wait `delay` seconds, then send the request again."""

    def __init__(self, delay: float, error: GitHubAPIError) -> None:
        super().__init__(error.message)
        self.delay = delay
        self.error = error


class GitHubClient:
    """The few GitHub calls pr-impact needs, each made once, with bounded retries and a request count."""

    def __init__(
        self,
        token: str | None,
        repo: str,
        *,
        api_url: str = DEFAULT_API_URL,
        graphql_url: str | None = None,
        max_wait: float = 60.0,
        max_attempts: int = 5,
        backoff: float = 1.0,
        timeout: float = 15,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        requester: Requester | None = None,
        recheck_created_comment: bool = True,
    ) -> None:
        """`max_wait` bounds the seconds spent waiting between retries over the client's whole life
        (one Action run), not per request, so a run that keeps hitting limits still ends in bounded
        time. `recheck_created_comment` lists the comments once more after posting one, to settle a
        race with a concurrent run at once (see `_settle_created`); False saves that request and
        leaves a raced duplicate for the next run to delete."""
        if not valid_repo(repo):
            raise GitHubError(f"repository {repo!r} is not of the form owner/name", hint="set GITHUB_REPOSITORY")
        self.repo = repo
        self._repo_path = repo_path(repo)
        self.api_url = api_url.rstrip("/")
        self.max_wait = max_wait
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff
        self.warnings: list[str] = []
        self.request_count = 0
        self.waited = 0.0  # seconds of retry waits requested so far, against `max_wait`
        self.recheck_created_comment = recheck_created_comment
        self._duplicates: dict[int, list[int]] = {}  # PR -> our newer copies of the sticky comment
        # (path, ref) -> what read_file_at would answer, learnt from the GraphQL query already sent.
        self._files: dict[tuple[str, str], str | ConfigError | None] = {}
        self._token = token or ""
        self._sleep = sleep
        self._clock = clock
        self._issue_type_supported = True
        self._requester = requester or _make_requester(token, self.api_url, timeout)
        self.graphql_url = graphql_url or self._requester.graphql_url

    @classmethod
    def from_env(cls, token: str | None, env: Mapping[str, str] | None = None, **kwargs: Any) -> GitHubClient:
        """A client for the repository and API endpoints the Actions runner describes in `env`."""
        env = os.environ if env is None else env
        return cls(
            token,
            env.get("GITHUB_REPOSITORY", ""),
            api_url=env.get("GITHUB_API_URL") or DEFAULT_API_URL,
            graphql_url=env.get("GITHUB_GRAPHQL_URL") or None,
            **kwargs,
        )

    # -- the pull request ---------------------------------------------------------------------

    def pull_request_from_event(self, payload: Mapping[str, Any]) -> PullRequest:
        """The PR of a `pull_request` event payload (or a bare PR object), without any request."""
        return pull_request_from_event(payload, repo=self.repo)

    def load_pull_request(self, payload: Mapping[str, Any], *, config_path: str | None = None) -> PullRequest:
        """The event's PR with its files, commit messages and linked issues: two requests usually.

        With `config_path`, the same GraphQL query also reads that file at the PR's base commit,
        so `read_file_at(config_path, base_sha)` then costs no request.
        """
        pr = self.pull_request_from_event(payload)
        assert pr.number is not None  # pull_request_from_event guarantees a number
        file_at = (config_path, pr.base_sha) if config_path and pr.base_sha else None
        files = self.fetch_files(pr.number, expected=pr.changed_files)
        context = self.fetch_issue_context(pr.number, body=pr.body, branch=pr.head, file_at=file_at)
        return replace(pr, files=tuple(files), commits=context.commits, linked_issues=context.issues)

    def fetch_pull_request(self, number: int) -> dict[str, Any]:
        """The PR object as the REST API has it now (for `workflow_run`, where no payload is trusted)."""
        resp = self._call("GET", f"{self._repo_path}/pulls/{number}", f"read pull request #{number}")
        if not isinstance(resp.data, dict) or rest_shapes.integer(resp.data.get("number")) is None:
            raise GitHubAPIError(f"GitHub returned no pull request #{number}", method="GET", status=resp.status)
        return resp.data

    def fetch_files(self, number: int, expected: int | None = None) -> list[FileChange]:
        """Every file GitHub lists for the PR (at most 3,000); `expected` 0 skips the request."""
        if expected == 0:
            return []  # an empty PR: the event already told us, no need to ask
        items = self._paginate(f"{self._repo_path}/pulls/{number}/files", "list the PR's files")
        files = [change for change in map(rest_shapes.file_change, items) if change is not None]
        if expected is not None and expected > len(files):
            self._warn(
                f"GitHub lists only {len(files)} of the PR's {expected} changed files "
                f"(its limit is {FILE_LIST_CAP}); the verdict is based on those."
            )
        return files

    # -- linked issues ------------------------------------------------------------------------

    def fetch_linked_issues(
        self,
        number: int | None,
        body: str = "",
        commits: Sequence[str] | None = None,
        branch: str = "",
    ) -> list[LinkedIssue]:
        """Issues the PR closes: GraphQL `closingIssuesReferences` plus keyword and branch refs."""
        return list(self.fetch_issue_context(number, body=body, commits=commits, branch=branch).issues)

    def fetch_issue_context(
        self,
        number: int | None,
        *,
        body: str = "",
        commits: Sequence[str] | None = None,
        branch: str = "",
        file_at: tuple[str, str] | None = None,
    ) -> IssueContext:
        """Linked issues with details, in one GraphQL query; commit messages too unless given.

        Details are looked up only for issues of the PR's own repository or of another
        repository of the same owner: a token that can read a private repository elsewhere must
        not copy its issue titles into this PR's comment. Issues of other owners keep just their
        number, and references whose owner or name GitHub would not allow are dropped.

        `file_at` (path, commit) adds that file to the query for a later `read_file_at`.
        """
        known = _usable(links.linked_refs(body=body, commits=commits or (), branch=branch, repo=self.repo))
        lookups = [ref for ref in known if self.may_look_up(ref.repo)][:MAX_ISSUE_LOOKUPS]
        data, reachable = self._query_issues(number, lookups, want_commits=commits is None, file_at=file_at)
        closing, found, messages = _parse_issue_data(data or {}, lookups, self.repo)
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
            self._warn(f"The PR references {eligible} issues; details were looked up for {MAX_ISSUE_LOOKUPS}.")
        return IssueContext(issues=tuple(links.dedupe(issues)), commits=commit_messages)

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
    ) -> tuple[dict[str, Any] | None, bool]:
        """Run the one GraphQL query: its data (None when it gave none) and whether GitHub answered.

        Where the server's schema lacks `issueType` (older GitHub Enterprise Server), the query is
        sent once more without it; where it rejects the file part, once more without that (the
        file is then read over REST). Whatever the query could not settle about the file is left
        to `read_file_at`, which asks REST.
        """
        if number is None and not lookups and file_at is None:
            return {}, True
        for _ in range(3):
            query, variables = _issue_query(
                self.repo, number, lookups, want_commits, self._issue_type_supported, file_at
            )
            try:
                data, errors = self._graphql(query, variables)
            except GitHubAPIError as err:
                self._warn(f"Could not read linked issues from GitHub: {err.message}")
                return None, False
            if self._issue_type_supported and data is None and _mentions_issue_type(errors):
                self._issue_type_supported = False
                continue
            if file_at is not None and data is None and _mentions_blob(errors):
                file_at = None
                continue
            if file_at is not None:
                self._remember_file(file_at, data, errors)
            for error in errors:
                # An error about the file is no loss: read_file_at reads it over REST instead.
                if not _about_file(error):
                    self._warn(f"GitHub GraphQL: {_graphql_error_text(error)}")
            return data, True
        return None, True  # pragma: no cover - each retry drops a part, and there are only two

    def _remember_file(self, file_at: tuple[str, str], data: dict[str, Any] | None, errors: Sequence[Any]) -> None:
        """Keep what the query said about the file, unless only REST can say it exactly."""
        repository = (data or {}).get("repository")
        if any(_about_file(error) or not _error_path(error) for error in errors):
            return  # an error that may concern the file: its answer, if any, is not to be trusted
        if not isinstance(repository, dict) or _FILE_ALIAS not in repository:
            return
        path, ref = file_at
        answer = _file_from_blob(repository[_FILE_ALIAS], path, ref)
        if not isinstance(answer, EllipsisType):
            self._files[(path.lstrip("/"), ref)] = answer

    def _fetch_issue(self, ref: LinkedIssue) -> tuple[LinkedIssue | None, bool]:
        """An issue's details over REST (None for a pull request) and whether GitHub answered.

        A missing, deleted or hidden issue degrades to the bare reference and a warning.
        """
        try:
            resp = self._call(
                "GET",
                f"{repo_path(ref.repo or self.repo)}/issues/{ref.number}",
                f"read issue {ref.ref}",
                ok=frozenset({404, 410, 403}),
            )
        except GitHubAPIError as err:
            self._warn(f"Could not read linked issue {ref.ref}: {err.message}")
            return ref, False
        if resp.status != 200 or not isinstance(resp.data, dict):
            reason = {404: "not found", 410: "deleted", 403: "not visible to this token"}.get(resp.status)
            self._warn(f"Linked issue {ref.ref} is {reason or 'unavailable'} (HTTP {resp.status}).")
            return ref, True
        if "pull_request" in resp.data:
            self._warn(f"{ref.ref} is a pull request, not an issue; ignored.")
            return None, True
        detail = rest_shapes.issue(resp.data, self.repo) or ref
        # A REST issue names its repository only as a URL: the reference says which it is.
        return replace(detail, repo=links.same_repo(ref.repo, self.repo)), True

    # -- configuration ------------------------------------------------------------------------

    def read_file_at(self, path: str, ref: str) -> str | None:
        """The text of `path` at commit `ref` (the PR's base sha), or None when it does not exist.

        Answered without a request when the GraphQL query of `load_pull_request` read it already.
        """
        if any(part in (".", "..") for part in path.split("/")):
            raise ConfigError(f"config path {path!r} has a '.' or '..' segment",
                              hint="give the path from the repository root, e.g. .github/pr-impact.yml")
        known = self._files.get((path.lstrip("/"), ref), ...)
        if isinstance(known, ConfigError):
            raise ConfigError(known.message, known.problems, hint=known.hint)
        if not isinstance(known, EllipsisType):
            return known
        resp = self._call(
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
            raise _not_a_file(path, ref)
        if data.get("encoding") != "base64":
            raise _too_large(path, ref)  # GitHub leaves `content` empty for files over 1 MB
        try:
            return base64.b64decode(data.get("content") or "").decode("utf-8")
        except (binascii.Error, UnicodeDecodeError) as err:
            raise ConfigError(f"{path} at {ref} is not UTF-8 text: {err}") from err

    # -- labels -------------------------------------------------------------------------------

    def sync_labels(
        self,
        number: int,
        current_labels: Iterable[str],
        wanted: str,
        managed: Iterable[str],
        spec: LabelSpec | tuple[str, str, str] | None = None,
    ) -> LabelChange:
        """Make `wanted` the PR's only managed label; labels pr-impact does not manage stay.

        Adding comes first so the PR is never without a label. GitHub creates a label that is
        added by name but missing from the repository (grey, no description), so the add is sent
        straight away — one request in the common case — and only a label that came back looking
        implicitly created gets a PATCH with the configured colour and description. Servers that
        instead refuse the add (404/422) get the label created, then added again.
        """
        labels = list(current_labels)
        managed_keys = {name.casefold() for name in managed} | {wanted.casefold()}
        present = {name.casefold() for name in labels}
        stale = [name for name in labels if name.casefold() in managed_keys and name.casefold() != wanted.casefold()]
        add = wanted.casefold() not in present
        created = False
        if add:
            created = self._add_label(number, wanted, LabelSpec(*spec) if spec else None)
            labels.append(wanted)
        for name in stale:
            self._call(
                "DELETE",
                f"{self._repo_path}/issues/{number}/labels/{urllib.parse.quote(name, safe='')}",
                f"remove label {name!r} from #{number}",
                ok=frozenset({404}),  # somebody removed it already
            )
            labels.remove(name)
        return LabelChange(added=wanted if add else None, removed=tuple(stale), created=created, labels=tuple(labels))

    def _add_label(self, number: int, name: str, spec: LabelSpec | None) -> bool:
        """Add one label to the PR; return whether the label had to be created or fixed up."""
        path = f"{self._repo_path}/issues/{number}/labels"
        what = f"add label {name!r} to #{number}"
        resp = self._call("POST", path, what, body={"labels": [name]}, ok=frozenset({404, 422}))
        if resp.status in (404, 422):
            self._create_label(spec or LabelSpec(name, IMPLICIT_LABEL_COLOR, ""))
            self._call("POST", path, what, body={"labels": [name]})
            return True
        label = _find_label(resp.data, name)
        if spec is None or label is None or not _looks_implicit(label):
            return False
        if (spec.color.lower(), spec.description) == (IMPLICIT_LABEL_COLOR, ""):
            return False
        self._call(
            "PATCH",
            f"{self._repo_path}/labels/{urllib.parse.quote(label.get('name') or name, safe='')}",
            f"set colour and description of label {name!r}",
            body={"color": spec.color.lstrip("#"), "description": spec.description},
        )
        return True

    def _create_label(self, spec: LabelSpec) -> None:
        """Create a repository label; one that exists already (422) is fine."""
        self._call(
            "POST",
            f"{self._repo_path}/labels",
            f"create label {spec.name!r}",
            body={"name": spec.name, "color": spec.color.lstrip("#"), "description": spec.description},
            ok=frozenset({422}),
        )

    # -- the sticky comment -------------------------------------------------------------------

    def find_comment(self, number: int, marker: str, author: str = ACTIONS_BOT) -> tuple[int, str] | None:
        """The oldest comment by `author` that contains `marker`, searching page after page.

        Newer copies on the same page (left by two runs that raced) are remembered, so that
        `upsert_comment` deletes them: duplicates heal on the next run at no extra read.
        """
        path = f"{self._repo_path}/issues/{number}/comments"
        for page in self._pages(path, f"list comments of #{number}"):
            ours = _ours(page, marker, author)
            if ours:
                self._duplicates[number] = [comment_id for comment_id, _ in ours[1:]]
                return ours[0]
        return None

    def upsert_comment(
        self,
        number: int,
        body: str,
        marker: str,
        author: str = ACTIONS_BOT,
        *,
        found: tuple[int, str] | EllipsisType | None = ...,
    ) -> CommentResult:
        """Create the sticky comment, or edit it only when its body changed.

        `found` is what `find_comment` returned earlier in the run (None: no comment yet), so
        a caller that already looked does not list the comments twice.
        """
        if marker not in body:
            raise ValueError("the comment body must contain its marker, or the next run cannot find it")
        if isinstance(found, EllipsisType):
            found = self.find_comment(number, marker, author)
        if found is not None:
            comment_id, old = found
            result = self._edit_comment(number, comment_id, old, body)
            if result is not None:
                self._drop_duplicates(number, keep=comment_id)
                return result
        result, looked = self._create_comment(number, body, marker, author)
        author = self._check_author(result, author)
        if self.recheck_created_comment and not looked:
            return self._settle_created(number, result, body, marker, author)
        return result

    def _check_author(self, created: CommentResult, expected: str) -> str:
        """The login to find our comments by: GitHub's answer wins over a wrong `comment-author`.

        A PAT or an app's token comments as its own user, not as github-actions[bot]. Left at the
        default, the input would make every run miss the comment and post a new one; the warning
        says which value to set, and this run goes on with the real login.
        """
        if not created.author or created.author.casefold() == expected.casefold():
            return expected
        self._warn(
            f"The PR comment was posted as '{created.author}', not as '{expected}' (the `comment-author` "
            f"input): set `comment-author: {created.author}`, or every run will post a new comment."
        )
        return created.author

    def _edit_comment(self, number: int, comment_id: int, old: str, body: str) -> CommentResult | None:
        """Edit the comment unless its body is already `body`; None when it was deleted meanwhile."""
        if _same_body(old, body):
            return CommentResult("unchanged", comment_id)
        resp = self._call(
            "PATCH",
            f"{self._repo_path}/issues/comments/{comment_id}",
            f"edit comment {comment_id} on #{number}",
            body={"body": body},
            ok=frozenset({404}),  # deleted since we listed it: post a new one
        )
        return None if resp.status == 404 else CommentResult("updated", comment_id, _html_url(resp.data))

    def _create_comment(self, number: int, body: str, marker: str, author: str) -> tuple[CommentResult, bool]:
        """Post the comment; after an ambiguous failure, look before posting again (no duplicates).

        A POST is never blindly repeated: a timeout or 5xx may have created the comment, so each
        new attempt is preceded by a look, and waits like any retry within the same budget. The
        flag says whether the result came from such a look: a list read after posting, which a
        recheck would only repeat.
        """
        path = f"{self._repo_path}/issues/{number}/comments"
        what = f"comment on #{number}"
        for attempt in range(1, self.max_attempts + 1):
            try:
                resp = self._call("POST", path, what, body={"body": body}, idempotent=False)
            except GitHubAPIError as err:
                if (err.status is not None and err.status not in _SERVER_ERRORS) or attempt == self.max_attempts:
                    raise
                found = self.find_comment(number, marker, author)
                if found is not None:
                    return CommentResult("created", found[0]), True
                if attempt > 1:  # the look itself gave GitHub a moment after the first failure
                    self._wait(self._backoff(attempt - 1), err, attempt)
                continue
            data = resp.data if isinstance(resp.data, dict) else {}
            user = data.get("user")
            login = user.get("login") if isinstance(user, dict) else None
            poster = login if isinstance(login, str) and login else None
            return CommentResult("created", int(data.get("id") or 0), _html_url(data), poster), False
        raise AssertionError("unreachable")  # pragma: no cover

    def _settle_created(
        self, number: int, created: CommentResult, body: str, marker: str, author: str
    ) -> CommentResult:
        """After posting, keep only the oldest copy of the sticky comment.

        Two runs for the same PR may both list no comment and both post one. Comment ids grow
        with time, so whichever run posted second sees both copies in this list: it gives the
        oldest its body and deletes its own. The run that posted first keeps its copy. Either
        way exactly one comment stays, and only a copy this run created is ever deleted.
        """
        path = f"{self._repo_path}/issues/{number}/comments"
        ours = [c for page in self._pages(path, f"list comments of #{number}") for c in _ours(page, marker, author)]
        if not ours or ours[0][0] == created.id:
            return created
        oldest_id, oldest_body = ours[0]
        result = self._edit_comment(number, oldest_id, oldest_body, body)
        if result is None:  # the oldest vanished meanwhile: ours is the one to keep
            return created
        self._delete_comment(number, created.id)
        return result

    def _drop_duplicates(self, number: int, keep: int) -> None:
        """Delete newer copies of our comment that `find_comment` saw (left by runs that raced)."""
        for comment_id in self._duplicates.pop(number, []):
            if comment_id != keep:
                self._delete_comment(number, comment_id)

    def _delete_comment(self, number: int, comment_id: int) -> None:
        """Delete one copy of our comment; failing to is only a warning (the kept copy is current)."""
        try:
            self._call(
                "DELETE",
                f"{self._repo_path}/issues/comments/{comment_id}",
                f"delete duplicate comment {comment_id} on #{number}",
                ok=frozenset({404}),  # another run deleted it already
            )
        except GitHubAPIError as err:
            self._warn(f"Could not delete a duplicate pr-impact comment: {err.message}")

    # -- transport ----------------------------------------------------------------------------

    def _paginate(self, path: str, what: str) -> Iterable[dict[str, Any]]:
        """Yield the items of every page, following GitHub's `Link: rel="next"` header."""
        for page in self._pages(path, what):
            yield from page

    def _pages(self, path: str, what: str) -> Iterable[list[dict[str, Any]]]:
        """Yield page after page (the objects on each), following `Link: rel="next"`."""
        url: str | None = path
        params: dict[str, Any] | None = {"per_page": 100}
        for _ in range(MAX_PAGES):
            if url is None:
                return
            resp = self._call("GET", url, what, params=params)
            yield [item for item in (resp.data or []) if isinstance(item, dict)]
            url, params = _next_link(resp.headers), None  # the next link carries its own query

    def _graphql(self, query: str, variables: dict[str, Any]) -> tuple[dict[str, Any] | None, list[Any]]:
        """POST one GraphQL query; return its data (possibly partial) and its errors."""
        resp = self._call(
            "POST",
            self.graphql_url,
            "query linked issues, commits and config (GraphQL)",
            body={"query": query, "variables": variables},
        )
        payload = resp.data if isinstance(resp.data, dict) else {}
        data = payload.get("data")
        errors = payload.get("errors") or []
        return (data if isinstance(data, dict) else None), (errors if isinstance(errors, list) else [errors])

    def _call(
        self,
        method: str,
        url: str,
        what: str,
        *,
        params: dict[str, Any] | None = None,
        body: Any = None,
        ok: frozenset[int] = frozenset(),
        idempotent: bool = True,
    ) -> _Response:
        """Send one request, retrying transient failures while the run's wait budget lasts."""
        for attempt in range(1, self.max_attempts + 1):
            try:
                return self._send(method, url, what, params, body, ok, idempotent, attempt)
            except _Retry as retry:
                if attempt == self.max_attempts:
                    raise self._gave_up(retry.error, retry.delay, attempt) from None
                self._wait(retry.delay, retry.error, attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait(self, delay: float, error: GitHubAPIError, attempt: int) -> None:
        """Sleep before a retry, or raise `error` when the wait would pass the run's budget."""
        if self.waited + delay > self.max_wait:
            raise self._gave_up(error, delay, attempt) from None
        self.waited += delay
        self._sleep(delay)

    def _send(
        self,
        method: str,
        url: str,
        what: str,
        params: dict[str, Any] | None,
        body: Any,
        ok: frozenset[int],
        idempotent: bool,
        attempt: int,
    ) -> _Response:
        """One HTTP request; raise `_Retry` for what is worth retrying, GitHubAPIError otherwise."""
        path = urllib.parse.urlsplit(url).path if "://" in url else url
        self.request_count += 1
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": API_VERSION}
        try:
            resp_headers, data = self._requester.requestJsonAndCheck(
                method, url, parameters=params, headers=headers, input=body
            )
        except GithubException as exc:
            resp_headers = {k.lower(): str(v) for k, v in (exc.headers or {}).items()}
            # A rate-limited 403 is never an expected answer, even where a plain 403 is.
            if exc.status in ok and not _is_rate_limited(exc.status, exc.data, resp_headers):
                return _Response(exc.status, resp_headers, exc.data)
            error = self._http_error(method, path, what, exc.status, exc.data, resp_headers)
            delay = self._retry_delay(exc.status, exc.data, resp_headers, attempt, idempotent)
            if delay is None:
                raise error from None
            raise _Retry(delay, error) from None
        except (requests.RequestException, ValueError, AssertionError) as exc:
            # Network failures, and answers that are not JSON: nothing to show but the kind of failure.
            error = GitHubAPIError(
                self._scrub(f"GitHub {method} {path} failed ({what}): {type(exc).__name__}"),
                hint=f"check that {self.api_url} is reachable and GITHUB_API_URL is right",
                method=method,
                path=path,
            )
            # A request that may have reached GitHub is not sent again unless repeating it is harmless.
            if isinstance(exc, requests.RequestException) and idempotent:
                raise _Retry(self._backoff(attempt), error) from None
            raise error from None
        return _Response(200, resp_headers, data)

    def _retry_delay(
        self, status: int, data: Any, headers: Mapping[str, str], attempt: int, idempotent: bool
    ) -> float | None:
        """Seconds to wait before retrying this failure, or None when retrying cannot help."""
        if _is_rate_limited(status, data, headers):
            if "retry-after" in headers:
                return _seconds(headers["retry-after"], default=60.0)
            if headers.get("x-ratelimit-remaining") == "0" and "x-ratelimit-reset" in headers:
                reset = _seconds(headers["x-ratelimit-reset"], default=self._clock() + 60.0)
                return max(reset - self._clock(), 0.0) + 1.0
            # GitHub's advice for a secondary limit without headers: wait at least a minute.
            return 60.0 if status == 403 else self._backoff(attempt)
        if status in _SERVER_ERRORS and idempotent:
            return self._backoff(attempt)
        return None

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff: backoff, 2 x backoff, 4 x backoff…"""
        return float(self.backoff * 2 ** (attempt - 1))

    def _http_error(
        self, method: str, path: str, what: str, status: int, data: Any, headers: Mapping[str, str]
    ) -> GitHubAPIError:
        """A GitHubAPIError saying what failed and how to fix it."""
        detail = data.get("message") if isinstance(data, dict) else None
        message = f"GitHub {method} {path} failed ({what}): HTTP {status}" + (f": {detail}" if detail else "")
        rate_limited = _is_rate_limited(status, data, headers)
        permission = status == 403 and not rate_limited
        if rate_limited:
            hint = "GitHub rate limit: re-run the job later, or use a token with a higher limit"
        elif status == 401:
            hint = "the token is invalid or expired: check the `github-token` input"
        elif permission and method != "GET":
            hint = _READ_ONLY_HINT
        elif permission or status == 404:
            hint = "check that the token can read this repository (`contents: read`, `pull-requests: read`)"
        elif status in _SERVER_ERRORS:
            hint = "GitHub is having trouble: re-run the job later (https://www.githubstatus.com)"
        else:
            hint = ""
        return GitHubAPIError(
            self._scrub(message),
            hint=hint,
            method=method,
            path=path,
            status=status,
            permission=permission,
            rate_limited=rate_limited,
        )

    def _gave_up(self, error: GitHubAPIError, delay: float, attempts: int) -> GitHubAPIError:
        """The last error, saying why it was not retried (further)."""
        if attempts >= self.max_attempts:
            note = f"; gave up after {attempts} attempts"
        else:
            note = (
                f"; stopped retrying: the next wait ({delay:.0f}s) would pass the {self.max_wait:.0f}s limit"
                + (f" ({self.waited:.0f}s waited already)" if self.waited else "")
            )
        return GitHubAPIError(
            error.message + note,
            hint=error.hint,
            method=error.method,
            path=error.path,
            status=error.status,
            permission=error.permission,
            rate_limited=error.rate_limited,
        )

    def _warn(self, message: str) -> None:
        """Record a problem that degraded the result without stopping the run."""
        self.warnings.append(self._scrub(message))

    def _scrub(self, text: str) -> str:
        """Never let the token into a message, whatever a server echoes back."""
        return text.replace(self._token, "***") if self._token else text


# -- pure helpers ---------------------------------------------------------------------------------


def _make_requester(token: str | None, api_url: str, timeout: float) -> Requester:
    """PyGithub's requester with its own retries and throttling off: `GitHubClient._call` decides.

    Built directly rather than through `Github(...)`, which insists on whole seconds for the
    timeout; requests itself takes fractions (the fault tests use a sub-second one).
    """
    return Requester(
        Auth.Token(token) if token else None,
        api_url,
        timeout,  # type: ignore[arg-type]  # annotated int, passed on to requests as is
        f"pr-impact/{__version__}",
        100,  # per_page: every list call sends its own
        True,  # verify TLS
        # PyGithub's GithubRetry sleeps in real time and also retries POST (a duplicate comment);
        # its throttle sleeps 0.25 s per request and 1 s per write — far too slow for ~6 requests.
        None,
        None,  # pool_size: the default
        0,
        0,
    )


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


def valid_repo(repo: str) -> bool:
    """Whether `repo` is `owner/name` with characters GitHub allows, and neither part `.` or `..`."""
    owner, slash, name = repo.partition("/")
    return (
        bool(slash)
        and _OWNER_RE.fullmatch(owner) is not None
        and _NAME_RE.fullmatch(name) is not None
        and name not in (".", "..")
    )


def repo_path(repo: str) -> str:
    """`/repos/{owner}/{name}` with each segment quoted (callers validated `repo` already)."""
    owner, _, name = repo.partition("/")
    return f"/repos/{urllib.parse.quote(owner, safe='')}/{urllib.parse.quote(name, safe='')}"


def _usable(refs: Iterable[LinkedIssue]) -> list[LinkedIssue]:
    """The references whose repository, if any, is a name GitHub allows (no `..`, no `%2F`)."""
    return [ref for ref in refs if ref.repo is None or valid_repo(ref.repo)]


def _issue_query(
    repo: str,
    number: int | None,
    lookups: Sequence[LinkedIssue],
    want_commits: bool,
    issue_type: bool,
    file_at: tuple[str, str] | None = None,
) -> tuple[str, dict[str, Any]]:
    """The one GraphQL document: closing references, commits, a file at a commit, each known ref by alias."""
    fields = _ISSUE_FIELDS + (_ISSUE_TYPE_FIELD if issue_type else "")
    params: list[str] = []
    parts: list[str] = []
    variables: dict[str, Any] = {}
    inside: list[str] = []
    if number is not None:
        params.append("$number: Int!")
        variables["number"] = number
        commits = " commits(first: 100) { totalCount nodes { commit { message } } }" if want_commits else ""
        inside.append(
            "pullRequest(number: $number) {"
            f" closingIssuesReferences(first: 50) {{ nodes {{ ...issue }} }}{commits} }}"
        )
    if file_at is not None:
        # `<commit>:<path>` is git's revision syntax for a file at a commit; it travels as a variable.
        file_path, commit = file_at
        params.append("$file: String!")
        variables["file"] = f"{commit}:{file_path.lstrip('/')}"
        inside.append(f"{_FILE_ALIAS}: object(expression: $file) {{ {_BLOB_FIELDS} }}")
    if inside:
        params[:0] = ["$owner: String!", "$name: String!"]
        variables.update(zip(("owner", "name"), _split(repo), strict=True))
        parts.append(f"repository(owner: $owner, name: $name) {{ {' '.join(inside)} }}")
    for k, ref in enumerate(lookups):
        # Values travel as variables, never spliced into the document: refs come from PR text.
        params += [f"$o{k}: String!", f"$r{k}: String!", f"$i{k}: Int!"]
        owner, name = _split(ref.repo or repo)
        variables.update({f"o{k}": owner, f"r{k}": name, f"i{k}": ref.number})
        parts.append(
            f"ref{k}: repository(owner: $o{k}, name: $r{k}) "
            f"{{ issueOrPullRequest(number: $i{k}) {{ __typename ...issue }} }}"
        )
    fragment = f" fragment issue on Issue {{ {fields} }}" if number is not None or lookups else ""
    query = f"query({', '.join(params)}) {{ {' '.join(parts)} }}{fragment}"
    return query, variables


def _file_from_blob(node: Any, path: str, ref: str) -> str | ConfigError | EllipsisType | None:
    """What `read_file_at` answers, from the GraphQL object at `ref:path`; `...` where only REST can tell.

    Text GitHub could not give whole (binary, truncated, undecodable, of unknown encoding) is
    left to REST, which decodes the bytes themselves: the same text, or the same error, as ever.
    """
    if node is None:
        return None  # no such file at that commit: REST answers 404, read as "use the defaults"
    if not isinstance(node, dict) or not node.get("__typename"):
        return ...
    if node["__typename"] != "Blob":
        return _not_a_file(path, ref)  # a directory
    size = node.get("byteSize")
    if isinstance(size, int) and size > MAX_FILE_BYTES:
        return _too_large(path, ref)
    text = node.get("text")
    if node.get("isBinary") is not False or node.get("isTruncated") is not False or not isinstance(text, str):
        return ...
    # GitHub replaces bytes that are not UTF-8 with U+FFFD; REST reports them as an error instead.
    return ... if "\ufffd" in text else text


def _not_a_file(path: str, ref: str) -> ConfigError:
    """The error for a config path that names a directory, symlink or submodule."""
    return ConfigError(f"{path} at {ref} is not a file", hint="point the `config` input at a YAML file")


def _too_large(path: str, ref: str) -> ConfigError:
    """The error for a config file over the contents API's 1 MB."""
    return ConfigError(f"{path} at {ref} is too large to be a configuration file")


def _parse_issue_data(
    data: Mapping[str, Any], lookups: Sequence[LinkedIssue], repo: str
) -> tuple[list[LinkedIssue], dict[tuple[str, int], LinkedIssue], tuple[str, ...]]:
    """Closing issues, looked-up refs by key, and commit messages from the GraphQL data."""
    pull = ((data.get("repository") or {}).get("pullRequest")) or {}
    nodes = (pull.get("closingIssuesReferences") or {}).get("nodes") or []
    closing = [issue for issue in (rest_shapes.issue(node, repo) for node in nodes) if issue is not None]
    found: dict[tuple[str, int], LinkedIssue] = {}
    for k, ref in enumerate(lookups):
        node = ((data.get(f"ref{k}") or {}).get("issueOrPullRequest")) or {}
        issue = rest_shapes.issue(node, repo) if node.get("__typename") == "Issue" else None
        if issue is not None:
            found[links.issue_key(ref)] = issue
    commit_nodes = (pull.get("commits") or {}).get("nodes") or []
    messages = tuple(message for message in map(rest_shapes.commit_message, commit_nodes) if message)
    return closing, found, messages


def _ours(comments: Iterable[Mapping[str, Any]], marker: str, author: str) -> list[tuple[int, str]]:
    """(id, body) of the comments by `author` holding `marker`, oldest first.

    Anyone can paste the marker; only the author's own comments are ours to edit or delete.
    """
    found = []
    for comment in comments:
        body = comment.get("body") or ""
        user = comment.get("user")
        login = user.get("login") if isinstance(user, dict) else None
        mine = isinstance(login, str) and login.casefold() == author.casefold()
        if mine and isinstance(body, str) and marker in body and isinstance(comment.get("id"), int):
            found.append((int(comment["id"]), body))
    return sorted(found)


def _find_label(data: Any, name: str) -> dict[str, Any] | None:
    """The label called `name` (case-insensitively) in a list of label objects."""
    for label in data if isinstance(data, list) else []:
        if isinstance(label, dict) and str(label.get("name", "")).casefold() == name.casefold():
            return label
    return None


def _looks_implicit(label: Mapping[str, Any]) -> bool:
    """Whether GitHub created this label implicitly: its default grey and no description."""
    return str(label.get("color", "")).lower() == IMPLICIT_LABEL_COLOR and not label.get("description")


def _is_rate_limited(status: int, data: Any, headers: Mapping[str, str]) -> bool:
    """Whether a 403/429 is a (primary or secondary) rate limit rather than a permission problem."""
    if status == 429:
        return True
    if status != 403:
        return False
    message = str(data.get("message", "")).lower() if isinstance(data, dict) else ""
    return "retry-after" in headers or headers.get("x-ratelimit-remaining") == "0" or "rate limit" in message


def _mentions_issue_type(errors: Iterable[Any]) -> bool:
    """Whether GraphQL rejected the query because the server's schema has no `issueType`."""
    return any("issueType" in _graphql_error_text(error) for error in errors)


def _mentions_blob(errors: Iterable[Any]) -> bool:
    """Whether GraphQL rejected the query over the file part (a schema without one of its fields)."""
    return any(word in _graphql_error_text(error) for error in errors for word in ("Blob", "expression"))


def _error_path(error: Any) -> list[str]:
    """The path a GraphQL error applies to, as strings (empty when it names none)."""
    path = error.get("path") if isinstance(error, dict) else None
    return [str(part) for part in path] if isinstance(path, list) else []


def _about_file(error: Any) -> bool:
    """Whether a GraphQL error concerns the file part of the query."""
    return _error_path(error)[:2] == ["repository", _FILE_ALIAS]


def _graphql_error_text(error: Any) -> str:
    """The message of one GraphQL error, with the path it applies to when there is one."""
    if not isinstance(error, dict):
        return str(error)
    path = ".".join(str(p) for p in error.get("path") or [])
    message = str(error.get("message") or error.get("type") or "unknown error")
    return f"{message} (at {path})" if path else message


def _next_link(headers: Mapping[str, str]) -> str | None:
    """The `rel="next"` URL of a Link header, if any."""
    match = _NEXT_LINK.search(headers.get("link", ""))
    return match.group(1) if match else None


def _seconds(value: str, default: float) -> float:
    """A header holding a number of seconds (or an epoch time); `default` when it is not a number."""
    try:
        return max(float(value), 0.0)
    except ValueError:
        return default


def _same_body(old: str, new: str) -> bool:
    """Whether two comment bodies are the same once GitHub's line-ending normalisation is undone."""
    return old.replace("\r\n", "\n").rstrip() == new.replace("\r\n", "\n").rstrip()


def _html_url(data: Any) -> str | None:
    """The `html_url` of a response object, if any."""
    return data.get("html_url") if isinstance(data, dict) else None


def _split(repo: str | None) -> tuple[str, str]:
    """`owner/name` as a pair."""
    owner, _, name = (repo or "").partition("/")
    return owner, name
