"""Commands of the revision store: init, record, repeal, policies, log, blame, history, verify.

The repository is the one given by the group option ``policyversions --repo DIR``, else
``$POLICYVERSIONS_REPO``, else the nearest directory upwards holding one (see
:mod:`policyversions.store.refs`). ``show``, ``diff``, ``validate`` and ``export`` read
``POLICY[@REV]`` refs through :func:`~policyversions_cli.common.load_input`.
:mod:`policyversions_cli.main` registers :data:`STORE_COMMANDS` on the ``main`` group.
"""

from __future__ import annotations

import json

import click

import policyversions as pv

from .common import lenient_option, load_file, repo_option, reports_errors


def _repository() -> pv.Repository:
    return pv.Repository.find(repo_option())


def _changes(revision: pv.Revision) -> str:
    changes = revision.changes
    return (
        f"{len(changes.added)} added, {len(changes.changed)} changed, "
        f"{len(changes.editorial)} editorial, {len(changes.moved)} moved, "
        f"{len(changes.removed)} removed"
    )


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
@click.option("--decision", required=True, help='The decision, e.g. "KF 2007-06-18 § 118".')
@click.option("--effective", help="The date the revision takes effect (YYYY-MM-DD).")
@click.option("--force", is_flag=True, help="Record even an identical text or repeated decision.")
@click.option("--late", is_flag=True, help="Record a decision dated before the latest one.")
@click.option(
    "--input-format",
    type=click.Choice(list(pv.FORMATS)),
    help="Input format (default: from extension).",
)
@lenient_option
@reports_errors
def record_command(
    policy_id: str,
    file: str,
    decision: str,
    effective: str | None,
    force: bool,
    late: bool,
    input_format: str | None,
    lenient: bool,
) -> None:
    """Record the policy in FILE as the next revision of POLICY under a decision."""
    policy = load_file(file, input_format, lenient)
    revision = _repository().record(policy_id, policy, decision, effective, force=force, late=late)
    click.echo(f"recorded {revision.ref}: {revision.decision} ({_changes(revision)})")
    for note in revision.notes:
        click.echo(f"note: {note}", err=True)


@click.command("repeal")
@click.argument("policy_id", metavar="POLICY")
@click.option("--decision", required=True, help='The decision, e.g. "Upphävd KF 2021-11-29 § 201".')
@click.option("--effective", help="The date the repeal takes effect (YYYY-MM-DD).")
@click.option("--late", is_flag=True, help="Record a decision dated before the latest one.")
@reports_errors
def repeal_command(policy_id: str, decision: str, effective: str | None, late: bool) -> None:
    """Record that a decision repealed POLICY: nothing is in force after it."""
    revision = _repository().repeal(policy_id, decision, effective, late=late)
    click.echo(f"recorded {revision.ref}: {revision.decision}")


@click.command("policies")
@reports_errors
def policies_command() -> None:
    """List the policies in the repository."""
    for policy_id in _repository().policies():
        click.echo(policy_id)


@click.command("log")
@click.argument("policy_id", metavar="POLICY")
@click.option("--json", "as_json", is_flag=True, help="Print the revisions as JSON.")
@reports_errors
def log_command(policy_id: str, as_json: bool) -> None:
    """List the revisions of POLICY, oldest first."""
    revisions = _repository().log(policy_id)
    if as_json:
        data = {"policy": policy_id, "revisions": [r.to_dict() for r in revisions]}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for revision in revisions:
        click.echo(
            f"{revision.number:>4}  {revision.decision}  "
            f"in force from {revision.in_force_from.isoformat()}  "
            f"sha256 {revision.sha256[:12]}  "
            f"recorded {revision.recorded.isoformat(timespec='seconds')}  "
            f"({_changes(revision)})"
        )


@click.command("blame")
@click.argument("ref", metavar="POLICY[@REV]")
@click.option("--json", "as_json", is_flag=True, help="Print the blame as JSON.")
@reports_errors
def blame_command(ref: str, as_json: bool) -> None:
    """For every node: the revision that introduced it and the one that last changed it."""
    policy_id, rev = pv.parse_ref(ref)
    entries = _repository().blame(policy_id, rev)
    if as_json:
        click.echo(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=2))
        return
    for entry in entries:
        came, changed = entry.introduced, entry.changed
        text = entry.text if len(entry.text) <= 60 else entry.text[:59] + "…"
        click.echo(
            f"{came.number:>4} {came.decision.slug:<20} {changed.number:>4} "
            f"{changed.decision.slug:<20} {'  ' * entry.depth}{entry.node_id}  {text}"
        )


@click.command("history")
@click.argument("policy_id", metavar="POLICY")
@click.argument("node_id", metavar="NODE")
@reports_errors
def history_command(policy_id: str, node_id: str) -> None:
    """Show NODE's text in every revision of POLICY that added, changed, moved or removed it."""
    for version in _repository().node_history(policy_id, node_id):
        revision = version.revision
        text = "" if version.text is None else f"  {version.text}"
        click.echo(f"{revision.number:>4}  {revision.decision}  {version.change}{text}")


@click.command("verify")
@click.option("--deep", is_flag=True, help="Also read every revision as XML.")
@reports_errors
def verify_command(deep: bool) -> None:
    """Check every revision against its SHA-256; exit 1 if any changed or is missing."""
    report = _repository().verify(deep=deep)
    for orphan in report.orphans:
        click.echo(f"orphan (named by no index, ignored): {orphan}")
    for problem in report.problems:
        click.echo(f"error: {problem}", err=True)
    if not report.ok:
        raise SystemExit(1)
    click.echo(f"ok: {report.policies} policies, {report.revisions} revisions verified")


STORE_COMMANDS = (
    init_command,
    record_command,
    repeal_command,
    policies_command,
    log_command,
    blame_command,
    history_command,
    verify_command,
)

__all__ = ["STORE_COMMANDS"]
