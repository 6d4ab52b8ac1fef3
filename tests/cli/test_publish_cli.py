"""The publish command: the bundled corpus as a site, published again, and its errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import policyversions as pv
from conftest import CORPUS
from policyversions_cli.main import main
from sitecheck import dangling, site_files


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the corpus repository (publishing never writes into it, but a test that
    fails should not leave anything beside it)."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


def test_publish_the_corpus_then_again(corpus: Path, tmp_path: Path) -> None:
    site = tmp_path / "out" / "site"
    code, out, err = run("--repo", str(corpus), "publish", str(site), "--on", "2026-01-01")
    assert (code, err) == (0, "")
    files = site_files(site)
    count = len(pv.Repository.open(corpus).policies())
    assert out == (
        f"publicerade {count} styrdokument i {site}: {len(files)} filer skrivna, "
        "0 oförändrade, 0 borttagna\n"
    )
    assert "policies/sfs/2008-975/redline-1-2.html" in files
    assert dangling(site) == []
    code, out, err = run("--repo", str(corpus), "publish", str(site), "--on", "2026-01-01")
    assert out == (
        f"publicerade {count} styrdokument i {site}: 0 filer skrivna, "
        f"{len(files)} oförändrade, 0 borttagna\n"
    )
    code, out, err = run(
        "--repo",
        str(corpus),
        "publish",
        str(site),
        "--on",
        "2026-01-01",
        "--lang",
        "en",
        "--base-url",
        "https://example.org/register",
    )
    assert code == 0 and "sitemap.xml" in site_files(site)
    assert b"https://example.org/register/feed.atom" in (site / "feed.atom").read_bytes()
    assert b'<html lang="en">' in (site / "index.html").read_bytes()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--base-url", "example.org"], "error: the base URL (--base-url) must be an absolute"),
        (["--on", "2026-13-01"], "Invalid value for --on: '2026-13-01' is not a date"),
    ],
)
def test_bad_options_are_one_line(
    corpus: Path, tmp_path: Path, extra: list[str], message: str
) -> None:
    code, _out, err = run("--repo", str(corpus), "publish", str(tmp_path / "site"), *extra)
    assert code in (1, 2)
    assert message in err
    assert "Traceback" not in err


def test_a_folder_that_is_not_a_site_is_refused(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "letter.txt").write_text("keep me")
    code, out, err = run("--repo", str(corpus), "publish", str(folder))
    assert (code, out) == (1, "")
    assert err == (
        "error: the folder holds other files (letter.txt, ...) and no site published by "
        f"policyversions: publish into an empty folder or a site published before ({folder})\n"
    )
    assert [path.name for path in folder.iterdir()] == ["letter.txt"]


def test_a_damaged_revision_is_one_line_and_the_next_publish_picks_up(
    corpus: Path, tmp_path: Path
) -> None:
    """A revision that does not match its SHA-256 stops the publish with one line; what was
    written stays, named by the manifest, and once the file is restored the next publish
    finishes the site. (A page already made from the verified text is not read again:
    ``verify`` finds a damaged file.)"""
    site = tmp_path / "site"
    revision = corpus / "policies" / "sfs" / "2008-975" / "0002-regeringen-2024-SFS-2024-1362.xml"
    original = revision.read_bytes()
    revision.write_bytes(original.replace(b"socialn", b"SOCIALN", 1))
    code, out, err = run("--repo", str(corpus), "publish", str(site), "--on", "2026-01-01")
    assert (code, out) == (1, "")
    assert err.startswith("error: revision sfs/2008-975@2 does not match its recorded SHA-256")
    assert err.count("\n") == 1 and "Traceback" not in err
    written = site_files(site)
    assert "policies/contributor-covenant/en/index.html" in written
    assert "index.html" not in written
    revision.write_bytes(original)
    code, out, err = run("--repo", str(corpus), "publish", str(site), "--on", "2026-01-01")
    assert code == 0, err
    assert out.endswith(f"{len(written)} oförändrade, 0 borttagna\n")
    assert dangling(site) == []


def test_the_report_speaks_the_language_of_the_site(corpus: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    code, out, err = run("--repo", str(corpus), "publish", str(site), "--lang", "en")
    assert (code, err) == (0, "")
    count = len(pv.Repository.open(corpus).policies())
    assert out.startswith(f"published {count} policies to {site}: ")
    assert out.endswith(" unchanged, 0 removed\n")
