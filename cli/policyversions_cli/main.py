"""The ``policyversions`` command.

Each command translates its arguments into one call of the library's public API and prints the
result. Errors the user can fix (bad input, bad decision text) print one line,
``error: <what> (<where>)``, on stderr and exit with status 1; bad usage exits with status 2.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

import policyversions as pv

from .common import (
    accept_changes_option,
    input_format_option,
    json_output,
    lenient_option,
    load_input,
    reports_errors,
)
from .publish_command import publish_command
from .store_commands import STORE_COMMANDS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(pv.__version__, prog_name="policyversions")
@click.option(
    "--repo",
    type=click.Path(file_okay=False, path_type=str),
    help="The repository (default: $POLICYVERSIONS_REPO, else the nearest one upwards).",
)
def main(repo: str | None) -> None:
    """Keep the version history of policy documents and show what changed.

    FILE arguments of show and diff may also be refs POLICY[@REV] into the repository: REV is
    a revision number, a date YYYY-MM-DD (in force then) or a decision such as KF-2007-06-18-118.
    """


@main.command()
@click.argument("file", type=click.Path(dir_okay=True, path_type=str))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["outline", "xml", "json", "html"]),
    default="outline",
    show_default=True,
    help="What to print (html: a printable page).",
)
@input_format_option
@click.option(
    "--lang",
    type=click.Choice(["sv", "en"]),
    help="The language of the labels (default: the document's own, from its metadata's lang, "
    "else from its words; for diff, NEW's).",
)
@lenient_option
@accept_changes_option
@reports_errors
def show(
    file: str,
    output_format: str,
    input_format: str | None,
    lang: str | None,
    lenient: bool,
    accept_changes: bool,
) -> None:
    """Print the policy in FILE (text, Markdown, our XML, Word or PDF) as an outline, our XML,
    JSON, or an HTML page."""
    policy = load_input(file, input_format, lenient, accept_changes)
    if output_format == "html":
        click.echo(pv.render_revision_html(policy, lang=lang), nl=False)
    elif output_format == "xml":
        click.echo(pv.to_xml(policy).decode("utf-8"), nl=False)
    elif output_format == "json":
        click.echo(json_output(pv.policy_to_dict(policy), indent=2))
    else:
        click.echo(pv.render_outline(policy), nl=False)


@main.command()
@click.argument("file", type=click.Path(dir_okay=True, path_type=str))
@input_format_option
@lenient_option
@accept_changes_option
@reports_errors
def validate(file: str, input_format: str | None, lenient: bool, accept_changes: bool) -> None:
    """Check that FILE imports (and, for XML, validates against the schema)."""
    policy = load_input(file, input_format, lenient, accept_changes)
    nodes = sum(1 for _ in policy.walk())
    click.echo(f"ok: {file}: {policy.title!r}, {nodes} nodes, {len(policy.decisions)} decisions")


@main.command()
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print the structured value as JSON.")
@reports_errors
def decision(text: str, as_json: bool) -> None:
    """Parse a decision reference such as "Reviderad KF 2007-06-18 § 118"."""
    parsed = pv.parse_decision(text)
    if as_json:
        click.echo(json.dumps(parsed.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(str(parsed))


@main.command("diff")
@click.argument("old", type=click.Path(dir_okay=True, path_type=str))
@click.argument("new", type=click.Path(dir_okay=True, path_type=str))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "xml", "html", "docx"]),
    default="text",
    show_default=True,
    help=(
        "A readable redline, the diff as JSON or XML, a printable HTML redline, or a Word "
        "redline with tracked changes (docx, needs -o)."
    ),
)
@click.option(
    "--lang",
    type=click.Choice(["sv", "en"]),
    help="The language of the labels (default: the document's own, from its metadata's lang, "
    "else from its words; for diff, NEW's).",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the redline (default: only on a terminal, and never when NO_COLOR is set).",
)
@click.option(
    "--changes-only", is_flag=True, help="HTML: list the changes only, not the whole document."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=str),
    help="HTML, docx: write to this file (a temporary file beside it, synced, then renamed).",
)
@input_format_option
@lenient_option
@accept_changes_option
@reports_errors
def diff_command(
    old: str,
    new: str,
    output_format: str,
    lang: str | None,
    color: bool | None,
    changes_only: bool,
    output: str | None,
    input_format: str | None,
    lenient: bool,
    accept_changes: bool,
) -> None:
    """Show what changed from the policy in OLD to the one in NEW (any supported format:
    text, Markdown, our XML, Word or PDF; --from names it for both)."""
    before = load_input(old, input_format, lenient, accept_changes)
    after = load_input(new, input_format, lenient, accept_changes)
    changes = pv.diff(before, after)
    if output_format == "docx":
        if output is None:
            raise click.UsageError("--format docx needs -o FILE (a Word file is not text)")
        if changes_only:
            raise click.UsageError("--changes-only goes with --format html")
        data = pv.render_docx_redline(changes, old=before, new=after, lang=lang)
        pv.write_atomic(Path(output), data)
        return
    if output_format == "html":
        page = pv.render_redline(
            changes, old=before, new=after, lang=lang, changes_only=changes_only
        )
        if output is None:
            click.echo(page, nl=False)
        else:
            pv.write_atomic(Path(output), page.encode("utf-8"))
        return
    if output is not None or changes_only:
        raise click.UsageError("--output goes with --format html or docx, --changes-only with html")
    if output_format == "json":
        click.echo(json_output(changes.to_dict(), indent=1))
        return
    if output_format == "xml":
        click.echo(pv.diff_to_xml(changes).decode("utf-8"), nl=False)
        return
    if color is None:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    text = pv.render_text_redline(changes, old=before, new=after, color=color, lang=lang)
    click.echo(text, nl=False, color=color)


@main.command("export")
@click.argument("file", type=click.Path(dir_okay=True, path_type=str))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["akn", "xml", "json", "docx"]),
    required=True,
    help="Akoma Ntoso 3.0, our policy XML, JSON, or a clean Word document (docx, needs -o).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=str),
    help="Write to this file (a temporary file beside it, synced, then renamed over it).",
)
@click.option("--country", default="se", show_default=True, help="Akoma Ntoso country code.")
@click.option(
    "--number",
    help="Akoma Ntoso work number, stable across revisions (default: from the title).",
)
@click.option(
    "--language", default="swe", show_default=True, help="Akoma Ntoso language (ISO 639-2)."
)
@click.option(
    "--lang",
    type=click.Choice(["sv", "en"]),
    help="docx: the document's language and labels (default: the policy's own).",
)
@input_format_option
@lenient_option
@accept_changes_option
@reports_errors
def export_command(
    file: str,
    output_format: str,
    output: str | None,
    country: str,
    number: str | None,
    language: str,
    lang: str | None,
    input_format: str | None,
    lenient: bool,
    accept_changes: bool,
) -> None:
    """Export the policy in FILE (or POLICY[@REV]) as Akoma Ntoso 3.0 (akn), our XML, JSON, or
    a clean Word document (docx)."""
    policy = load_input(file, input_format, lenient, accept_changes)
    if output_format == "docx" and output is None:
        raise click.UsageError("--format docx needs -o FILE (a Word file is not text)")
    if output_format == "docx":
        data = pv.render_docx(policy, lang=lang)
    elif output_format == "akn":
        data = pv.to_akn(policy, country=country, language=language, number=number)
    elif output_format == "xml":
        data = pv.to_xml(policy)
    else:
        data = (json_output(pv.policy_to_dict(policy), indent=2) + "\n").encode("utf-8")
    if output is None:
        click.echo(data, nl=False)  # bytes go to the binary stream unchanged
        return
    pv.write_atomic(Path(output), data)


for _command in (*STORE_COMMANDS, publish_command):
    main.add_command(_command)
