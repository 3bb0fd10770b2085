"""The digest's API answers read into the model: a repository's facts, PR and commit nodes, and which PRs
and commits reached a branch. Fields of the wrong type read as absent, as everywhere the API is read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from pr_impact.adapters import rest_shapes
from pr_impact.adapters.github_graphql import ASK_REST, LabelEvent, file_from_blob, label_events
from pr_impact.adapters.rest_shapes import obj
from pr_impact.core.digest import MergedPR, fork_merge_title
from pr_impact.core.model import FileChange, PullRequest
from pr_impact.core.releases import Release
from pr_impact.errors import ConfigError

_CHANGE_TYPES = {"ADDED": "added", "DELETED": "removed", "MODIFIED": "modified", "RENAMED": "renamed",
                 "COPIED": "copied", "CHANGED": "changed"}


class RepoFacts(NamedTuple):
    """What the first request learns: default branch and its recent commits, config text, releases, issues."""

    default_branch: str | None
    config_text: str | None
    releases: tuple[Release, ...]
    issues: tuple[tuple[int, str, str, str], ...]  # number, title, body, author login
    history: tuple[tuple[str, datetime, str | None], ...] = ()  # (oid, committed, first parent), newest first
    more_history: str | None = None  # the cursor of the next history page, when there is one


class MergedFromAPI(NamedTuple):
    """One merged PR from the API, with its latest label changes (who set each label; None: not listed)."""

    merged: MergedPR
    label_events: tuple[LabelEvent, ...] | None


class Arrived(NamedTuple):
    """What reached the branch between two points: the PRs (each once) and the commits no PR merged."""

    prs: tuple[MergedFromAPI, ...]
    without_pr: int
    fork_merges: tuple[Commit, ...] = ()  # merge commits of private forks: their files are read separately


class Commit(NamedTuple):
    """One commit that reached the branch, and the merged PRs GitHub associates with it."""

    oid: str
    committed_at: datetime | None
    message: str
    parents: tuple[str, ...]
    prs: tuple[Mapping[str, Any], ...]  # the merged PRs GitHub associates with it


def parse_time(value: Any) -> datetime | None:
    """An API timestamp (`2026-11-23T10:00:00Z`) as an aware datetime; None when absent or malformed."""
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.utcoffset() is not None else None  # GitHub always names the zone


def git_timestamp(when: datetime) -> str:
    """A GitTimestamp argument, in UTC."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def nodes(value: Any) -> list[Any]:
    """A connection's nodes; [] when it is missing or malformed."""
    nodes = obj(value).get("nodes")
    return nodes if isinstance(nodes, list) else []


