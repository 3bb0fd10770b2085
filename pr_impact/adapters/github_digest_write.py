"""The digest's writes: one issue per period kept up to date, and the digest in a release's notes."""

from __future__ import annotations

import urllib.parse

from pr_impact.adapters import rest_shapes
from pr_impact.adapters.github_digest import DIGEST_LABEL
from pr_impact.adapters.github_digest_nodes import RepoFacts
from pr_impact.adapters.github_transport import Transport

ISSUE_MARKER = "<!-- pr-impact:digest {period} -->"
RELEASE_MARKER = "<!-- pr-impact:release-notes -->"


def issue_marker(period: str) -> str:
    """The hidden marker of the digest issue for one period (the period percent-encoded: inert in a comment)."""
    return ISSUE_MARKER.format(period=urllib.parse.quote(period, safe=""))


def upsert_issue(transport: Transport, repo: str, facts: RepoFacts, period: str, title: str, body: str,
                 author: str) -> tuple[str, int | None]:
    """Create the period's digest issue, or update the one that has its marker; ("unchanged"|"updated"|
    "created", number). Only issues the token's own account opened are trusted to be ours."""
    marker = issue_marker(period)
    text = f"{marker}\n{body}"
    login = author.removesuffix("[bot]")
    for number, old_title, old_body, by in facts.issues:
        if marker in old_body and by.removesuffix("[bot]") == login:
            if old_body == text and old_title == title:
                return "unchanged", number
            transport.call("PATCH", f"/repos/{repo}/issues/{number}", "update the digest issue",
                           body={"title": title, "body": text})
            return "updated", number
    resp = transport.call("POST", f"/repos/{repo}/issues", "open the digest issue",
                          body={"title": title, "body": text, "labels": [DIGEST_LABEL]}, idempotent=False)
    data = rest_shapes.obj(resp.data)
    created = rest_shapes.integer(data.get("number"))
    if "labels" in data and DIGEST_LABEL not in rest_shapes.label_names(data.get("labels")):
        # GitHub drops labels silently for a token without push access; runs find the issue by its label.
        transport.warn(f"GitHub opened digest issue #{created} without its label '{DIGEST_LABEL}' (the token may "
                       "not set labels): add the label to the issue, or a run that no longer sees it among the "
                       "newest issues opens another one")
    return "created", created


def release_body(old: str, digest: str) -> str:
    """The release body with the digest after our marker: appended once, replaced on later runs."""
    head = old.split(RELEASE_MARKER, 1)[0].rstrip()
    return f"{head}\n\n{RELEASE_MARKER}\n{digest}" if head else f"{RELEASE_MARKER}\n{digest}"


def update_release(transport: Transport, repo: str, release_id: int, digest: str) -> bool:
    """Put the digest after the release body's marker (idempotent); whether a write was made. The body
    is read just before: the event's copy is stale after an edit or on a re-run."""
    resp = transport.call("GET", f"/repos/{repo}/releases/{release_id}", "read the release notes")
    old = rest_shapes.string(rest_shapes.obj(resp.data).get("body"))
    new = release_body(old, digest)
    if new.strip() == old.strip():
        return False
    transport.call("PATCH", f"/repos/{repo}/releases/{release_id}", "append the digest to the release notes",
                   body={"body": new})
    return True
