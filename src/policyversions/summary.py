"""A plain-language summary of a diff: counts by kind, node and class, and a short paragraph.

:meth:`Summary.text` writes one sentence per kind of node that changed, commitments first, e.g.
``3 åtaganden har lagts till, 1 har strukits, 2 har omformulerats, varav 1 försvagats
(ska → bör).`` / ``3 commitments were added, 1 was removed, 2 were reworded, of which 1 was
weakened (shall → should).`` A move that also reworded counts as moved and as reworded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import attrs

from .changes import Change

_NODE_ORDER = ("commitment", "paragraph", "list", "section")
_NOUNS = {
    "sv": {
        "commitment": ("åtagande", "åtaganden"),
        "paragraph": ("stycke", "stycken"),
        "list": ("lista", "listor"),
        "section": ("avsnitt", "avsnitt"),
    },
    "en": {
        "commitment": ("commitment", "commitments"),
        "paragraph": ("paragraph", "paragraphs"),
        "list": ("list", "lists"),
        "section": ("section", "sections"),
    },
}
_VERBS = {
    "sv": {
        "added": "lagts till",
        "removed": "strukits",
        "reworded": "omformulerats",
        "moved": "flyttats",
        "split": "delats upp",
        "merged": "slagits samman",
        "renamed": "fått ny rubrik",
        "lead_in": "fått ny inledning eller avslutning",
        "style": "fått ny punktstil",
    },
    "en": {
        "added": "added",
        "removed": "removed",
        "reworded": "reworded",
        "moved": "moved",
        "split": "split",
        "merged": "merged",
        "renamed": "renamed",
        "lead_in": "given a new lead-in or wrap-up",
        "style": "given a new list style",
    },
}
_ACTION_ORDER = (
    "added",
    "removed",
    "moved",
    "split",
    "merged",
    "renamed",
    "lead_in",
    "style",
    "reworded",  # last, so that "of which ... weakened" ends the sentence
)
_POLICY_TEXTS = {
    "sv": {
        "title_changed": "Titeln har ändrats.",
        "metadata_changed": "Uppgifterna om dokumentet har ändrats.",
        "decisions_changed": "Besluten har ändrats.",
        "none": "Inga ändringar.",
        "editorial": "{n} av ändringarna är enbart redaktionell{verb}.",
        "all_editorial": "Alla ändringar är enbart redaktionella.",
    },
    "en": {
        "title_changed": "The title was changed.",
        "metadata_changed": "The document's metadata was changed.",
        "decisions_changed": "The decisions were changed.",
        "none": "No changes.",
        "editorial": "{n} of the changes {verb} editorial only.",
        "all_editorial": "All changes are editorial only.",
    },
}


@attrs.frozen
class Summary:
    """Counts of a diff's changes.

    ``by_kind`` counts changes by their kind, ``by_class`` by ``editorial``/``substantive``,
    ``actions`` by ``(node, action)`` where the action is one of ``added``, ``removed``,
    ``reworded``, ``moved``, ``split``, ``merged``, ``renamed``, ``lead_in``, ``style``.
    ``weakened`` and ``strengthened`` list the words of each change of strength (``ska → bör``).
    """

    by_kind: tuple[tuple[str, int], ...]
    by_class: tuple[tuple[str, int], ...]
    actions: tuple[tuple[tuple[str, str], int], ...]
    weakened: tuple[tuple[str, str], ...]
    strengthened: tuple[tuple[str, str], ...]
    policy_kinds: tuple[str, ...]

    @property
    def total(self) -> int:
        """The number of changes."""
        return sum(count for _, count in self.by_kind)

    def count(self, kind: str) -> int:
        """Return the number of changes of *kind* (``editorial``/``substantive`` work too)."""
        return dict(self.by_kind).get(kind, 0) or dict(self.by_class).get(kind, 0)

    def text(self, lang: str = "sv") -> str:
        """Return a short plain-language paragraph in Swedish (``sv``) or English (``en``)."""
        if lang not in _NOUNS:
            raise ValueError(f"unknown language {lang!r}: use 'sv' or 'en'")
        texts = _POLICY_TEXTS[lang]
        if self.total == 0:
            return texts["none"]
        sentences = [texts[kind] for kind in self.policy_kinds]
        actions = dict(self.actions)
        for node in _NODE_ORDER:
            parts: list[str] = []
            for action in _ACTION_ORDER:
                count = actions.get((node, action), 0)
                if count:
                    parts.append(self._part(lang, node, action, count, first=not parts))
            if parts:
                sentence = ", ".join(parts)
                sentences.append(sentence[0].upper() + sentence[1:] + ".")
        editorial = dict(self.by_class).get("editorial", 0)
        if editorial == self.total:
            sentences.append(texts["all_editorial"])
        elif editorial:
            if lang == "sv":
                verb = "" if editorial == 1 else "a"
            else:
                verb = "is" if editorial == 1 else "are"
            sentences.append(texts["editorial"].format(n=editorial, verb=verb))
        return " ".join(sentences)

    def _part(self, lang: str, node: str, action: str, count: int, first: bool) -> str:
        singular, plural = _NOUNS[lang][node]
        verb = _VERBS[lang][action]
        if lang == "sv":
            subject = f"{count} {singular if count == 1 else plural}" if first else str(count)
            text = f"{subject} har {verb}"
        else:
            subject = f"{count} {singular if count == 1 else plural}" if first else str(count)
            text = f"{subject} {'was' if count == 1 else 'were'} {verb}"
        if action == "reworded" and node in ("commitment", "paragraph"):
            text += self._strength(lang, node)
        return text

    def _strength(self, lang: str, node: str) -> str:
        weak = [words for kind, words in self.weakened if kind == node]
        strong = [words for kind, words in self.strengthened if kind == node]
        if not weak and not strong:
            return ""
        pieces = []
        for found, sv_word, en_word in (
            (weak, "försvagats", "weakened"),
            (strong, "skärpts", "strengthened"),
        ):
            if found:
                words = ", ".join(dict.fromkeys(found))
                if lang == "sv":
                    pieces.append(f"{len(found)} {sv_word} ({words})")
                else:
                    pieces.append(
                        f"{len(found)} {'was' if len(found) == 1 else 'were'} {en_word} ({words})"
                    )
        joiner = " och " if lang == "sv" else " and "
        lead = ", varav " if lang == "sv" else ", of which "
        return lead + joiner.join(pieces)


def _action(change: Change) -> list[str]:
    kind = change.kind
    if kind in ("added", "removed", "reworded", "split", "merged"):
        return [kind]
    if kind in ("moved", "section_moved"):
        return ["moved", "reworded"] if change.is_reworded and change.node != "list" else ["moved"]
    if kind == "section_renamed":
        return ["renamed"]
    if kind == "lead_in_changed":
        return ["lead_in"]
    if kind == "style_changed":
        return ["style"]
    return []


def summarize(changes: Iterable[Change]) -> Summary:
    """Count *changes* into a :class:`Summary`."""
    by_kind: Counter[str] = Counter()
    by_class: Counter[str] = Counter()
    actions: Counter[tuple[str, str]] = Counter()
    weakened: list[tuple[str, str]] = []
    strengthened: list[tuple[str, str]] = []
    policy_kinds: list[str] = []
    for change in changes:
        by_kind[change.kind] += 1
        by_class[change.classification] += 1
        if change.node == "policy":
            policy_kinds.append(change.kind)
        for action in _action(change):
            actions[(change.node, action)] += 1
        if change.strength is not None:
            target = weakened if change.strength.change == "weakened" else strengthened
            target.append((change.node, change.strength.words))
    return Summary(
        by_kind=tuple(sorted(by_kind.items())),
        by_class=tuple(sorted(by_class.items())),
        actions=tuple(sorted(actions.items())),
        weakened=tuple(weakened),
        strengthened=tuple(strengthened),
        policy_kinds=tuple(policy_kinds),
    )
