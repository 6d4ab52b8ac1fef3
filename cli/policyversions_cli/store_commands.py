"""Commands of the revision store: init, record, repeal, policies, log, blame, history, verify,
repair.

The repository is the one given by the group option ``policyversions --repo DIR``, else
``$POLICYVERSIONS_REPO``, else the nearest directory upwards holding one (see
:mod:`policyversions.store.refs`). ``show``, ``diff``, ``validate`` and ``export`` read
``POLICY[@REV]`` refs through :func:`~policyversions_cli.common.load_input`. Listings print in
Swedish or English (``--lang``; default: the language of the policy's latest text);
:mod:`policyversions_cli.main` registers :data:`STORE_COMMANDS` on the ``main`` group.
"""

from __future__ import annotations

import click

import policyversions as pv

from .common import (
    accept_changes_option,
    input_format_option,
    lenient_option,
    load_file,
    parse_day,
    repo_option,
    reports_errors,
)

LANG = click.Choice(["sv", "en"])


def _repository() -> pv.Repository:
    return pv.Repository.find(repo_option())


def _warn(revision: pv.Revision) -> None:
    for warning in revision.warnings:
        click.echo(f"warning: {warning}", err=True)


_DEFAULT_LANG = "Language of the output (default: the language of the policy's text)."
_ON = "Give statuses as on this day YYYY-MM-DD (default: today)."


@click.command("init")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=str))
@reports_errors
def init_command(directory: str | None) -> None:
    """Create an empty repository in DIRECTORY (default: the --repo directory, else here)."""
    target = directory or repo_option() or "."
    repository = pv.Repository.init(target)
    click.echo(f"initialised an empty policyversions repository in {repository.root}")


@click.command("record")
@click.argument("policy_id", metavar="POLICY")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--decision",
    required=True,
    help='The decision, e.g. "KF 2007-06-18 § 118" (may end ", gäller från 2007-07-01").',
)
@click.option("--effective", help="The date the decision takes effect (YYYY-MM-DD).")
@click.option("--force", is_flag=True, help="Record even an identical text or repeated decision.")
@click.option(
    "--late",
    is_flag=True,
    help="Record a decision dated before the latest one (decided earlier, in force later).",
)
@click.option(
    "--retroactive", is_flag=True, help="Accept an effective date before the decision."
)
@click.option("--strict", is_flag=True, help="Refuse what would only be a warning.")
@click.option("--note", help="A note to keep with the revision (shown by log).")
@input_format_option
@click.option("--lang", type=LANG, help=_DEFAULT_LANG)
@lenient_option
@accept_changes_option
@reports_errors
def record_command(
    policy_id: str,
    file: str,
    decision: str,
    effective: str | None,
    force: bool,
    late: bool,
    retroactive: bool,
    strict: bool,
    note: str | None,
    input_format: str | None,
    lang: str | None,
    lenient: bool,
    accept_changes: bool,
) -> None:
    """Record the policy in FILE (text, Markdown, our XML, Word or PDF) as the next revision
    of POLICY under a decision."""
    policy = load_file(file, input_format, lenient, accept_changes)
    revision = _repository().record(
        policy_id,
        policy,
        decision,
        effective,
        force=force,
        late=late,
        retroactive=retroactive,
        strict=strict,
        note=note,
    )
    click.echo(pv.recorded_line(revision, lang=lang or revision.language))
    _warn(revision)


@click.command("repeal")
@click.argument("policy_id", metavar="POLICY")
@click.option("--decision", required=True, help='The decision, e.g. "Upphävd KF 2021-11-29 § 201".')
@click.option("--effective", help="The date the repeal takes effect (YYYY-MM-DD).")
@click.option("--late", is_flag=True, help="Record a decision dated before the latest one.")
@click.option(
    "--retroactive", is_flag=True, help="Accept an effective date before the decision."
)
@click.option("--strict", is_flag=True, help="Refuse what would only be a warning.")
@click.option("--note", help="A note to keep with the revision (shown by log).")
@click.option("--lang", type=LANG, help=_DEFAULT_LANG)
@reports_errors
def repeal_command(
    policy_id: str,
    decision: str,
    effective: str | None,
    late: bool,
    retroactive: bool,
    strict: bool,
    note: str | None,
    lang: str | None,
) -> None:
    """Record that a decision repealed POLICY: nothing is in force after it."""
    revision = _repository().repeal(
        policy_id,
        decision,
        effective,
        late=late,
        retroactive=retroactive,
        strict=strict,
        note=note,
    )
    click.echo(pv.recorded_line(revision, lang=lang or revision.language))
    _warn(revision)


