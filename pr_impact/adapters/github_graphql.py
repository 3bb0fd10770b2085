"""The one GraphQL query of a run (linked issues, commits, the base config) and how its answer is read."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from typing import Any, Literal, NamedTuple

from pr_impact.adapters import links, rest_shapes
from pr_impact.adapters.github_names import split_repo
from pr_impact.core.model import LinkedIssue
from pr_impact.errors import ConfigError

# The contents API sends no content for files over 1 MB; no configuration file is that large.
MAX_FILE_BYTES = 1024 * 1024
FILE_ALIAS = "file"  # the alias of the prefetched file under `repository` in the GraphQL data
_ISSUE_FIELDS = (
    "number title state url milestone { title } repository { nameWithOwner } labels(first: 20) { nodes { name } }"
)
_ISSUE_TYPE_FIELD = " issueType { name }"
_BLOB_FIELDS = "__typename ... on Blob { byteSize isBinary isTruncated text }"
# The PR's latest label changes with who made them: the record of who chose each impact label.
TIMELINE_WINDOW = 100
_LABEL_CHANGE = "actor { __typename login } label { name }"
_TIMELINE = (
    f" timelineItems(last: {TIMELINE_WINDOW}, itemTypes: [LABELED_EVENT, UNLABELED_EVENT]) {{ nodes {{ __typename"
    f" ... on LabeledEvent {{ {_LABEL_CHANGE} }} ... on UnlabeledEvent {{ {_LABEL_CHANGE} }} }} }}"
)


class LabelEvent(NamedTuple):
    """One label added to (or removed from) the PR, and by whom: a REST-style login, None for a deleted account."""

    label: str
    actor: str | None
    added: bool


class Unsettled(enum.Enum):
    """What the GraphQL answer could not settle about a file: only a REST read can tell."""

    ASK_REST = "ask REST"


ASK_REST = Unsettled.ASK_REST
FileAnswer = str | ConfigError | None | Literal[Unsettled.ASK_REST]


def issue_query(
    repo: str,
    number: int | None,
    lookups: Sequence[LinkedIssue],
    want_commits: bool,
    issue_type: bool,
    file_at: tuple[str, str] | None = None,
    timeline: bool = False,
) -> tuple[str, dict[str, Any]]:
    """The one GraphQL document: closing references, commits, label timeline, a file at a commit, each
    known ref by alias."""
    fields = _ISSUE_FIELDS + (_ISSUE_TYPE_FIELD if issue_type else "")
    params: list[str] = []
    parts: list[str] = []
    variables: dict[str, Any] = {}
    inside: list[str] = []
    if number is not None:
        params.append("$number: Int!")
        variables["number"] = number
        commits = " commits(first: 100) { totalCount nodes { commit { message } } }" if want_commits else ""
        labels = _TIMELINE if timeline else ""
        inside.append(
            "pullRequest(number: $number) {"
            f" closingIssuesReferences(first: 50) {{ nodes {{ ...issue }} }}{commits}{labels} }}"
        )
    if file_at is not None:
        # `<commit>:<path>` is git's revision syntax for a file at a commit; it travels as a variable.
        file_path, commit = file_at
        params.append("$file: String!")
        variables["file"] = f"{commit}:{file_path.lstrip('/')}"
        inside.append(f"{FILE_ALIAS}: object(expression: $file) {{ {_BLOB_FIELDS} }}")
    if inside:
        params[:0] = ["$owner: String!", "$name: String!"]
        variables.update(zip(("owner", "name"), split_repo(repo), strict=True))
        parts.append(f"repository(owner: $owner, name: $name) {{ {' '.join(inside)} }}")
    for k, ref in enumerate(lookups):
        # Values travel as variables, never spliced into the document: refs come from PR text.
        params += [f"$o{k}: String!", f"$r{k}: String!", f"$i{k}: Int!"]
        owner, name = split_repo(ref.repo or repo)
        variables.update({f"o{k}": owner, f"r{k}": name, f"i{k}": ref.number})
        parts.append(
            f"ref{k}: repository(owner: $o{k}, name: $r{k}) "
            f"{{ issueOrPullRequest(number: $i{k}) {{ __typename ...issue }} }}"
        )
    fragment = f" fragment issue on Issue {{ {fields} }}" if number is not None or lookups else ""
    query = f"query({', '.join(params)}) {{ {' '.join(parts)} }}{fragment}"
    return query, variables


def parse_issue_data(
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


def label_events(data: Mapping[str, Any] | None) -> tuple[LabelEvent, ...] | None:
    """The PR's label changes, oldest first; None when the answer holds no timeline.

    GraphQL names a bot without the `[bot]` REST and the comments carry: it is put back, so one
    login means one account whichever API reported it.
    """
    pull = ((data or {}).get("repository") or {}).get("pullRequest")
    timeline = pull.get("timelineItems") if isinstance(pull, dict) else None
    nodes = timeline.get("nodes") if isinstance(timeline, dict) else None
    if not isinstance(nodes, list):
        return None
    events = []
    for node in nodes:
        kind = node.get("__typename") if isinstance(node, dict) else None
        label = (node.get("label") or {}).get("name") if kind in ("LabeledEvent", "UnlabeledEvent") else None
        if isinstance(label, str):
            events.append(LabelEvent(label, _login(node.get("actor")), kind == "LabeledEvent"))
    return tuple(events)


def _login(actor: Any) -> str | None:
    """An actor's login as REST spells it (`name[bot]` for a bot); None for a deleted account."""
    login = actor.get("login") if isinstance(actor, dict) else None
    if not isinstance(login, str) or not login:
        return None
    bot = actor.get("__typename") == "Bot" and not login.endswith("[bot]")
    return f"{login}[bot]" if bot else login


