"""Which changed files a generator wrote: by their folder, their name, their header, or the generator's
own files changed beside them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from pr_impact.core.lazy_re import LazyPattern
from pr_impact.core.taxonomy import GENERATOR_OUTPUT_DIRS

# Folders generators write into: the path taxonomy's (whose files are of the generated kind already), and
# `gen/`, where protoc, buf and Tauri put theirs (too common a name for the taxonomy to call all generated).
GENERATED_DIRS = GENERATOR_OUTPUT_DIRS | {"gen"}
# The header a generator writes at the top of a file: Go's "Code generated … DO NOT EDIT.", `@generated`,
# "auto-generated", "Generated file, do not edit by hand". Searched in a file's first lines only.
_HEADER = LazyPattern(r"\bcode generated\b[^\n]{0,120}\bdo not edit\b|@generated\b|\bauto-?generated\b"
                      r"|\bautomatically generated\b|\bdo not (?:edit|modify)\b|\bgenerated (?:file|code)\b",
                      re.IGNORECASE)
_HEADER_LINES = 8
# openapi-generator keeps its own record of what it wrote in `<output>/.openapi-generator/`.
_GENERATOR_RECORDS = ("/.openapi-generator/", "/.openapi-generator-ignore")


def generator_roots(files: Iterable[tuple[str, str | None]]) -> tuple[str, ...]:
    """Folders (with a trailing slash) that a generator writes whole, known by the generator's own record
    changed in the same PR (`internal/httpclient/.openapi-generator/FILES`), or by two or more of the
    PR's files in it showing a generator's header (the others' diffs just start further down)."""
    roots: list[str] = []
    headed: Counter[str] = Counter()
    for path, patch in files:
        lower = "/" + path.lower()
        for record in _GENERATOR_RECORDS:
            at = lower.find(record)
            if at >= 0:
                roots.append(lower[1 : at + 1])
        if has_header(patch):
            headed[lower[1 : lower.rfind("/") + 1]] += 1
    roots += [folder for folder, n in headed.items() if n >= 2 and folder]
    return tuple(dict.fromkeys(roots))


def has_header(patch: str | None) -> bool:
    """Whether a patch that starts at the top of its file shows a generator's header there."""
    if not patch or not patch.startswith(("@@ -0,0 ", "@@ -1,", "@@ -1 ")):
        return False
    head = "\n".join(line[:300] for line in patch.split("\n", _HEADER_LINES + 1)[1 : _HEADER_LINES + 1]).lower()
    # Every header the pattern knows says "generat…" or "do not": most files are ruled out without it.
    return ("generat" in head or "do not" in head) and _HEADER.search(head) is not None


def is_generated(path: str, patch: str | None, roots: tuple[str, ...] = ()) -> bool:
    """Whether a generator wrote this file: in a generated folder or one a generator's record names,
    named `generated`, or with a generator's header."""
    lower = path.lower()
    parts = lower.split("/")
    if lower.startswith(roots) or not GENERATED_DIRS.isdisjoint(parts[:-1]) or "generated" in parts[-1]:
        return True
    return has_header(patch)
