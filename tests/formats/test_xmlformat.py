"""Tests for our own XML format: round trips, schema validity and hostile input."""

from __future__ import annotations

import datetime
import textwrap
import time
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from policyversions.errors import DecisionError, InputError, XMLFormatError
from policyversions.formats import policyxml as xmlformat
from policyversions.formats import xmlsafe
from policyversions.formats.policyxml import (
    MAX_XML_BYTES,
    NAMESPACE,
    from_xml,
    to_xml,
    validate_xml,
)
from policyversions.model import (
    Action,
    Cell,
    Commitment,
    CommitmentList,
    Decision,
    Metadata,
    Organ,
    Paragraph,
    Policy,
    Row,
    Section,
    Table,
    assign_positional_ids,
)
from strategies import policies

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
NS = f"{{{NAMESPACE}}}"
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _schema() -> etree.RelaxNG:
    """The schema as shipped in the package, loaded independently of the module under test."""
    data = resources.files("policyversions.formats").joinpath("schemas/policy-2.rng").read_bytes()
    return etree.RelaxNG(etree.fromstring(data))


SCHEMA = _schema()


def sample_policy() -> Policy:
    body = assign_positional_ids(
        [
            Section(
                "Ledarskap – värdegrund",
                [
                    Paragraph("Kommunen vill att du som ledare  tar ansvar."),
                    CommitmentList(
                        [Commitment("vara tydlig,"), Commitment("ge återkoppling.")],
                        lead_in="Du ska som ledare",
                        wrap_up="Det gäller alla.",
                    ),
                    Section("Undersektion", [Paragraph("Text § 3 — slut.")]),
                ],
            ),
            CommitmentList([Commitment("Första.")], style="number"),
            Paragraph("Avslutning."),
        ]
    )
    return Policy(
        title="Ledar- och medarbetarpolicy",
        body=body,
        metadata=Metadata(
            document_type="policy",
            owner="Personalavdelningen",
            scope="Alla anställda",
            valid_from=datetime.date(2007, 7, 1),
            valid_until=datetime.date(2011, 12, 31),
            review_by=datetime.date(2010, 6, 30),
            replaces=("Ledarpolicy 2001", "Medarbetarpolicy 2003"),
            source="ledar-och-medarbetarpolicy.txt",
            extra=(("diarienummer", "KS 2007/12"), ("tom", "")),
        ),
        decisions=(
            Decision(
                organ=Organ(abbreviation="KF", name="kommunfullmäktige"),
                year=2007,
                date=datetime.date(2007, 6, 18),
                item=118,
                action=Action.REVISED,
            ),
        ),
    )


def document(body: str, *, head: str = "", root: str = "") -> bytes:
    """A small document of our format; *body* goes inside ``<body>``, *head* before it."""
    root = root or f'<policy xmlns="{NAMESPACE}" format-version="2">'
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f"{root}\n"
        "<title>T</title>\n"
        f"{head}"
        "<body>\n"
        f"{body}\n"
        "</body>\n"
        "</policy>\n"
    ).encode()


SAMPLE_XML = to_xml(sample_policy())


def error_of(data: bytes | str, source: str = "test.xml") -> XMLFormatError:
    with pytest.raises(XMLFormatError) as info:
        from_xml(data, source=source)
    error = info.value
    assert "\n" not in str(error), "error messages are one line"
    return error


# --- round trips and output --------------------------------------------------------------------


@PROPERTY
@given(policies())
def test_round_trip_and_output_validates(policy: Policy) -> None:
    data = to_xml(policy)
    assert SCHEMA.validate(etree.fromstring(data)), SCHEMA.error_log
    assert from_xml(data) == policy


@settings(max_examples=20, deadline=None)
@given(policies())
def test_round_trip_str(policy: Policy) -> None:
    assert from_xml(to_xml(policy).decode("utf-8")) == policy


@settings(max_examples=30, deadline=None)
@given(policies())
def test_every_node_id_is_an_id_attribute_in_document_order(policy: Policy) -> None:
    data = to_xml(policy)
    validate_xml(data, source="generated")
    tree = etree.fromstring(data)
    written = [element.get("id") for element in tree.iter() if element.get("id") is not None]
    assert written == [node.id for node in policy.walk()]


