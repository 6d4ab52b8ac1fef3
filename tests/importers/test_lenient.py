"""Strict and lenient import: what a strict import refuses (with what, where and that a lenient
import exists), and what a lenient import repairs (with a RepairWarning for each repair)."""

from __future__ import annotations

import re
import sys
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policyversions as pv
from policyversions.errors import RepairWarning
from policyversions.importers import repairs as repairs_module
from policyversions.model import Paragraph, check_characters


def lenient(data: str | bytes, fmt: str) -> tuple[pv.Policy, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        policy = pv.loads(data, fmt, source="doc", lenient=True)
    assert all(item.category is RepairWarning for item in caught)
    return policy, [str(item.message) for item in caught]


BROKEN_YAML = (
    "---\n"
    "rubrik: Lag (1994:1776) om skatt på energi: ändring\n"
    "beteckning: '1994:1776'\n"
    "utfardad_datum: 1994-12-08\n"
    "andringsforfattningar:\n"
    "  - beteckning: '2024:1362'\n"
    "    ikraft_datum: 2025-10-01\n"
    "---\n"
    "## 1 §\n\nText.\n\n## 2 §\n\nMer text.\n"
)


def test_malformed_yaml_is_refused_with_line_column_and_the_lenient_option() -> None:
    with pytest.raises(pv.ParseError) as caught:
        pv.loads(BROKEN_YAML, "markdown", source="sfs.md")
    assert caught.value.what.startswith("malformed YAML front matter: mapping values are not")
    assert "--lenient" in caught.value.what
    assert caught.value.where == "sfs.md, line 2, column 43"
    assert "\n" not in str(caught.value)


def test_malformed_yaml_is_read_line_by_line_by_a_lenient_import() -> None:
    policy, messages = lenient(BROKEN_YAML, "markdown")
    assert policy.title == "Lag (1994:1776) om skatt på energi: ändring"
    assert policy.metadata.get("beteckning") == "1994:1776"
    # the parts that parse are still YAML: the decisions come from them
    assert [str(decision) for decision in policy.decisions] == [
        "Antagen Regeringen 1994-12-08 (SFS 1994:1776)",
        "Reviderad Regeringen 2024 (SFS 2024:1362), gäller från 2025-10-01",
    ]
    assert messages == [
        "malformed YAML front matter: mapping values are not allowed here: read line by line "
        "(doc, line 2, column 43)",
        "malformed YAML front matter: mapping values are not allowed here: kept as text under "
        "'rubrik' (doc, line 2)",
    ]


def test_unclosed_front_matter_is_read_as_text_by_a_lenient_import() -> None:
    policy, messages = lenient("---\ntitle: x\n\n# T\n\nText.\n", "markdown")
    assert policy.title == "T"
    assert messages == [
        "YAML front matter opened with '---' is never closed: read as text (doc, line 1)"
    ]


def test_bad_front_matter_values_are_kept_as_text_by_a_lenient_import() -> None:
    policy, messages = lenient(
        "---\ntitle: T\nvalid_from: snart\nbeslut: inget beslut\n---\n# T\n", "markdown"
    )
    assert policy.metadata.valid_from is None
    assert policy.metadata.get("valid_from") == "snart"
    assert policy.metadata.get("beslut") == "inget beslut"
    assert policy.decisions == ()
    assert len(messages) == 2


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_control_characters_are_refused_strictly_and_removed_leniently(fmt: str) -> None:
    data = "# Titel\n\nSkatt p\x9ca energi och\x0bmer.\n"
    if fmt == "text":
        data = data.replace("# ", "")
    with pytest.raises(pv.ParseError) as caught:
        pv.loads(data, fmt, source="doc")
    assert caught.value.where == "doc, line 3, column 8"
    assert "U+009C" in caught.value.what and "--lenient" in caught.value.what
    policy, messages = lenient(data, fmt)
    assert policy.body == (Paragraph("Skatt pa energi och mer.", id="para_1"),)
    assert messages == [
        "control character U+009C is not allowed in policy text: removed (doc, line 3, column 8)",
        "control character U+000B is not allowed in policy text: replaced by a space "
        "(doc, line 3, column 21)",
    ]


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_stray_bytes_are_refused_strictly_and_read_as_windows_1252_leniently(fmt: str) -> None:
    data = b"# Titel\n\nK\xf6p av caf\xe9 och \xe2\x80 mer.\n"
    if fmt == "text":
        data = data.replace(b"# ", b"")
    with pytest.raises(pv.InputError) as caught:
        pv.loads(data, fmt, source="doc")
    assert caught.value.what.startswith("not UTF-8: byte 0xf6 cannot be decoded")
    assert "--lenient" in caught.value.what
    assert caught.value.where == "doc, line 3, column 2"
    policy, messages = lenient(data, fmt)
    assert policy.body == (Paragraph("Köp av café och â€ mer.", id="para_1"),)
    assert messages == [
        "byte 0xf6 is not UTF-8: read as Windows-1252 'ö' (doc, line 3, column 2)",
        "byte 0xe9 is not UTF-8: read as Windows-1252 'é' (doc, line 3, column 11)",
        "bytes 0xe2 0x80 are not UTF-8: read as Windows-1252 'â€' (doc, line 3, column 17)",
    ]


def test_many_repairs_of_one_kind_are_reported_up_to_a_cap_and_counted() -> None:
    data = b"Titel\n\n" + b"caf\xe9 " * 200 + b"\n"
    _policy, messages = lenient(data, "text")
    cap = repairs_module.MAX_WARNINGS_PER_KIND
    assert len(messages) == cap + 1
    assert (
        messages[-1]
        == f"{200 - cap} more repairs like those above (bytes that are not UTF-8) (doc)"
    )


def test_an_empty_heading_is_dropped_by_a_lenient_import() -> None:
    policy, messages = lenient("# T\n\n##\n\nText.\n", "markdown")
    assert policy.body == (Paragraph("Text.", id="para_1"),)
    assert messages == ["heading has no text: dropped (doc, line 3)"]


def test_a_strict_import_of_clean_input_warns_of_nothing() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pv.loads("# T\n\nText.\n", "markdown", lenient=True)


def test_xml_is_never_repaired() -> None:
    with pytest.raises(pv.XMLFormatError):
        pv.loads(b"<policy>caf\xe9</policy>", "xml", lenient=True)


def test_the_repair_warning_is_public() -> None:
    assert pv.RepairWarning is RepairWarning
    assert issubclass(RepairWarning, UserWarning)
    assert str(RepairWarning("what", "where")) == "what (where)"


def test_the_forbidden_characters_are_those_the_model_refuses() -> None:
    pattern = repairs_module._FORBIDDEN
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        try:
            check_characters(char)
        except pv.ModelError:
            refused = True
        else:
            refused = False
        assert refused == bool(pattern.fullmatch(char)), hex(code)


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=200).map(lambda data: b"Titel\n\n" + data),
    st.sampled_from(["text", "markdown"]),
)
def test_a_lenient_import_of_any_bytes_gives_a_policy_or_one_of_our_errors(
    data: bytes, fmt: str
) -> None:
    if fmt == "markdown":
        data = b"# " + data
    try:
        _policy, messages = lenient(data, fmt)
    except pv.PolicyVersionsError as error:
        assert "\n" not in str(error)
        return
    for message in messages:
        assert re.search(r"\(doc(, line \d+(, column \d+)?)?\)$", message), message
