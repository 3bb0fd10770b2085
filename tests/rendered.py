"""Shared checks on rendered reports: what GitHub would show, and what an Actions log would obey."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options

from pr_impact.render.markdown import MAX_CHARS

ZWSP = "\u200b"
# Every tag the Markdown renderer itself produces; anything else came from input.
OUR_TAGS = {"h3", "h4", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "code", "strong", "em",
            "details", "summary", "sub", "blockquote", "br"}


class RenderedHtml(HTMLParser):
    """Tag names, text outside <code>, and cells per table row of rendered HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.rows: list[int] = []
        self._code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._code += tag == "code"
        if tag == "tr":
            self.rows.append(0)
        elif tag in ("td", "th") and self.rows:
            self.rows[-1] += 1

    def handle_endtag(self, tag: str) -> None:
        self._code -= tag == "code"

    def handle_data(self, data: str) -> None:
        if not self._code:
            self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.tags.append("!--")


def to_html(markdown: str) -> str:
    """GitHub-flavoured HTML, with raw HTML let through so that anything smuggled would show."""
    return str(cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE))


def parse(markdown: str) -> RenderedHtml:
    """The rendered HTML of a report, parsed."""
    parser = RenderedHtml()
    parser.feed(to_html(markdown))
    return parser


def is_workflow_command(line: str) -> bool:
    """Whether an Actions runner could read this log line as a command."""
    return line.strip().startswith("::") or "##[" in line


def assert_markdown_inert(markdown: str, *, complete: bool = False) -> None:
    """Our tags only, 4-cell table rows, no ping, reference, marker, bidi override or workflow command.

    `complete`: the report kept its details block and at least one table (no size trimming happened)."""
    html = parse(markdown)
    assert set(html.tags) <= OUR_TAGS, set(html.tags) - OUR_TAGS
    assert html.tags.count("details") == 1 if complete else html.tags.count("details") <= 1
    assert (bool(html.rows) or not complete) and all(cells == 4 for cells in html.rows), html.rows
    text = "".join(html.text)
    assert not re.search(r"@[A-Za-z0-9]", text), "live mention"
    assert not re.search(r"#\d", text), "live issue reference"
    assert "<!--" not in markdown and "\u202e" not in markdown and "\x00" not in markdown
    assert not any(is_workflow_command(line) for line in markdown.splitlines())
    assert len(markdown) <= MAX_CHARS


def assert_terminal_safe(out: str) -> None:
    """No escape sequence, control character or bidi override from input; no workflow command."""
    assert not [ch for ch in out if ch != "\n" and not ch.isprintable() and ch != ZWSP], repr(out)
    assert not any(is_workflow_command(line) for line in out.splitlines())
