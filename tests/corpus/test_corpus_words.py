"""Every corpus file keeps every word: counted, source against tree, numbers, labels, cells and
decision lines included, and round-trips through our XML and JSON."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

import policyversions as pv
from conftest import CORPUS
from policyversions.model import Commitment, CommitmentList, Section, Table
from wordcount import fidelity, markdown_words, reading_words, text_words

SOURCES = sorted(
    path
    for path in CORPUS.glob("*/*")
    if path.suffix in {".txt", ".md"} and path.name != "README.md"
)
FIDELITY = 0.999


def _ids(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


def words_in_and_out(path: Path) -> tuple[list[str], list[str]]:
    """The words of *path*'s body and those of its tree; the decision lines of a text count
    where they went (into the decisions) when the policy holds the decisions they name."""
    policy = pv.load(path)
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        words = markdown_words(source)
        title = words[: len(policy.title.split())] == policy.title.split()
        return words, reading_words(policy, title=title)
    kept_lines = []
    for line in source.splitlines():
        found = _decisions(line)
        if found and all(decision in policy.decisions for decision in found):
            continue  # went into policy.decisions
        kept_lines.append(line)
    tree = reading_words(policy)
    return _joined_where_the_tree_joined(text_words("\n".join(kept_lines)), tree), tree


def _decisions(line: str) -> list[pv.Decision]:
    parts = [part for part in re.split(r";|,\s*(?=[a-zåäö]+ )", line.strip()) if part.strip()]
    found = []
    for part in parts:
        try:
            found.append(pv.parse_decision(part))
        except pv.DecisionError:
            return []
    return found


def _joined_where_the_tree_joined(source: list[str], tree: list[str]) -> list[str]:
    """*source* with a word broken at a line-end hyphen (``verk-`` ``samhet``) joined where the
    tree holds the joined word and not the parts."""
    have = Counter(tree)
    result: list[str] = []
    index = 0
    while index < len(source):
        word = source[index]
        if word.endswith("-") and index + 1 < len(source) and have[word] == 0:
            joined = word[:-1] + source[index + 1]
            if have[joined]:
                result.append(joined)
                index += 2
                continue
        result.append(word)
        index += 1
    return result


@pytest.mark.parametrize("path", SOURCES, ids=_ids)
def test_every_word_is_kept(path: Path) -> None:
    source, tree = words_in_and_out(path)
    ratio = fidelity(source, tree)
    lost = Counter(source) - Counter(tree)
    assert ratio >= FIDELITY, f"{_ids(path)}: {ratio:.4f}, lost {sorted(lost.elements())[:20]}"
    assert Counter(tree) - Counter(source) == Counter(), "the tree holds words the source does not"


def test_the_counts(capsys: pytest.CaptureFixture[str]) -> None:
    """The word counts of the whole corpus; nothing lost, the labels and numbers counted too."""
    total = kept = labels = numbers = cells = 0
    for path in SOURCES:
        source, tree = words_in_and_out(path)
        total += len(source)
        kept += sum((Counter(source) & Counter(tree)).values())
        for node in pv.load(path).walk():
            labels += isinstance(node, Commitment) and node.label is not None
            numbers += isinstance(node, Section) and node.number is not None
            cells += isinstance(node, pv.model.Cell)
    with capsys.disabled():
        print(
            f"\ncorpus: {kept:,} of {total:,} words kept ({kept / total:.4%}), "
            f"{labels} labels, {numbers} provision numbers, {cells} cells"
        )
    assert kept == total
    assert labels > 230 and numbers > 60 and cells > 300


def test_the_counter_sees_a_lost_word(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text("# T\n\n1. ett\n2. två\n")
    source, tree = words_in_and_out(path)
    assert fidelity(source, tree) == 1.0
    assert fidelity(source, [word for word in tree if word != "2."]) < 1.0


@pytest.mark.parametrize("path", SOURCES, ids=_ids)
def test_every_file_round_trips_through_xml_and_json(path: Path) -> None:
    policy = pv.load(path)
    assert pv.from_xml(pv.to_xml(policy)) == policy
    assert pv.policy_from_dict(pv.policy_to_dict(policy)) == policy


# --- SFS 2011:319 ---------------------------------------------------------------------------


def _provision(policy: pv.Policy, number: str) -> Section:
    found = [node for node in policy.walk() if isinstance(node, Section) and node.number == number]
    assert len(found) == 1, number
    return found[0]


def _points(section: Section) -> CommitmentList:
    (points,) = [child for child in section.children if isinstance(child, CommitmentList)]
    return points


def test_sfs_2011_319_keeps_its_nested_points_and_labels() -> None:
    policy = pv.load(CORPUS / "sfs-2011-319" / "2025-07-01.md")
    assert policy.title == "Drivmedelslag"
    fourth = _points(_provision(policy, "4 §"))
    assert (
        fourth.lead_in
        == "För klassificering i miljöklass 1 ska en bensin uppfylla följande tekniska krav:"
    )
    assert [item.label for item in fourth.items] == [f"{n}." for n in range(1, 16)]
    point = fourth.items[3]
    assert point.text == "destillationen ska innebära att"
    assert point.sublist is not None
    assert [(item.label, item.text.split()[0]) for item in point.sublist.items] == [
        ("a)", "under"),
        ("b)", "minst"),
        ("c)", "slutkokpunkten"),
    ]
    ninth = fourth.items[8]
    assert ninth.sublist is not None
    assert [item.label for item in ninth.sublist.items] == [f"{c})" for c in "abcdefg"]
    assert "får" in ninth.text.split()
    fifth = _points(_provision(policy, "5 §"))
    assert fifth.items[1].sublist is not None
    assert [item.label for item in fifth.items[1].sublist.items] == [f"{c})" for c in "abcde"]
    last = _points(_provision(policy, "12 §")).items[-1]
    assert (last.label, last.text) == ("20.", "syratalet får vara")
    assert last.sublist is not None and len(last.sublist.items) == 2
    assert [s.number for s in policy.walk() if isinstance(s, Section) and s.number][-3:] == [
        "33 §",
        "34 §",
        "35 §",
    ]
    assert _provision(policy, "17 a §").heading is None


def test_sfs_2011_319_definitions_stay_paragraphs() -> None:
    policy = pv.load(CORPUS / "sfs-2011-319" / "2025-07-01.md")
    second = _provision(policy, "2 §")
    texts = [getattr(child, "text", None) for child in second.children]
    assert texts[0] == "I denna lag avses med"
    assert any(text and text.startswith("bensin: ett bränsle") for text in texts)
    summer, winter = [child for child in second.children if isinstance(child, CommitmentList)]
    assert (summer.lead_in, winter.lead_in) == ("sommar: tiden", "vinter: tiden")


# --- GitHub Subprocessors -------------------------------------------------------------------


def test_the_subprocessors_list_is_a_table_with_its_header() -> None:
    policy = pv.load(CORPUS / "github-subprocessors" / "2024-06-03.md")
    assert policy.title == "GitHub Subprocessors"
    (table,) = [node for node in policy.walk() if isinstance(node, Table)]
    header, *rows = table.rows
    assert header.header and not any(row.header for row in rows)
    assert [cell.text for cell in header.cells] == [
        "Name of Subprocessor",
        "Description of Processing",
        "Location of Processing",
        "Corporate Location",
    ]
    assert len(rows) == 22
    azure = next(row for row in rows if row.cells[0].text == "Azure (Microsoft)")
    assert azure.cells[2].text == "United States, France, Switzerland, and Japan"
    npm = next(row for row in rows if row.cells[0].text.startswith("Npm"))
    assert [cell.text for cell in npm.cells] == [
        "Npm, Inc.",
        "GitHub Subsidiary",
        "United States",
        "United States",
    ]


@pytest.mark.parametrize(("date", "rows"), [("2025-05-28", (16, 7)), ("2026-03-11", (23, 7))])
def test_later_subprocessors_lists_have_two_tables_in_two_sections(
    date: str, rows: tuple[int, int]
) -> None:
    policy = pv.load(CORPUS / "github-subprocessors" / f"{date}.md")
    sections = [block for block in policy.body if isinstance(block, Section)]
    assert [section.heading for section in sections] == [
        "Third Party Subprocessors",
        "GitHub Subsidiaries",
    ]
    counts = tuple(
        len(table.rows) - 1
        for section in sections
        for table in section.children
        if isinstance(table, Table)
    )
    assert counts == rows
