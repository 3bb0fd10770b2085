"""Neutralise author-controlled text before it reaches GitHub Markdown or the Actions log."""

from __future__ import annotations

import re
from collections.abc import Callable

MARKER_PREFIX = "<!-- pr-impact"

ELLIPSIS = "\u2026"
# Zero-width space: invisible, yet it breaks the adjacency GitHub's mention, reference and
# autolink scanners need. A backslash does not help there: GitHub links mentions and
# references in the rendered text, after Markdown has consumed the backslash.
_ZWSP = "\u200b"

_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_LINE_BREAKS = (0x2028, 0x2029)


def _cleaning_table() -> dict[int, str | None]:
    """Map control and line-break characters to a space, bidi controls to nothing."""
    table: dict[int, str | None] = dict.fromkeys((*range(0x20), *range(0x7F, 0xA0), *_LINE_BREAKS), " ")
    table.update(dict.fromkeys(_BIDI))
    # Lone surrogates (possible from JSON '\ud800' escapes) cannot be encoded to UTF-8 when posting.
    table.update(dict.fromkeys(range(0xD800, 0xE000), "\ufffd"))
    return table


def _escaping_table() -> dict[int, str]:
    """Map every Markdown-significant ASCII character to its inert form."""
    # Every ASCII punctuation character that can open, close or continue a GFM construct
    # (emphasis, code, links, images, HTML, headings, lists, quotes, tables, strikethrough,
    # setext underlines, GitHub math); '.' is left alone and handled only where it matters.
    table = {ord(c): "\\" + c for c in "\\`*_{}[]<>()#+-!|~=$"}
    # '&amp;' so no entity (e.g. '&#64;', '&lt;') can be smuggled through.
    table[ord("&")] = "&amp;"
    table[ord("@")] = "@" + _ZWSP
    return table


_CLEAN = _cleaning_table()
_ESCAPE = _escaping_table()

# Applied to already escaped text; a zero-width space goes right after each match so that:
# '#12', 'owner/repo#12' and 'GH-12' are no issue references (no backlink, no notification);
# 'https://…' and 'www.…' are not autolinked (an issue URL would create a backlink too).
_DEFUSE = re.compile(r"\\#(?=\d)|(?i:gh)\\-(?=\d)|:(?=//)|(?i:www)(?=\.)")
# '1. x' at the start of a line opens an ordered list; ')' is escaped everywhere already.
_ORDERED = re.compile(r"^([0-9]+)\.")
_BACKTICKS = re.compile(r"`+")

# Workflow commands: '::cmd::' after leading whitespace (runner TryParseV2), and the legacy
# '##[cmd]' anywhere in a line (TryParse); '%XX' is what the runner decodes in command values.
_WORKFLOW = re.compile(r":(?=:)|#(?=#\[)|%(?=[0-9A-Fa-f]{2})")

_DATA_ESCAPES = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY_ESCAPES = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})


def _clean(text: str) -> str:
    """Control characters become spaces, bidi controls go, lone surrogates become U+FFFD."""
    # Printable text has none of them; skipping translate() halves the cost for typical file names.
    return text if text.isprintable() else text.translate(_CLEAN)


def _clean_line(text: str) -> str:
    """One line: control characters become spaces, bidi controls go, whitespace runs collapse."""
    return " ".join(_clean(text).split())


def _escape_line(line: str) -> str:
    """Escape one clean line so it renders as exactly its own characters."""
    out = _DEFUSE.sub("\\g<0>" + _ZWSP, line.translate(_ESCAPE))
    if out[:1].isdigit():
        out = _ORDERED.sub(r"\1\\.", out, count=1)
    if out.endswith("\\"):
        # An escaped backslash right before a table's '|' would turn it into '\|' (an escaped pipe).
        out += _ZWSP
    return out


def _fit(plain: str, render: Callable[[str], str], max_len: int) -> str:
    """Render plain; if too long, render the longest prefix plus '…' that fits in max_len."""
    out = render(plain)
    if len(out) <= max_len:
        return out
    best = render(ELLIPSIS)
    # Rendering never shrinks text, so no prefix longer than max_len - 1 can fit.
    lo, hi = 1, min(len(plain), max_len) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        candidate = render(plain[:mid].rstrip() + ELLIPSIS)
        if len(candidate) <= max_len:
            best, lo = candidate, mid + 1
        else:
            hi = mid - 1
    return best


def _check_max_len(max_len: int, minimum: int) -> None:
    """Reject a limit too small to hold even the ellipsis."""
    if max_len < minimum:
        raise ValueError(f"max_len must be at least {minimum}, got {max_len}")


def inline(text: str, max_len: int = 300) -> str:
    """Author text as one line of inert Markdown (paragraph, list item, heading), at most max_len chars."""
    _check_max_len(max_len, 1)
    return _fit(_clean_line(text), _escape_line, max_len)


