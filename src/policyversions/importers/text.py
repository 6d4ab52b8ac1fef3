"""Import plain text as extracted from a PDF (``pdftotext`` and the like).

PDF extraction loses the structure a reader sees; these rules recover it. They are tuned on the
seed document (``corpus/soderhamn/ledar-och-medarbetarpolicy.txt``) and are deliberately
conservative: where a rule cannot decide, the text is kept as it was rather than guessed at, so
that an import never loses a word.

Rules, in the order they apply:

1. **Lines.** Line ends ``\\r\\n`` and ``\\r`` count as ``\\n``; a form feed (page break) counts as
   a space; text is put in Unicode NFC. Trailing spaces are ignored. A line holding nothing
   or only white space is *blank*. Blank lines separate paragraphs; a run of consecutive blank
   lines is one separator. A character XML cannot carry is a
   :class:`~policyversions.errors.ModelError` naming the line.
2. **Hard and soft breaks.** In a document that separates paragraphs with lines holding only
   spaces (as the seed does), a run of blank lines that are all truly *empty* is a *soft* break:
   an artefact of the extraction inside a sentence. A soft break followed by a line that starts
   with a lowercase letter does not end the paragraph or list item: the line continues it.
   Every other blank run is a *hard* break.
3. **Title.** The first non-blank line is the title. It must not be a list item or a decision
   reference and must be at most 200 characters long, otherwise :class:`ParseError`.
4. **Decisions.** The non-blank lines directly after the title (blank lines between them
   allowed) that parse with :func:`~policyversions.importers.decision_text.parse_decision` are the
   policy's decisions, in the order written: ``(Reviderad KF 2007-06-18 § 118)`` in parentheses or
   without; one line may hold several, separated by ``;`` or by ``,`` before an action word
   (``Antagen …, reviderad …``). The first line that does not parse starts the body (and is
   kept as text).
5. **Headings.** A line is a heading when it starts a block (it follows a blank line or starts
   the body), is short (at most 80 characters and 10 words, and shorter than 80 % of the
   longest line when that is 40 characters or more, so that a wrapped line of prose is not
   taken for one), starts with a capital letter (or with a section number such as ``2`` or
   ``2.1`` followed by a capital), does not end in ``.``, ``:``, ``,``, ``;`` or a dash, and is
   followed by text: the next non-blank line exists, is not a list item (then the line is a
   lead-in) and does not start with a lowercase letter (then it continues a sentence). Dashes
   in headings are kept as written (``Ledarskap – värdegrund``, ``Ledaruppdraget - åtagandet``).
   Headings make top-level sections; a numbered heading ``2.1 …`` nests under ``2 …`` (depth =
   count of numbers). Text before the first heading is the body's own.
6. **Paragraphs.** The lines of a block are joined with single spaces (doubled spaces collapse,
   the model does this), except across a hyphenated line break (rule 7).
7. **Hyphenation.** A line ending in a hyphen directly after a letter, followed by a line that
   starts with a lowercase letter, is a word broken across lines and is joined without the
   hyphen (``verk-`` / ``samhet`` → ``verksamhet``), except that
   a) if the next word is a conjunction (``och``, ``eller``, ``samt``, ``som``, ``respektive``,
      ``resp.``, ``men``, ``liksom``, ``till``, ``and``, ``or``) the hyphen is the Swedish
      compound ellipsis and stays, with its space: ``utvecklings- och förbättringsarbete``;
   b) if the letter before the hyphen is a capital or the broken word is a single letter, the
      hyphen belongs to the word and is kept without a space (``IT-`` / ``stöd`` → ``IT-stöd``,
      ``e-`` / ``post`` → ``e-post``).
   A hyphen inside a line is never touched (``Ledar- och medarbetarpolicy``).
8. **List items.** A line starting with a bullet (``•``, ``●``, ``▪``, ``■``, ``◦``, ``‣``,
   ``∙``, ``·``, which may touch the text, or ``-``, ``–``, ``—``, ``*``, ``o`` followed by a
   space) is an item of a bullet list; a line starting with a number of up to three digits and
   ``.`` or ``)`` and a space is an item of a numbered list (style ``"number"``). A numbered
   list starts only at number 1; a later number outside a list is ordinary text.
9. **Lead-in.** The lines of a block that come just before the first item, after the last line
   of the block that ends a sentence (``.``, ``!``, ``?``), are the list's lead-in
   (``Kommunen vill att du som ledare``; it may be indented); the lines before them are a
   paragraph of their own. If the item starts a block, a paragraph ending in ``:`` just before
   it is the lead-in. Otherwise the list has no lead-in.
10. **Items and continuations.** Lines that follow an item without a blank line continue it. After
    a blank run, the next line continues the current item if it starts with a lowercase letter
    and the break is soft (rule 2), or the item ends in a hyphenated word, or the list goes on
    after this block (a sentence does not restart in lowercase); a line that starts with a
    capital continues the item only after a soft break, when the item has not ended its
    sentence and the list goes on after the block. An item deeper indented than the list's
    first item is a sub-item: the model has no nested lists, so it is folded into its parent
    commitment, its marker kept as written. A bullet of the other style at the same depth
    starts a new list. An item that ends up without text (a lone bullet) is dropped.
11. **Wrap-up.** A block that follows a list after a hard break and starts with a lowercase letter
    (it finishes the sentence the lead-in began) is the list's wrap-up; any other block ends the
    list.

Errors: an empty text or one holding only white space is ``ParseError("empty document")``; a
text whose first line cannot be a title is a :class:`ParseError` naming the line
(``where="<source>, line <n>"``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import ParseError
from ..model import (
    Block,
    Commitment,
    CommitmentList,
    Decision,
    ListStyle,
    Paragraph,
    Policy,
    Section,
    assign_positional_ids,
    check_characters,
)
from .decision_text import parse_decision

MAX_TITLE_LENGTH = 200
MAX_HEADING_LENGTH = 80
MAX_HEADING_WORDS = 10
MAX_DECISION_LINE_LENGTH = 300

_BULLET = re.compile(
    r"(?:(?P<symbol>[•●▪■◦‣∙·])\s*"
    r"|(?P<ascii>[*o\-–—])\s+"
    r"|(?P<number>\d{1,3})[.)]\s+)"
    r"(?P<text>.*)"
)
_NUMBERED_HEADING = re.compile(r"(?P<number>\d{1,2}(?:\.\d{1,2})*)\.?\s+(?P<rest>\S.*)")
_SENTENCE_END = (".", "!", "?")
_HEADING_BAD_ENDINGS = (".", ":", ",", ";", "-", "–", "—")
_CONJUNCTIONS = frozenset(
    {"och", "eller", "samt", "som", "respektive", "resp.", "men", "liksom", "till", "and", "or"}
)
_ACTION_SPLIT = re.compile(
    r"[,;]\s*(?=(?:antagen|antagna|reviderad|reviderade|fastställd|fastställda|beslutad|"
    r"beslutade|upphävd|upphävda)\b)",
    re.IGNORECASE,
)


@dataclass
class _Bullet:
    style: ListStyle
    marker: str
    number: int | None
    text: str


@dataclass
class _Line:
    number: int
    text: str
    indent: int
    bullet: _Bullet | None


@dataclass
class _Run:
    """Consecutive non-blank lines and the kind of break before them."""

    lines: list[_Line]
    soft: bool


@dataclass
class _Paragraph:
    lines: list[str]


@dataclass
class _Heading:
    text: str
    depth: int


@dataclass
class _Item:
    # Segments are joined with a space; lines inside a segment with the hyphenation rule.
    segments: list[list[str]]


@dataclass
class _List:
    style: ListStyle
    indent: int
    lead_in: list[str]
    items: list[_Item] = field(default_factory=list)
    wrap_up: list[str] = field(default_factory=list)


_Raw = _Paragraph | _Heading | _List


def parse_text(text: str, *, source: str = "<text>") -> Policy:
    """Parse PDF-extracted text into a policy, following the rules in the module docstring.

    >>> policy = parse_text("Policy\\n\\nOmfattning\\nGäller alla.\\n")
    >>> policy.body[0].heading, policy.body[0].children[0].text
    ('Omfattning', 'Gäller alla.')

    :raises ParseError: if the text is empty or its first line cannot be a title.
    :raises ModelError: if the text holds a character XML cannot carry.
    """
    lines = _split_lines(text, source)
    non_blank = [index for index, line in enumerate(lines) if line.strip()]
    if not non_blank:
        raise ParseError("empty document", source)

    title_index = non_blank[0]
    title_line = _make_line(title_index, lines[title_index])
    where = f"{source}, line {title_line.number}"
    if title_line.bullet is not None:
        raise ParseError("expected a title on the first line, found a list item", where)
    if _decisions_in(title_line.text) is not None:
        raise ParseError("expected a title on the first line, found a decision reference", where)
    if len(title_line.text) > MAX_TITLE_LENGTH:
        raise ParseError(
            f"the first line is too long for a title ({len(title_line.text)} characters, "
            f"at most {MAX_TITLE_LENGTH})",
            where,
        )

    decisions: list[Decision] = []
    body_start = title_index + 1
    for index in non_blank[1:]:
        found = _decisions_in(lines[index].strip())
        if found is None:
            break
        decisions.extend(found)
        body_start = index + 1

    runs = _runs(lines, body_start)
    raw_blocks = _Parser(runs).parse()
    body = assign_positional_ids(_build(raw_blocks))
    return Policy(title=title_line.text, body=body, decisions=tuple(decisions))


# --- lines ---------------------------------------------------------------------------------


def _split_lines(text: str, source: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", " ")
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        check_characters(line, f"{source}, line {number}")
    return [unicodedata.normalize("NFC", line) for line in lines]


def _make_line(index: int, raw: str) -> _Line:
    expanded = raw.expandtabs(4)
    stripped = expanded.strip()
    return _Line(
        number=index + 1,
        text=stripped,
        indent=len(expanded) - len(expanded.lstrip()),
        bullet=_bullet(stripped),
    )


def _bullet(text: str) -> _Bullet | None:
    match = _BULLET.fullmatch(text)
    if match is None:
        return None
    item_text = match.group("text").strip()
    if match.group("number") is not None:
        marker = text[: match.start("text")].strip() if item_text else text
        return _Bullet("number", marker, int(match.group("number")), item_text)
    marker = match.group("symbol") or match.group("ascii")
    return _Bullet("bullet", marker, None, item_text)


def _runs(lines: Sequence[str], start: int) -> list[_Run]:
    """Group the body's lines into runs of non-blank lines; mark soft breaks (rule 2)."""
    body = lines[start:]
    spaced_blanks = any(line != "" and not line.strip() for line in body)
    runs: list[_Run] = []
    current: list[_Line] = []
    gap: list[str] = []
    for index in range(start, len(lines)):
        line = lines[index]
        if line.strip():
            if not current:
                soft = bool(runs) and spaced_blanks and all(blank == "" for blank in gap)
                current = []
                runs.append(_Run(current, soft))
            current.append(_make_line(index, line))
            gap = []
        else:
            if current:
                current = []
            gap.append(line)
    return runs


