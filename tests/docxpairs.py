"""The revision pairs the Word redline is tried on: real corpus pairs, the seed edited, tables
in the manner of the GitHub Subprocessors list (synthetic, small), that list itself (its table
comes under a new heading) and blocks that come under a new heading or lose theirs."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import attrs

import policyversions as pv
from htmlcheck import seed_edited
from policyversions.model import (
    Block,
    Cell,
    Commitment,
    CommitmentList,
    Paragraph,
    Row,
    Section,
    Table,
)

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

PAIRS: dict[str, tuple[str, str, str]] = {
    "sfs-2008-975_2025-07-01_to_2025-10-01": (
        "sfs-2008-975/2025-07-01.md", "sfs-2008-975/2025-10-01.md", "sv"
    ),
    "sfs-2008-975_2008-11-20_to_2025-07-01": (
        "sfs-2008-975/2008-11-20.md", "sfs-2008-975/2025-07-01.md", "sv"
    ),
    "contributor-covenant_sv-1.4_to_sv-2.1": (
        "contributor-covenant/sv-1.4.md", "contributor-covenant/sv-2.1.md", "sv"
    ),
    "contributor-covenant_en-1.4_to_en-2.0": (
        "contributor-covenant/en-1.4.md", "contributor-covenant/en-2.0.md", "en"
    ),
    "contributor-covenant_en-2.0_to_en-2.1": (
        "contributor-covenant/en-2.0.md", "contributor-covenant/en-2.1.md", "en"
    ),
}
"""Real pairs from the corpus: name → (old, new, language)."""


@cache
def pair(name: str) -> tuple[pv.Policy, pv.Policy, str]:
    """The corpus pair *name* (see :data:`PAIRS`), ``seed`` (:func:`seed_docx_edit`),
    ``seed_section_moved`` (:func:`seed_section_moved`) or ``provisions``
    (:func:`provisions_pair`)."""
    if name in ("seed", "seed_section_moved"):
        seed = pv.load(CORPUS / "soderhamn" / "ledar-och-medarbetarpolicy.txt")
        edit = seed_docx_edit if name == "seed" else seed_section_moved
        return seed, edit(seed), "sv"
    if name == "provisions":
        return (*provisions_pair(), "sv")
    old, new, lang = PAIRS[name]
    return pv.load(CORPUS / old), pv.load(CORPUS / new), lang


def seed_docx_edit(seed: pv.Policy) -> pv.Policy:
    """The seed edited as :func:`htmlcheck.seed_edited` does (``ska`` → ``bör``, a point
    removed, a point moved, a new decision), and a section added at the end."""
    edited = seed_edited(seed)
    follow_up = Section(
        "Uppföljning",
        [
            Paragraph("Policyn följs upp vartannat år av kommunstyrelsen."),
            CommitmentList(
                [Commitment("redovisa uppföljningen för fullmäktige,"),
                 Commitment("föreslå de ändringar som uppföljningen visar behövs.")],
                lead_in="Kommunstyrelsen ska",
            ),
        ],
    )
    body = pv.assign_positional_ids([*edited.body, follow_up])
    return attrs.evolve(edited, body=body)


def seed_section_moved(seed: pv.Policy) -> pv.Policy:
    """The seed with its last section moved first, a sentence of it reworded (ska → bör) and
    a new decision."""
    body = list(seed.body)
    last = body.pop()
    assert isinstance(last, Section) and isinstance(last.children[0], Paragraph)
    first = last.children[0]
    reworded = Paragraph(first.text.replace("innefattar", "ska innefatta", 1))
    body.insert(0, attrs.evolve(last, children=(reworded, *last.children[1:])))
    decisions = (*seed.decisions, pv.parse_decision("Reviderad KS 2020-03-02 § 40"))
    return attrs.evolve(seed, body=pv.assign_positional_ids(body), decisions=decisions)


def provisions_pair() -> tuple[pv.Policy, pv.Policy]:
    """Numbered provisions with lettered points: a provision inserted (the later ones
    renumbered), a point inserted first (the others relabelled), a point's obligation
    weakened."""

    def provision(number: str, text: str) -> Section:
        return Section(None, [Paragraph(text)], number=number)

    points = [
        Commitment("nämnden ska redovisa sitt arbete,", label="a)"),
        Commitment("nämnden ska följa upp målen.", label="b)"),
    ]
    old = pv.Policy("Reglemente för nämnden", pv.assign_positional_ids([
        provision("1 §", "Nämnden ansvarar för verksamheten."),
        Section(None, [CommitmentList(points, lead_in="Därutöver gäller att")], number="2 §"),
        provision("3 §", "Reglementet gäller från den 1 januari."),
    ]))
    new_points = [
        Commitment("nämnden ska ha en plan,", label="a)"),
        Commitment("nämnden ska redovisa sitt arbete,", label="b)"),
        Commitment("nämnden bör följa upp målen.", label="c)"),
    ]
    new = pv.Policy("Reglemente för nämnden", pv.assign_positional_ids([
        provision("1 §", "Nämnden ansvarar för verksamheten."),
        provision("2 §", "Nämnden ska samråda med kommunstyrelsen."),
        Section(None, [CommitmentList(new_points, lead_in="Därutöver gäller att")], number="3 §"),
        provision("4 §", "Reglementet gäller från den 1 januari."),
    ]))
    return old, new


_HEADER = ("Name of Subprocessor", "Description of Processing", "Location of Processing",
           "Corporate Location")
_ROWS = (
    ("Amazon Web Services (AWS)", "Cloud Hosted Infrastructure and Data Hosting",
     "United States", "United States"),
    ("Azure (Microsoft)", "Cloud Hosted Infrastructure and Data Hosting",
     "United States", "United States"),
    ("Azure Cognitive Services", "Customer support ticketing analysis", "United States",
     "United States"),
    ("Zendesk", "Customer support ticketing system", "United States", "United States"),
    ("Sendgrid", "Transactional mailing services", "United States", "United States"),
)


def _table(rows: list[tuple[str, ...]], caption: str | None) -> Table:
    return Table(
        [Row([Cell(text) for text in _HEADER], header=True)]
        + [Row([Cell(text) for text in row]) for row in rows],
        caption=caption,
    )


@cache
def table_pairs() -> dict[str, tuple[pv.Policy, pv.Policy]]:
    """Two revisions of a subprocessors list: a row added, one removed, one moved, a cell
    reworded and the caption changed; once with text after the table, once ending with it."""
    old_rows = list(_ROWS)
    new_rows = [row for row in _ROWS if row[0] != "Zendesk"]
    new_rows[1] = (*new_rows[1][:2], "United States, France", new_rows[1][3])
    new_rows.insert(0, new_rows.pop(3))  # Sendgrid to the top
    new_rows.append(("GitHub Copilot", "AI code suggestions and chat", "Sweden", "Netherlands"))
    intro = Paragraph("GitHub publishes the names of any new subprocessors at least 30 days "
                      "in advance.")
    outro = Paragraph("If you have questions about this list, please contact us.")
    result = {}
    for name, tail in (("text_after_table", [outro]), ("table_last", [])):
        old = pv.Policy("GitHub Subprocessors", pv.assign_positional_ids(
            [intro, _table(old_rows, "Subprocessors"), *tail]
        ))
        new = pv.Policy("GitHub Subprocessors", pv.assign_positional_ids(
            [intro, _table(new_rows, "Subprocessors of GitHub"), *tail]
        ))
        result[name] = (old, new)
    return result


@cache
def subprocessors_pairs() -> dict[str, tuple[pv.Policy, pv.Policy]]:
    """GitHub's Subprocessors list, 2024-06-03 → 2025-05-28 (``full``: the one table comes
    under the new heading "Third Party Subprocessors", rows reworded, added and moved out to a
    second new section "GitHub Subsidiaries"), and the same without that second section
    (``third_party``: the rows that went there are removed)."""
    folder = CORPUS / "github-subprocessors"
    old, new = pv.load(folder / "2024-06-03.md"), pv.load(folder / "2025-05-28.md")
    assert isinstance(new.body[-1], Section) and new.body[-1].heading == "GitHub Subsidiaries"
    third_party = attrs.evolve(new, body=pv.assign_positional_ids(new.body[:-1]))
    return {"full": (old, new), "third_party": (old, third_party)}


@cache
def heading_pairs() -> dict[str, tuple[pv.Policy, pv.Policy]]:
    """Blocks whose place in the reading order stays while their section changes:
    ``inserted``, a paragraph, a list and a table (a cell reworded) under a new heading;
    ``removed``, the heading above a table removed, so that it joins the section before."""
    intro = Paragraph("Kommunen ska arbeta för en god miljö i alla verksamheter.")
    text = Paragraph("Nämnderna ansvarar för att policyn blir känd bland medarbetarna.")
    goals = CommitmentList([Commitment("minska utsläppen av växthusgaser med hälften,"),
                            Commitment("öka andelen förnybar energi i egna fastigheter.")],
                           lead_in="Kommunen ska")
    header = Row([Cell("Mål"), Cell("År")], header=True)
    table = Table([header, Row([Cell("Utsläpp halverade"), Cell("2030")])])
    reworded = Table([header, Row([Cell("Utsläppen halverade"), Cell("2030")])])
    outro = Paragraph("Policyn ses över vart fjärde år av kommunstyrelsen.")

    def policy(body: list[Block]) -> pv.Policy:
        return pv.Policy("Miljöpolicy", pv.assign_positional_ids(body))

    return {
        "inserted": (
            policy([intro, text, goals, table, outro]),
            policy([intro, Section("Mål och ansvar", [text, goals, reworded]), outro]),
        ),
        "removed": (
            policy([Section("Ansvar", [intro, text]), Section("Mål", [table])]),
            policy([Section("Ansvar", [intro, text, reworded])]),
        ),
    }
