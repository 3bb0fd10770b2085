"""Unified-diff parsing and what a diff means: formatting-only and comment-only changes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain
from typing import NamedTuple

# A hunk header's ranges, 'start' or 'start,count' each: plain ASCII decimal numbers of sane length
# (at most 18 digits; longer digit strings are garbage, not counts).
_HUNK_HEADER = re.compile(r"@@ -[0-9]{1,18}(?:,([0-9]{1,18}))? \+[0-9]{1,18}(?:,([0-9]{1,18}))? @@")


class ParsedPatch(NamedTuple):
    """The added and removed lines of one file's patch, without their '+'/'-' markers."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    hunks: int
    truncated: bool = False
    # Where each hunk's lines start in `removed` and `added`, for readers that look at hunks one by one.
    hunk_starts: tuple[tuple[int, int], ...] = ()


class CommentStyle(NamedTuple):
    """How a language writes comments: line prefixes and (open, close) block delimiters."""

    line: tuple[str, ...] = ()
    block: tuple[tuple[str, str], ...] = ()
    # Lines like ' * text' continue a /* */ block. Off for markup, where '* item' is visible text.
    star_lines: bool = False


_EMPTY = ParsedPatch(added=(), removed=(), hunks=0)


def parse_patch(patch: str | None, *, max_lines: int = 200_000) -> ParsedPatch:
    """Parse GitHub hunk-only patch text or `git diff` output; never raises on any string."""
    if not patch:
        return _EMPTY
    if max_lines < 1:
        return ParsedPatch(added=(), removed=(), hunks=0, truncated=True)
    if "\r\n" in patch:
        patch = patch.replace("\r\n", "\n")
    # Split on '\n' only: splitlines() would also break lines at form feeds and other separators
    # that source files legitimately contain. maxsplit keeps the cost bounded by max_lines.
    lines = patch.split("\n", max_lines)
    truncated = False
    if len(lines) > max_lines:
        truncated = lines.pop() != ""
    return _collect(lines, truncated)


def _collect(lines: list[str], truncated: bool) -> ParsedPatch:
    """Walk the lines, taking '+'/'-' lines only inside hunks and only as many as headers state."""
    added: list[str] = []
    removed: list[str] = []
    hunks = old_left = new_left = 0
    starts: list[tuple[int, int]] = []
    for line in lines:
        if old_left > 0 or new_left > 0:
            mark = line[:1]
            if mark == "+" and new_left > 0:
                added.append(line[1:])
                new_left -= 1
                continue
            if mark == "-" and old_left > 0:
                removed.append(line[1:])
                old_left -= 1
                continue
            # Some tools strip the single space of a blank context line, leaving an empty line.
            if (mark == " " or not mark) and old_left > 0 and new_left > 0:
                old_left -= 1
                new_left -= 1
                continue
            if mark == "\\":
                continue
            # A line that does not fit the stated counts ends the hunk; it may start the next one.
            old_left = new_left = 0
        if line.startswith("@@ -"):
            counts = _hunk_counts(line)
            if counts is not None:
                hunks += 1
                old_left, new_left = counts
                starts.append((len(removed), len(added)))
    return ParsedPatch(added=tuple(added), removed=tuple(removed), hunks=hunks, truncated=truncated,
                       hunk_starts=tuple(starts))