# --- structure -----------------------------------------------------------------------------


class _Parser:
    """Turn runs of lines into headings, paragraphs and lists (rules 5 to 11)."""

    def __init__(self, runs: list[_Run]) -> None:
        self.runs = runs
        self.blocks: list[_Raw] = []
        self.current: _List | None = None
        lengths = [len(line.text) for run in runs for line in run.lines]
        self.longest = max(lengths, default=0)

    def parse(self) -> list[_Raw]:
        for index in range(len(self.runs)):
            if self.current is not None and self._list_takes(index):
                continue
            self._close_list()
            self._normal(index)
        self._close_list()
        return self.blocks

    # list context -----------------------------------------------------------------------

    def _list_takes(self, index: int) -> bool:
        """Let the open list consume run *index* if it continues it; return whether it did."""
        current = self.current
        assert current is not None
        run = self.runs[index]
        first = run.lines[0]
        if first.bullet is not None and self._fits(first):
            self._item_lines(run.lines)
            return True
        if first.bullet is not None:
            return False
        segment = current.items[-1].segments[-1] if current.items else []
        last_line = segment[-1] if segment else ""
        lower = _starts_lower(first.text)
        goes_on = self._list_goes_on(index)
        hyphenated = _hyphenated(last_line)
        continues_lower = lower and (run.soft or goes_on or hyphenated)
        continues_capital = (
            run.soft
            and goes_on
            and not last_line.endswith(_SENTENCE_END)
            and not self._is_heading(index)
        )
        if continues_lower or continues_capital:
            self._item_lines(run.lines)
            return True
        if lower:
            current.wrap_up = [line.text for line in run.lines]
            self._close_list()
            return True
        return False

    def _fits(self, line: _Line) -> bool:
        """Whether bullet *line* belongs to the open list (as an item or a sub-item)."""
        current = self.current
        assert current is not None and line.bullet is not None
        return line.indent > current.indent or line.bullet.style == current.style

    def _list_goes_on(self, index: int) -> bool:
        if any(line.bullet is not None and self._fits(line) for line in self.runs[index].lines):
            return True
        if index + 1 < len(self.runs):
            following = self.runs[index + 1].lines[0]
            return following.bullet is not None and self._fits(following)
        return False

    def _item_lines(self, lines: Sequence[_Line]) -> None:
        """Add *lines* to the open list: bullets start items, other lines continue them."""
        for line in lines:
            current = self.current
            assert current is not None
            bullet = line.bullet
            if bullet is not None and line.indent > current.indent and current.items:
                segment = f"{bullet.marker} {bullet.text}".strip()
                current.items[-1].segments.append([segment])
            elif bullet is not None and bullet.style == current.style:
                current.items.append(_Item([[bullet.text]] if bullet.text else [[]]))
            elif bullet is not None and _starts_list(bullet):
                self._close_list()
                self._open_list(line, [])
            elif current.items:
                current.items[-1].segments[-1].append(line.text)
            else:  # pragma: no cover - a list always opens with an item
                current.lead_in.append(line.text)

    def _open_list(self, line: _Line, lead_in: list[str]) -> None:
        assert line.bullet is not None
        self.current = _List(line.bullet.style, line.indent, lead_in)
        self._item_lines([line])

    def _close_list(self) -> None:
        current = self.current
        if current is None:
            return
        self.current = None
        for item in current.items:
            item.segments = [segment for segment in item.segments if segment]
        current.items = [item for item in current.items if item.segments]
        if current.items:
            self.blocks.append(current)
            return
        # Only lone bullets: keep the words that are there as paragraphs.
        for lines in (current.lead_in, current.wrap_up):
            if lines:
                self.blocks.append(_Paragraph(lines))

    # outside lists ------------------------------------------------------------------------

    def _normal(self, index: int) -> None:
        run = self.runs[index]
        lines = run.lines
        if self._is_heading(index):
            self.blocks.append(_heading(lines[0].text))
            lines = lines[1:]
            if not lines:
                return
        start = next(
            (
                position
                for position, line in enumerate(lines)
                if line.bullet is not None and _starts_list(line.bullet)
            ),
            None,
        )
        before = lines if start is None else lines[:start]
        split = len(before)
        while split > 0 and not before[split - 1].text.endswith(_SENTENCE_END):
            split -= 1
        if start is None:
            split = len(before)
        paragraph = [line.text for line in before[:split]]
        lead_in = [line.text for line in before[split:]]
        if paragraph:
            previous = self.blocks[-1] if self.blocks else None
            if (
                lines is run.lines
                and isinstance(previous, _Paragraph)
                and _starts_lower(paragraph[0])
                and (run.soft or _hyphenated(previous.lines[-1]))
            ):
                previous.lines.extend(paragraph)
            else:
                self.blocks.append(_Paragraph(paragraph))
        if start is None:
            return
        if not before and self.blocks:
            previous = self.blocks[-1]
            if isinstance(previous, _Paragraph) and previous.lines[-1].endswith(":"):
                self.blocks.pop()
                lead_in = previous.lines
        self._open_list(lines[start], lead_in)
        self._item_lines(lines[start + 1 :])

    def _is_heading(self, index: int) -> bool:
        run = self.runs[index]
        line = run.lines[0]
        text = line.text
        if line.bullet is not None or len(text) > MAX_HEADING_LENGTH:
            return False
        if len(text.split()) > MAX_HEADING_WORDS or text.endswith(_HEADING_BAD_ENDINGS):
            return False
        if self.longest >= 40 and len(text) >= 0.8 * self.longest:
            return False
        numbered = _NUMBERED_HEADING.fullmatch(text)
        start = numbered.group("rest") if numbered else text
        if not start[0].isupper():
            return False
        if len(run.lines) > 1:
            following = run.lines[1]
        elif index + 1 < len(self.runs):
            following = self.runs[index + 1].lines[0]
        else:
            return False
        return following.bullet is None and not _starts_lower(following.text)