def test_sample_round_trips_and_keeps_order() -> None:
    policy = sample_policy()
    data = to_xml(policy)
    assert from_xml(data) == policy
    tree = etree.fromstring(data)
    body = tree.find(f"{NS}body")
    assert body is not None
    assert [etree.QName(child).localname for child in body] == ["section", "list", "paragraph"]
    section = body[0]
    assert [etree.QName(child).localname for child in section] == [
        "heading",
        "paragraph",
        "list",
        "section",
    ]
    replaces = [element.text for element in tree.iter(f"{NS}replaces")]
    assert replaces == ["Ledarpolicy 2001", "Medarbetarpolicy 2003"]
    assert [element.get("key") for element in tree.iter(f"{NS}extra")] == ["diarienummer", "tom"]


def test_output_has_declaration_namespace_and_format_version() -> None:
    data = to_xml(sample_policy())
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n")
    tree = etree.fromstring(data)
    assert tree.tag == f"{NS}policy"
    assert tree.nsmap == {None: NAMESPACE}
    assert tree.get("format-version") == "2"
    assert "Ledar- och medarbetarpolicy" in data.decode("utf-8")  # UTF-8, not escaped
    assert b"\n  <title>" in data  # pretty printed


def test_decision_carries_every_field_as_attribute_and_citation_as_text() -> None:
    policy = sample_policy()
    tree = etree.fromstring(to_xml(policy))
    decision = tree.find(f"{NS}decisions/{NS}decision")
    assert decision is not None
    assert {str(key): str(value) for key, value in decision.attrib.items()} == {
        "action": "reviderad",
        "organ-abbreviation": "KF",
        "organ-name": "kommunfullmäktige",
        "date": "2007-06-18",
        "year": "2007",
        "item": "118",
    }
    assert decision.text is not None
    assert "KF" in decision.text
    assert "2007-06-18" in decision.text
    assert "118" in decision.text


def test_decision_case_number_and_year_only_round_trip() -> None:
    decision = Decision(
        organ=Organ(name="Styrelsen för Söderhamn Nära AB"),
        year=2010,
        item=87,
        case_number="KS 2010/0123",
    )
    policy = Policy("T", decisions=[decision])
    tree = etree.fromstring(to_xml(policy))
    written = tree.find(f"{NS}decisions/{NS}decision")
    assert written is not None
    assert written.get("case-number") == "KS 2010/0123"
    assert written.get("date") is None
    assert written.get("organ-abbreviation") is None
    assert from_xml(to_xml(policy)) == policy


def test_decision_text_is_ignored_on_input() -> None:
    data = to_xml(sample_policy()).replace(b"118</decision>", b"999 nonsense</decision>")
    assert b"nonsense" in data
    assert from_xml(data) == sample_policy()


def test_decision_with_control_character_cannot_be_built() -> None:
    with pytest.raises(DecisionError):
        Decision(organ=Organ(name="KF\x01"), year=2007)


def test_empty_policy_round_trips() -> None:
    policy = Policy("Bara en titel")
    data = to_xml(policy)
    assert from_xml(data) == policy
    assert SCHEMA.validate(etree.fromstring(data))


def test_script_text_round_trips_as_text() -> None:
    text = "<script>alert('x')</script> & <b>fet</b>"
    body = assign_positional_ids([Section(text, [Paragraph(text)])])
    policy = Policy(text, body)
    data = to_xml(policy)
    tree = etree.fromstring(data)
    assert not any(etree.QName(element).localname in ("script", "b") for element in tree.iter())
    assert b"&lt;script&gt;" in data
    assert from_xml(data) == policy
    paragraph = from_xml(data).body[0]
    assert isinstance(paragraph, Section)
    assert paragraph.heading == text


def test_script_element_in_input_is_refused_with_line() -> None:
    data = document('<paragraph id="para_1">a <script>alert(1)</script></paragraph>')
    error = error_of(data)
    assert "schema" in error.what
    assert error.where == "test.xml, line 5"


def test_input_text_is_normalised() -> None:
    data = document(
        '<paragraph id="para_1">\n   Ledar-  och\n\tmedarbetar\u00adpolicy  </paragraph>'
    )
    policy = from_xml(data)
    assert policy.body == (Paragraph("Ledar- och medarbetar\u00adpolicy", id="para_1"),)


def test_decomposed_text_becomes_nfc() -> None:
    policy = from_xml(document('<paragraph id="para_1">Ha\u0308lsa</paragraph>'))
    paragraph = policy.body[0]
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == "Hälsa"