def _file(raw: Any) -> FileChange | None:
    """One node of a PR's `files` connection; None without a string path."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("path"), str):
        return None
    return FileChange(rest_shapes.text(raw["path"]), _CHANGE_TYPES.get(rest_shapes.string(raw.get("changeType")),
                                                                         "modified"),
                      rest_shapes.integer(raw.get("additions")) or 0, rest_shapes.integer(raw.get("deletions")) or 0)


def pull_request_from_node(node: Mapping[str, Any], repo: str) -> MergedFromAPI | None:
    """A PR node as a PullRequest with its merge time, merge commit and label changes; None for anything
    that is not a merged PR. Fields of the wrong type read as absent (the shared rest_shapes helpers)."""
    merged_at = parse_time(node.get("mergedAt"))
    number = rest_shapes.integer(node.get("number"))
    if number is None or merged_at is None:
        return None
    author = obj(node.get("author"))
    bot = author.get("__typename") == "Bot"
    login = rest_shapes.string(author.get("login"))
    files = tuple(f for f in map(_file, nodes(node.get("files"))) if f is not None)
    issues = tuple(i for i in (rest_shapes.issue(n, repo) for n in nodes(node.get("closingIssuesReferences")))
                   if i is not None)
    pr = PullRequest(
        title=rest_shapes.string(node.get("title")), body=rest_shapes.string(node.get("body")), files=files,
        number=number, author=login + ("[bot]" if bot and login and not login.endswith("[bot]") else ""),
        author_type="Bot" if bot else "User", head=rest_shapes.string(node.get("headRefName")),
        base=rest_shapes.string(node.get("baseRefName")), labels=rest_shapes.label_names(node.get("labels")),
        linked_issues=issues, changed_files=rest_shapes.integer(node.get("changedFiles")),
        additions=rest_shapes.integer(node.get("additions")), deletions=rest_shapes.integer(node.get("deletions")),
        repo=repo)
    commit = rest_shapes.opt_string(obj(node.get("mergeCommit")).get("oid"))
    return MergedFromAPI(MergedPR(pr, merged_at, commit), label_events({"repository": {"pullRequest": node}}))


def commit_node(node: Any) -> Commit | None:
    """One DigestCommit node; None without an oid."""
    oid = rest_shapes.opt_string(obj(node).get("oid"))
    if oid is None:
        return None
    parents = tuple(p for p in (rest_shapes.opt_string(obj(n).get("oid")) for n in nodes(node.get("parents"))) if p)
    prs = tuple(n for n in nodes(node.get("associatedPullRequests")) if isinstance(n, Mapping) and n.get("mergedAt"))
    return Commit(oid, parse_time(node.get("committedDate")), rest_shapes.string(node.get("message")), parents, prs)


def is_fork_merge(commit: Commit) -> bool:
    return len(commit.parents) > 1 and fork_merge_title(commit.message) is not None


def arrived(commits: Sequence[Commit], repo: str) -> Arrived:
    """The PRs whose merge commit is among `commits` (each once; a PR that merged a branch holding other PRs,
    a merge-back of `stable`, gives way to them), and the commits no PR merged (merges and a private fork's
    own commits aside)."""
    by_oid = {c.oid: c for c in commits}
    prs: dict[int, MergedFromAPI] = {}
    merged_by_pr: set[str] = set()
    for commit in commits:
        for node in commit.prs:
            item = pull_request_from_node(node, repo)
            if item is None:
                continue
            merged_by_pr.add(commit.oid)
            number = item.merged.pr.number
            if item.merged.commit in by_oid and number is not None and number not in prs:
                prs[number] = item
    chain = _first_parents(commits, by_oid)
    merge_of = {item.merged.commit: number for number, item in prs.items()}
    carriers = {number for number, item in prs.items() if item.merged.commit in chain
                and set(merge_of).intersection(_behind([by_oid[item.merged.commit or ""]], by_oid, chain)) - {None}}
    forks = [c for c in commits if is_fork_merge(c) and c.oid not in merged_by_pr]
    forked = _behind(forks, by_oid, chain)
    loose = [c for c in commits if c.oid not in merged_by_pr and len(c.parents) <= 1 and c.oid not in forked]
    return Arrived(tuple(item for number, item in prs.items() if number not in carriers), len(loose),
                   tuple(forks))


def _first_parents(commits: Sequence[Commit], by_oid: Mapping[str, Commit]) -> set[str]:
    """The branch's own line among `commits`: the first parents of the newest commit no other one has as a parent."""
    referenced = {p for c in commits for p in c.parents}
    heads = [c for c in commits if c.oid not in referenced]
    oid = max(heads, key=lambda c: c.committed_at or datetime.min.replace(tzinfo=UTC)).oid if heads else None
    chain: set[str] = set()
    while oid is not None and oid in by_oid and oid not in chain:
        chain.add(oid)
        oid = by_oid[oid].parents[0] if by_oid[oid].parents else None
    return chain


def _behind(merges: Sequence[Commit], by_oid: Mapping[str, Commit], chain: set[str]) -> set[str]:
    """The commits (among `by_oid`) that `merges` brought in through their other parents, down to the branch's
    own line."""
    seen: set[str] = set()
    stack = [p for m in merges for p in m.parents[1:]]
    while stack:
        oid = stack.pop()
        if oid in seen or oid not in by_oid or oid in chain:
            continue
        seen.add(oid)
        stack.extend(by_oid[oid].parents)
    return seen