def file_answer(data: Mapping[str, Any] | None, errors: Sequence[Any], path: str, ref: str) -> FileAnswer:
    """What the query said about the file, or ASK_REST where an error or a gap leaves it unsure."""
    repository = (data or {}).get("repository")
    if any(about_file(error) or not error_path(error) for error in errors):
        return ASK_REST  # an error that may concern the file: its answer, if any, is not to be trusted
    if not isinstance(repository, dict) or FILE_ALIAS not in repository:
        return ASK_REST
    return file_from_blob(repository[FILE_ALIAS], path, ref)


def file_from_blob(node: Any, path: str, ref: str) -> FileAnswer:
    """The file's text from the GraphQL object at `ref:path`; ASK_REST where only REST can tell.

    Text GitHub could not give whole (binary, truncated, undecodable, of unknown encoding) is
    left to REST, which decodes the bytes themselves: the same text, or the same error, as ever.
    """
    if node is None:
        return None  # no such file at that commit: REST answers 404, read as "use the defaults"
    if not isinstance(node, dict) or not node.get("__typename"):
        return ASK_REST
    if node["__typename"] != "Blob":
        return not_a_file(path, ref)  # a directory
    size = node.get("byteSize")
    if isinstance(size, int) and size > MAX_FILE_BYTES:
        return too_large(path, ref)
    text = node.get("text")
    if node.get("isBinary") is not False or node.get("isTruncated") is not False or not isinstance(text, str):
        return ASK_REST
    # GitHub replaces bytes that are not UTF-8 with U+FFFD; REST reports them as an error instead.
    return ASK_REST if "\ufffd" in text else text


def not_a_file(path: str, ref: str) -> ConfigError:
    """The error for a config path that names a directory, symlink or submodule."""
    return ConfigError(f"{path} at {ref} is not a file", hint="point the `config` input at a YAML file")


def too_large(path: str, ref: str) -> ConfigError:
    """The error for a config file over the contents API's 1 MB."""
    return ConfigError(f"{path} at {ref} is too large to be a configuration file")


def error_path(error: Any) -> list[str]:
    """The path a GraphQL error applies to, as strings (empty when it names none)."""
    path = error.get("path") if isinstance(error, dict) else None
    return [str(part) for part in path] if isinstance(path, list) else []


def about_file(error: Any) -> bool:
    """Whether a GraphQL error concerns the file part of the query."""
    return error_path(error)[:2] == ["repository", FILE_ALIAS]
