"""Import plain text as extracted from a PDF (``pdftotext`` and the like).

PDF extraction loses the structure a reader sees; these rules recover it. They are tuned on the
seed document (``corpus/soderhamn/ledar-och-medarbetarpolicy.txt``) and on the conventions of
statutes and arbetsordningar (:mod:`policyversions.importers.grammar`), and are deliberately
conservative: where a rule cannot decide, the text is kept as it was rather than guessed at, so
that an import never loses a word.

Rules, in the order they apply:

1. **Lines.** Line ends ``\\r\\n`` and ``\\r`` count as ``\\n``; a form feed (page break) counts as
   a space; text is put in Unicode NFC. Trailing spaces are ignored. A line holding nothing
   or only white space is *blank*. Blank lines separate paragraphs; a run of consecutive blank
   lines is one separator. A character XML cannot carry is a
   :class:`~policyversions.errors.ParseError` naming its line and column (a lenient import
   removes it).
2. **Hard and soft breaks.** In a document that separates paragraphs with lines holding only
   spaces (as the seed does), a run of blank lines that are all truly *empty* is a *soft* break:
   an artefact of the extraction inside a sentence. A soft break followed by a line that starts
   with a lowercase letter does not end the paragraph or list item: the line continues it.
   Every other blank run is a *hard* break.
3. **Title.** The first non-blank line is the title. It must not be a list item or a decision
   reference and must be at most 200 characters long, otherwise :class:`ParseError`.
4. **Decisions.** The non-blank lines directly after the title (blank lines between them
   allowed) that read as decisions are the policy's decisions: ``(Reviderad KF 2007-06-18 §
   118)`` in parentheses or without; one line may hold several (see
   :func:`~policyversions.importers.grammar.decision_history`). The first line that does not
   read so starts the body (and is kept as text). In the body, a block (or the last lines of
   one, from a line that starts with an action word) that is only a decision history whose
   every decision names its action is taken out of the text too: the common closing form
   ``Antagen av kommunfullmäktige den 12 maj 1992, § 41. Senast ändrad av kommunfullmäktige den
   19 februari 2018, § 9 (Dnr KS 2017/388).`` gives two decisions. The policy's decisions are
   all of these, each once, oldest first.
5. **Provisions.** A line that starts with a provision number (``§ 1``, ``1 §``, ``8 d §``,
   ``1 kap.``; see :func:`~policyversions.importers.grammar.provision_line`), alone or followed
   by text that starts with a capital letter, starts a numbered provision when it starts a
   block or follows a line that ends a sentence. What follows the number on its line is the
   provision's heading if it is short and heading-like (as in rule 6) and the next line does
   not continue it in lowercase; otherwise it is the provision's first text. A provision holds
   what follows until the next provision or heading; a chapter (``1 kap.``) holds headings
   and provisions.
6. **Headings.** A line is a heading when it starts a block (it follows a blank line or starts
   the body), is short (at most 80 characters and 10 words, and shorter than 80 % of the
   longest line when that is 40 characters or more, so that a wrapped line of prose is not
   taken for one), starts with a capital letter (or with a section number such as ``2`` or
   ``2.1`` followed by a capital), does not end in ``.``, ``:``, ``,``, ``;`` or a dash, and is
   followed by text: the next non-blank line exists, is not a list item (then the line is a
   lead-in) and does not start with a lowercase letter (then it continues a sentence). Dashes
   in headings are kept as written (``Ledarskap – värdegrund``, ``Ledaruppdraget - åtagandet``).
   A numbered heading keeps its number apart (``2.1 Syfte``: number ``2.1``, heading ``Syfte``)
   and nests under the heading of one number fewer (``2``); other headings are top-level
   sections (or sections of the chapter they are in). Text before the first heading is the
   body's own.
7. **Paragraphs.** The lines of a block are joined with single spaces (doubled spaces collapse,
   the model does this), except across a hyphenated line break (rule 8).
8. **Hyphenation.** A line ending in a hyphen directly after a letter, followed by a line that
   starts with a lowercase letter, is a word broken across lines and is joined without the
   hyphen (``verk-`` / ``samhet`` → ``verksamhet``), except that
   a) if the next word is a conjunction (``och``, ``eller``, ``samt``, ``som``, ``respektive``,
      ``resp.``, ``men``, ``liksom``, ``till``, ``and``, ``or``) the hyphen is the Swedish
      compound ellipsis and stays, with its space: ``utvecklings- och förbättringsarbete``;
   b) if the letter before the hyphen is a capital or the broken word is a single letter, the
      hyphen belongs to the word and is kept without a space (``IT-`` / ``stöd`` → ``IT-stöd``,
      ``e-`` / ``post`` → ``e-post``).
   A hyphen inside a line is never touched (``Ledar- och medarbetarpolicy``).
9. **Points.** A line that starts with a point label (see
   :func:`~policyversions.importers.grammar.split_point`: ``1.``, ``2)``, ``(3)``, ``a)``,
   ``ii)``, or a bullet ``•`` ``–`` ``-`` ``*`` ``o`` …) is a point; it keeps its label exactly as
   written, except a bullet, which the list's style records. A symbol bullet may stand alone on its
   line (its text follows). A point
   * continues an open list if its label is the next in that list's sequence (``b)`` after
     ``a)``, ``5.`` after ``4.``; the innermost such list, among those not deeper indented than
     the line), popping the lists inside it;
   * else starts a list nested under the last point of the innermost list if it is the first of
     a sequence (``1.``, ``a)``, ``i)``) or a bullet, and it is deeper indented than that list,
     or of another kind and the last point does not end its sentence (``4. destillationen ska
     innebära att`` / ``a) …``; for a bullet under a bullet: the last point ends in ``:``);
   * else continues an open list of its kind with a gap (``7.`` after ``4.``: a consolidated
     statute omits repealed points), or, for a bullet, any open bullet list;
   * else, if it is the first of a sequence or a bullet, starts a new list (closing the open
     ones); otherwise (``3. Där står det.`` outside a list) it is text.
   A list's style is ``bullet`` for bullets, ``number`` for the rest. Nesting deeper than
   :data:`~policyversions.model.MAX_DEPTH` levels is a :class:`ParseError`.
10. **Lead-in.** The lines of a block that come just before the first point, after the last line
    of the block that ends a sentence (``.``, ``!``, ``?``), are the list's lead-in
    (``Kommunen vill att du som ledare``; it may be indented); the lines before them are a
    paragraph of their own. If the point starts a block, a paragraph ending in ``:`` just before
    it is the lead-in. Otherwise the list has no lead-in.
11. **Points and continuations.** Lines that follow a point without a blank line continue it.
    After a blank run, the next line continues the current point if it starts with a lowercase
    letter and the break is soft (rule 2), or the point ends in a hyphenated word, or the list
    goes on after this block (a sentence does not restart in lowercase); a line that starts
    with a capital continues the point only after a soft break, when the point has not ended
    its sentence and the list goes on after the block. A lone bullet that gets no text keeps
    its bullet as its text.
12. **Wrap-up.** A block that follows a list after a hard break and starts with a lowercase
    letter (it finishes the sentence the lead-in began) is the wrap-up of the innermost open
    list; any other block ends the lists.

Layout hints: an importer that knows from the layout which lines are headings (the PDF
importer, from font size and weight) passes ``headings``, line number → level. Then those lines,
and only those, are headings (rule 6's guesses are off), each of its level as its rank (a
numbered one keeps its number apart, as in rule 6); a hinted line also ends any open list.
Every other rule applies as written.

Errors: an empty text or one holding only white space is ``ParseError("empty document")``; a
text whose first line cannot be a title is a :class:`ParseError` naming the line
(``where="<source>, line <n>"``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from ..errors import ParseError
from ..model import (
    MAX_DEPTH,
    Decision,
    Policy,
    assign_positional_ids,
)
from .grammar import (
    chronological,
    continues,
    decision_history,
    follows,
    is_bullet,
    is_first,
    provision_line,
    same_scheme,
    split_point,
    split_provision,
    starts_with_action,
)
from .limits import check_size
from .repairs import Repairs, clean_characters
from .textblocks import (
    BlockBuilder,
    RawBlock,
    RawHeading,
    RawItem,
    RawList,
    RawParagraph,
    ends_in_hyphen,
    join_lines,
    starts_lower,
)

MAX_TITLE_LENGTH: Final = 200
MAX_HEADING_LENGTH: Final = 80
MAX_HEADING_WORDS: Final = 10

_SYMBOL_BULLET = re.compile("[•●▪■◦‣∙·]")
_NUMBERED_HEADING = re.compile(r"(?P<number>\d{1,2}(?:\.\d{1,2})*)\.?\s+(?P<rest>\S.*)")
_SENTENCE_END: Final = (".", "!", "?")
_HEADING_BAD_ENDINGS: Final = (".", ":", ",", ";", "-", "–", "—")
_CHAPTER_RANK: Final = 0
_PROVISION_RANK: Final = 100


@dataclass
class _Line:
    number: int
    text: str
    indent: int
    point: tuple[str, str] | None  # (label, text); the text may be empty after a lone bullet


@dataclass
class _Run:
    """Consecutive non-blank lines and the kind of break before them."""

    lines: list[_Line]
    soft: bool




def parse_text(
    text: str,
    *,
    source: str = "<text>",
    lenient: bool = False,
    headings: Mapping[int, int] | None = None,
) -> Policy:
    """Parse PDF-extracted text into a policy, following the rules in the module docstring.

    With ``lenient=True`` control characters are removed and each removal is reported as a
    :class:`~policyversions.errors.RepairWarning`.

    >>> policy = parse_text("Stadga\\n\\n§ 1 Ändamål\\nNämnden ska a) pröva, b) besluta.\\n")
    >>> section = policy.body[0]
    >>> section.number, section.heading, section.children[0].text
    ('§ 1', 'Ändamål', 'Nämnden ska a) pröva, b) besluta.')

    *headings* maps line numbers (1 for the first line) to heading levels when the layout
    says which lines are headings (see "Layout hints" in the module docstring).

    :raises ParseError: if the text is empty, its first line cannot be a title, or it holds a
        character XML cannot carry (strict only).
    """
    repairs = Repairs(source, lenient)
    try:
        return _parse(text, repairs, headings)
    finally:
        repairs.emit()


def _parse(text: str, repairs: Repairs, headings: Mapping[int, int] | None = None) -> Policy:
    source = repairs.source
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}", source)
    check_size(text, source)
    lines = _split_lines(text, repairs)
    non_blank = [index for index, line in enumerate(lines) if line.strip()]
    if not non_blank:
        raise ParseError("empty document", source)

    title_index = non_blank[0]
    title_line = _make_line(title_index, lines[title_index])
    where = repairs.where(title_line.number)
    if title_line.point is not None:
        raise ParseError("expected a title on the first line, found a list item", where)
    if decision_history(title_line.text, require_action=False) is not None:
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
        found = decision_history(lines[index].strip(), require_action=False)
        if found is None:
            break
        decisions.extend(found)
        body_start = index + 1

    runs = _split_at_provisions(_take_decisions(_runs(lines, body_start), decisions))
    raw_blocks = _Parser(runs, repairs, headings).parse()
    body = assign_positional_ids(BlockBuilder(repairs).build(raw_blocks))
    return Policy(title=title_line.text, body=body, decisions=chronological(decisions))


# --- lines ---------------------------------------------------------------------------------


def _split_lines(text: str, repairs: Repairs) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", " ")
    text = clean_characters(text, repairs)
    return [unicodedata.normalize("NFC", line) for line in text.split("\n")]


def _point(text: str) -> tuple[str, str] | None:
    if len(text) == 1 and _SYMBOL_BULLET.fullmatch(text):
        return text, ""
    return split_point(text)


def _make_line(index: int, raw: str) -> _Line:
    expanded = raw.expandtabs(4)
    stripped = expanded.strip()
    return _Line(
        number=index + 1,
        text=stripped,
        indent=len(expanded) - len(expanded.lstrip()),
        point=_point(stripped),
    )


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


def _take_decisions(runs: list[_Run], decisions: list[Decision]) -> list[_Run]:
    """Take decision histories out of the body (rule 4): whole runs, or the last lines of a
    run from a line that starts with an action word after a line that ends a sentence."""
    kept: list[_Run] = []
    for run in runs:
        lines = run.lines
        for start, line in enumerate(lines):
            if not starts_with_action(line.text):
                continue
            if start and not lines[start - 1].text.endswith((*_SENTENCE_END, ")")):
                continue
            found = decision_history(join_lines([line.text for line in lines[start:]]))
            if found is not None:
                decisions.extend(found)
                lines = lines[:start]
                break
        if lines:
            kept.append(_Run(lines, run.soft))
    return kept


def _split_at_provisions(runs: list[_Run]) -> list[_Run]:
    """Start a new run at each provision line inside a run that follows a finished sentence."""
    result: list[_Run] = []
    for run in runs:
        start = 0
        for position in range(1, len(run.lines)):
            line = run.lines[position]
            if provision_line(line.text) is None or line.point is not None:
                continue
            if not run.lines[position - 1].text.endswith((*_SENTENCE_END, ":")):
                continue
            result.append(_Run(run.lines[start:position], run.soft if start == 0 else False))
            start = position
        result.append(_Run(run.lines[start:], run.soft if start == 0 else False))
    return result


# --- structure -----------------------------------------------------------------------------


class _Parser:
    """Turn runs of lines into headings, paragraphs and lists (rules 5 to 12)."""

    def __init__(
        self, runs: list[_Run], repairs: Repairs, hints: Mapping[int, int] | None = None
    ) -> None:
        self.runs = runs
        self.repairs = repairs
        self.hints = hints
        self.blocks: list[RawBlock] = []
        self.stack: list[RawList] = []  # the open lists, outermost first
        lengths = [len(line.text) for run in runs for line in run.lines]
        self.longest = max(lengths, default=0)

    def parse(self) -> list[RawBlock]:
        for index in range(len(self.runs)):
            hinted = self.hints is not None and self.runs[index].lines[0].number in self.hints
            if self.stack and not hinted and self._list_takes(index):
                continue
            self._close_lists()
            self._normal(index)
        self._close_lists()
        return self.blocks

    # lists ------------------------------------------------------------------------------

    def _placement(self, line: _Line) -> tuple[str, int] | None:
        """Where point *line* goes among the open lists: ``("item", depth)`` appends it to the
        list at *depth* (popping those inside), ``("nest", depth)`` opens a list under that
        list's last point; ``None`` if it does not belong to the open lists (rule 9)."""
        assert line.point is not None
        label = line.point[0]
        innermost = self.stack[-1]
        point = innermost.items[-1]
        starts = is_first(label) or is_bullet(label)
        if (
            starts
            and line.indent > innermost.indent + 1
            and (is_bullet(label) or not follows(point.label, label))
        ):
            return "nest", len(self.stack) - 1  # deeper indented: under the last point
        allowed = [
            depth
            for depth in range(len(self.stack) - 1, -1, -1)
            if depth == 0 or line.indent + 2 >= self.stack[depth].indent
        ]
        for depth in allowed:
            current = self.stack[depth]
            last = current.items[-1].label
            if follows(last, label) or (is_bullet(label) and label == current.label):
                return "item", depth
        if starts and not same_scheme(label, innermost.label) and self._open(point, label):
            return "nest", len(self.stack) - 1
        for depth in allowed:
            current = self.stack[depth]
            last = current.items[-1].label
            if continues(last, label) or (is_bullet(label) and is_bullet(current.label)):
                return "item", depth
        return None

    @staticmethod
    def _open(point: RawItem, label: str) -> bool:
        """Whether *point* leaves its sentence open for a list of *label*'s kind under it."""
        text = point.segments[-1][-1] if point.segments and point.segments[-1] else ""
        if is_bullet(label) and is_bullet(point.label):
            return text.endswith(":")
        return bool(text) and not text.endswith(_SENTENCE_END)

    def _add_point(self, line: _Line, placement: tuple[str, int]) -> None:
        assert line.point is not None
        label, text = line.point
        item = RawItem(label, [[text]] if text else [[]])
        kind, depth = placement
        if kind == "item":
            del self.stack[depth + 1 :]
            self.stack[depth].items.append(item)
            return
        if len(self.stack) >= MAX_DEPTH:
            raise ParseError(
                f"points nest deeper than {MAX_DEPTH} levels", self.repairs.where(line.number)
            )
        nested = RawList(label, line.indent, [], [item])
        self.stack[depth].items[-1].sublist = nested
        self.stack.append(nested)

    def _list_takes(self, index: int) -> bool:
        """Let the open lists consume run *index* if it continues them; return whether they did."""
        run = self.runs[index]
        first = run.lines[0]
        if first.point is not None:
            placement = self._placement(first)
            if placement is None:
                return False
            self._add_point(first, placement)
            self._item_lines(run.lines[1:])
            return True
        if provision_line(first.text) is not None:
            return False
        current = self.stack[-1]
        segment = self._tail()
        last_line = segment[-1] if segment else ""
        lower = starts_lower(first.text)
        goes_on = self._list_goes_on(index)
        hyphenated = ends_in_hyphen(last_line)
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
            if len(self.stack) > 1:
                self.stack.pop()
            else:
                self._close_lists()
            return True
        return False

    def _list_goes_on(self, index: int) -> bool:
        if any(
            line.point is not None and self._placement(line) is not None
            for line in self.runs[index].lines
        ):
            return True
        if index + 1 < len(self.runs):
            following = self.runs[index + 1].lines[0]
            return following.point is not None and self._placement(following) is not None
        return False

    def _item_lines(self, lines: Sequence[_Line]) -> None:
        """Add *lines* to the open lists: points start points, other lines continue them."""
        for line in lines:
            placement = self._placement(line) if line.point is not None else None
            if placement is not None:
                self._add_point(line, placement)
            elif line.point is not None and _starts_list(line.point[0]):
                self._close_lists()
                self._open_list(line, [])
            else:
                self._tail().append(line.text)

    def _tail(self) -> list[str]:
        """The lines a continuation line joins: the last point's, or the wrap-up of the list
        under it (which a wrap-up has closed), so that text stays in reading order."""
        point = self.stack[-1].items[-1]
        while point.sublist is not None and point.sublist.items:
            if point.sublist.wrap_up:
                return point.sublist.wrap_up
            point = point.sublist.items[-1]
        return point.segments[-1]

    def _open_list(self, line: _Line, lead_in: list[str]) -> None:
        assert line.point is not None
        label, text = line.point
        self.stack = [
            RawList(label, line.indent, lead_in, [RawItem(label, [[text]] if text else [[]])])
        ]

    def _close_lists(self) -> None:
        if self.stack:
            self.blocks.append(self.stack[0])
            self.stack = []

    # outside lists ------------------------------------------------------------------------

    def _normal(self, index: int) -> None:
        run = self.runs[index]
        lines = run.lines
        if self._is_heading(index) and provision_line(lines[0].text) is None:
            rank = self.hints.get(lines[0].number) if self.hints is not None else None
            self.blocks.append(_heading(lines[0].text, lines[0].number, rank))
            lines = lines[1:]
        provision = provision_line(lines[0].text) if lines and lines[0].point is None else None
        if provision is not None:
            lines = self._provision(provision, lines)
        if not lines:
            return
        start = next(
            (
                position
                for position, line in enumerate(lines)
                if line.point is not None and _starts_list(line.point[0])
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
                and isinstance(previous, RawParagraph)
                and starts_lower(paragraph[0])
                and (run.soft or ends_in_hyphen(previous.lines[-1]))
            ):
                previous.lines.extend(paragraph)
            else:
                self.blocks.append(RawParagraph(paragraph))
        if start is None:
            return
        if not before and self.blocks:
            previous = self.blocks[-1]
            if isinstance(previous, RawParagraph) and previous.lines[-1].endswith(":"):
                self.blocks.pop()
                lead_in = previous.lines
        self._open_list(lines[start], lead_in)
        self._item_lines(lines[start + 1 :])

    def _provision(self, provision: tuple[str, str | None], lines: list[_Line]) -> list[_Line]:
        """Add the provision heading that starts *lines*; return the lines of its text."""
        number, rest = provision
        first = lines[0]
        rank = _CHAPTER_RANK if "kap." in number and "§" not in number else _PROVISION_RANK
        following = lines[1] if len(lines) > 1 else None
        heading_like = (
            rest is not None
            and len(rest) <= MAX_HEADING_LENGTH
            and len(rest.split()) <= MAX_HEADING_WORDS
            and not rest.endswith(_HEADING_BAD_ENDINGS)
            and not (following is not None and starts_lower(following.text))
        )
        self.blocks.append(RawHeading(number, rest if heading_like else None, rank, first.number))
        if rest is None or heading_like:
            return lines[1:]
        text_line = _Line(first.number, rest, first.indent, None)
        return [text_line, *lines[1:]]

    def _is_heading(self, index: int) -> bool:
        run = self.runs[index]
        line = run.lines[0]
        if self.hints is not None:
            return line.number in self.hints
        text = line.text
        if line.point is not None or len(text) > MAX_HEADING_LENGTH:
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
        return following.point is None and not starts_lower(following.text)


def _starts_list(label: str) -> bool:
    return is_bullet(label) or is_first(label)


def _heading(text: str, line: int, rank: int | None = None) -> RawHeading:
    numbered = _NUMBERED_HEADING.fullmatch(text)
    number, heading = split_provision(text)
    if numbered is None or number is None:
        return RawHeading(None, text, rank or 1, line)
    return RawHeading(number, heading, rank or numbered.group("number").count(".") + 1, line)