def test_comments_and_processing_instructions_are_dropped() -> None:
    data = document('<paragraph id="para_1">Lä<!-- kommentar -->sa <?pi x?>mer</paragraph>')
    paragraph = from_xml(data).body[0]
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == "Läsa mer"


def test_cdata_is_read_as_text() -> None:
    data = document('<paragraph id="para_1"><![CDATA[<script>x</script>]]></paragraph>')
    paragraph = from_xml(data).body[0]
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == "<script>x</script>"


def test_metadata_and_decisions_are_optional_on_input() -> None:
    policy = from_xml(document('<paragraph id="para_1">x</paragraph>'))
    assert policy.metadata == Metadata()
    assert policy.decisions == ()


# --- encodings and input types -------------------------------------------------------------------


def test_str_input_with_encoding_declaration_is_read_as_unicode() -> None:
    text = document('<paragraph id="para_1">Åtagande för åäö</paragraph>').decode("utf-8")
    text = text.replace("encoding='UTF-8'", "encoding='ISO-8859-1'")
    paragraph = from_xml(text).body[0]
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == "Åtagande för åäö"


def test_bytes_in_declared_latin1_encoding_are_decoded() -> None:
    text = document('<paragraph id="para_1">Åtagande för åäö</paragraph>').decode("utf-8")
    data = text.replace("encoding='UTF-8'", "encoding='ISO-8859-1'").encode("latin-1")
    paragraph = from_xml(data).body[0]
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == "Åtagande för åäö"


def test_utf16_with_bom_is_read() -> None:
    policy = sample_policy()
    text = to_xml(policy).decode("utf-8").replace("encoding='UTF-8'", "encoding='UTF-16'")
    assert from_xml(text.encode("utf-16")) == policy


def test_other_input_types_are_a_type_error() -> None:
    with pytest.raises(TypeError):
        from_xml(42)  # type: ignore[arg-type]


@pytest.mark.parametrize("data", [b"", b"  \n ", ""])
def test_empty_input_is_refused(data: bytes | str) -> None:
    error = error_of(data)
    assert "empty" in error.what