def _starts_list(bullet: _Bullet) -> bool:
    return bullet.style == "bullet" or bullet.number == 1


def _heading(text: str) -> _Heading:
    numbered = _NUMBERED_HEADING.fullmatch(text)
    if numbered is None:
        return _Heading(text, 1)
    return _Heading(text, numbered.group("number").count(".") + 1)


def _starts_lower(text: str) -> bool:
    return bool(text) and text[0].isalpha() and text[0].islower()


# --- hyphenation ---------------------------------------------------------------------------


def join_lines(lines: Sequence[str]) -> str:
    """Join the lines of one block with spaces, undoing hyphenation (rule 7).

    >>> join_lines(["kommunal verk-", "samhet och utvecklings-", "och förbättringsarbete"])
    'kommunal verksamhet och utvecklings- och förbättringsarbete'
    """
    parts: list[str] = []
    tail = ""  # the last characters joined so far, enough to judge a hyphen
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not parts:
            parts.append(line)
        elif not _hyphenated(tail) or not _starts_lower(line) or _first_word(line) in _CONJUNCTIONS:
            parts.extend((" ", line))  # no broken word, or a compound ellipsis: "X- och Y"
        elif tail[-2].isupper() or len(tail) < 3 or not tail[-3].isalpha():
            parts.append(line)
        else:
            parts[-1] = parts[-1][:-1]
            parts.append(line)
        tail = _tail(parts)
    return "".join(parts)


