"""Akoma Ntoso 3.0 export: every real revision and random policies validate against the OASIS
schema; identity, lifecycle, references and body follow the documented rules."""

from __future__ import annotations

import datetime
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from decision_strategies import decisions
from policyversions import ModelError, from_xml, load, policy_from_dict, to_akn
from policyversions.importers.decision_text import parse_decision
from policyversions.model import (
    Cell,
    Commitment,
    CommitmentList,
    Decision,
    Metadata,
    Organ,
    Paragraph,
    Policy,
    Section,
    Table,
    assign_positional_ids,
)
from policyversions_cli.main import main
from strategies import policies

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
XSD = Path(__file__).resolve().parent / "schemas" / "akn" / "akomantoso30.xsd"
AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
NS = {"a": AKN, "p": "urn:policyversions:policy"}
REVISIONS = sorted(
    path
    for path in [*CORPUS.glob("**/*.md"), *CORPUS.glob("soderhamn/*.txt")]
    if path.name != "README.md"
)
SEED = CORPUS / "soderhamn" / "ledar-och-medarbetarpolicy.txt"
SFS_FIRST = CORPUS / "sfs-2008-975" / "2008-11-20.md"

_SAFE = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)


def _load_schema() -> etree.XMLSchema:
    # The parser never touches the network; xml.xsd is imported from the folder next to it.
    return etree.XMLSchema(etree.parse(str(XSD), _SAFE))


SCHEMA = _load_schema()


def _valid(data: bytes) -> etree._Element:
    root = etree.fromstring(data, _SAFE)
    assert SCHEMA.validate(root), SCHEMA.error_log.last_error
    return root


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


def _eids(root: etree._Element) -> list[str]:
    return [str(value) for value in root.xpath("//@eId")]


def test_corpus_is_found() -> None:
    assert len(REVISIONS) >= 8
    assert SEED in REVISIONS


@pytest.mark.parametrize("path", REVISIONS, ids=lambda path: path.relative_to(CORPUS).as_posix())
def test_every_corpus_revision_validates(path: Path) -> None:
    policy = load(path)
    root = _valid(to_akn(policy))
    node_ids = [node.id for node in policy.walk()]
    # Every node keeps its id as its eId; every eId is unique.
    eids = _eids(root)
    assert set(node_ids) <= set(eids)
    assert len(eids) == len(set(eids))
    assert root.xpath("string(//a:preface//a:docTitle)", namespaces=NS) == policy.title


@_settings(60)
@given(policies())
def test_any_policy_exports_to_valid_akn(policy: Policy) -> None:
    root = _valid(to_akn(policy))
    eids = _eids(root)
    assert len(eids) == len(set(eids))
    nodes = list(policy.walk())
    texts = [
        *(node.text for node in nodes if isinstance(node, Paragraph | Commitment | Cell)),
        *(node.heading for node in nodes if isinstance(node, Section)),
        *(node.number for node in nodes if isinstance(node, Section)),
        *(node.label for node in nodes if isinstance(node, Commitment)),
        *(node.caption for node in nodes if isinstance(node, Table)),
    ]
    # Text arrives as text, whatever characters it holds (markup is escaped, never parsed).
    written = Counter(
        str(text)
        for text in root.xpath(
            "//a:mainBody//a:p/text() | //a:heading/text() | //a:num/text() | //a:caption/text()",
            namespaces=NS,
        )
    )
    assert Counter(text for text in texts if text) <= written
    assert not root.xpath("//script")