# --- hostile input ----------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE policy [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<policy xmlns="urn:policyversions:policy" format-version="1">
<title>&lol9;</title>
<body/>
</policy>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!-- a comment first -->
<!DOCTYPE policy [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<policy xmlns="urn:policyversions:policy" format-version="1">
<title>&xxe;</title>
<body><paragraph id="para_1">&xxe;</paragraph></body>
</policy>
"""


def test_billion_laughs_is_refused_without_expansion() -> None:
    start = time.perf_counter()
    error = error_of(BILLION_LAUGHS.encode())
    assert time.perf_counter() - start < 1.0
    assert "DOCTYPE" in error.what
    assert error.where == "test.xml, line 2"
    assert "lol" not in str(error)


def test_external_entity_is_refused_and_never_loaded() -> None:
    error = error_of(EXTERNAL_ENTITY.encode())
    assert "DOCTYPE" in error.what
    assert error.where == "test.xml, line 3"
    assert "root:" not in str(error)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_doctype_in_utf16_is_refused_after_a_safe_parse(encoding: str) -> None:
    text = EXTERNAL_ENTITY.replace('version="1.0"?>', f'version="1.0" encoding="{encoding}"?>')
    error = error_of(text.encode("utf-16" if encoding == "utf-16" else "utf-16-be"))
    assert "DOCTYPE" in error.what or "malformed" in error.what
    assert "root:" not in str(error)


def test_billion_laughs_in_utf16_is_refused_quickly() -> None:
    text = BILLION_LAUGHS.replace('version="1.0"?>', 'version="1.0" encoding="utf-16"?>')
    start = time.perf_counter()
    error_of(text.encode("utf-16"))
    assert time.perf_counter() - start < 1.0


def test_doctype_without_entities_is_refused_too() -> None:
    data = document("").replace(b"?>\n", b"?>\n<!DOCTYPE policy>\n", 1)
    error = error_of(data)
    assert "DOCTYPE" in error.what


def test_undeclared_entity_is_refused_with_line() -> None:
    error = error_of(document('<paragraph id="para_1">&nbsp;</paragraph>'))
    assert "nbsp" in error.what
    assert error.where == "test.xml, line 5"


def test_control_character_reference_is_refused_with_line() -> None:
    error = error_of(document('<paragraph id="para_1">a&#1;b</paragraph>'))
    assert error.where == "test.xml, line 5"
    assert "malformed XML" in error.what


def test_raw_control_character_is_refused_with_line() -> None:
    error = error_of(document('\n<paragraph id="para_1">a\x01b</paragraph>'))
    assert error.where == "test.xml, line 6"


def test_unclosed_tag_names_the_line() -> None:
    data = document(
        '<section id="sec_1">\n<heading>Rubrik</heading>\n<paragraph id="sec_1__para_1">x'
    )
    error = error_of(data)
    assert error.where is not None
    assert error.where.startswith("test.xml, line ")
    assert int(error.where.rsplit(" ", 1)[1]) >= 6
    assert "malformed XML" in error.what


def test_mismatched_tag_names_its_line() -> None:
    error = error_of(b"<policy>\n<title>T</titel>\n</policy>", source="x.xml")
    assert error.where == "x.xml, line 2"


def test_default_source_is_named() -> None:
    with pytest.raises(XMLFormatError) as info:
        from_xml(b"<policy>")
    assert info.value.where is not None
    assert info.value.where.startswith("<xml>, line ")


def test_oversized_input_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the parser must not run")

    monkeypatch.setattr(etree, "fromstring", no_parsing)
    data = document("").replace(b"<body>", b"<body>" + b" " * MAX_XML_BYTES)
    error = error_of(data)
    assert "too large" in error.what
    assert str(len(data)) in error.what
    error = error_of(data.decode("utf-8"))
    assert "too large" in error.what


def test_str_size_is_measured_in_utf8_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlsafe, "MAX_XML_BYTES", 1000)
    text = document("å" * 600).decode("utf-8")
    assert len(text) < 1000 < len(text.encode("utf-8"))
    assert "too large" in error_of(text).what


def test_input_at_the_limit_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    data = to_xml(sample_policy())
    monkeypatch.setattr(xmlsafe, "MAX_XML_BYTES", len(data))
    assert from_xml(data) == sample_policy()
    with pytest.raises(XMLFormatError, match="too large"):
        from_xml(data + b" ")


def test_xml_format_error_is_an_input_error() -> None:
    assert issubclass(XMLFormatError, InputError)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(("delete", "insert", "replace")),
            st.integers(min_value=0),
            st.sampled_from(list(b"<>&\"'=/!?[];#-_ax0\n\x00\xc3\xff")),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_corrupted_documents_give_an_xml_format_error_with_a_line(
    edits: list[tuple[str, int, int]],
) -> None:
    data = bytearray(SAMPLE_XML)
    for operation, position, byte in edits:
        index = position % len(data)
        if operation == "delete":
            del data[index]
        elif operation == "insert":
            data.insert(index, byte)
        else:
            data[index] = byte
    try:
        policy = from_xml(bytes(data), source="corrupt.xml")
    except XMLFormatError as error:
        assert "\n" not in str(error)
        assert error.where is not None
        assert error.where.startswith("corrupt.xml, line ")
    else:
        assert isinstance(policy, Policy)


# --- documents that are well-formed but wrong -----------------------------------------------------


def test_wrong_namespace_is_refused_with_line() -> None:
    data = document("", root='<policy xmlns="urn:other" format-version="1">')
    error = error_of(data)
    assert "namespace" in error.what
    assert "urn:other" in error.what
    assert error.where == "test.xml, line 2"


def test_missing_namespace_is_refused() -> None:
    error = error_of(document("", root='<policy format-version="1">'))
    assert "namespace" in error.what


def test_wrong_root_element_is_refused() -> None:
    error = error_of(b'<?xml version="1.0"?>\n\n<akomaNtoso xmlns="urn:policyversions:policy"/>')
    assert "akomaNtoso" in error.what
    assert error.where == "test.xml, line 3"


@pytest.mark.parametrize("version", ["3", "1.0", ""])
def test_unknown_format_version_is_refused(version: str) -> None:
    root = f'<policy xmlns="{NAMESPACE}" format-version="{version}">'
    error = error_of(document("", root=root))
    assert "format-version" in error.what
    assert repr(version) in error.what
    assert error.where == "test.xml, line 2"


def test_missing_format_version_is_refused() -> None:
    error = error_of(document("", root=f'<policy xmlns="{NAMESPACE}">'))
    assert "format-version" in error.what


@pytest.mark.parametrize(
    "bad_id",
    ["Sec_1", "sec-1", "../etc/passwd", "sec_1___x", "1sec", "sec_1__", "", " sec_1", "a" * 201],
)
def test_invalid_ids_are_refused_with_line(bad_id: str) -> None:
    data = document(f'<paragraph id="para_1">x</paragraph>\n<paragraph id="{bad_id}">y</paragraph>')
    error = error_of(data)
    assert "invalid id" in error.what
    assert error.where == "test.xml, line 6"


def test_missing_id_is_refused_with_line() -> None:
    error = error_of(document("\n<paragraph>y</paragraph>"))
    assert error.where == "test.xml, line 6"


def test_duplicate_ids_are_refused_with_the_second_line() -> None:
    data = document(
        '<section id="sec_1"><heading>H</heading>\n'
        '<paragraph id="para_1">x</paragraph></section>\n'
        '<list id="list_1" style="bullet"><item id="para_1">y</item></list>'
    )
    error = error_of(data)
    assert "duplicate" in error.what
    assert "para_1" in error.what
    assert "line 6" in error.what  # where it was first used
    assert error.where == "test.xml, line 7"


@pytest.mark.parametrize(
    ("attribute_or_element", "value"),
    [
        ("decision", "2007-02-30"),
        ("decision", "2007-13-01"),
        ("decision", "18 juni 2007"),
        ("decision", "20070618"),
        ("valid-from", "2007-02-30"),
        ("review-by", "2007-6-18"),
        ("valid-until", ""),
    ],
)
def test_bad_dates_are_refused_with_line(attribute_or_element: str, value: str) -> None:
    if attribute_or_element == "decision":
        head = (
            f'<decisions>\n<decision organ-abbreviation="KF" date="{value}" year="2007">'
            "x</decision>\n</decisions>\n"
        )
    else:
        head = (
            f"<metadata>\n<{attribute_or_element}>{value}</{attribute_or_element}>\n</metadata>\n"
        )
    error = error_of(document("", head=head))
    assert "date" in error.what
    assert repr(value) in error.what
    assert error.where == "test.xml, line 5"


def test_date_with_surrounding_space_is_refused() -> None:
    head = "<metadata><valid-from>\n  2007-06-18\n</valid-from></metadata>\n"
    error = error_of(document("", head=head))
    assert "YYYY-MM-DD" in error.what
    assert error.where == "test.xml, line 4"


def test_valid_dates_are_read() -> None:
    head = (
        "<metadata><valid-from>2007-06-18</valid-from><review-by>2024-02-29</review-by>"
        "</metadata>\n"
    )
    metadata = from_xml(document("", head=head)).metadata
    assert metadata.valid_from == datetime.date(2007, 6, 18)
    assert metadata.review_by == datetime.date(2024, 2, 29)


def test_decision_year_that_contradicts_its_date_is_refused_with_line() -> None:
    head = (
        "<decisions>\n\n"
        '<decision organ-abbreviation="KF" date="2007-06-18" year="2008">x</decision>\n'
        "</decisions>\n"
    )
    error = error_of(document("", head=head))
    assert "2008" in error.what
    assert error.where == "test.xml, line 6"


@pytest.mark.parametrize(
    ("attributes", "words"),
    [
        ('year="2007"', "organ"),
        ('organ-abbreviation="KF" year="2007" item="0"', "item"),
        ('organ-abbreviation="KF" year="tvåtusen"', "year"),
        ('organ-abbreviation="KF" year="0"', "year"),
        ('organ-abbreviation="KF" year="2007" action="avslagen"', "action"),
        ('organ-abbreviation="KF"', "year"),
        ('organ-abbreviation="KF" year="2007" dnr="1"', "schema"),
    ],
)
def test_bad_decisions_are_refused_with_line(attributes: str, words: str) -> None:
    head = f"<decisions>\n<decision {attributes}>x</decision>\n</decisions>\n"
    error = error_of(document("", head=head))
    assert words in error.what
    assert error.where == "test.xml, line 5"


@pytest.mark.parametrize("element", ["paragraph", "item", "heading", "title"])
def test_empty_text_is_refused_with_line(element: str) -> None:
    blocks = {
        "paragraph": '<paragraph id="para_1">  \n </paragraph>',
        "item": '<list id="list_1" style="bullet">\n<item id="list_1__point_1"> </item></list>',
        "heading": '<section id="sec_1">\n<heading>\u00a0</heading></section>',
        "title": "",
    }
    data = document(blocks[element])
    if element == "title":
        data = data.replace(b"<title>T</title>", b"<title> </title>")
    error = error_of(data)
    assert "empty" in error.what
    expected = {"title": 3, "paragraph": 5, "item": 6, "heading": 6}[element]
    assert error.where == f"test.xml, line {expected}"


@pytest.mark.parametrize(
    "body",
    [
        '<list id="list_1" style="bullet"></list>',
        '<list id="list_1" style="dash"><item id="list_1__point_1">x</item></list>',
        '<list id="list_1"><item id="list_1__point_1">x</item></list>',
        '<item id="point_1">x</item>',
        '<section id="sec_1"><paragraph id="sec_1__para_1">x</paragraph></section>',
        '<unknown id="x_1">x</unknown>',
        '<paragraph id="para_1" class="x">x</paragraph>',
        '<list id="list_1" style="bullet"><item id="list_1__point_1">x</item>'
        "<lead-in>sent</lead-in></list>",
    ],
)
def test_schema_violations_are_refused_with_line(body: str) -> None:
    error = error_of(document(body))
    assert "schema" in error.what
    assert error.where == "test.xml, line 5"


def test_metadata_out_of_order_is_refused() -> None:
    head = "<metadata>\n<owner>HR</owner>\n<document-type>policy</document-type>\n</metadata>\n"
    error = error_of(document("", head=head))
    assert "schema" in error.what
    assert error.where is not None
    assert error.where.startswith("test.xml, line ")


def test_duplicate_metadata_keys_are_refused_with_line() -> None:
    head = '<metadata>\n<extra key="dnr">1</extra>\n<extra key=" dnr ">2</extra>\n</metadata>\n'
    error = error_of(document("", head=head))
    assert "duplicate" in error.what
    assert error.where == "test.xml, line 6"


def test_elements_in_another_namespace_are_refused() -> None:
    error = error_of(document('<x:paragraph xmlns:x="urn:x" id="para_1">x</x:paragraph>'))
    assert "schema" in error.what


def test_validate_xml_accepts_valid_and_refuses_invalid() -> None:
    validate_xml(to_xml(sample_policy()), source="ok.xml")
    with pytest.raises(XMLFormatError) as info:
        validate_xml(document('<paragraph id="Para">x</paragraph>'), source="bad.xml")
    assert info.value.where == "bad.xml, line 5"


def test_validate_xml_checks_what_only_the_model_knows() -> None:
    data = document('<paragraph id="para_1">x</paragraph>\n<paragraph id="para_1">y</paragraph>')
    assert SCHEMA.validate(etree.fromstring(data))  # the schema cannot see duplicates
    with pytest.raises(XMLFormatError, match="duplicate") as info:
        validate_xml(data, source="dup.xml")
    assert info.value.where == "dup.xml, line 6"


def test_documented_example_is_valid() -> None:
    doc = xmlformat.__doc__
    assert doc is not None
    example = textwrap.dedent(doc.split("Example::")[1].split("Elements and attributes")[0])
    policy = from_xml(example.strip().encode("utf-8"), source="docstring")
    assert policy.title == "Ledar- och medarbetarpolicy"
    assert policy.decisions[0].item == 118
    assert [node.id for node in policy.walk()] == [
        "sec_1",
        "sec_1__para_1",
        "sec_1__list_1",
        "sec_1__list_1__point_1",
        "sec_1__list_1__point_2",
    ]
    assert from_xml(to_xml(policy)) == policy


# --- schema and real documents ----------------------------------------------------------------


def test_schema_is_shipped_and_loaded_once() -> None:
    schema = xmlsafe.packaged_schema(xmlformat.SCHEMA_RESOURCE)
    assert schema is xmlsafe.packaged_schema(xmlformat.SCHEMA_RESOURCE)
    path = resources.files("policyversions.formats").joinpath(xmlformat.SCHEMA_RESOURCE)
    assert path.is_file()


def test_schema_refuses_what_the_reader_refuses() -> None:
    """The schema on its own (e.g. in an editor) catches bad ids, dates and empty text."""
    for body in [
        '<paragraph id="Para">x</paragraph>',
        '<paragraph id="para_1"> </paragraph>',
    ]:
        assert not SCHEMA.validate(etree.fromstring(document(body)))
    head = "<metadata><valid-from>2007-02-30</valid-from></metadata>"
    assert not SCHEMA.validate(etree.fromstring(document("", head=head)))


CORPUS_FILES = sorted([*CORPUS.glob("*/*.md"), *CORPUS.glob("*/*.txt")])


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda path: path.relative_to(CORPUS).as_posix())
def test_real_documents_round_trip(path: Path) -> None:
    import policyversions as pv

    policy = pv.load(path)
    data = to_xml(policy)
    assert SCHEMA.validate(etree.fromstring(data)), SCHEMA.error_log
    assert from_xml(data, source=path.name) == policy


# --- format version 2: provisions, labelled and nested points, tables ---------------------------


def _structured_policy() -> Policy:
    body = assign_positional_ids(
        [
            Section(
                "Syfte",
                [
                    Section(
                        None,
                        [
                            CommitmentList(
                                [
                                    Commitment("researchoktantalet ska vara lägst 95,", label="1."),
                                    Commitment(
                                        "destillationen ska innebära att",
                                        label="4.",
                                        sublist=CommitmentList(
                                            [
                                                Commitment("minst 47 procent,", label="a)"),
                                                Commitment(
                                                    "slutkokpunkten är högst 205.", label="b)"
                                                ),
                                            ]
                                        ),
                                    ),
                                ],
                                lead_in="En bensin ska uppfylla följande krav:",
                                style="number",
                            )
                        ],
                        number="4 §",
                    ),
                ],
                number="1 kap.",
            ),
            Table(
                [
                    Row([Cell("Namn"), Cell("Plats")], header=True),
                    Row([Cell("Amazon Web Services (AWS)"), Cell("")]),
                ],
                caption="Underbiträden",
            ),
        ]
    )
    return Policy("Drivmedelslag", body)


def test_version_2_writes_numbers_labels_sublists_and_tables() -> None:
    policy = _structured_policy()
    data = to_xml(policy)
    assert SCHEMA.validate(etree.fromstring(data))
    root = etree.fromstring(data)
    provision = root.find(f".//{NS}section[@number='4 §']")
    assert provision is not None and provision.find(f"{NS}heading") is None
    nested = root.find(f".//{NS}item[@label='4.']")
    assert nested is not None and [etree.QName(child).localname for child in nested] == [
        "text",
        "list",
    ]
    assert root.find(f".//{NS}row[@header='true']") is not None
    empty = root.findall(f".//{NS}cell")[-1]
    assert empty.text is None and empty.get("id") == "table_1__row_2__cell_2"
    assert from_xml(data) == policy


def test_a_version_1_document_still_reads() -> None:
    data = (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f'<policy xmlns="{NAMESPACE}" format-version="1">\n'
        "<title>T</title>\n<body>\n"
        '<section id="sec_1"><heading>H</heading>'
        '<list id="sec_1__list_1" style="number"><item id="sec_1__list_1__point_1">a</item></list>'
        "</section>\n</body>\n</policy>\n"
    )
    policy = from_xml(data)
    assert policy.body == (
        Section(
            "H",
            [
                CommitmentList(
                    [Commitment("a", id="sec_1__list_1__point_1")],
                    style="number",
                    id="sec_1__list_1",
                )
            ],
            id="sec_1",
        ),
    )


def test_version_1_documents_cannot_hold_version_2_structure() -> None:
    data = to_xml(_structured_policy()).replace(b'format-version="2"', b'format-version="1"')
    error = error_of(data)
    assert "schema" in error.what


@pytest.mark.parametrize(
    "body",
    [
        '<section id="sec_1"/>',  # neither number nor heading
        '<section id="sec_1" number=""><heading>H</heading></section>',
        '<table id="table_1"/>',  # no rows
        '<table id="table_1"><row id="table_1__row_1"/></table>',  # a row without cells
        '<table id="table_1"><row id="table_1__row_1" header="yes">'
        '<cell id="table_1__row_1__cell_1">a</cell></row></table>',
    ],
)
def test_version_2_structure_the_schema_refuses(body: str) -> None:
    assert "line" in error_of(document(body)).where
