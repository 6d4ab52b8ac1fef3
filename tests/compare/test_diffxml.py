"""The XML form of a diff: exact round trips, schema validity, hardened and located errors."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from lxml import etree

from edit_strategies import revisions
from policyversions import DiffError, diff_from_xml, diff_to_xml, load
from policyversions.compare.changes import Change
from policyversions.compare.differ import diff
from policyversions.compare.modality import Strength
from policyversions.compare.policydiff import PolicyDiff
from policyversions.importers.decision_text import parse_decision
from policyversions.model import (
    Commitment,
    CommitmentList,
    Decision,
    Metadata,
    Organ,
    Paragraph,
    Policy,
    Section,
)
from policyversions_cli.main import main
from strategies import policies

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
SCHEMA = ROOT / "src" / "policyversions" / "formats" / "schemas" / "diff-2.rng"
NS = "urn:policyversions:diff"

PAIRS = [
    ("contributor-covenant/en-1.4.md", "contributor-covenant/en-2.0.md"),
    ("contributor-covenant/en-2.0.md", "contributor-covenant/en-2.1.md"),
    ("contributor-covenant/sv-1.4.md", "contributor-covenant/sv-2.1.md"),
    ("sfs-2008-975/2008-11-20.md", "sfs-2008-975/2025-07-01.md"),
    ("sfs-2008-975/2025-07-01.md", "sfs-2008-975/2025-10-01.md"),
]


def _schema() -> etree.RelaxNG:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.RelaxNG(etree.parse(str(SCHEMA), parser))


RELAXNG = _schema()


def _assert_valid(data: bytes) -> None:
    document = etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))
    assert RELAXNG.validate(document), RELAXNG.error_log


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


@_settings(60)
@given(revisions())
def test_round_trip_of_edited_revisions_is_exact(pair: tuple[Policy, Policy]) -> None:
    result = diff(*pair)
    data = diff_to_xml(result)
    _assert_valid(data)
    assert diff_from_xml(data) == result
    assert diff_from_xml(data.decode("utf-8")) == result


@_settings(25)
@given(policies(), policies())
def test_round_trip_between_unrelated_policies_is_exact(old: Policy, new: Policy) -> None:
    # Unrelated policies differ in title, metadata and decisions too.
    result = diff(old, new)
    data = diff_to_xml(result)
    _assert_valid(data)
    assert diff_from_xml(data) == result


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_corpus_diffs_round_trip(old: str, new: str) -> None:
    result = diff(load(CORPUS / old), load(CORPUS / new))
    assert result.changes
    data = diff_to_xml(result)
    _assert_valid(data)
    assert diff_from_xml(data) == result


def _edge_diff() -> PolicyDiff:
    items = (Commitment("vara tydlig,", id="l__point_1"), Commitment("lyssna.", id="l__point_2"))
    lst = CommitmentList(items, lead_in="Du ska", wrap_up="Slut.", style="number", id="l")
    section = Section("Rubrik <&>", (Paragraph("Text ]]>", id="s__para_1"),), id="s")
    decision = parse_decision("Fastställd av kommunstyrelsen den 4 maj 2010, § 87 (Dnr KS 2010/1)")
    return PolicyDiff(
        old_digest="abc",
        new_digest="",
        id_map=(("a", "b"), ("c", "d")),
        changes=(
            Change(
                kind="reworded",
                node="commitment",
                old_ids=("l__point_1",),
                new_ids=("l__point_1", "x"),
                old_text="",
                new_text="  two  spaces \r\n and\ttab ",
                old_trail=("A", "B & <C>"),
                old_parent="",
                old_index=0,
                new_parent="l",
                new_index=12,
                ops=(("equal", "Du "), ("delete", "ska"), ("insert", ""), ("equal", " \n ")),
                classification="editorial",
                strength=Strength("weakened", "ska", "bör"),
            ),
            Change(
                kind="merged",
                node="list",
                old_content=(lst, section, items[0]),
                new_content=(items[1],),
            ),
            Change(
                kind="metadata_changed",
                node="policy",
                field="metadata",
                old_metadata=Metadata(),
                new_metadata=Metadata(
                    owner="HR",
                    valid_from=datetime.date(2020, 2, 29),
                    replaces=("A", "B"),
                    extra=(("k", ""), ("l", "v")),
                ),
            ),
            Change(
                kind="decisions_changed",
                node="policy",
                field="decisions",
                old_decisions=(),
                new_decisions=(decision, Decision(Organ(name="Styrelsen"), year=1999)),
            ),
            Change(kind="title_changed", node="policy", field="title", old_text="A"),
        ),
    )


def test_hand_made_edge_values_round_trip() -> None:
    value = _edge_diff()
    data = diff_to_xml(value)
    _assert_valid(data)
    again = diff_from_xml(data)
    assert again == value
    # None and empty are kept apart.
    assert again.changes[0].old_text == ""
    assert again.changes[4].new_text is None
    assert again.changes[3].old_decisions == ()
    assert again.changes[2].old_decisions is None
    assert again.changes[0].old_parent == ""
    assert again.changes[2].old_parent is None


def test_empty_diff_round_trips() -> None:
    empty = PolicyDiff()
    data = diff_to_xml(empty)
    _assert_valid(data)
    assert diff_from_xml(data) == empty


def test_ops_are_elements_named_by_operation() -> None:
    root = etree.fromstring(diff_to_xml(_edge_diff()))
    ops = root.find(f"{{{NS}}}changes/{{{NS}}}change/{{{NS}}}ops")
    assert ops is not None
    assert [(etree.QName(op).localname, op.text or "") for op in ops] == [
        ("equal", "Du "),
        ("delete", "ska"),
        ("insert", ""),
        ("equal", " \n "),
    ]
    assert root.get("format-version") == "2"


def test_text_that_xml_cannot_carry_is_a_diff_error() -> None:
    bad = PolicyDiff(changes=(Change(kind="added", node="paragraph", new_text="a\x00b"),))
    with pytest.raises(DiffError, match="change 1"):
        diff_to_xml(bad)


# --------------------------------------------------------------------------------------------
# Errors


def _one_line_error(data: bytes | str) -> DiffError:
    with pytest.raises(DiffError) as caught:
        diff_from_xml(data, source="changes.xml")
    message = str(caught.value)
    assert "\n" not in message
    assert "changes.xml" in message
    return caught.value


def _valid_text() -> str:
    return diff_to_xml(_edge_diff()).decode("utf-8")


def test_malformed_xml_names_the_line() -> None:
    text = _valid_text()
    broken = text.replace("</changes>", "</chnges>")
    line = text[: text.index("</changes>")].count("\n") + 1
    error = _one_line_error(broken)
    assert error.where == f"changes.xml, line {line}"
    assert error.what.startswith("malformed XML")


def test_truncated_input_is_refused() -> None:
    error = _one_line_error(_valid_text()[:500])
    assert "line" in (error.where or "")


def test_doctype_and_entities_are_refused_before_parsing() -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE diff [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        f'<diff xmlns="{NS}" format-version="1" old-digest="" new-digest="">&b;</diff>'
    )
    error = _one_line_error(bomb)
    assert "DOCTYPE" in error.what
    assert error.where == "changes.xml, line 2"
    external = (
        '<!DOCTYPE diff SYSTEM "file:///etc/passwd">'
        f'<diff xmlns="{NS}" format-version="1" old-digest="" new-digest=""/>'
    )
    assert "DOCTYPE" in _one_line_error(external).what


def test_wrong_root_and_version_are_refused() -> None:
    policy_xml = '<policy xmlns="urn:policyversions:policy" format-version="1"/>'
    assert "not a policy diff" in _one_line_error(policy_xml).what
    future = _valid_text().replace('format-version="2"', 'format-version="3"', 1)
    assert "format-version" in _one_line_error(future).what


def test_schema_violation_names_the_line() -> None:
    text = _valid_text()
    bad = text.replace('kind="merged"', 'kind="exploded"')
    line = text[: text.index('kind="merged"')].count("\n") + 1
    error = _one_line_error(bad)
    assert "diff schema" in error.what
    assert error.where == f"changes.xml, line {line}"


def test_invalid_content_id_is_refused_with_its_line() -> None:
    text = _valid_text()
    bad = text.replace('id="s__para_1"', 'id="../etc"')
    line = text[: text.index('id="s__para_1"')].count("\n") + 1
    error = _one_line_error(bad)
    assert error.where == f"changes.xml, line {line}"


def test_impossible_date_in_content_is_refused_with_its_line() -> None:
    text = _valid_text()
    bad = text.replace("valid-from>2020-02-29<", "valid-from>2021-02-29<")
    line = text[: text.index("valid-from>2020-02-29<")].count("\n") + 1
    error = _one_line_error(bad)
    assert "2021-02-29" in error.what
    assert error.where == f"changes.xml, line {line}"


def test_model_errors_in_content_become_diff_errors() -> None:
    text = _valid_text()
    bad = text.replace('id="l__point_2"', 'id="l__point_1"', 1)
    error = _one_line_error(bad)
    assert "duplicate node id 'l__point_1'" in error.what
    assert "line" in (error.where or "")


def test_too_large_and_empty_input_are_refused() -> None:
    assert "empty" in _one_line_error(b"   ").what
    assert "too large" in _one_line_error(b" " * (20 * 1024 * 1024 + 1)).what


# --------------------------------------------------------------------------------------------
# CLI


def test_cli_diff_format_xml_on_corpus_files() -> None:
    old, new = (CORPUS / PAIRS[3][0]), (CORPUS / PAIRS[3][1])
    result = CliRunner().invoke(main, ["diff", "--format", "xml", str(old), str(new)])
    assert result.exit_code == 0, result.output
    data = result.stdout_bytes
    assert data.startswith(b"<?xml")
    _assert_valid(data)
    assert diff_from_xml(data) == diff(load(old), load(new))


def test_cli_diff_format_xml_reports_bad_input_on_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<policy", encoding="utf-8")
    old = CORPUS / PAIRS[0][0]
    result = CliRunner().invoke(main, ["diff", "--format", "xml", str(old), str(broken)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert result.stderr.count("\n") == 1
