"""A diff's :class:`~policyversions.compare.summary.Summary` read out in plain language.

:func:`render_summary` writes one sentence per kind of node that changed, commitments first,
e.g. ``3 åtaganden har lagts till, 1 har strukits, 2 har omformulerats, varav 1 försvagats
(ska → bör).`` / ``3 commitments were added, 1 was removed, 2 were reworded, of which 1 was
weakened (shall → should).`` Every word comes from :mod:`policyversions.render.words`.
"""

from __future__ import annotations

from ..compare.changes import Change
from ..compare.summary import ACTIONS, Summary
from .words import Words, words_for

_NODE_ORDER = ("commitment", "paragraph", "list", "section", "row", "cell", "table")


def render_summary(summary: Summary, lang: str = "sv") -> str:
    """Return a short plain-language paragraph about *summary* in *lang* (``sv`` or ``en``)."""
    texts = words_for(lang)
    if summary.total == 0:
        return texts.summary["none"]
    sentences = [texts.summary[kind] for kind in summary.policy_kinds]
    for node in _NODE_ORDER:
        parts: list[str] = []
        for action in ACTIONS:
            count = summary.action_count(node, action)
            if count:
                parts.append(_part(texts, summary, node, action, count, first=not parts))
        if parts:
            sentence = ", ".join(parts) + _strength(texts, summary, node)
            sentences.append(sentence[0].upper() + sentence[1:] + ".")
    told = (("points_weakened", summary.weakened), ("points_strengthened", summary.strengthened))
    for key, changes in told:
        for change in changes:
            strength = change.strength
            if strength is not None and strength.new_points:
                sentences.append(_counted(texts, key, strength.new_points, words=strength.words))
    editorial = dict(summary.by_class).get("editorial", 0)
    if editorial == summary.total:
        sentences.append(texts.summary["all_editorial"])
    elif editorial:
        sentences.append(_counted(texts, "editorial", editorial))
    return " ".join(sentences)


def _counted(texts: Words, key: str, count: int, **fields: str) -> str:
    template = texts.summary[f"{key}_{'one' if count == 1 else 'many'}"]
    return template.format(count=count, **fields)


def _part(texts: Words, summary: Summary, node: str, action: str, count: int, first: bool) -> str:
    singular, plural = texts.nouns[node]
    noun = singular if count == 1 else plural
    return _counted(texts, "first" if first else "next", count, noun=noun, verb=texts.verbs[action])


def _strength(texts: Words, summary: Summary, node: str) -> str:
    """``, varav 1 försvagats (ska → bör)``: the changes of strength among *node*'s changes
    (a lead-in's own change of strength is told with the points it touches)."""
    pieces = []
    for key, changes in (("weakened", summary.weakened), ("strengthened", summary.strengthened)):
        found = [
            _words(change)
            for change in changes
            if change.node == node and change.strength and not change.strength.new_points
        ]
        if found:
            pieces.append(_counted(texts, key, len(found), words=", ".join(dict.fromkeys(found))))
    if not pieces:
        return ""
    return texts.summary["of_which"] + texts.summary["and"].join(pieces)


def _words(change: Change) -> str:
    assert change.strength is not None
    return change.strength.words