@_settings(30)
@given(policies(), st.lists(decisions(), max_size=4))
def test_any_history_exports_to_valid_akn(policy: Policy, history: list[Decision]) -> None:
    root = _valid(to_akn(policy, history=history, country="dk", language="dan"))
    events = root.xpath("//a:lifecycle/a:eventRef[not(@p:event)]", namespaces=NS)
    assert len(events) == len(history)
    effective = root.xpath("//a:lifecycle/a:eventRef[@p:event='effective']", namespaces=NS)
    assert len(effective) == sum(
        d.effective is not None and d.effective != (d.date or datetime.date(d.year, 1, 1))
        for d in history
    )
    for event in effective:
        target = event.get("refersTo")[1:]
        (decision,) = [
            d for d, e in zip(history, events, strict=True) if e.get("refersTo")[1:] == target
        ]
        assert event.get("date") == _xsd(decision.effective)
    for interval in root.xpath("//a:timeInterval", namespaces=NS):
        for end in ("start", "end"):
            if interval.get(end) is not None:
                ref = interval.get(end)[1:]
                assert root.xpath(f"//a:eventRef[@eId='{ref}']", namespaces=NS)
    for event, decision in zip(events, history, strict=True):
        target = event.get("refersTo")[1:]
        (tlc,) = root.xpath(f"//a:TLCEvent[@eId='{target}']", namespaces=NS)
        assert tlc.get("showAs") == str(decision)
        precision = event.get(f"{{{NS['p']}}}date-precision")
        assert (precision == "year") == (decision.date is None)
    organs = {decision.organ for decision in (*history, *policy.decisions)}
    assert len(root.xpath("//a:TLCOrganization", namespaces=NS)) == len(organs) + 1 + (
        0 if organs else 1
    )


def test_seed_identity_lifecycle_and_references() -> None:
    root = _valid(to_akn(load(SEED)))
    work = "/akn/se/doc/policy/2007-06-18/ledar-och-medarbetarpolicy-for-soderhamns-kommun"

    def value(path: str) -> str:
        return str(root.xpath(f"string({path})", namespaces=NS))

    assert root.xpath("name(/*/*)") == "doc"
    assert value("//a:doc/@name") == "policy"
    (title,) = root.xpath("//a:preface/a:p[@class='title']", namespaces=NS)
    assert not title.text  # no indentation inside mixed content
    assert value("//a:preface/a:p[@class='decision']") == "Reviderad KF 2007-06-18 § 118"
    assert value("//a:identification/@source") == "#policyversions"
    assert value("//a:FRBRWork/a:FRBRuri/@value") == work
    assert value("//a:FRBRWork/a:FRBRthis/@value") == work + "/!main"
    assert value("//a:FRBRWork/a:FRBRcountry/@value") == "se"
    assert value("//a:FRBRWork/a:FRBRauthor/@href") == "#kf"
    assert value("//a:FRBRExpression/a:FRBRuri/@value") == work + "/swe@2007-06-18"
    assert value("//a:FRBRExpression/a:FRBRdate/@date") == "2007-06-18"
    assert value("//a:FRBRExpression/a:FRBRdate/@name") == "revised"
    assert value("//a:FRBRExpression/a:FRBRlanguage/@language") == "swe"
    assert value("//a:FRBRManifestation/a:FRBRthis/@value") == work + "/swe@2007-06-18/!main.xml"
    (event,) = root.xpath("//a:lifecycle/a:eventRef", namespaces=NS)
    assert (event.get("date"), event.get("source"), event.get("type")) == (
        "2007-06-18",
        "#kf",
        "amendment",  # a revision: the policy existed before it
    )
    (kf,) = root.xpath("//a:TLCOrganization[@eId='kf']", namespaces=NS)
    assert kf.get("showAs") == "kommunfullmäktige"
    assert kf.get("shortForm") == "KF"
    assert kf.get("href") == "/akn/ontology/organization/se/kf"
    # Section 3: paragraphs, then a list whose lead-in is its intro.
    (lst,) = root.xpath("//a:section[@eId='sec_3']/a:list", namespaces=NS)
    assert lst.get("eId") == "sec_3__list_1"
    assert value("//a:list[@eId='sec_3__list_1']/a:intro/a:p") == "Kommunen vill att du som ledare"
    points = lst.xpath("a:point/@eId", namespaces=NS)
    assert points == [f"sec_3__list_1__point_{n}" for n in range(1, 9)]