def hunk_lines(p: ParsedPatch) -> Iterator[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each hunk's removed and added lines."""
    if not p.hunk_starts:
        return
    ends = [*p.hunk_starts[1:], (len(p.removed), len(p.added))]
    for (old, new), (old_end, new_end) in zip(p.hunk_starts, ends, strict=True):
        yield p.removed[old:old_end], p.added[new:new_end]


def _hunk_counts(header: str) -> tuple[int, int] | None:
    """Old and new line counts of an '@@ -a,b +c,d @@' header (a bare 'a' counts one line), or None
    when it is malformed. One regex: a report parses thousands of hunk headers."""
    m = _HUNK_HEADER.match(header)
    if m is None:
        return None
    return 1 if m[1] is None else int(m[1]), 1 if m[2] is None else int(m[2])


def first_marked(patch: str, mark: str, start: int = 0) -> tuple[int, int]:
    """(start, end) of the first raw line, from the line starting at index `start` on, that begins
    with `mark` and has non-blank text after it; (-1, -1) when there is none.

    Found with `str.find`, at C speed, instead of walking every line. It sees raw lines, not hunk
    bodies: the hunk counts that parse_patch obeys play no part here."""
    i = _next_marked(patch, mark, start)
    while i >= 0:
        end = patch.find("\n", i)
        if end < 0:
            end = len(patch)
        text = patch[i + 1 : end]
        if text and not text.isspace():
            return i, end
        i = _next_marked(patch, mark, end + 1) if end < len(patch) else -1
    return -1, -1


def _next_marked(patch: str, mark: str, start: int) -> int:
    """Start of the first line at or after `start` (a line start) that begins with `mark`; -1 if none.

    Looking for the mark alone runs at memchr speed, several times faster than for newline + mark,
    and a mark inside a line is rare in code. After a few of those it falls back to newline + mark,
    so a line made of marks stays linear."""
    i = patch.find(mark, start)
    misses = 0
    while i > start and patch[i - 1] != "\n":  # stops at none (-1), the line at start, or a line start
        if misses == 8:
            i = patch.find("\n" + mark, i)  # i is inside a line here, so this finds the next line start
            return i + 1 if i >= 0 else -1
        misses += 1
        i = patch.find(mark, i + 1)
    return i


Span = tuple[int, int]
FirstLines = tuple[Span, Span]  # where the first added and the first removed line are


def first_changed(patch: str) -> FirstLines:
    """Where the first non-blank added and removed lines after the first hunk header are (see
    first_marked; (-1, -1) for a side with none).

    On a well-formed patch they are the first lines parse_patch puts on each side. On a malformed one
    (counts that do not fit the lines) they may be others, so callers use them only to rule a
    property out before parsing, never to establish one: the slow, exact check still decides."""
    header = 0 if patch.startswith("@@ -") else patch.find("\n@@ -") + 1
    if header == 0 and not patch.startswith("@@ -"):  # no hunk: nothing changed
        return (-1, -1), (-1, -1)
    return first_marked(patch, "+", header), first_marked(patch, "-", header)


def _text(patch: str, span: Span) -> str | None:
    """The line at `span` without its mark; None for no line."""
    return patch[span[0] + 1 : span[1]] if span[0] >= 0 else None


def may_be_formatting_only(patch: str, first: FirstLines) -> bool:
    """False when the first changed lines already show more than whitespace moved (see
    is_formatting_only's own first check); True means only that the exact check must decide."""
    added, removed = _text(patch, first[0]), _text(patch, first[1])
    if added is None or removed is None:
        return True
    added, removed = "".join(added.split()), "".join(removed.split())
    shared = min(len(added), len(removed))
    return added[:shared] == removed[:shared]


def may_be_comment_only(path: str, patch: str, first: FirstLines) -> bool:
    """False when the file has no known comment syntax or its first changed line on either side is
    code; True means only that the exact check must decide."""
    lines = [line.strip() for line in (_text(patch, span) for span in first) if line is not None]
    # Code in no language starts like a comment: most files stop here, before the style lookup.
    if not all(line[0] in _COMMENT_STARTS or line.endswith(_BLOCK_CLOSERS) for line in lines):
        return False
    style = comment_style(path)
    if style is None:
        return False
    return all(_is_comment_line(line, style) for line in lines)


def is_formatting_only(p: ParsedPatch) -> bool:
    """True when the change only moves whitespace: re-indents, re-wraps, adds or drops blank lines."""
    # A truncated patch may hide a real change past the cap, so it never counts as formatting.
    if p.truncated or not (p.added or p.removed):
        return False
    # Cheap exact rejection first: both sides must start with the same non-whitespace text.
    first_added, first_removed = _first_text(p.added), _first_text(p.removed)
    shared = min(len(first_added), len(first_removed))
    if first_added[:shared] != first_removed[:shared]:
        return False
    return _without_whitespace(p.added) == _without_whitespace(p.removed)


def _first_text(lines: tuple[str, ...]) -> str:
    """The first non-blank line's text without whitespace ('' when every line is blank)."""
    return next(("".join(line.split()) for line in lines if not line.isspace() and line), "")


def _without_whitespace(lines: tuple[str, ...]) -> str:
    """All the lines' text in order, with every whitespace character removed."""
    return "".join("".join(lines).split())


_C_BLOCK = ("/*", "*/")
_HTML_BLOCK = ("<!--", "-->")

_HASH = CommentStyle(line=("#",))
_C_STYLE = CommentStyle(line=("//",), block=(_C_BLOCK,), star_lines=True)
_CSS = CommentStyle(block=(_C_BLOCK,), star_lines=True)
_SASS = CommentStyle(line=("//",), block=(_C_BLOCK,), star_lines=True)
_SQL = CommentStyle(line=("--",), block=(_C_BLOCK,))
_DASH = CommentStyle(line=("--",))
_HASKELL = CommentStyle(line=("--",), block=(("{-", "-}"),))
_LISP = CommentStyle(line=(";",))
_INI = CommentStyle(line=(";", "#"))
_PERCENT = CommentStyle(line=("%",))
_MARKUP = CommentStyle(block=(_HTML_BLOCK,))
# Single-file components mix markup with script and style sections.
_COMPONENT = CommentStyle(line=("//",), block=(_HTML_BLOCK, _C_BLOCK))
_HCL = CommentStyle(line=("#", "//"), block=(_C_BLOCK,), star_lines=True)
_HASH_C_BLOCK = CommentStyle(line=("#",), block=(_C_BLOCK,), star_lines=True)
_POWERSHELL = CommentStyle(line=("#",), block=(("<#", "#>"),))
_JULIA = CommentStyle(line=("#",), block=(("#=", "=#"),))
_ML = CommentStyle(block=(("(*", "*)"),))
_FSHARP = CommentStyle(line=("//",), block=(("(*", "*)"),))
_PROPERTIES = CommentStyle(line=("#", "!"))
_JINJA = CommentStyle(block=(("{#", "#}"),))
# '.m' is both Objective-C and MATLAB; neither language has code lines starting with the other's markers.
_OBJC_OR_MATLAB = CommentStyle(line=("//", "%"), block=(_C_BLOCK, ("%{", "%}")), star_lines=True)


def _by_extension(style: CommentStyle, extensions: str) -> dict[str, CommentStyle]:
    """Map each space-separated extension to the style."""
    return dict.fromkeys(extensions.split(), style)


_EXTENSIONS: dict[str, CommentStyle] = {
    **_by_extension(
        _HASH,
        "py pyi pyw pyx pxd sh bash zsh fish ksh yaml yml toml rb rake gemspec pl pm r nim cr ex exs "
        "cmake mk dockerfile gql graphql coffee tcl awk conf gitignore dockerignore env "
        "bzl bazel star nginx",
    ),
    **_by_extension(
        _C_STYLE,
        "c h cc cpp cxx c++ hpp hh hxx ino cs java kt kts swift scala sc groovy gradle go rs "
        "js jsx mjs cjs ts tsx mts cts php dart proto sol zig v jsonc json5 d",
    ),
    **_by_extension(_CSS, "css"),
    **_by_extension(_SASS, "scss less sass styl"),
    **_by_extension(_SQL, "sql psql pgsql"),
    **_by_extension(_DASH, "lua ada adb ads"),
    **_by_extension(_HASKELL, "hs lhs elm purs"),
    **_by_extension(_LISP, "lisp lsp cl el clj cljs cljc edn scm ss rkt"),
    **_by_extension(_INI, "ini cfg"),
    **_by_extension(_PERCENT, "tex sty ltx erl hrl"),
    **_by_extension(
        _MARKUP,
        "html htm xhtml xml svg xsl xslt xsd wsdl plist csproj fsproj vbproj props targets resx xaml "
        "md markdown mdx",
    ),
    **_by_extension(_COMPONENT, "vue svelte astro"),
    **_by_extension(_HCL, "tf tfvars hcl"),
    **_by_extension(_HASH_C_BLOCK, "nix"),
    **_by_extension(_POWERSHELL, "ps1 psm1 psd1"),
    **_by_extension(_JULIA, "jl"),
    **_by_extension(_ML, "ml mli"),
    **_by_extension(_FSHARP, "fs fsi fsx"),
    **_by_extension(_PROPERTIES, "properties"),
    **_by_extension(_JINJA, "j2 jinja jinja2 njk"),
    **_by_extension(_OBJC_OR_MATLAB, "m mm"),
}

# Whole file names (lower-cased) that say the language without an extension.
_NAMES: dict[str, CommentStyle] = {
    **_by_extension(
        _HASH,
        "makefile gnumakefile dockerfile containerfile gemfile rakefile podfile vagrantfile brewfile "
        "procfile pipfile cmakelists.txt codeowners .gitignore .gitattributes .gitmodules .dockerignore "
        ".env .bashrc .zshrc .profile .bash_profile build workspace .npmignore .flake8 .pylintrc",
    ),
    **_by_extension(_INI, ".editorconfig .npmrc .gitconfig"),
    **_by_extension(_C_STYLE, "jenkinsfile"),
}

# File-name prefixes for names that carry a variant suffix (Dockerfile.prod, .env.local).
_NAME_PREFIXES: tuple[tuple[str, CommentStyle], ...] = (
    ("dockerfile.", _HASH),
    ("containerfile.", _HASH),
    (".env.", _HASH),
    ("makefile.", _HASH),
)


_STYLES = {*_EXTENSIONS.values(), *_NAMES.values(), *(style for _, style in _NAME_PREFIXES)}
# What a comment line can start or end with in any language above (a star line starts with '*').
_COMMENT_STARTS = frozenset({"*"} | {p[0] for s in _STYLES for p in (*s.line, *(o for o, _ in s.block))})
_BLOCK_CLOSERS = tuple({closer for s in _STYLES for _, closer in s.block})


def comment_style(path: str) -> CommentStyle | None:
    """The comment syntax of the file's language, judged by its name; None when unknown."""
    name = path.rsplit("/", 1)[-1].lower()
    if name in _NAMES:
        return _NAMES[name]
    for prefix, style in _NAME_PREFIXES:
        if name.startswith(prefix):
            return style
    if name.startswith("requirements") and name.endswith((".txt", ".in")):
        return _HASH
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return None
    return _EXTENSIONS.get(ext)


def is_comment_only(path: str, p: ParsedPatch) -> bool:
    """True when every changed non-blank line is a comment in the file's language."""
    style = comment_style(path)
    # A truncated patch may hide code past the cap, so it never counts as comment-only.
    if style is None or p.truncated:
        return False
    seen_comment = False
    for line in chain(p.added, p.removed):
        text = line.strip()
        if not text:
            continue
        if not _is_comment_line(text, style):
            return False
        seen_comment = True
    # Blank-line-only changes are formatting, not comments.
    return seen_comment


def _is_comment_line(text: str, style: CommentStyle) -> bool:
    """True when the stripped, non-empty line holds only comments."""
    if _ends_open_block(text, style) or _is_star_line(text, style):
        return True
    # Walk by index, not by slicing: a line of many tiny blocks must stay linear.
    pos = 0
    while pos < len(text):
        if text.startswith(style.line, pos):
            return True
        pos = _after_leading_block(text, pos, style)
        if pos < 0:
            return False
    return True


def _after_leading_block(text: str, pos: int, style: CommentStyle) -> int:
    """Index past the block comment opening at pos and any spaces after it; -1 when none opens there."""
    for opener, closer in style.block:
        if text.startswith(opener, pos):
            end = text.find(closer, pos + len(opener))
            if end < 0:
                return len(text)
            pos = end + len(closer)
            while pos < len(text) and text[pos].isspace():
                pos += 1
            return pos
    return -1


def _ends_open_block(text: str, style: CommentStyle) -> bool:
    """True for the last line of a multi-line block comment: it closes a block it did not open."""
    return any(text.endswith(closer) and opener not in text for opener, closer in style.block)


def _is_star_line(text: str, style: CommentStyle) -> bool:
    """True for a ' * text' continuation line inside a /* */ block."""
    if not style.star_lines or text[0] != "*":
        return False
    if len(text) == 1:
        return True
    # '* b;' and '* {' are a continued multiplication and a CSS universal selector, not comments.
    return text[1] in " \t" and not text.endswith((";", "{"))
