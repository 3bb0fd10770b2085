"""The PR's impact label on GitHub: add the wanted one, remove the stale ones, create it when missing."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pr_impact.adapters.github_names import repo_path
from pr_impact.adapters.github_transport import Transport
from pr_impact.core.config import LabelSpec

# The colour GitHub gives a label it creates implicitly when one is added to an issue by name.
IMPLICIT_LABEL_COLOR = "ededed"


@dataclass(frozen=True, slots=True)
class LabelChange:
    """What `sync_labels` did; `labels` is the PR's label set afterwards."""

    added: str | None
    removed: tuple[str, ...]
    created: bool
    labels: tuple[str, ...]


def sync_labels(
    http: Transport,
    repo: str,
    number: int,
    current_labels: Iterable[str],
    wanted: str,
    managed: Iterable[str],
    spec: LabelSpec | None = None,
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
        created = _add_label(http, repo, number, wanted, spec)
        labels.append(wanted)
    for name in stale:
        http.call(
            "DELETE",
            f"{repo_path(repo)}/issues/{number}/labels/{urllib.parse.quote(name, safe='')}",
            f"remove label {name!r} from #{number}",
            ok=frozenset({404}),  # somebody removed it already
        )
        labels.remove(name)
    return LabelChange(added=wanted if add else None, removed=tuple(stale), created=created, labels=tuple(labels))


def _add_label(http: Transport, repo: str, number: int, name: str, spec: LabelSpec | None) -> bool:
    """Add one label to the PR; return whether the label had to be created or fixed up."""
    path = f"{repo_path(repo)}/issues/{number}/labels"
    what = f"add label {name!r} to #{number}"
    resp = http.call("POST", path, what, body={"labels": [name]}, ok=frozenset({404, 422}))
    if resp.status in (404, 422):
        _create_label(http, repo, spec or LabelSpec(name, IMPLICIT_LABEL_COLOR, ""))
        http.call("POST", path, what, body={"labels": [name]})
        return True
    label = _find_label(resp.data, name)
    if spec is None or label is None or not _looks_implicit(label):
        return False
    if (spec.color.lower(), spec.description) == (IMPLICIT_LABEL_COLOR, ""):
        return False
    http.call(
        "PATCH",
        f"{repo_path(repo)}/labels/{urllib.parse.quote(label.get('name') or name, safe='')}",
        f"set colour and description of label {name!r}",
        body={"color": spec.color.lstrip("#"), "description": spec.description},
    )
    return True


def _create_label(http: Transport, repo: str, spec: LabelSpec) -> None:
    """Create a repository label; one that exists already (422) is fine."""
    http.call(
        "POST",
        f"{repo_path(repo)}/labels",
        f"create label {spec.name!r}",
        body={"name": spec.name, "color": spec.color.lstrip("#"), "description": spec.description},
        ok=frozenset({422}),
    )


def _find_label(data: Any, name: str) -> dict[str, Any] | None:
    """The label called `name` (case-insensitively) in a list of label objects."""
    for label in data if isinstance(data, list) else []:
        if isinstance(label, dict) and str(label.get("name", "")).casefold() == name.casefold():
            return label
    return None


def _looks_implicit(label: Mapping[str, Any]) -> bool:
    """Whether GitHub created this label implicitly: its default grey and no description."""
    return str(label.get("color", "")).lower() == IMPLICIT_LABEL_COLOR and not label.get("description")
