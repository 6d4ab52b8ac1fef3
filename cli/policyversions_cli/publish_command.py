"""The ``publish`` command: the repository as a static website.

``policyversions [--repo DIR] publish OUTDIR`` calls :func:`policyversions.publish_site` and says
what it did in one line; :mod:`policyversions_cli.main` registers :data:`publish_command`.
"""

from __future__ import annotations

import click

import policyversions as pv

from .common import parse_day, repo_option, reports_errors


@click.command("publish")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=str))
@click.option(
    "--lang",
    type=click.Choice(["sv", "en"]),
    help="The language of the site (default: that of the policies, Swedish when they differ).",
)
@click.option(
    "--base-url",
    help="The address the site is served from, e.g. https://example.org/styrdokument/: makes "
    "the feeds' links absolute and adds sitemap.xml.",
)
@click.option(
    "--on",
    "on",
    help="Give statuses as on this day YYYY-MM-DD (default: today).",
)
@click.option(
    "--docx/--no-docx",
    default=True,
    show_default=True,
    help="Publish Word redlines beside the HTML ones, when this version can make them.",
)
@reports_errors
def publish_command(
    outdir: str, lang: str | None, base_url: str | None, on: str | None, docx: bool
) -> None:
    """Write the whole repository as a static website into OUTDIR: the register, every policy
    in force with its history, every revision, redlines, downloads and Atom feeds.

    Publishing again rewrites only the files that changed; OUTDIR must be empty or hold a site
    published before.
    """
    report = pv.publish_site(
        pv.Repository.find(repo_option()),
        outdir,
        lang=lang,
        base_url=base_url,
        today=parse_day(on),
        docx=docx,
    )
    click.echo(report.line())


__all__ = ["publish_command"]