def fork_merge_pr(commit: Commit, files: Sequence[FileChange], repo: str) -> MergedFromAPI | None:
    """A private fork's merge as a change of its own: titled by the first line of its message's body (the
    fork PR's commits), with the files it changed against its first parent."""
    title = fork_merge_title(commit.message)
    if title is None or commit.committed_at is None:  # not a private fork's merge, or no date to place it
        return None
    body = commit.message.partition("\n")[2]
    pr = PullRequest(title=title, body=body.strip(), files=tuple(files), repo=repo, changed_files=len(files),
                     additions=sum(f.additions for f in files), deletions=sum(f.deletions for f in files))
    return MergedFromAPI(MergedPR(pr, commit.committed_at, commit.oid), ())


def config_from_blob(node: Any, path: str, ref: str) -> str | None:
    """The config file's text from its GraphQL object (None: no file). Text GraphQL could not give whole
    (binary, truncated, undecodable) is a ConfigError: the digest has no other way to read it."""
    answer = file_from_blob(node, path, ref)
    if isinstance(answer, ConfigError):
        raise answer
    if answer is ASK_REST:
        raise ConfigError(f"{path} at {ref} could not be read as UTF-8 text through GitHub's GraphQL API",
                          hint="save the configuration file as UTF-8 text, well under 1 MB")
    return answer


def history_page(connection: Any) -> tuple[tuple[tuple[str, datetime, str | None], ...], str | None]:
    """A history page's (oid, committed, first parent) nodes and the next page's cursor."""
    rows = []
    for node in nodes(connection):
        oid = rest_shapes.opt_string(obj(node).get("oid"))
        when = parse_time(obj(node).get("committedDate"))
        if oid and when:
            parents = [rest_shapes.opt_string(obj(p).get("oid")) for p in nodes(node.get("parents"))]
            rows.append((oid, when, parents[0] if parents else None))
    page = obj(obj(connection).get("pageInfo"))
    cursor = page.get("endCursor") if page.get("hasNextPage") else None
    return tuple(rows), cursor if isinstance(cursor, str) else None


def repo_facts(repository: Any, path: str, ref: str) -> RepoFacts:
    """The first request's repository part."""
    repository = obj(repository)
    text = config_from_blob(repository.get("config"), path, ref)
    releases = []
    for r in nodes(repository.get("releases")):
        when = parse_time(obj(r).get("publishedAt"))
        if when is not None and not r.get("isDraft") and isinstance(r.get("tagName"), str):
            releases.append(Release(rest_shapes.text(r["tagName"]), when, r.get("isPrerelease") is True))
    # The labelled digest issues, and the newest issues whatever their labels: GitHub drops the label
    # for a token that may not set labels, and a re-run that week must still find its issue.
    listed = [*nodes(repository.get("issues")), *nodes(repository.get("recent"))]
    found = {i["number"]: (i["number"], rest_shapes.string(i.get("title")), rest_shapes.string(i.get("body")),
                           rest_shapes.string(obj(i.get("author")).get("login")))
             for i in listed if isinstance(i, dict) and rest_shapes.integer(i.get("number")) is not None}
    branch = obj(repository.get("defaultBranchRef"))
    history, cursor = history_page(obj(obj(branch.get("target")).get("history")))
    name = branch.get("name")
    return RepoFacts(name if isinstance(name, str) else None, text, tuple(releases), tuple(found.values()),
                     history, cursor)


def window_ends(history: Sequence[tuple[str, datetime, str | None]], since: datetime,
                until: datetime) -> tuple[str | None, str | None]:
    """(base, end) of a week on the default branch, from its commits since the week began (newest first):
    the end is the newest commit on the branch's first parents up to `until`; the base the first-parent
    commit before the week (None when the history begins inside it). (None, None): nothing in the week."""
    by_oid = {oid: (when, parent) for oid, when, parent in history}
    end = base = None
    oid: str | None = history[0][0] if history else None
    while oid is not None and oid in by_oid:
        when, parent = by_oid[oid]
        if when < since:
            base = oid
            break
        if end is None and when <= until:
            end = oid
        base, oid = parent, parent  # the parent is the base until an older one shows up
    return (base, end) if end is not None else (None, None)
