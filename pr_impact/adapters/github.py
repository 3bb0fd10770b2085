"""The GitHub client the Action uses, for a PR and for the digest alike: a thin facade over one transport, PR
loading, labels, the comment, and the digest's reads and writes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pr_impact.adapters.github_comment import ACTIONS_BOT, NOT_LOOKED, CommentResult, Found, NotLooked, StickyComment
from pr_impact.adapters.github_graphql import LabelEvent
from pr_impact.adapters.github_labels import LabelChange, sync_labels
from pr_impact.adapters.github_names import repo_path, valid_repo
from pr_impact.adapters.github_pull import (
    FILE_LIST_CAP,
    BaseConfig,
    IssueContext,
    LoadedPullRequest,
    PullLoader,
    pull_request_from_event,
)
from pr_impact.adapters.github_transport import DEFAULT_API_URL, GitHubAPIError, Transport
from pr_impact.core.config import LabelSpec
from pr_impact.core.model import FileChange, LinkedIssue, PullRequest
from pr_impact.errors import GitHubError

if TYPE_CHECKING:
    from pr_impact.adapters.github_digest import DigestReader
    from pr_impact.adapters.github_digest_nodes import RepoFacts

__all__ = [
    "ACTIONS_BOT",
    "DEFAULT_API_URL",
    "FILE_LIST_CAP",
    "BaseConfig",
    "CommentResult",
    "GitHubAPIError",
    "GitHubClient",
    "IssueContext",
    "LabelChange",
    "LabelEvent",
    "LoadedPullRequest",
    "pull_request_from_event",
    "repo_path",
    "valid_repo",
]


class GitHubClient:
    """The few GitHub calls pr-impact needs for one repository, each made once, over one transport."""

    def __init__(self, token: str | None, repo: str, *, recheck_created_comment: bool = True,
                 **transport: Any) -> None:
        """`transport`: Transport's keyword options (endpoints, retry budget, clock; see `Transport`);
        `recheck_created_comment` lists the comments again after posting one (see `StickyComment`)."""
        if not valid_repo(repo):
            raise GitHubError(f"repository {repo!r} is not of the form owner/name", hint="set GITHUB_REPOSITORY")
        self.repo = repo
        self.http = Transport(token, **transport)
        self._pulls = PullLoader(self.http, repo)
        self._comments = StickyComment(self.http, repo, recheck_created=recheck_created_comment)
        self._digest: DigestReader | None = None

    # -- what the transport counts -------------------------------------------------------------

    @property
    def api_url(self) -> str:
        return self.http.api_url

    @property
    def graphql_url(self) -> str:
        return self.http.graphql_url

    @property
    def warnings(self) -> list[str]:
        """Problems that degraded the result without stopping the run (token scrubbed)."""
        return self.http.warnings

    @property
    def request_count(self) -> int:
        return self.http.request_count

    # -- the pull request ------------------------------------------------------------------------

    def pull_request_from_event(self, payload: Mapping[str, Any]) -> PullRequest:
        """The PR of a `pull_request` event payload (or a bare PR object), without any request."""
        return pull_request_from_event(payload, repo=self.repo)

    def load_pull_request(self, payload: Mapping[str, Any], *, config_path: str | None = None) -> LoadedPullRequest:
        """The event's PR with files, commits and linked issues, and the config at its base commit."""
        return self._pulls.load(payload, config_path=config_path)

    def fetch_pull_request(self, number: int) -> dict[str, Any]:
        """The PR object as the REST API has it now."""
        return self._pulls.fetch_pull_request(number)

    def fetch_files(self, number: int, expected: int | None = None) -> list[FileChange]:
        """Every file GitHub lists for the PR (at most 3,000)."""
        return self._pulls.fetch_files(number, expected)

    def fetch_linked_issues(
        self, number: int | None, body: str = "", commits: Sequence[str] | None = None, branch: str = ""
    ) -> list[LinkedIssue]:
        """Issues the PR closes: GraphQL `closingIssuesReferences` plus keyword and branch refs."""
        return list(self._pulls.fetch_issue_context(number, body=body, commits=commits, branch=branch).issues)

    def fetch_issue_context(
        self, number: int | None, *, body: str = "", commits: Sequence[str] | None = None, branch: str = ""
    ) -> IssueContext:
        """Linked issues with details and the commit messages, in one GraphQL query."""
        return self._pulls.fetch_issue_context(number, body=body, commits=commits, branch=branch)

    def may_look_up(self, repo: str | None) -> bool:
        """Whether details of issues in `repo` may be read into this PR's report."""
        return self._pulls.may_look_up(repo)

    def read_file_at(self, path: str, ref: str) -> str | None:
        """The text of `path` at commit `ref`, or None when it does not exist (one REST read)."""
        return self._pulls.read_file_at(path, ref)

    # -- labels and the comment ----------------------------------------------------------------

    def sync_labels(
        self, number: int, current_labels: Iterable[str], wanted: str, managed: Iterable[str],
        spec: LabelSpec | None = None,
    ) -> LabelChange:
        """Make `wanted` the PR's only managed label; labels pr-impact does not manage stay."""
        return sync_labels(self.http, self.repo, number, current_labels, wanted, managed, spec)

    def find_comment(self, number: int, marker: str, author: str = ACTIONS_BOT) -> Found:
        """The oldest comment by `author` that contains `marker`, if any."""
        return self._comments.find(number, marker, author)

    def upsert_comment(
        self, number: int, body: str, marker: str, author: str = ACTIONS_BOT, *,
        found: Found | NotLooked = NOT_LOOKED,
    ) -> CommentResult:
        """Create the sticky comment, or edit it only when its body changed."""
        return self._comments.upsert(number, body, marker, author, found=found)

    # -- the digest ----------------------------------------------------------------------------

    @property
    def digest(self) -> DigestReader:
        """What reached a branch in a week or a release, and the repository's facts (imported on first use:
        a PR's run never needs it)."""
        if self._digest is None:
            from pr_impact.adapters.github_digest import DigestReader

            self._digest = DigestReader(self.http, self.repo)
        return self._digest

    def upsert_digest_issue(self, facts: RepoFacts, period: str, title: str, body: str,
                            author: str) -> tuple[str, int | None]:
        """Create the period's digest issue, or update the one this account opened with its marker."""
        from pr_impact.adapters.github_digest_write import upsert_issue

        return upsert_issue(self.http, self.repo, facts, period, title, body, author)

    def update_release_notes(self, release_id: int, digest: str) -> bool:
        """Put the digest after the release body's marker (idempotent); whether a write was made."""
        from pr_impact.adapters.github_digest_write import update_release

        return update_release(self.http, self.repo, release_id, digest)