def _tail(parts: list[str]) -> str:
    """The last three characters of ``"".join(parts)``, without joining it all."""
    text = ""
    for part in reversed(parts):
        text = part + text
        if len(text) >= 3:
            break
    return text[-3:]


def _first_word(line: str) -> str:
    word = line.split()[0].lower()
    return word if word in _CONJUNCTIONS else word.rstrip(",.;:")


def _hyphenated(text: str) -> bool:
    """Whether *text* ends in a hyphen directly after a letter (``verk-``)."""
    return len(text) >= 2 and text[-1] == "-" and text[-2].isalpha()


# --- decisions -----------------------------------------------------------------------------


def _decisions_in(line: str) -> tuple[Decision, ...] | None:
    """The decisions a header line holds, or ``None`` if it is not a decision line."""
    text = line.strip()
    if not text or len(text) > MAX_DECISION_LINE_LENGTH:
        return None
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    for parts in ([text], [part for part in _ACTION_SPLIT.split(text)], text.split(";")):
        parts = [part.strip() for part in parts if part.strip()]
        if not parts:
            continue
        found = [_decision(part) for part in parts]
        if all(decision is not None for decision in found):
            return tuple(decision for decision in found if decision is not None)
    return None


def _decision(text: str) -> Decision | None:
    """The decision *text* names, if it names one with an action or a known organ.

    The parser accepts free-text organs, so a header line such as ``Gäller från 2020-01-01``
    would read as a decision by an organ called "Gäller från"; such a line stays text.
    """
    try:
        decision = parse_decision(text)
    except ValueError:  # DecisionError, and any slip of a parser on text that is not a decision
        return None
    if decision.action is None and not decision.organ.is_known:
        return None
    return decision


# --- model ---------------------------------------------------------------------------------


def _build(raw_blocks: list[_Raw]) -> list[Block]:
    """Make model blocks, nesting sections by heading depth."""
    body: list[Block] = []
    stack: list[tuple[int, str, list[Block]]] = []

    def close_to(depth: int) -> None:
        while stack and stack[-1][0] >= depth:
            _depth, heading, children = stack.pop()
            target = stack[-1][2] if stack else body
            target.append(Section(heading, children))

    for raw in raw_blocks:
        if isinstance(raw, _Heading):
            close_to(raw.depth)
            stack.append((raw.depth, raw.text, []))
            continue
        target = stack[-1][2] if stack else body
        if isinstance(raw, _Paragraph):
            target.append(Paragraph(join_lines(raw.lines)))
        else:
            items = [
                Commitment(" ".join(join_lines(segment) for segment in item.segments))
                for item in raw.items
            ]
            target.append(
                CommitmentList(
                    items,
                    lead_in=join_lines(raw.lead_in) or None,
                    wrap_up=join_lines(raw.wrap_up) or None,
                    style=raw.style,
                )
            )
    close_to(0)
    return body
