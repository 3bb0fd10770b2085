"""The sticky PR comment on GitHub: find it, create it or edit it, and heal copies left by races."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pr_impact.adapters.github_names import repo_path
from pr_impact.adapters.github_transport import GitHubAPIError, Transport
from pr_impact.adapters.retry import SERVER_ERRORS

ACTIONS_BOT = "github-actions[bot]"


class NotLooked(enum.Enum):
    """`upsert_comment` was not told what `find_comment` found: it looks itself."""

    NOT_LOOKED = "not looked"


NOT_LOOKED = NotLooked.NOT_LOOKED
Found = tuple[int, str] | None  # (id, body) of our comment, or None: there is none yet


@dataclass(frozen=True, slots=True)
class CommentResult:
    """What `upsert_comment` did to the sticky comment."""

    action: Literal["created", "updated", "unchanged"]
    id: int
    url: str | None = None
    author: str | None = None  # the login GitHub says posted it (known for a comment just created)


class StickyComment:
    """The one comment pr-impact keeps on each PR of a repository, found by its marker and author."""

    def __init__(self, transport: Transport, repo: str, *, recheck_created: bool = True) -> None:
        """`recheck_created` lists the comments once more after posting one, to settle a race with
        a concurrent run at once (see `_settle_created`); False saves that request and leaves a
        raced duplicate for the next run to delete."""
        self.http = transport
        self.recheck_created = recheck_created
        self._repo_path = repo_path(repo)
        self._duplicates: dict[int, list[int]] = {}  # PR -> our newer copies of the sticky comment

    def find(self, number: int, marker: str, author: str = ACTIONS_BOT) -> Found:
        """The oldest comment by `author` that contains `marker`, searching page after page.

        Newer copies on the same page (left by two runs that raced) are remembered, so that
        `upsert` deletes them: duplicates heal on the next run at no extra read.
        """
        path = f"{self._repo_path}/issues/{number}/comments"
        for page in self.http.pages(path, f"list comments of #{number}"):
            ours = _ours(page, marker, author)
            if ours:
                self._duplicates[number] = [comment_id for comment_id, _ in ours[1:]]
                return ours[0]
        return None

    def upsert(
        self, number: int, body: str, marker: str, author: str = ACTIONS_BOT, *,
        found: Found | NotLooked = NOT_LOOKED,
    ) -> CommentResult:
        """Create the sticky comment, or edit it only when its body changed.

        `found` is what `find` returned earlier in the run (None: no comment yet), so a caller
        that already looked does not list the comments twice.
        """
        if marker not in body:
            raise ValueError("the comment body must contain its marker, or the next run cannot find it")
        if found is NOT_LOOKED:
            found = self.find(number, marker, author)
        if found is not None:
            comment_id, old = found
            result = self._edit(number, comment_id, old, body)
            if result is not None:
                self._drop_duplicates(number, keep=comment_id)
                return result
        result, looked = self._create(number, body, marker, author)
        author = self._check_author(result, author)
        if self.recheck_created and not looked:
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
        self.http.warn(
            f"The PR comment was posted as '{created.author}', not as '{expected}' (the `comment-author` "
            f"input): set `comment-author: {created.author}`, or every run will post a new comment."
        )
        return created.author

    def _edit(self, number: int, comment_id: int, old: str, body: str) -> CommentResult | None:
        """Edit the comment unless its body is already `body`; None when it was deleted meanwhile."""
        if _same_body(old, body):
            return CommentResult("unchanged", comment_id)
        resp = self.http.call(
            "PATCH",
            f"{self._repo_path}/issues/comments/{comment_id}",
            f"edit comment {comment_id} on #{number}",
            body={"body": body},
            ok=frozenset({404}),  # deleted since we listed it: post a new one
        )
        return None if resp.status == 404 else CommentResult("updated", comment_id, _html_url(resp.data))

    def _create(self, number: int, body: str, marker: str, author: str) -> tuple[CommentResult, bool]:
        """Post the comment; after an ambiguous failure, look before posting again (no duplicates).

        A POST is never blindly repeated: a timeout or 5xx may have created the comment, so each
        new attempt is preceded by a look, and waits like any retry within the same budget. The
        flag says whether the result came from such a look: a list read after posting, which a
        recheck would only repeat.
        """
        path = f"{self._repo_path}/issues/{number}/comments"
        what = f"comment on #{number}"
        for attempt in range(1, self.http.max_attempts + 1):
            try:
                resp = self.http.call("POST", path, what, body={"body": body}, idempotent=False)
            except GitHubAPIError as err:
                if (err.status is not None and err.status not in SERVER_ERRORS) or attempt == self.http.max_attempts:
                    raise
                found = self.find(number, marker, author)
                if found is not None:
                    return CommentResult("created", found[0]), True
                if attempt > 1:  # the look itself gave GitHub a moment after the first failure
                    self.http.wait(self.http.backoff_delay(attempt - 1), err)
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
        pages = self.http.pages(path, f"list comments of #{number}")
        ours = [c for page in pages for c in _ours(page, marker, author)]
        if not ours or ours[0][0] == created.id:
            return created
        oldest_id, oldest_body = ours[0]
        result = self._edit(number, oldest_id, oldest_body, body)
        if result is None:  # the oldest vanished meanwhile: ours is the one to keep
            return created
        self._delete(number, created.id)
        return result

    def _drop_duplicates(self, number: int, keep: int) -> None:
        """Delete newer copies of our comment that `find` saw (left by runs that raced)."""
        for comment_id in self._duplicates.pop(number, []):
            if comment_id != keep:
                self._delete(number, comment_id)

    def _delete(self, number: int, comment_id: int) -> None:
        """Delete one copy of our comment; failing to is only a warning (the kept copy is current)."""
        try:
            self.http.call(
                "DELETE",
                f"{self._repo_path}/issues/comments/{comment_id}",
                f"delete duplicate comment {comment_id} on #{number}",
                ok=frozenset({404}),  # another run deleted it already
            )
        except GitHubAPIError as err:
            self.http.warn(f"Could not delete a duplicate pr-impact comment: {err.message}")


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


def _same_body(old: str, new: str) -> bool:
    """Whether two comment bodies are the same once GitHub's line-ending normalisation is undone."""
    return old.replace("\r\n", "\n").rstrip() == new.replace("\r\n", "\n").rstrip()


def _html_url(data: Any) -> str | None:
    """The `html_url` of a response object, if any."""
    return data.get("html_url") if isinstance(data, dict) else None
