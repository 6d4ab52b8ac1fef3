"""The published site, read back as files: what it holds, that every link resolves, that it says
what the repository says, in one language; that the same repository gives the same bytes, and
that publishing again writes only what changed."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import attrs
import pytest
from lxml import etree

import policyversions as pv
from htmlcheck import by_id, parse
from policyversions.publish import PublishError, publish_site
from policyversions.publish.feeds import ATOM, SITEMAP
from policyversions.publish.plan import redline_pairs
from sitebuild import TODAY, build_register, climate_plan, representation
from sitecheck import (
    LOCK,
    MANIFEST,
    check_site_page,
    dangling,
    foreign,
    pages,
    site_files,
    stamps,
)

BASE = "https://example.org/styrdokument/"
A = "{" + ATOM + "}"
LEDARPOLICY = "policies/soderhamn/ledarpolicy"


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The register of :mod:`sitebuild` (read only: copy it to change it)."""
    root = tmp_path_factory.mktemp("register") / "repo"
    build_register(root)
    return root


@pytest.fixture(scope="module")
def site(register: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The register published in Swedish with a base URL, on :data:`TODAY`."""
    folder = tmp_path_factory.mktemp("site") / "site"
    publish_site(register, folder, today=TODAY, base_url=BASE, docx=False)
    return folder


@pytest.fixture
def repo(register: Path, tmp_path: Path) -> pv.Repository:
    """A copy of the register to record into."""
    shutil.copytree(register, tmp_path / "repo")
    return pv.Repository.open(tmp_path / "repo")


def text_of(root: etree._Element, xpath: str) -> list[str]:
    return [" ".join("".join(node.itertext()).split()) for node in root.xpath(xpath)]


# --- what the site holds ----------------------------------------------------------------------


def test_the_site_holds_every_page_download_and_feed(register: Path, site: Path) -> None:
    repository = pv.Repository.open(register)
    expected = {"index.html", "feed.atom", "sitemap.xml"}
    for policy_id in repository.policies():
        folder = f"policies/{policy_id}"
        count = len(repository.log(policy_id))
        expected |= {f"{folder}/index.html", f"{folder}/feed.atom"}
        for number in range(1, count + 1):
            expected |= {
                f"{folder}/revision-{number}.{suffix}"
                for suffix in ("html", "xml", "json", "akn.xml")
            }
        expected |= {f"{folder}/redline-{old}-{new}.html" for old, new in redline_pairs(count)}
    assert set(site_files(site)) == expected
    assert redline_pairs(4) == [(1, 2), (1, 4), (2, 3), (2, 4), (3, 4)]
    assert {path.name for path in site.iterdir() if path.name.startswith(".")} == {MANIFEST, LOCK}


def test_every_page_is_self_contained_and_every_link_resolves(site: Path) -> None:
    parsed = pages(site)
    assert len(parsed) == 28
    for path, root in parsed.items():
        check_site_page(path, root, "sv")
    assert dangling(site) == []


def test_the_check_finds_a_dangling_link(site: Path, tmp_path: Path) -> None:
    """The control: a link to a missing anchor and one to a missing file are found."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / LEDARPOLICY / "index.html"
    text = page.read_text().replace("revision-2.html#", "revision-9.html#", 1)
    page.write_text(text.replace('href="#timeline"', 'href="#nowhere"'))
    problems = dangling(copy)
    assert any("no file policies/soderhamn/ledarpolicy/revision-9.html" in p for p in problems)
    assert any("no #nowhere" in p for p in problems)


def test_the_index_lists_every_policy_with_its_status(site: Path) -> None:
    root = parse((site / "index.html").read_text())
    rows = root.xpath("//table[@id='register']/tbody/tr")
    found = {
        row.xpath("string(td[1]/span)"): (
            row.get("data-status"),
            " ".join(row.xpath("string(td[2])").split()),
            " ".join(row.xpath("string(td[3])").split()),
            row.xpath("string(td[4])"),
            row.xpath("string(td[5])"),
        )
        for row in rows
    }
    assert found == {
        "soderhamn/ledarpolicy": (
            "in_force",
            "i kraft (ny lydelse från 2026-07-01)",
            "Reviderad KF 2026-02-16 § 20 (Dnr KS 2025/88)",
            "2026-07-01",
            "3",
        ),
        "sfs/2008-975": (
            "in_force",
            "i kraft",
            "Reviderad Regeringen 2024 (SFS 2024:1362)",
            "2025-10-01",
            "2",
        ),
        "contributor-covenant/en": (
            "in_force",
            "i kraft",
            "Reviderad Contributor Covenant 2021",
            "2021-01-01",
            "3",
        ),
        "representation": ("repealed", "upphävd", "Upphävd KF 2021-11-29 § 201", "2022-01-01", "3"),
        "klimat/anpassningsplan": (
            "not_yet",
            "beslutad men ännu ej i kraft",
            "Antagen KF 2026-02-16 § 21 (Dnr KS 2025/301)",
            "2026-09-01",
            "1",
        ),
    }
    titles = [row.xpath("string(td[1]/a)") for row in rows]
    assert titles == sorted(titles, key=str.casefold)
    assert text_of(root, "//header/p[not(@class)]") == ["5 styrdokument."]


@pytest.mark.parametrize(
    ("policy", "banner", "heading"),
    [
        (
            "soderhamn/ledarpolicy",
            [
                "Gäller från 2019-04-01 enligt KF 2019-02-25 § 12",
                "Ny lydelse gäller från 2026-07-01 enligt KF 2026-02-16 § 20",
            ],
            "Gällande lydelse",
        ),
        (
            "sfs/2008-975",
            ["Gäller från 2025-10-01 enligt Regeringen 2024 (SFS 2024:1362)"],
            "Gällande lydelse",
        ),
        (
            "representation",
            [
                "Upphävd genom KF 2021-11-29 § 201 från 2022-01-01",
                "Texten nedan är den som senast gällde, från 2018-09-10 till och med 2021-12-31.",
            ],
            "Senast gällande lydelse",
        ),
        (
            "klimat/anpassningsplan",
            ["Beslutad men ännu ej i kraft: gäller från 2026-09-01 enligt KF 2026-02-16 § 21"],
            "Beslutad lydelse",
        ),
    ],
)
def test_each_policy_page_says_what_is_in_force(
    site: Path, policy: str, banner: list[str], heading: str
) -> None:
    root = parse((site / f"policies/{policy}/index.html").read_text())
    assert text_of(root, "//div[contains(@class, 'banner')]/p") == banner
    assert text_of(root, "//main/h2") == [heading]


def test_the_policy_page_shows_the_text_in_force_with_its_ids_and_blame(
    register: Path, site: Path
) -> None:
    repository = pv.Repository.open(register)
    in_force = repository.policy("soderhamn/ledarpolicy", TODAY)
    assert in_force == repository.policy("soderhamn/ledarpolicy", 2)
    root = parse((site / LEDARPOLICY / "index.html").read_text())
    ids = by_id(root)
    document = root.xpath("//div[@class='document']")[0]
    for node in in_force.walk():
        assert node.id in ids, node.id
        assert document in ids[node.id].iterancestors()
    # The paragraph weakened by KF 2019 says so in the margin, linking to it on revision 2.
    weakened = next(
        node for node in in_force.walk() if isinstance(node, pv.Paragraph) and " bör " in node.text
    )
    note = ids[weakened.id].xpath("span[@class='note']")[0]
    assert " ".join("".join(note.itertext()).split()) == "ändrat genom KF 2019-02-25 § 12"
    assert note.xpath("a/@href") == [f"revision-2.html#{weakened.id}"]
    assert ids[weakened.id].xpath("a[@class='self']/@href") == [f"#{weakened.id}"]
    # Nodes as the first revision brought them have nothing to say in the margin.
    untouched = next(node for node in in_force.walk() if node.id == "sec_1__para_1")
    assert not ids[untouched.id].xpath("span[@class='note']")


def test_the_timeline_lists_every_revision_with_its_decisions(site: Path) -> None:
    root = parse((site / "policies/sfs/2008-975/index.html").read_text())
    rows = root.xpath("//section[@id='timeline']//tbody/tr")
    cells = [[" ".join("".join(td.itertext()).split()) for td in row.xpath("td")] for row in rows]
    assert cells[0][0] == "1" and cells[0][2:5] == ["ersatt", "2025-07-01", "2025-09-30"]
    assert cells[0][1].startswith("Reviderad Regeringen 2025 (SFS 2025:488)")
    assert "Antagen Regeringen 2008-11-20 (SFS 2008:975)" in cells[0][1]  # brought by its text
    assert cells[1][1] == "Reviderad Regeringen 2024 (SFS 2024:1362) registrerad i efterhand"
    assert cells[1][2:5] == ["i kraft", "2025-10-01", "–"]
    assert cells[1][5] == "10 nya"
    assert rows[1].xpath("td[6]/a/@href") == ["redline-1-2.html"]
    ledare = parse((site / LEDARPOLICY / "index.html").read_text())
    decisions = text_of(ledare, "//section[@id='timeline']//tbody/tr/td[2]")
    assert decisions[1] == "Reviderad KF 2019-02-25 § 12 (Dnr KS 2018/123)"


def test_a_revision_page_has_its_text_decisions_changes_and_downloads(
    register: Path, site: Path
) -> None:
    repository = pv.Repository.open(register)
    root = parse((site / LEDARPOLICY / "revision-2.html").read_text())
    assert text_of(root, "//header/p[@class='kicker']") == ["Version 2 av 3"]
    assert text_of(root, "//header/p[@class='decision']") == [
        "Reviderad KF 2019-02-25 § 12 (Dnr KS 2018/123), gäller från 2019-04-01"
    ]
    assert text_of(root, "//header/p[@class='period']") == [
        "I kraft, från 2019-04-01 till och med 2026-06-30"
    ]
    changes = root.xpath("//section[@id='changes']")[0]
    summary = text_of(changes, "p")[0]
    assert "1 åtagande har strukits" in summary and "försvagats (ska → bör)" in summary
    weakened = changes.xpath(".//div[contains(@class, 'weakened')]//a/@href")
    assert len(weakened) == 1 and weakened[0].startswith("redline-1-2.html#")
    counts = dict(zip(text_of(changes, ".//th"), text_of(changes, ".//td"), strict=True))
    assert counts["Försvagade skyldigheter"] == "1" and counts["Totalt"] == "4"
    assert changes.xpath(".//ul[@class='links']//a/@href") == [
        "redline-1-2.html",
        "redline-2-3.html",
    ]
    assert text_of(root, "//section[@class='decisions']//li") == [
        "Reviderad KF 2007-06-18 § 118",
        "Reviderad KF 2019-02-25 § 12 (Dnr KS 2018/123), gäller från 2019-04-01",
    ]
    assert root.xpath("//section[@class='downloads']//a/@href") == [
        "revision-2.xml",
        "revision-2.json",
        "revision-2.akn.xml",
    ]
    text = repository.policy("soderhamn/ledarpolicy", 2)
    ids = by_id(root)
    assert all(node.id in ids for node in text.walk())


def test_downloads_are_the_revision_with_its_decision_history(register: Path, site: Path) -> None:
    repository = pv.Repository.open(register)
    for number in (1, 2, 3):
        policy = repository.policy("soderhamn/ledarpolicy", number)
        folder = site / LEDARPOLICY
        assert pv.from_xml((folder / f"revision-{number}.xml").read_bytes()) == policy
        data = json.loads((folder / f"revision-{number}.json").read_text())
        assert pv.policy_from_dict(data) == policy
        akn = (folder / f"revision-{number}.akn.xml").read_bytes()
        assert akn == pv.to_akn(policy, number="soderhamn.ledarpolicy", language="swe")


def test_redline_pages_are_the_librarys_redline_with_navigation(register: Path, site: Path) -> None:
    repository = pv.Repository.open(register)
    old = repository.policy("soderhamn/ledarpolicy", 1)
    new = repository.policy("soderhamn/ledarpolicy", 3)
    library = parse(pv.render_redline(pv.diff(old, new), old=old, new=new, lang="sv"))
    root = parse((site / LEDARPOLICY / "redline-1-3.html").read_text())
    nav = root.xpath("//body/*[1]")[0]
    assert nav.tag == "nav"
    assert text_of(nav, "ol/li") == [
        "Alla styrdokument",
        "Ledar- och medarbetarpolicy för Söderhamns kommun",
        "Version 1 jämförd med version 3",
    ]
    assert nav.xpath("p//a/@href") == ["revision-1.html", "revision-3.html"]
    nav.getparent().remove(nav)
    assert etree.tostring(root.find("body")) == etree.tostring(library.find("body"))


def _feed(site: Path, path: str) -> etree._Element:
    return etree.fromstring((site / path).read_bytes())


def test_feeds_have_an_entry_per_revision(register: Path, site: Path) -> None:
    repository = pv.Repository.open(register)
    revisions = [r for policy in repository.policies() for r in repository.log(policy)]
    feed = _feed(site, "feed.atom")
    entries = feed.findall(f"{A}entry")
    assert len(entries) == len(revisions) == 12
    assert feed.findtext(f"{A}id") == BASE + "feed.atom"
    assert feed.find(f"{A}link[@rel='self']").get("href") == BASE + "feed.atom"
    assert feed.findtext(f"{A}updated") == "2026-02-16T00:00:00Z"
    ids = [entry.findtext(f"{A}id") for entry in entries]
    assert len(set(ids)) == len(ids)
    updated = [entry.findtext(f"{A}updated") for entry in entries]
    assert updated == sorted(updated, reverse=True)
    for entry in entries:
        for name in ("id", "updated", "title", "summary", "author/" + A + "name"):
            assert entry.findtext(A + name), name
        href = entry.find(f"{A}link").get("href")
        assert href.startswith(BASE) and (site / href[len(BASE) :]).is_file()
    ledare = [
        e
        for e in entries
        if "/soderhamn/ledarpolicy/revision-2.html" in e.find(f"{A}link").get("href")
    ]
    assert ledare[0].findtext(f"{A}updated") == "2019-02-25T00:00:00Z"
    assert ledare[0].findtext(f"{A}author/{A}name") == "kommunfullmäktige"
    assert ledare[0].findtext(f"{A}title") == (
        "Ledar- och medarbetarpolicy för Söderhamns kommun: Reviderad KF 2019-02-25 § 12 "
        "(Dnr KS 2018/123)"
    )
    assert ledare[0].findtext(f"{A}summary") == (
        "Reviderad KF 2019-02-25 § 12 (Dnr KS 2018/123), gäller från 2019-04-01. "
        "1 ändrad, 1 flyttad, 1 borttagen"
    )
    policy_feed = _feed(site, f"{LEDARPOLICY}/feed.atom")
    assert len(policy_feed.findall(f"{A}entry")) == 3
    assert (
        policy_feed.find(f"{A}link[@rel='alternate']").get("href")
        == BASE + LEDARPOLICY + "/index.html"
    )


def test_without_a_base_url_links_are_relative_and_there_is_no_sitemap(
    register: Path, tmp_path: Path
) -> None:
    publish_site(register, tmp_path / "site", today=TODAY, docx=False)
    assert not (tmp_path / "site" / "sitemap.xml").exists()
    feed = _feed(tmp_path / "site", f"{LEDARPOLICY}/feed.atom")
    assert feed.findtext(f"{A}id") == "urn:policyversions:soderhamn/ledarpolicy"
    assert feed.find(f"{A}link[@rel='self']") is None
    links = [entry.find(f"{A}link").get("href") for entry in feed.findall(f"{A}entry")]
    assert sorted(links) == ["revision-1.html", "revision-2.html", "revision-3.html"]


def test_the_sitemap_lists_every_page(site: Path) -> None:
    root = etree.fromstring((site / "sitemap.xml").read_bytes())
    locations = [loc.text for loc in root.iter(f"{{{SITEMAP}}}loc")]
    assert sorted(locations) == sorted(BASE + path for path in pages(site))


# --- one language -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_page_speaks_one_language(register: Path, tmp_path: Path, lang: str) -> None:
    repository = pv.Repository.open(register)
    texts = {
        policy_id: [repository.read(r) for r in repository.log(policy_id)]
        for policy_id in repository.policies()
    }
    folder = tmp_path / "site"
    publish_site(repository, folder, lang=lang, today=TODAY, docx=False)
    everything = [policy for found in texts.values() for policy in found]
    for path, root in pages(folder).items():
        check_site_page(path, root, lang)
        own = (
            everything
            if path == "index.html"
            else next(
                found
                for policy_id, found in texts.items()
                if path.startswith(f"policies/{policy_id}/")
                and path.count("/") == policy_id.count("/") + 2
            )
        )
        assert not foreign(root, lang, own), (path, foreign(root, lang, own))
    control = parse((folder / "index.html").read_text().replace("<h1>", "<h1>Nonsensord "))
    assert foreign(control, lang, everything) == {"Nonsensord"}


# --- determinism and incremental publishing ---------------------------------------------------


def test_the_same_repository_gives_the_same_bytes(
    register: Path, site: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again"
    report = publish_site(register, again, today=TODAY, base_url=BASE, docx=False)
    assert site_files(again) == site_files(site)
    assert report.files == len(site_files(site)) and len(report.written) == report.files


def test_publishing_an_unchanged_repository_rewrites_nothing(
    register: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "site"
    publish_site(register, folder, today=TODAY, base_url=BASE, docx=False)
    before = stamps(folder)
    report = publish_site(register, folder, today=TODAY, base_url=BASE, docx=False)
    assert report.written == () and report.removed == ()
    assert report.unchanged == len(before) - 1  # the manifest aside
    assert stamps(folder) == before  # same inodes and times: nothing touched


def test_one_new_revision_rewrites_only_its_pages_the_index_and_the_feeds(
    repo: pv.Repository, tmp_path: Path
) -> None:
    folder = tmp_path / "site"
    publish_site(repo, folder, today=TODAY, base_url=BASE, docx=False)
    before = stamps(folder)
    revised = attrs.evolve(climate_plan(), title="Plan för klimatanpassning 2026–2030")
    repo.record(
        "klimat/anpassningsplan", revised, "Reviderad KF 2026-02-23 § 30", "2026-09-01", force=True
    )
    report = publish_site(repo, folder, today=TODAY, base_url=BASE, docx=False)
    plan = "policies/klimat/anpassningsplan"
    assert set(report.written) == {
        "index.html",
        "feed.atom",
        "sitemap.xml",
        f"{plan}/index.html",
        f"{plan}/feed.atom",
        f"{plan}/revision-1.html",
        f"{plan}/revision-2.html",
        f"{plan}/revision-2.xml",
        f"{plan}/revision-2.json",
        f"{plan}/revision-2.akn.xml",
        f"{plan}/redline-1-2.html",
    }
    assert report.removed == ()
    after = stamps(folder)
    changed = {path for path in before if after.get(path) != before[path]}
    assert changed == (set(report.written) & set(before)) | {MANIFEST}
    assert dangling(folder) == []


def test_a_redline_to_a_revision_no_longer_the_latest_is_removed(
    repo: pv.Repository, tmp_path: Path
) -> None:
    folder = tmp_path / "site"
    publish_site(repo, folder, today=TODAY, docx=False)
    repo.record("representation", representation(False), "Antagen KS 2026-02-02 § 9", force=True)
    report = publish_site(repo, folder, today=TODAY, docx=False)
    assert report.removed == ("policies/representation/redline-1-3.html",)
    assert not (folder / "policies/representation/redline-1-3.html").exists()
    assert (folder / "policies/representation/redline-1-4.html").exists()
    assert (folder / "policies/representation/redline-2-3.html").exists()
    assert "policies/representation/redline-1-3.html" not in site_files(folder)
    assert dangling(folder) == []


def test_when_a_date_passes_only_what_it_changes_is_written(register: Path, tmp_path: Path) -> None:
    """On 2026-07-01 the Söderhamn policy's new text takes effect: its pages and the index
    change, nothing else (the plan for climate adaptation waits until 2026-09-01)."""
    folder = tmp_path / "site"
    publish_site(register, folder, today=TODAY, docx=False)
    report = publish_site(register, folder, today=datetime.date(2026, 7, 1), docx=False)
    assert set(report.written) == {
        "index.html",
        f"{LEDARPOLICY}/index.html",
        f"{LEDARPOLICY}/revision-2.html",
        f"{LEDARPOLICY}/revision-3.html",
    }
    root = parse((folder / LEDARPOLICY / "index.html").read_text())
    assert text_of(root, "//div[contains(@class, 'banner')]/p") == [
        "Gäller från 2026-07-01 enligt KF 2026-02-16 § 20"
    ]


def test_a_file_changed_by_hand_is_made_again(register: Path, tmp_path: Path) -> None:
    folder = tmp_path / "site"
    publish_site(register, folder, today=TODAY, docx=False)
    page = folder / "index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"Styrdokument", b"Hacked"))
    (folder / "feed.atom").unlink()
    report = publish_site(register, folder, today=TODAY, docx=False)
    assert report.written == ("feed.atom", "index.html")
    assert page.read_bytes() == original


def test_a_damaged_manifest_costs_a_comparison_not_a_rewrite(
    register: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "site"
    publish_site(register, folder, today=TODAY, docx=False)
    before = stamps(folder)
    (folder / MANIFEST).write_text("{not json")
    report = publish_site(register, folder, today=TODAY, docx=False)
    assert report.written == ()
    assert {k: v for k, v in stamps(folder).items() if k != MANIFEST} == {
        k: v for k, v in before.items() if k != MANIFEST
    }


# --- Word redlines ----------------------------------------------------------------------------


def test_a_word_redline_hook_adds_docx_files_and_links(register: Path, tmp_path: Path) -> None:
    calls: list[tuple[str, str, str]] = []

    def word(diff: pv.PolicyDiff, old: pv.Policy, new: pv.Policy, lang: str) -> bytes:
        calls.append((old.title, new.title, lang))
        return b"PK\x03\x04 " + str(len(diff)).encode()

    folder = tmp_path / "site"
    publish_site(register, folder, today=TODAY, docx=word)
    docx = sorted(path for path in site_files(folder) if path.endswith(".docx"))
    html = sorted(
        path.replace(".html", ".docx")
        for path in site_files(folder)
        if "/redline-" in path and path.endswith(".html")
    )
    assert docx == html and len(calls) == len(docx) == 10
    revision = parse((folder / LEDARPOLICY / "revision-2.html").read_text())
    assert "redline-1-2.docx" in revision.xpath("//section[@id='changes']//a/@href")
    redline = parse((folder / LEDARPOLICY / "redline-1-2.html").read_text())
    assert "redline-1-2.docx" in redline.xpath("//nav//a/@href")
    assert dangling(folder) == []
    report = publish_site(register, folder, today=TODAY, docx=False)
    assert sorted(report.removed) == docx
    assert not any(path.endswith(".docx") for path in site_files(folder))
    assert dangling(folder) == []


def test_the_librarys_word_redline_is_used_when_there_is_one() -> None:
    from policyversions.publish import library_docx_redline

    hook = library_docx_redline()
    has_one = hasattr(pv, "render_docx_redline") or "render_docx_redline" in dir(
        __import__("policyversions.render", fromlist=["render"])
    )
    assert (hook is not None) == has_one


# --- refusals ---------------------------------------------------------------------------------


def test_a_folder_with_other_files_is_refused_and_left_alone(
    register: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "home"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(PublishError, match="holds other files"):
        publish_site(register, folder, today=TODAY)
    assert sorted(path.name for path in folder.iterdir()) == ["notes.txt"]


def test_a_bad_base_url_is_refused(register: Path, tmp_path: Path) -> None:
    for url in ("example.org", "ftp://example.org/", "https://example.org/?q=1", "/site/"):
        with pytest.raises(PublishError, match="base URL"):
            publish_site(register, tmp_path / "site", base_url=url)
    assert not (tmp_path / "site").exists()


def test_an_empty_repository_publishes_an_empty_register(tmp_path: Path) -> None:
    repository = pv.Repository.init(tmp_path / "repo")
    report = publish_site(repository, tmp_path / "site", today=TODAY, base_url=BASE)
    assert report.policies == 0
    assert sorted(report.written) == ["feed.atom", "index.html", "sitemap.xml"]
    root = parse((tmp_path / "site" / "index.html").read_text())
    assert text_of(root, "//header/p[not(@class)]") == ["0 styrdokument."]


def test_the_index_sorts_titles_as_its_language_does() -> None:
    from policyversions.publish.indexpage import sort_key

    @attrs.frozen
    class Titled:
        title: str
        policy_id: str = "p"

    titles = ["Ölpolicy", "Äldreomsorg", "Åtgärdsplan", "Zonplan", "Ekonomi", "Élevpolicy"]
    swedish = sorted(titles, key=lambda title: sort_key(Titled(title), "sv"))  # type: ignore[arg-type]
    assert swedish == ["Ekonomi", "Élevpolicy", "Zonplan", "Åtgärdsplan", "Äldreomsorg", "Ölpolicy"]
    english = sorted(titles, key=lambda title: sort_key(Titled(title), "en"))  # type: ignore[arg-type]
    assert english == ["Äldreomsorg", "Åtgärdsplan", "Ekonomi", "Élevpolicy", "Ölpolicy", "Zonplan"]