def test_history_gives_one_event_per_decision_and_dates_the_work() -> None:
    policy = load(SFS_FIRST)
    assert len(policy.decisions) == 11
    root = _valid(to_akn(policy))
    events = root.xpath("//a:lifecycle/a:eventRef[not(@p:event)]", namespaces=NS)
    assert [event.get("type") for event in events] == ["generation"] + ["amendment"] * 10
    # Amending acts are known by their year only: dated 1 January of it.
    assert [event.get("date") for event in events] == [
        (decision.date or datetime.date(decision.year, 1, 1)).isoformat()
        for decision in policy.decisions
    ]
    assert root.xpath("string(//a:FRBRWork/a:FRBRdate/@date)", namespaces=NS) == "2008-11-20"
    assert root.xpath("string(//a:FRBRExpression/a:FRBRdate/@date)", namespaces=NS) == "2025-01-01"
    assert len(root.xpath("//a:TLCOrganization", namespaces=NS)) == 2  # regeringen + software
    # An explicit history replaces the policy's own decisions in the lifecycle.
    first = parse_decision("Antagen KF 2001-02-03 § 4")
    root = _valid(to_akn(policy, history=[first]))
    assert root.xpath("//a:eventRef/@date", namespaces=NS) == ["2001-02-03"]
    assert root.xpath("string(//a:FRBRWork/a:FRBRdate/@date)", namespaces=NS) == "2001-02-03"
    assert root.xpath("//a:timeInterval/@start", namespaces=NS) == ["#evt_1"]


def test_effective_dates_are_lifecycle_events_and_temporal_data() -> None:
    history = [
        parse_decision("Antagen KF 2018-02-05 § 3, gäller från 2018-03-01"),
        parse_decision("Reviderad KF 2021-03-01 § 7"),
        parse_decision("Reviderad KF 2022-06-20 § 5, gäller från 2023-01-01"),
        parse_decision("Upphävd KF 2024-05-13 § 40, gäller från 2024-07-01"),
    ]
    root = _valid(to_akn(_small_policy(decisions=history)))
    events = root.xpath("//a:lifecycle/a:eventRef", namespaces=NS)
    assert [(e.get("eId"), e.get("date"), e.get(f"{{{NS['p']}}}event")) for e in events] == [
        ("evt_1", "2018-02-05", None),
        ("evt_1_effective", "2018-03-01", "effective"),
        ("evt_2", "2021-03-01", None),
        ("evt_3", "2022-06-20", None),
        ("evt_3_effective", "2023-01-01", "effective"),
        ("evt_4", "2024-05-13", None),
        ("evt_4_effective", "2024-07-01", "effective"),
    ]
    assert events[-1].get("type") == "repeal" and events[-1].get("refersTo") == "#dec_4"
    intervals = root.xpath("//a:temporalData/a:temporalGroup/a:timeInterval", namespaces=NS)
    assert [(i.get("start"), i.get("end"), i.get("refersTo")) for i in intervals] == [
        ("#evt_1_effective", "#evt_2", "#inforce"),
        ("#evt_2", "#evt_3_effective", "#inforce"),
        ("#evt_3_effective", "#evt_4_effective", "#inforce"),
    ]
    (concept,) = root.xpath("//a:references/a:TLCConcept", namespaces=NS)
    assert concept.get("eId") == "inforce"
    # The citation in the preface and the TLCEvent says when it takes effect.
    shown = root.xpath("string(//a:TLCEvent[@eId='dec_3']/@showAs)", namespaces=NS)
    assert shown.endswith("gäller från 2023-01-01")


def _xsd(date: datetime.date | None) -> str:
    assert date is not None
    return f"{date.year:04d}-{date.month:02d}-{date.day:02d}"


def _small_policy(**kwargs: object) -> Policy:
    body = assign_positional_ids(
        [
            Section(
                "Rubrik <script>alert('x')</script> & ]]>",
                [
                    CommitmentList(
                        [Commitment("vara tydlig,"), Commitment("ge återkoppling.")],
                        lead_in="Du ska",
                        wrap_up="Så gör vi.",
                        style="number",
                    )
                ],
            )
        ]
    )
    return Policy("Policy", body, **kwargs)  # type: ignore[arg-type]


