"""Words in and words out: an independent count of the words of a source (regular expressions,
deliberately not the importers' code) and of the tree an importer made of it.

A word is a run of non-space characters. Markup is not a word: Markdown's bullets (``-``,
``*``, ``+``), heading ``#``, quote ``>``, emphasis, code ticks, table pipes and delimiter rows,
link targets and reference definitions, HTML comments and ``<br>``. Everything else is: the
labels of ordered points (``4.``, ``a)``), provision numbers (``1 §``), table cells. Bullets
are markup in text too (``•``, ``–`` at the start of a line): the list's style records them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from policyversions.model import (
    Cell,
    Commitment,
    CommitmentList,
    Paragraph,
    Policy,
    Row,
    Section,
    Table,
)

_SYMBOL_BULLETS = "•●▪■◦‣∙·"


def strip_front_matter(text: str) -> str:
    """*text* without a leading ``---`` or ``+++`` front matter block."""
    match = re.match(r"(---|\+\+\+)\n.*?^(?:\1|\.\.\.)[ \t]*$\n?", text, re.MULTILINE | re.DOTALL)
    return text[match.end() :] if match else text


def markdown_words(text: str) -> list[str]:
    """The words of a Markdown document's body (front matter left out), markup removed."""
    text = strip_front_matter(text.replace("\r\n", "\n"))
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.DOTALL)
    definition = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*\S+(?:[ \t]+\"[^\"]*\")?[ \t]*$", re.M)
    defined = {label.casefold() for label in definition.findall(text)}
    text = definition.sub("", text)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", text)
    text = re.sub(
        r"\[([^\]]*)\]",
        lambda match: match.group(1) if match.group(1).casefold() in defined else match.group(0),
        text,
    )
    text = re.sub(r"<((?:https?|mailto):[^>\s]+|[^>\s@]+@[^>\s]+)>", r"\1", text)
    text = re.sub(r"<\s*/?\s*br\s*/?\s*>", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"^[ \t>]*(?:[*+-][ \t]+)+", "", text, flags=re.MULTILINE)  # quotes, bullets
    text = re.sub(r"^[ \t>]*#{1,6}(?=[ \t]|$)", "", text, flags=re.MULTILINE)
    text = re.sub(r"[ \t]#+[ \t]*$", "", text, flags=re.MULTILINE)  # closing hashes
    text = re.sub(r"^[ \t>]*>[ \t]?", "", text, flags=re.MULTILINE)
    text = text.replace("\\|", "\x00").replace("|", " ").replace("\x00", "|")
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
    text = text.replace("*", "").replace("`", "")
    text = re.sub(r"(?<!\w)_+|_+(?!\w)", "", text)
    return [word for word in text.split() if not re.fullmatch(r"[-:=]+", word)]


def text_words(text: str) -> list[str]:
    """The words of PDF-extracted text. A bullet that starts a line is markup, as in Markdown
    (the list's style records it), also when it touches the next word (``•är``)."""
    bullet = rf"^(\s*)(?:[{_SYMBOL_BULLETS}]|[-–—*o](?=[^\S\n]+\S))"
    text = re.sub(bullet, r"\1 ", text.replace("\f", " "), flags=re.M)
    return text.split()


def tree_words(policy: Policy, *, title: bool = True) -> list[str]:
    """The words of *policy*'s title (if *title*) and body in document order: numbers and
    headings, lead-ins, labels and texts of points, wrap-ups, cells."""
    words = policy.title.split() if title else []
    for node in policy.walk():
        words.extend(node_words(node))
    return words


def node_words(node: object, lone_bullet: str | None = None) -> list[str]:
    """The words *node* holds itself (not those of its children). A point whose whole text is
    one bullet gives no word, or *lone_bullet* if given: it may be the bullet of a point that
    says nothing (markup) or a bullet the point says (``- •``); the tree cannot tell."""
    if isinstance(node, Section):
        return node.title.split()
    if isinstance(node, Paragraph | Cell):
        return node.text.split()
    if isinstance(node, Commitment):
        if re.fullmatch(f"[{_SYMBOL_BULLETS}]", node.text):
            return [] if lone_bullet is None else [lone_bullet]
        return [*(node.label or "").split(), *node.text.split()]
    if isinstance(node, CommitmentList):
        return (node.lead_in or "").split()
    if isinstance(node, Table):
        return (node.caption or "").split()
    if isinstance(node, Row):
        return []
    raise TypeError(type(node).__name__)


def list_wrap_ups(policy: Policy) -> list[str]:
    """The words of every wrap-up (they come after their list's points in reading order)."""
    return [
        word
        for node in policy.walk()
        if isinstance(node, CommitmentList)
        for word in (node.wrap_up or "").split()
    ]


def reading_words(
    policy: Policy, *, title: bool = True, lone_bullet: str | None = None
) -> list[str]:
    """The words of *policy* in reading order: like :func:`tree_words`, with each wrap-up after
    its list's points (and their sublists)."""
    words = policy.title.split() if title else []

    def blocks(nodes: Iterable[object]) -> None:
        for node in nodes:
            if isinstance(node, Section):
                words.extend(node.title.split())
                blocks(node.children)
            elif isinstance(node, CommitmentList):
                words.extend((node.lead_in or "").split())
                for point in node.items:
                    words.extend(node_words(point, lone_bullet))
                    if point.sublist is not None:
                        blocks([point.sublist])
                words.extend((node.wrap_up or "").split())
            elif isinstance(node, Table):
                words.extend((node.caption or "").split())
                for row in node.rows:
                    for cell in row.cells:
                        words.extend(cell.text.split())
            elif isinstance(node, Paragraph):
                words.extend(node.text.split())

    blocks(policy.body)
    return words


def fidelity(source: list[str], tree: list[str]) -> float:
    """The share of *source*'s words (counted with repeats) that *tree* holds."""
    if not source:
        return 1.0
    kept = Counter(source) & Counter(tree)
    return sum(kept.values()) / len(source)
