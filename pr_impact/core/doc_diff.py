"""What a documentation page's diff changes for its readers: usage they follow, prose, or trivia.

Readers of a docs diff tell an install guide from a typo fix by what the lines hold: an added or
corrected command, code block or flag is something users follow (`usage`); new or rewritten sentences
and sections are `prose`; a fixed word or two, a link, a badge, an image or a formatting touch is
`trivia`. The same words in a title ("update docs") cover all three, so the diff decides.

Lines come from author-controlled patches: each is capped in length, a file is read up to a cap of
changed lines, lines are paired only inside one change block (the removed and added lines between two
context lines) of bounded size, and lines are compared as bags of words and tokens, not aligned, so
the cost stays linear in the patch.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from pr_impact.core.lazy_re import LazyPattern

DOC_CHANGES = ("usage", "prose", "trivia")
USAGE, PROSE, TRIVIA = DOC_CHANGES

MAX_LINES = 200  # changed lines read per file: past them a page is being rewritten, and its start says how
MAX_LINE = 300  # characters of a line that are compared
MAX_BLOCK = 40  # a change block larger than this is a rewrite: its lines are not paired
SMALL_EDIT = 2  # a paired line whose words change by at most this many is a typo or wording fix

# The patterns below run on author-controlled lines with Python's backtracking engine: each is
# anchored or starts with a literal, and no two adjacent unbounded repeats can match the same text.
_FENCE = LazyPattern(r"^\s{0,3}(```|~~~)")
_FENCE_OPENER = LazyPattern(r"^\s{0,3}(```|~~~)\s*[\w{.+-]")  # with an info string (```bash): it opens a block
# A shell command as docs write it: a prompt, or a line starting with a well-known installer or tool.
_COMMAND = LazyPattern(
    r"^\s*(?:[-*+>]\s+)?(?:\$ |% |> \$ |PS> |C:\\>|"
    r"(?:sudo |npx |npm |pnpm |yarn |bun |deno |pip3? |pipx |uv |uvx |poetry |conda |brew |port |apt(?:-get)? |"
    r"dnf |yum |pacman |apk |snap |winget |scoop |choco |cargo |rustup |go (?:install|get|run|build) |"
    r"docker |podman |kubectl |helm |curl |wget |git |make |gem |composer |dotnet |flatpak |nix |cd |export |"
    r"source |\./|python3? -m |node |java -jar |sh |bash ))")
_RST_CODE = LazyPattern(r"^\s*\.\. (code-block|code|sourcecode|prompt)::")
# A configuration sample: a dotted or indented key set to a value (`server.port: 8080`, `  enabled = true`).
_CONFIG_LINE = LazyPattern(r"^\s*[\w-]{1,60}(?:\.[\w-]{1,60}){1,10}\s*[:=]\s*\S|^\s{2,}[\w-]{1,60}\s*[:=]\s+\S")
# The comment of a code line (`// why`, `# why`): words there are prose, not code users copy.
_CODE_COMMENT = LazyPattern(r"(^|\s)(//|#|--)\s.*$")
_FLAG = LazyPattern(r"(?:^|[\s`(\[])--?[A-Za-z][\w-]*")
_CODE_SPAN = LazyPattern(r"`[^`\n]{1,200}`")
_HEADING = LazyPattern(r"^\s{0,3}#{1,6}\s|^\s*(=|-|~|\^|\*){3,}\s*$")
# Links, images, badges, bare URLs, link references and HTML tags: what a link or badge line is made of.
_LINK = LazyPattern(r"!?\[[^\]\n]{0,300}\]\([^)\n]{0,700}\)|<[^<>\n]{0,500}>|https?://\S{1,500}"
                   r"|^\s*\[[^\]\n]{1,200}\]:\s*\S{1,500}")
_URL = LazyPattern(r"\]\([^)\n]{0,700}\)|https?://[^\s)>\]]{1,500}")
_LIST_OR_TABLE = LazyPattern(r"^[\s|>*+-]*(\d{1,3}[.)]\s+)?")
_WORD = LazyPattern(r"[^\W_]+", re.UNICODE)
_TOKEN = LazyPattern(r"\w+|[^\w\s]")


class _Line:
    """One changed line: its text (capped) and whether it sits in code users copy (looked at only
    when asked: most lines of a page are never asked, once its answer is known)."""

    __slots__ = ("_code", "fenced", "text")

    def __init__(self, text: str, fenced: bool) -> None:
        self.text = text[:MAX_LINE]
        self.fenced = fenced
        self._code: bool | None = None

    @property
    def code(self) -> bool:
        if self._code is None:
            t = self.text
            self._code = self.fenced or bool(_COMMAND.match(t) or _RST_CODE.match(t) or _CONFIG_LINE.match(t))
        return self._code


class _Fence:
    """Whether one side of a hunk is inside a fenced code block. A hunk may start inside one, so
    until its first fence line the answer is unknown (None): that fence opens a block when it names
    a language (```bash) or follows a blank line or none, and closes one after a line of text."""

    __slots__ = ("after_text", "inside")

    def __init__(self) -> None:
        self.inside: bool | None = None
        self.after_text = False

    def passes(self, text: str) -> None:
        """Update the state past one line of this side."""
        if _maybe_fence(text) and _FENCE.match(text):
            if self.inside is None:
                self.inside = bool(_FENCE_OPENER.match(text)) or not self.after_text
            else:
                self.inside = not self.inside
        self.after_text = bool(text.strip())


def _maybe_fence(text: str) -> bool:
    """A cheap test every fence line passes (most lines fail it without a regex)."""
    return "``" in text or "~~" in text


def _blocks(patch: str) -> Iterator[tuple[list[_Line], list[_Line]]]:
    """The change blocks of a patch: the removed and the added lines between two context lines, each
    knowing whether it sits inside a fenced code block (tracked on each side from the hunk's start).
    A fence line itself is neither: wrapping text in a block is formatting, what it holds is not."""
    removed: list[_Line] = []
    added: list[_Line] = []
    old, new = _Fence(), _Fence()
    seen = 0
    # Context lines count too, but only so many: the split stops there, whatever the patch's size.
    for raw in patch.split("\n", MAX_LINES * 4)[: MAX_LINES * 4]:
        mark, text = raw[:1], raw[1:]
        if raw.startswith("@@") or mark not in ("+", "-"):
            if removed or added:
                yield removed, added
                removed, added = [], []
            if raw.startswith("@@"):
                old, new = _Fence(), _Fence()
            elif mark in (" ", ""):
                old.passes(text)
                new.passes(text)
            continue
        seen += 1
        if seen > MAX_LINES:
            break
        side, lines = (old, removed) if mark == "-" else (new, added)
        if _maybe_fence(text) and _FENCE.match(text):
            side.passes(text)
            lines.append(_Line("", False))
            continue
        lines.append(_Line(text, bool(side.inside)))
    if removed or added:
        yield removed, added


def _link_only(text: str) -> bool:
    """A line of links, images, badges or markup with at most two words of its own, or an entry of a
    list of links (`- [name](url): a short blurb`, as showcase, sponsor and "see also" lists have)."""
    item = _LIST_OR_TABLE.compiled.sub("", text, count=1)
    words = len(_WORD.compiled.findall(_LINK.compiled.sub(" ", item)))
    return words <= 2 or (words <= 12 and bool(_LINK.match(item)) and item != text)


def _words(text: str) -> int:
    return len(_WORD.compiled.findall(_LIST_OR_TABLE.compiled.sub("", text, count=1)))


def _alone(line: _Line, prose_known: bool = False) -> str:
    """What one added or removed line with no counterpart does (once a page is known to hold prose,
    only whether the line is usage still matters)."""
    text = line.text.strip()
    if not text:
        return TRIVIA
    if line.code or ("-" in text and _FLAG.search(text)) or ("`" in text and any(
            _COMMAND.match(span.strip("`")) for span in _CODE_SPAN.compiled.findall(text))):
        return USAGE
    if prose_known:
        return PROSE
    if _HEADING.match(text):
        return PROSE  # a section added or removed
    return PROSE if not _link_only(text) and _words(text) >= 3 else TRIVIA


