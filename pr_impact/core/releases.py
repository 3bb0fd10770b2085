"""Which release came before a release on its own line: v1.2.1's is v1.2.0 even when v1.3.0 came out between."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

# A version at a tag's end, after a prefix without digits ("v", "release-", "pkg@"): up to four numbers,
# then a prerelease or build suffix. Bounded: tag names are whatever the releaser typed.
_TAG = re.compile(r"(?P<prefix>\D{0,100}?)(?P<numbers>\d{1,9}(?:\.\d{1,9}){0,3})"
                  r"(?P<suffix>[-+.~][0-9A-Za-z.+~-]{1,100})?")
_PARTS = re.compile(r"\d{1,9}|\D{1,100}")


class Release(NamedTuple):
    """A published release, as the digest needs it."""

    tag: str
    published_at: datetime
    prerelease: bool


def version_key(tag: str) -> tuple[str, tuple[tuple[int, ...], int, tuple[tuple[int, int | str], ...]]] | None:
    """(line, order) for a versioned tag: the line is its prefix ("v"), the order its numbers, a release after
    its prereleases (1.0.0-rc.2 < 1.0.0), prereleases by their parts; None for a tag that is not a version."""
    match = _TAG.fullmatch(tag.strip())
    if match is None:
        return None
    numbers = tuple(int(n) for n in match["numbers"].split("."))
    numbers += (0,) * (4 - len(numbers))
    suffix = match["suffix"] or ""
    pre = "" if suffix.startswith("+") else suffix[1:].partition("+")[0]  # build metadata does not order
    parts = tuple((0, int(p)) if p.isdigit() else (1, p) for p in _PARTS.findall(pre))
    return match["prefix"], (numbers, 0 if pre else 1, parts)


def previous_release(releases: Iterable[Release], tag: str, published: datetime, prerelease: bool) -> Release | None:
    """The release this one follows on its own line: among those published before it (a full release skips
    prereleases), the highest version below its own with the same prefix; for tags that are not versions,
    the latest published before it."""
    earlier = [r for r in releases if r.tag != tag and r.published_at < published and (prerelease or not r.prerelease)]
    mine = version_key(tag)
    if mine is not None:
        line = [(key[1], r) for r in earlier if (key := version_key(r.tag)) is not None and key[0] == mine[0]]
        below = [(order, r) for order, r in line if order < mine[1]]
        if below:
            return max(below, key=lambda item: (item[0], item[1].published_at))[1]
        if line:
            return None  # the first release of its line: everything before it
    return max(earlier, key=lambda r: r.published_at, default=None)