def table_cell(text: str, max_len: int = 120) -> str:
    """Author text for a GFM table cell: inline() output, whose '|' are always escaped as '\\|'."""
    return inline(text, max_len)


# A link target safe in Markdown and in a table cell: http(s), a host, an optional port and a path of
# plain characters (no spaces, quotes, brackets, parentheses or pipes that could end the link or the cell).
_SAFE_URL = re.compile(r"https?://[A-Za-z0-9.-]{1,253}(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%/+-]{0,500})?")


def link(text: str, url: str | None, max_len: int = 120) -> str:
    """Author text as a Markdown link to `url` when the address is plainly safe, else as inline() text."""
    label = inline(text, max_len)
    if url is None or not _SAFE_URL.fullmatch(url):
        return label
    return f"[{label}]({url})"


def _render_block(plain: str) -> str:
    """Escape each line; hard line breaks within a paragraph, blank lines between paragraphs."""
    return "\n\n".join(
        "\\\n".join(_escape_line(line) for line in paragraph.split("\n")) for paragraph in plain.split("\n\n")
    )


def block(text: str, max_len: int = 2000) -> str:
    """Multi-line author text as plain paragraphs keeping its line breaks, at most max_len chars."""
    _check_max_len(max_len, 1)
    paragraphs: list[list[str]] = [[]]
    for raw in text.splitlines():
        line = _clean_line(raw)
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    plain = "\n\n".join("\n".join(lines) for lines in paragraphs if lines)
    return _fit(plain, _render_block, max_len)


def _code_piece(piece: str) -> str:
    """One code span whose fence is longer than any backtick run in piece."""
    if not piece:
        return ""
    # '<!' broken so the raw comment never holds '<!--' (nor a fake sticky-comment marker).
    piece = piece.replace("<!", "<" + _ZWSP + "!")
    fence = "`" * (max(map(len, _BACKTICKS.findall(piece)), default=0) + 1)
    # CommonMark strips one space from each side when both are spaces, and a leading or
    # trailing backtick would merge with the fence: pad with one space on each side.
    edge = piece[0] + piece[-1]
    pad = " " if "`" in edge or (edge == "  " and piece.strip()) else ""
    return f"{fence}{pad}{piece}{pad}{fence}"


def _render_code(plain: str) -> str:
    """Code spans for plain, split around each '|' which is written as '\\|' between them."""
    if not plain:
        return "` `"
    # Inside a GFM table a '|' splits the row even within a code span, while '\\|' in a code span
    # shows the backslash outside tables. An escaped pipe between spans renders '|' in both.
    return "\\|".join(_code_piece(piece) for piece in plain.split("|"))


def code_span(text: str, max_len: int = 200) -> str:
    """Author text (file path, branch) as inline code, safe in paragraphs and table cells alike."""
    _check_max_len(max_len, 3)
    return _fit(_clean_line(text), _render_code, max_len)


def rich(text: str, max_len: int = 300) -> str:
    """Author text as one inert line in which `backticked` spans stay code (a title's identifiers):
    inline() for the words, code_span() for the code, at most about max_len characters of text."""
    _check_max_len(max_len, 3)
    text = _clean_line(text)
    if len(text) > max_len:
        text = text[: max_len - 1].rstrip() + ELLIPSIS
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick is just a character
        parts[-2:] = ["`".join(parts[-2:])]
    return "".join(code_span(p, 8 * len(p) + 8) if i % 2 and p.strip() else _spaced(p) for i, p in enumerate(parts))


def _spaced(plain: str) -> str:
    """inline() of a piece of a line, keeping the single spaces at its ends that separate it from code."""
    if not plain.strip():
        return " " if plain else ""
    return (" " if plain[0] == " " else "") + inline(plain, 8 * len(plain) + 8) + (" " if plain[-1] == " " else "")


def workflow_safe(text: str) -> str:
    """Author text as one GitHub Actions log line that the runner cannot read as a command.

    Scheme: line breaks and other control characters become spaces and bidi controls are
    dropped, so one value is one line. A zero-width space (U+200B) is then inserted after every
    ':' followed by ':', after a '#' that starts '##[', and after a '%' followed by two hex
    digits. The result never contains '::' (no '::set-output', '::add-mask::',
    '::stop-commands::'), nor '##[' (legacy commands, parsed anywhere in a line), nor a '%0A'
    style sequence the runner would decode; it still reads the same to a person.
    """
    return _WORKFLOW.sub("\\g<0>" + _ZWSP, _clean(text))


def escape_workflow_data(value: str) -> str:
    """Escape a workflow command's message as @actions/core does: '%', CR, LF."""
    return value.translate(_DATA_ESCAPES)


def escape_workflow_property(value: str) -> str:
    """Escape a workflow command property value as @actions/core does: '%', CR, LF, ':', ','."""
    return value.translate(_PROPERTY_ESCAPES)