def test_numbered_list_with_intro_and_wrap_up() -> None:
    root = _valid(to_akn(_small_policy()))
    (lst,) = root.xpath("//a:list", namespaces=NS)
    assert lst.get("class") == "number"
    assert [etree.QName(child).localname for child in lst] == ["intro", "point", "point", "wrapUp"]
    assert lst[0].get("eId") == "sec_1__list_1__intro"
    assert lst[3].get("eId") == "sec_1__list_1__wrapup"
    assert lst.xpath("a:point/a:num/text()", namespaces=NS) == ["1.", "2."]
    heading = root.xpath("string(//a:section/a:heading)", namespaces=NS)
    assert heading == "Rubrik <script>alert('x')</script> & ]]>"
    assert b"<script>" not in to_akn(_small_policy())


def test_year_only_decision_and_policy_without_decisions() -> None:
    policy = _small_policy(decisions=[parse_decision("Antagen KF § 118/2007")])
    root = _valid(to_akn(policy))
    (event,) = root.xpath("//a:eventRef", namespaces=NS)
    assert event.get("date") == "2007-01-01"
    assert event.get(f"{{{NS['p']}}}date-precision") == "year"
    assert root.xpath("string(//a:FRBRWork/a:FRBRdate/@name)", namespaces=NS) == (
        "adopted, year only"
    )
    bare = _valid(to_akn(_small_policy()))
    assert not bare.xpath("//a:lifecycle", namespaces=NS)
    assert bare.xpath("string(//a:FRBRWork/a:FRBRdate/@date)", namespaces=NS) == "0001-01-01"
    assert bare.xpath("string(//a:FRBRWork/a:FRBRdate/@name)", namespaces=NS) == "unknown"
    owned = _small_policy(
        metadata=Metadata(owner="Personalavdelningen", valid_from=datetime.date(2020, 1, 1))
    )
    root = _valid(to_akn(owned))
    assert root.xpath("string(//a:FRBRWork/a:FRBRauthor/@href)", namespaces=NS) == "#owner"
    assert root.xpath("string(//a:FRBRWork/a:FRBRdate/@date)", namespaces=NS) == "2020-01-01"
    owner = root.xpath("//a:proprietary/p:metadata/p:owner/text()", namespaces=NS)
    assert owner == ["Personalavdelningen"]


def test_empty_body_still_validates() -> None:
    root = _valid(to_akn(Policy("Tom policy")))
    assert len(root.xpath("//a:mainBody/*", namespaces=NS)) == 1


def test_made_up_eids_never_collide_with_node_ids() -> None:
    items = (Commitment("ett", id="kf"), Commitment("två", id="l__intro"))
    body = (
        CommitmentList(items, lead_in="Inledning", wrap_up="Slut", id="l"),
        Paragraph("text", id="policyversions"),
        Paragraph("mer", id="dec_1"),
        Paragraph("och", id="evt_1"),
    )
    policy = Policy("Krockar", body, decisions=[parse_decision("Antagen KF 2001-02-03")])
    root = _valid(to_akn(policy))
    eids = _eids(root)
    assert len(eids) == len(set(eids))
    assert {"kf", "l__intro", "policyversions", "dec_1", "evt_1"} <= set(eids)
    assert root.xpath("string(//a:intro/@eId)", namespaces=NS) == "l__intro_2"
    assert root.xpath("string(//a:identification/@source)", namespaces=NS) == "#policyversions_2"
    assert root.xpath("string(//a:FRBRWork/a:FRBRauthor/@href)", namespaces=NS) == "#kf_2"


def test_two_organs_with_the_same_slug_get_distinct_eids() -> None:
    history = [
        Decision(Organ(name="Styrelsen"), year=2001),
        Decision(Organ(name="styrelsen"), year=2002),
    ]
    root = _valid(to_akn(Policy("P"), history=history))
    assert sorted(root.xpath("//a:TLCOrganization/@eId", namespaces=NS)) == [
        "policyversions",
        "styrelsen",
        "styrelsen_2",
    ]


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("country", "SE"),
        ("country", "swe"),
        ("language", "sv"),
        ("name", "Policy doc"),
        ("number", "../etc"),
        ("number", ""),
    ],
)
def test_bad_arguments_are_model_errors(argument: str, value: str) -> None:
    with pytest.raises(ModelError, match=f"invalid {argument}") as caught:
        to_akn(_small_policy(), **{argument: value})  # type: ignore[arg-type]
    assert "\n" not in str(caught.value)


