"""A register to publish in tests: corpus sources and synthetic policies, recorded with the
library API into a new repository.

On :data:`TODAY` it holds a policy of each kind the site must tell apart:

- ``soderhamn/ledarpolicy``: the seed (KF 2007), revised with a weakened obligation, a removed
  and a moved commitment (KF 2019, Dnr, in force from 2019-04-01), and revised again with a
  decision that takes effect later (KF 2026-02-16 § 20, from 2026-07-01): in force, with a new
  text to come;
- ``sfs/2008-975``: SFS 2008:975 as consolidated after SFS 2025:488 and then after SFS
  2024:1362, an act issued earlier and registered late;
- ``contributor-covenant/en``: three revisions of an English text;
- ``representation``: adopted, revised, then repealed (KF 2021-11-29 § 201 from 2022-01-01);
- ``klimat/anpassningsplan``: adopted, in force from 2026-09-01: not yet in force.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import attrs

import policyversions as pv
from htmlcheck import seed_edited

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
TODAY = datetime.date(2026, 3, 1)


def _policy(title: str, sections: list[tuple[str, str, list[str]]]) -> pv.Policy:
    body: list[pv.Block] = []
    for heading, paragraph, items in sections:
        children: list[pv.Block] = [pv.Paragraph(paragraph)]
        if items:
            children.append(
                pv.CommitmentList([pv.Commitment(item) for item in items], lead_in="Kommunen ska")
            )
        body.append(pv.Section(heading, children))
    return pv.Policy(title, pv.assign_positional_ids(body))


def representation(revised: bool) -> pv.Policy:
    """The guideline on hospitality, first or revised."""
    return _policy(
        "Riktlinjer för representation",
        [
            (
                "Syfte",
                "Riktlinjerna gäller representation som kommunens anställda och förtroendevalda "
                "står för.",
                [],
            ),
            (
                "Regler",
                "Representation ska ha ett direkt samband med kommunens verksamhet.",
                [
                    "hålla kostnaderna låga,",
                    "aldrig bjuda på starksprit," if not revised else "inte bjuda på alkohol,",
                    "redovisa syftet och deltagarna.",
                ],
            ),
        ],
    )


def climate_plan() -> pv.Policy:
    """A plan decided now that takes effect later."""
    return _policy(
        "Plan för klimatanpassning",
        [
            (
                "Inledning",
                "Planen beskriver hur kommunen anpassar sin verksamhet till ett förändrat klimat.",
                ["kartlägga risker för översvämning,", "planera för skyfall i ny bebyggelse."],
            ),
        ],
    )


def seed_third(second: pv.Policy) -> pv.Policy:
    """The seed's third text: a paragraph reworded and a commitment added."""
    body = list(second.body)
    first = body[0]
    assert isinstance(first, pv.Section)
    children = list(first.children)
    paragraph = children[0]
    assert isinstance(paragraph, pv.Paragraph)
    children[0] = pv.Paragraph(paragraph.text + " Den ses över vart fjärde år.")
    body[0] = attrs.evolve(first, children=children)
    values = body[2]
    assert isinstance(values, pv.Section)
    value_children = list(values.children)
    values_list = value_children[3]
    assert isinstance(values_list, pv.CommitmentList)
    items = [*values_list.items, pv.Commitment("tar ansvar för en god arbetsmiljö.")]
    value_children[3] = attrs.evolve(values_list, items=items)
    body[2] = attrs.evolve(values, children=value_children)
    return attrs.evolve(second, body=pv.assign_positional_ids(body), decisions=())


def build_register(root: Path) -> pv.Repository:
    """Record the register described in the module docstring into a new repository *root*."""
    repo = pv.Repository.init(root)
    seed = pv.load(CORPUS / "soderhamn" / "ledar-och-medarbetarpolicy.txt")
    second = seed_edited(seed)
    repo.record("soderhamn/ledarpolicy", seed, "Reviderad KF 2007-06-18 § 118")
    repo.record(
        "soderhamn/ledarpolicy",
        second,
        "Reviderad KF 2019-02-25 § 12 (Dnr KS 2018/123)",
        "2019-04-01",
    )
    repo.record(
        "soderhamn/ledarpolicy",
        seed_third(second),
        "Reviderad KF 2026-02-16 § 20 (Dnr KS 2025/88)",
        "2026-07-01",
    )
    sfs = CORPUS / "sfs-2008-975"
    repo.record(
        "sfs/2008-975",
        pv.load(sfs / "2025-07-01.md"),
        "Reviderad Regeringen 2025 (SFS 2025:488)",
        "2025-07-01",
    )
    repo.record(
        "sfs/2008-975",
        pv.load(sfs / "2025-10-01.md"),
        "Reviderad Regeringen 2024 (SFS 2024:1362)",
        "2025-10-01",
        late=True,
    )
    covenant = CORPUS / "contributor-covenant"
    for version, decision in (
        ("1.4", "Antagen Contributor Covenant 2016"),
        ("2.0", "Reviderad Contributor Covenant 2019"),
        ("2.1", "Reviderad Contributor Covenant 2021"),
    ):
        repo.record("contributor-covenant/en", pv.load(covenant / f"en-{version}.md"), decision)
    repo.record("representation", representation(False), "Antagen KS 2015-05-04 § 77")
    repo.record("representation", representation(True), "Reviderad KS 2018-09-10 § 140")
    repo.repeal("representation", "Upphävd KF 2021-11-29 § 201", "2022-01-01")
    repo.record(
        "klimat/anpassningsplan",
        climate_plan(),
        "Antagen KF 2026-02-16 § 21 (Dnr KS 2025/301)",
        "2026-09-01",
    )
    return repo


__all__ = ["CORPUS", "TODAY", "build_register", "climate_plan", "representation", "seed_third"]
