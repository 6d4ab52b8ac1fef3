"""load()/loads(): format detection, decoding, size limits and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import policyversions as pv
from conftest import SEED
from policyversions.importers.loading import MAX_INPUT_BYTES


def test_load_picks_format_from_extension() -> None:
    policy = pv.load(SEED)
    assert policy.title == "Ledar- och medarbetarpolicy för Söderhamns kommun"


def test_load_with_explicit_format_overrides_extension(tmp_path: Path) -> None:
    odd = tmp_path / "policy.data"
    odd.write_bytes(SEED.read_bytes())
    assert pv.load(odd, format="text") == pv.load(SEED)


def test_unknown_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "policy.odt"
    path.write_text("x")
    with pytest.raises(pv.InputError, match=r"extension '\.odt'"):
        pv.load(path)


def test_unknown_format_name_is_refused() -> None:
    with pytest.raises(pv.InputError, match="unknown format 'odt'"):
        pv.loads("Titel\n", "odt")


@pytest.mark.parametrize("fmt", pv.FORMATS)
@pytest.mark.parametrize("content", [b"", b"   \n\n \t\n"])
def test_empty_input_is_refused(fmt: str, content: bytes) -> None:
    with pytest.raises(pv.InputError, match="empty input"):
        pv.loads(content, fmt, source="empty.txt")


def test_undecodable_bytes_name_byte_and_line() -> None:
    data = "Titel\n\nRubrik\nText på rad tre.\n".encode() + b"caf\xe9\n"
    with pytest.raises(pv.InputError) as caught:
        pv.loads(data, "text", source="latin1.txt")
    assert "not UTF-8: byte 0xe9" in str(caught.value)
    assert "latin1.txt, line 5" in str(caught.value)


def test_oversized_input_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    with path.open("wb") as handle:
        handle.truncate(MAX_INPUT_BYTES + 1)
    with pytest.raises(pv.InputError, match="over the limit"):
        pv.load(path)
    with pytest.raises(pv.InputError, match="over the limit"):
        pv.loads(b"a" * (MAX_INPUT_BYTES + 1), "markdown")


def test_missing_file_and_directory_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(pv.InputError, match="no such file"):
        pv.load(tmp_path / "nope.md")
    folder = tmp_path / "dir.md"
    folder.mkdir()
    with pytest.raises(pv.InputError, match="directory"):
        pv.load(folder)


def test_bom_and_crlf_do_not_change_the_result() -> None:
    plain = SEED.read_bytes()
    windows = b"\xef\xbb\xbf" + plain.replace(b"\n", b"\r\n")
    assert pv.loads(windows, "text") == pv.loads(plain, "text")


def test_xml_round_trip_through_loads() -> None:
    policy = pv.load(SEED)
    assert pv.loads(pv.to_xml(policy), "xml") == policy


@pytest.mark.parametrize("parse", ["markdown", "text"])
def test_the_importers_refuse_text_over_the_limit_in_one_line(parse: str) -> None:
    from policyversions.importers.markdown import parse_markdown
    from policyversions.importers.text import parse_text

    function = parse_markdown if parse == "markdown" else parse_text
    with pytest.raises(pv.InputError) as caught:
        function("# T\n\n" + "ä" * (MAX_INPUT_BYTES // 2), source="stor")
    assert str(caught.value) == (
        f"input is {MAX_INPUT_BYTES + 5} bytes, over the limit of {MAX_INPUT_BYTES} bytes (stor)"
    )