def _edited(old: _Line, new: _Line) -> str:
    """What an edit of one line into another does."""
    a, b = old.text.strip(), new.text.strip()
    if _URL.compiled.sub("]()", a) == _URL.compiled.sub("]()", b):
        return TRIVIA  # a link's target changed
    code = old.code or new.code
    if code and _CODE_COMMENT.compiled.sub("", a) == _CODE_COMMENT.compiled.sub("", b):
        code = False  # only a code sample's comment changed: its words are prose
    if code and "".join(a.split()) != "".join(b.split()):
        return USAGE  # a command or code sample users copy: a quote, a brace or a path makes it work or fail
    changed_words = [t for t in _changed_tokens(a, b) if t[0].isalnum() or t[0] == "_"]
    if not changed_words:
        return TRIVIA  # punctuation or spacing
    spans_a, spans_b = set(_CODE_SPAN.compiled.findall(a)), set(_CODE_SPAN.compiled.findall(b))
    flags_a, flags_b = set(_FLAG.compiled.findall(a)), set(_FLAG.compiled.findall(b))
    if spans_a != spans_b or flags_a != flags_b:
        return USAGE  # a documented option, command or name users type
    if len(changed_words) <= SMALL_EDIT * 2:  # a replaced word counts on both sides
        return TRIVIA
    return PROSE


