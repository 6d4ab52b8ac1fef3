"""Issue 11's history that never lies, end to end on the command line: three amending acts of
one year to SFS 2008:975 (the real consolidations, and one edited by hand), one registered
late, one with a Dnr that a later text cites without it. Every later revision keeps all three
in log, show, blame and the Akoma Ntoso export; the date each took effect shows in every output;
impossible effective dates are refused naming the option."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

import policyversions as pv
from conftest import CORPUS
from policyversions_cli.main import main

SFS = CORPUS / "sfs-2008-975"
P = "sfs/2008-975"
ACT_488 = "Reviderad Regeringen 2025-05-22 (SFS 2025:488) (Dnr S2025/00912)"
ACT_301 = "Reviderad Regeringen 2025-04-10 (SFS 2025:301)"
ACT_900 = "Reviderad Regeringen 2025-09-18 (SFS 2025:900)"
AKN = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0", "p": "urn:policyversions:policy"}


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--repo", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def acts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("acts")
    root = base / "repo"
    assert run(root, "init", str(root))[0] == 0
    # The third act: the 2025-10-01 consolidation with 1 § reworded, citing the first act
    # without its Dnr (its header was not brought up to date).
    text = pv.load(SFS / "2025-10-01.md")
    section = text.body[0]
    assert isinstance(section, pv.Section)
    paragraph = section.children[0]
    assert isinstance(paragraph, pv.Paragraph)
    import attrs

    reworded = attrs.evolve(paragraph, text=paragraph.text.replace("innehåller", "har"))
    edited = attrs.evolve(
        text,
        body=(attrs.evolve(section, children=(reworded, *section.children[1:])), *text.body[1:]),
        decisions=(
            *text.decisions,
            pv.parse_decision("Reviderad Regeringen 2025-05-22 (SFS 2025:488)"),
        ),
    )
    third = base / "third.xml"
    third.write_bytes(pv.to_xml(edited))
    steps = [
        (SFS / "2025-07-01.md", ACT_488, ["--effective", "2025-07-01"]),
        (SFS / "2025-10-01.md", ACT_301, ["--effective", "2025-10-01", "--late"]),
        (third, ACT_900, ["--effective", "2026-01-01", "--note", "Rättelse av 1 §"]),
    ]
    for number, (source, decision, extra) in enumerate(steps, start=1):
        code, out, err = run(root, "record", P, str(source), "--decision", decision, *extra)
        assert code == 0, err
        assert out.startswith(f"registrerade {P}@{number}: ")
    return root


def test_impossible_effective_dates_are_refused_naming_the_option(acts: Path) -> None:
    source = str(SFS / "2025-07-01.md")
    for effective, option in [("2025-01-01", "--retroactive"), ("0001-01-01", "--effective")]:
        code, out, err = run(
            acts, "record", P, source, "--decision", "Regeringen 2025-11-06 (SFS 2025:1100)",
            "--effective", effective,
        )  # fmt: skip
        assert (code, out) == (1, "")
        assert err.startswith("error: ") and err.count("\n") == 1
        assert option in err and "=True" not in err
    code, _, err = run(acts, "record", P, source, "--decision", "Regeringen 2025 (SFS 2025:1100)",
                       "--effective", "2025-13-01")  # fmt: skip
    assert code == 1 and "--effective" in err
    assert len(pv.Repository.open(acts).log(P)) == 3


def test_every_later_revision_keeps_all_three_acts(acts: Path) -> None:
    repo = pv.Repository.open(acts)
    cited = {
        n: [d.act_number for d in repo.policy(P, n).decisions if d.act_number != "SFS 2008:975"]
        for n in (1, 2, 3)
    }
    assert cited == {
        1: ["SFS 2025:488"],
        2: ["SFS 2025:488", "SFS 2025:301"],  # in the order they took effect
        3: ["SFS 2025:488", "SFS 2025:301", "SFS 2025:900"],
    }
    # The Dnr recorded with the first act survives a text citing it without.
    (first,) = [d for d in repo.policy(P, 3).decisions if d.act_number == "SFS 2025:488"]
    assert first.case_number == "S2025/00912"
    assert str(first.effective) == "2025-07-01"
    # show --format json of every revision after the late one holds all three.
    for ref in (f"{P}@2", f"{P}@3", P):
        code, out, _ = run(acts, "show", ref, "--format", "json")
        assert code == 0
        decisions = json.loads(out)["decisions"]
        acts_here = {d["act_number"]: d for d in decisions}
        assert {"SFS 2025:488", "SFS 2025:301"} <= set(acts_here)
        assert acts_here["SFS 2025:488"]["case_number"] == "S2025/00912"
        assert acts_here["SFS 2025:301"]["effective"] == "2025-10-01"


def test_the_stale_header_was_warned_and_the_note_kept(acts: Path) -> None:
    (_, second, third) = pv.Repository.open(acts).log(P)
    # The real consolidations name only the statute's adoption in their header.
    assert second.late and "names Antagen Regeringen 2008-11-20" in second.warnings[0]
    assert third.warnings and third.warnings[0].startswith("stale header? ")
    assert "SFS 2025:488" in third.warnings[0] and "SFS 2025:900" in third.warnings[0]
    assert third.note == "Rättelse av 1 §"
    out = run(acts, "log", P, "--on", "2025-11-01")[1]
    assert "anteckning: Rättelse av 1 §" in out and "varning: stale header?" in out


def test_log_lists_all_three_with_their_dates_and_status(acts: Path) -> None:
    code, out, _ = run(acts, "log", P, "--on", "2025-11-01")
    assert code == 0
    rows = [line for line in out.splitlines() if line[:1].isdigit()]
    assert [row.split()[0] for row in rows] == ["1", "2", "3"]
    assert "Reviderad Regeringen 2025-05-22 (SFS 2025:488) (Dnr S2025/00912)" in rows[0]
    words = [" ".join(row.split()) for row in rows]
    assert "(Dnr S2025/00912) ersatt 2025-07-01 2025-09-30 " in words[0]
    assert "(SFS 2025:301) i kraft 2025-10-01 2025-12-31 " in words[1]
    assert "(SFS 2025:900) ännu ej i kraft 2026-01-01 – " in words[2]
    code, out, _ = run(acts, "log", P, "--json", "--on", "2025-11-01")
    data = json.loads(out)["revisions"]
    assert [(r["effective"], r["status"]) for r in data] == [
        ("2025-07-01", "superseded"),
        ("2025-10-01", "in_force"),
        ("2026-01-01", "not_yet"),
    ]
    assert [len(r["decisions"]) for r in data] == [2, 1, 1]


def test_blame_and_history_show_when_each_text_held(acts: Path) -> None:
    code, out, _ = run(acts, "blame", P)
    assert code == 0
    legend = out.split("Revisioner som nämns ovan:\n")[1].splitlines()
    assert [line.split()[0] for line in legend] == ["1", "2", "3"]
    assert legend[0].endswith("i kraft från 2025-07-01")
    assert legend[1].endswith("i kraft från 2025-10-01")
    assert legend[2].endswith("i kraft från 2026-01-01")
    code, out, _ = run(acts, "blame", P, "--json")
    entries = {e["id"]: e for e in json.loads(out)}
    assert entries["sec_1__para_1"]["changed"]["in_force_from"] == "2026-01-01"
    section_4 = next(e for e in entries.values() if e["text"] == "4 §")
    assert section_4["introduced"]["revision"] == 2
    code, out, _ = run(acts, "history", P, "sec_1__para_1")
    rows = [" ".join(line.split()) for line in out.splitlines() if line[:1].isdigit()]
    assert [row.split()[0] for row in rows] == ["1", "3"]
    assert "(Dnr S2025/00912) tillagd 2025-07-01 2025-12-31 Denna" in rows[0]
    assert "(SFS 2025:900) ändrad 2026-01-01 – Denna" in rows[1]


def test_the_effective_date_shows_in_every_output(acts: Path) -> None:
    effective = "2026-01-01"
    outputs = {}
    for fmt in ("outline", "xml", "json", "html"):
        code, out, _ = run(acts, "show", P, "--format", fmt)
        assert code == 0
        outputs[f"show {fmt}"] = out
    for fmt in ("xml", "json", "akn"):
        code, out, _ = run(acts, "export", P, "--format", fmt)
        assert code == 0
        outputs[f"export {fmt}"] = out
    for fmt in ("text", "html"):
        code, out, _ = run(acts, "diff", f"{P}@2", f"{P}@3", "--format", fmt, "--lang", "en")
        assert code == 0
        outputs[f"diff {fmt}"] = out
    for name, out in outputs.items():
        assert effective in out, name
    assert 'effective="2026-01-01"' in outputs["show xml"]
    assert "SFS 2025:900), in force from 2026-01-01" in outputs["diff text"].splitlines()[1]
    assert "in force from 2026-01-01" in outputs["diff html"].split("</header>")[0]
    assert "in force from 2025-10-01 →" in outputs["diff text"].splitlines()[1]


def test_the_akoma_ntoso_export_holds_all_three_acts_and_when_they_took_effect(
    acts: Path,
) -> None:
    code, out, _ = run(acts, "export", f"{P}@3", "--format", "akn")
    assert code == 0
    root = etree.fromstring(out.encode("utf-8"))
    events = root.xpath("//a:TLCEvent/@showAs", namespaces=AKN)
    for act in ("SFS 2025:488", "SFS 2025:301", "SFS 2025:900"):
        assert any(act in shown for shown in events), act
    effective = root.xpath("//a:eventRef[@p:event='effective']/@date", namespaces=AKN)
    assert {"2025-07-01", "2025-10-01", "2026-01-01"} <= set(effective)
    intervals = root.xpath("//a:temporalData//a:timeInterval", namespaces=AKN)
    assert intervals and intervals[-1].get("end") is None  # the last act is still in force