@click.command("policies")
@click.option("--json", "as_json", is_flag=True, help="Print the policies as JSON.")
@click.option("--lang", type=LANG, help="Language of the table (default: that of the policies).")
@click.option("--on", "on", help=_ON)
@reports_errors
def policies_command(as_json: bool, lang: str | None, on: str | None) -> None:
    """List the policies: id, status, latest decision, revisions and title."""
    summaries = _repository().summaries(parse_day(on))
    if as_json:
        click.echo(pv.policies_to_json(summaries))
        return
    chosen = lang or pv.listing_language([item.language for item in summaries])
    click.echo(pv.render_policies(summaries, lang=chosen), nl=False)


@click.command("log")
@click.argument("policy_id", metavar="POLICY")
@click.option("--json", "as_json", is_flag=True, help="Print the revisions as JSON.")
@click.option("--lang", type=LANG, help=_DEFAULT_LANG)
@click.option("--on", "on", help=_ON)
@reports_errors
def log_command(policy_id: str, as_json: bool, lang: str | None, on: str | None) -> None:
    """List the revisions of POLICY, oldest first, with their status and dates."""
    repository = _repository()
    revisions = repository.log(policy_id)
    periods = repository.periods(policy_id, parse_day(on))
    if as_json:
        click.echo(pv.log_to_json(policy_id, revisions, periods))
        return
    chosen = lang or (revisions[-1].language if revisions else "sv")
    click.echo(pv.render_log(policy_id, revisions, periods, lang=chosen), nl=False)


@click.command("blame")
@click.argument("ref", metavar="POLICY[@REV]")
@click.option("--json", "as_json", is_flag=True, help="Print the blame as JSON.")
@click.option("--lang", type=LANG, help=_DEFAULT_LANG)
@reports_errors
def blame_command(ref: str, as_json: bool, lang: str | None) -> None:
    """For every node: the revisions that introduced it, last changed it and last moved it."""
    repository = _repository()
    target = repository.resolve(ref)
    entries = repository.blame(target.policy_id, target.number)
    if as_json:
        click.echo(pv.blame_to_json(entries))
        return
    click.echo(pv.render_blame(entries, lang=lang or target.language), nl=False)


@click.command("history")
@click.argument("policy_id", metavar="POLICY")
@click.argument("node_id", metavar="NODE")
@click.option("--json", "as_json", is_flag=True, help="Print the history as JSON.")
@click.option("--lang", type=LANG, help=_DEFAULT_LANG)
@reports_errors
def history_command(policy_id: str, node_id: str, as_json: bool, lang: str | None) -> None:
    """Show NODE's text in every revision of POLICY that added, changed, moved or removed it,
    and from when until when each text held."""
    repository = _repository()
    versions = repository.node_history(policy_id, node_id)
    if as_json:
        click.echo(pv.node_history_to_json(policy_id, node_id, versions))
        return
    chosen = lang or repository.latest(policy_id).language
    click.echo(pv.render_node_history(policy_id, node_id, versions, lang=chosen), nl=False)


@click.command("verify")
@click.option("--deep", is_flag=True, help="Also read every revision and compare it to the index.")
@reports_errors
def verify_command(deep: bool) -> None:
    """Check every revision against its SHA-256 and every index against its hash chain and
    head; exit 1 if anything changed, is missing or cannot be read."""
    report = _repository().verify(deep=deep)
    for orphan in report.orphans:
        click.echo(f"orphan (named by no index, ignored): {orphan}")
    for note in report.notes:
        click.echo(f"note: {note}")
    for problem in report.problems:
        click.echo(f"error: {problem}", err=True)
    if not report.ok:
        raise SystemExit(1)
    click.echo(f"ok: {report.policies} policies, {report.revisions} revisions verified")


@click.command("repair")
@click.argument("policy_ids", metavar="POLICY", nargs=-1, required=True)
@reports_errors
def repair_command(policy_ids: tuple[str, ...]) -> None:
    """Rebuild the index of each POLICY from its revision files (after a lost or damaged
    index.json); a sound index is left as it is."""
    repository = _repository()
    for policy_id in policy_ids:
        report = repository.repair(policy_id)
        if not report.written:
            click.echo(f"ok: {policy_id}: the index is sound ({report.revisions} revisions)")
            continue
        click.echo(f"repaired {policy_id}: {report.revisions} revisions in the index")
        if report.restored:
            numbers = ", ".join(str(number) for number in report.restored)
            click.echo(
                f"note: revision(s) {numbers} rebuilt from their files alone: the time recorded "
                "is the file's modification time; warnings and notes were lost"
            )
        if report.kept is not None:
            click.echo(f"note: the replaced index is kept as {report.kept}")


STORE_COMMANDS = (
    init_command,
    record_command,
    repeal_command,
    policies_command,
    log_command,
    blame_command,
    history_command,
    verify_command,
    repair_command,
)

__all__ = ["STORE_COMMANDS"]