def _changed_tokens(a: str, b: str) -> list[str]:
    """The tokens (words and punctuation) one line's edit into the other removes or adds, as bags: a
    replaced word counts on both sides, a moved one on neither."""
    ta, tb = Counter(_TOKEN.compiled.findall(a)), Counter(_TOKEN.compiled.findall(b))
    return list(((ta - tb) + (tb - ta)).elements())


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """How alike two lines' word sets are (Jaccard): an edited line keeps most of its words."""
    return len(a & b) / len(a | b) if a or b else 1.0


def _pairs(removed: list[_Line], added: list[_Line]) -> Iterator[tuple[_Line | None, _Line | None]]:
    """Each line of a change block with the line it was edited from or into, when there is one."""
    if len(removed) > MAX_BLOCK or len(added) > MAX_BLOCK or not removed or not added:
        yield from ((r, None) for r in removed)
        yield from ((None, a) for a in added)
        return
    free = [(r, frozenset(_TOKEN.compiled.findall(r.text.lower()))) for r in removed]
    for a in added:
        words = frozenset(_TOKEN.compiled.findall(a.text.lower()))
        best, best_score = -1, 0.5
        for i, (_, other) in enumerate(free):
            score = _similarity(words, other)
            if score > best_score:
                best, best_score = i, score
        yield (free.pop(best)[0] if best >= 0 else None), a
    yield from ((r, None) for r, _ in free)


def doc_change(patch: str | None) -> str | None:
    """What a documentation page's diff changes: `usage` (a command, code sample, flag or documented
    option users follow, added, removed or corrected), else `prose` (sentences or sections added,
    removed or rewritten), else `trivia` (a few characters, links, badges, images, formatting);
    None when the patch changes no line."""
    found: set[str] = set()
    for removed, added in _blocks(patch or ""):
        for old, new in _pairs(removed, added):
            if old is not None and new is not None:
                found.add(_edited(old, new))
            else:
                line = new if new is not None else old
                assert line is not None
                found.add(_alone(line, PROSE in found))
            if USAGE in found:
                return USAGE
    if not found:
        return None
    return PROSE if PROSE in found else TRIVIA