def test_history_must_hold_decisions() -> None:
    with pytest.raises(ModelError, match="history must hold decisions"):
        to_akn(_small_policy(), history=["KF 2007-06-18"])  # type: ignore[list-item]


def test_number_and_name_shape_the_uris() -> None:
    root = _valid(to_akn(_small_policy(), number="2019.145", name="riktlinje"))
    assert root.xpath("string(//a:doc/@name)", namespaces=NS) == "riktlinje"
    assert root.xpath("string(//a:FRBRWork/a:FRBRuri/@value)", namespaces=NS) == (
        "/akn/se/doc/riktlinje/0001-01-01/2019.145"
    )


@pytest.mark.parametrize(
    ("title", "number"),
    [
        (
            "Förordning om uppgiftsskyldighet i vissa fall på socialtjänstens område",
            "forordning-om-uppgiftsskyldighet-i-vissa-fall-pa",
        ),
        ("Ledar- och medarbetarpolicy", "ledar-och-medarbetarpolicy"),
        ("A" * 70, "a" * 60),
        ("§ 3", "3"),
        ("§§", "policy"),
    ],
)
def test_the_default_number_is_the_title_cut_after_a_whole_word(title: str, number: str) -> None:
    policy = Policy(title, assign_positional_ids([Paragraph("Text.")]))
    root = _valid(to_akn(policy))
    assert root.xpath("string(//a:FRBRWork/a:FRBRnumber/@value)", namespaces=NS) == number
    assert root.xpath("string(//a:FRBRWork/a:FRBRuri/@value)", namespaces=NS).endswith(f"/{number}")


# --------------------------------------------------------------------------------------------
# CLI


def test_cli_export_akn_on_corpus_files(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["export", str(SEED), "--format", "akn"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == to_akn(load(SEED))
    _valid(result.stdout_bytes)
    english = CORPUS / "contributor-covenant" / "en-2.1.md"
    out = tmp_path / "covenant.akn.xml"
    args = ["export", str(english), "--format", "akn", "--language", "eng", "-o", str(out)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    root = _valid(out.read_bytes())
    assert root.xpath("string(//a:FRBRlanguage/@language)", namespaces=NS) == "eng"


def test_cli_export_takes_a_stable_work_number() -> None:
    args = ["export", str(SEED), "--format", "akn", "--number", "ledarpolicy"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == to_akn(load(SEED), number="ledarpolicy")
    root = _valid(result.stdout_bytes)
    assert root.xpath("string(//a:FRBRWork/a:FRBRnumber/@value)", namespaces=NS) == "ledarpolicy"
    result = CliRunner().invoke(main, [*args[:-1], "Ledar/Policy"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: invalid number 'Ledar/Policy'")


def test_cli_export_xml_and_json_round_trip(tmp_path: Path) -> None:
    policy = load(SFS_FIRST)
    runner = CliRunner()
    xml_out = tmp_path / "policy.xml"
    result = runner.invoke(main, ["export", str(SFS_FIRST), "--format", "xml", "-o", str(xml_out)])
    assert result.exit_code == 0, result.output
    assert from_xml(xml_out.read_bytes()) == policy
    result = runner.invoke(main, ["export", str(SFS_FIRST), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert policy_from_dict(json.loads(result.stdout)) == policy


def test_cli_export_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["export", str(SEED), "--format", "akn", "--country", "Sverige"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: invalid country 'Sverige'")
    assert result.stderr.count("\n") == 1
    result = runner.invoke(main, ["export", str(SEED)])
    assert result.exit_code == 2  # --format is required
    missing = tmp_path / "missing.md"
    result = runner.invoke(main, ["export", str(missing), "--format", "akn", "-o", "x.xml"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert not (tmp_path / "x.xml").exists()
