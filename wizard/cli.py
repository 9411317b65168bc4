"""Flask commands: check and walk the questions, print a plan, import the directory, purge old
answers, rotate the data key."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from wizard.core.api_request import RequestError, pathway_payload
from wizard.core.content import Content, load_content
from wizard.core.content_checks import summary
from wizard.core.diagram import to_dot, to_mermaid
from wizard.core.engine import EngineError, resolve
from wizard.core.yamlsource import ContentProblems
from wizard.dates import today_in_london
from wizard.directory.feeds import Limits, api_base
from wizard.directory.freshness import reminder_line, reviews_due
from wizard.directory.importer import run_import
from wizard.directory.mapping import condition_values, load_mapping
from wizard.directory.sync import SyncResult, record_run, sync
from wizard.storage import (
    batches,
    insight,
    key_rotation,
    listing_reports,
    local_offer_comments,
    staff_accounts,
)
from wizard.storage.assessments import purge_idle
from wizard.storage.housekeeping import purge_staff_records, seal_old_text
from wizard.storage.models import utcnow
from wizard.storage.sealing import Sealer, key_from_setting
from wizard.web.context import find_services, today

questions_cli = AppGroup(
    "questions", help="Check, draw and walk the question content in questions/."
)


def _content(directory: str | None, locality: str | None, samples: int = 400) -> Content:
    questions_dir = Path(directory or current_app.config["QUESTIONS_DIR"])
    locality_file = Path(
        locality
        or (questions_dir / "locality.yaml" if directory else current_app.config["LOCALITY_FILE"])
    )
    return load_content(questions_dir, locality_file, samples=samples)


def _content_or_exit(directory: str | None = None) -> Content:
    try:
        return _content(directory, None)
    except ContentProblems as problems:
        click.echo(str(problems), err=True)
        click.echo("Run `flask questions check` for details.", err=True)
        sys.exit(1)


@questions_cli.command("check")
@click.option(
    "--dir",
    "directory",
    type=click.Path(exists=True, file_okay=False),
    help="Check this folder instead of questions/.",
)
@click.option(
    "--locality",
    type=click.Path(exists=True, dir_okay=False),
    help="The council profile (default: locality.yaml in the folder).",
)
@click.option(
    "--samples",
    default=2000,
    show_default=True,
    help="Answer sets replayed to check each fact's asked_when rule.",
)
def check_command(directory: str | None, locality: str | None, samples: int) -> None:
    """Check the content: schema, routes, conditions, messages, the data dictionary and wording."""
    try:
        content = _content(directory, locality, samples=samples)
    except ContentProblems as problems:
        for problem in problems.problems:
            click.echo(problem.describe())
        click.echo(f"{len(problems.problems)} problem(s) found.", err=True)
        sys.exit(1)
    mapping_file = (
        Path(directory or current_app.config["QUESTIONS_DIR"]) / "directory" / "mapping.yaml"
    )
    mapped = ""
    if mapping_file.exists():
        try:
            mapping = load_mapping(
                mapping_file,
                content.actions.categories,
                [action.id for action in content.actions.actions],
                condition_values(content.graph),
            )
        except ContentProblems as problems:
            for problem in problems.problems:
                click.echo(problem.describe())
            click.echo(f"{len(problems.problems)} problem(s) found.", err=True)
            sys.exit(1)
        mapped = f"; {len(mapping.by_term)} directory terms mapped"
    click.echo(f"{summary(content.graph)}; {len(content.actions.actions)} actions{mapped}")


@questions_cli.command("graph")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["mermaid", "dot", "svg"]),
    default="mermaid",
    show_default=True,
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file instead of the screen.",
)
def graph_command(output_format: str, output: str | None) -> None:
    """Draw the question graph (SVG needs Graphviz's `dot`)."""
    graph = _content_or_exit().graph
    if output_format == "mermaid":
        text: str | bytes = to_mermaid(graph)
    else:
        text = to_dot(graph)
        if output_format == "svg":
            dot = shutil.which("dot")
            if dot is None:
                click.echo(
                    "SVG needs Graphviz: install it (apt-get install graphviz) or use --format dot.",
                    err=True,
                )
                sys.exit(1)
            # Our own DOT text, piped to the Graphviz binary found on PATH.
            command = [dot, "-Tsvg"]
            text = subprocess.run(
                command, input=text.encode(), capture_output=True, check=True
            ).stdout
    if output:
        Path(output).write_bytes(text if isinstance(text, bytes) else text.encode())
        click.echo(f"Wrote {output}")
    else:
        click.echo(text if isinstance(text, str) else text.decode())


def read_answers_file(path: str) -> tuple[dict[str, Any], date | None]:
    """Read a JSON file holding {"answers": {...}, "as_of": "YYYY-MM-DD"} or just the answers."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise click.ClickException(f"{path} is not a readable JSON file: {error}") from error
    if not isinstance(data, dict):
        raise click.ClickException(f"{path} must hold a JSON object")
    answers = data.get("answers", data)
    if not isinstance(answers, dict):
        raise click.ClickException(f"{path}: 'answers' must be a JSON object")
    as_of = data.get("as_of") if "answers" in data else None
    try:
        return answers, date.fromisoformat(as_of) if as_of else None
    except (TypeError, ValueError) as error:
        raise click.ClickException(f"{path}: as_of must be a date like 2026-11-30") from error


@questions_cli.command("walk")
@click.argument("answers_file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Work out ages and dates as on this day.",
)
def walk_command(answers_file: str, as_of: Any) -> None:
    """Replay ANSWERS_FILE through the questions and print the path it takes."""
    graph = _content_or_exit().graph
    answers, file_as_of = read_answers_file(answers_file)
    day = as_of.date() if as_of else (file_as_of or today_in_london())
    try:
        progress = resolve(graph, answers, day)
    except EngineError as error:
        raise click.ClickException(str(error)) from error
    for step, node_id in enumerate(progress.path, start=1):
        node = graph.nodes[node_id]
        if node_id in progress.answers:
            shown = json.dumps(progress.answers[node_id])
        elif node.type == "end":
            shown = "(end)"
        elif node_id == progress.current:
            shown = "(not answered: the walk stops here)"
        else:
            shown = "(skipped)" if node.is_question else "(information page)"
        click.echo(f"{step:3}. {node_id}: {shown}")
    status = "complete" if progress.complete else f"stopped at '{progress.current}'"
    click.echo(
        f"Walk {status}; as of {day.isoformat()}; derived: "
        + json.dumps(
            {k: v.isoformat() if isinstance(v, date) else v for k, v in progress.derived.items()}
        )
    )
    if progress.ignored:
        click.echo("Ignored (not on the path): " + ", ".join(progress.ignored))
    if progress.invalid:
        click.echo("Not accepted by their questions: " + ", ".join(progress.invalid))


@click.command("pathway")
@with_appcontext
@click.argument("answers_file", type=click.Path(dir_okay=False))
@click.option("--as-of", "as_of", help="Work out ages and deadlines as on this day (YYYY-MM-DD).")
def pathway_command(answers_file: str, as_of: str | None) -> None:
    """Print the plan for ANSWERS_FILE as the API's JSON; on bad input print the errors, exit 2."""
    loaded = _content_or_exit()
    try:
        raw = Path(answers_file).read_bytes()
    except OSError as error:
        click.echo(
            json.dumps(
                {
                    "errors": [
                        {
                            "question": None,
                            "message": f"{answers_file} cannot be read: {error.strerror}.",
                        }
                    ]
                }
            ),
            err=True,
        )
        sys.exit(2)
    try:
        if as_of is not None:
            raw = _with_as_of(raw, as_of)
        payload = pathway_payload(loaded, raw, today(), find_services)
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    except RequestError as error:
        click.echo(json.dumps(error.body(), ensure_ascii=False, indent=2), err=True)
        sys.exit(2)


def _with_as_of(raw: bytes, as_of: str) -> bytes:
    """The request body with --as-of in place of any as_of it holds (the body must still be valid)."""
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        return raw  # parse_body reports it
    if isinstance(body, dict):
        body["as_of"] = as_of
    return json.dumps(body).encode()


assessments_cli = AppGroup("assessments", help="Look after families' saved answers.")


@assessments_cli.command("purge")
def purge_command() -> None:
    """Delete answers left idle past the retention periods, and old staff sign-in records; release
    what waits for a batch into insight and the comments (run daily from cron)."""
    config = current_app.config
    with current_app.extensions["db_sessionmaker"]() as session:
        removed = purge_idle(
            session,
            config["RETENTION_UNFINISHED_DAYS"],
            config["RETENTION_FINISHED_DAYS"],
            utcnow(),
        )
        staff = purge_staff_records(session, utcnow(), config["INSIGHT_RETENTION_MONTHS"])
        sealed = seal_old_text(session, current_app.extensions["sealer"])
        # Each release commits on its own: nothing else is written in a release's transaction.
        sections = insight.release_sections(session, current_app.extensions["sealer"])
        released = insight.release_pending(session, current_app.extensions["sealer"])
        answers = local_offer_comments.release_plan_answers(
            session, current_app.extensions["sealer"]
        )
        comments = local_offer_comments.purge(session, utcnow())
        reports = listing_reports.purge(session, utcnow())
        session.commit()
    click.echo(
        f"Deleted {removed} assessment(s): unfinished and idle for over {config['RETENTION_UNFINISHED_DAYS']} days, "
        f"or finished and idle for over {config['RETENTION_FINISHED_DAYS']} days."
    )
    click.echo(
        f"Deleted {staff.sessions} staff session(s) ended or unused for a day, "
        f"{staff.attempts} sign-in attempt(s) over 90 days old "
        f"and {staff.counters} limit counter(s) no longer needed."
    )
    click.echo(
        f"Deleted {comments} comment(s) on the Local Offer over "
        f"{local_offer_comments.COMMENTS_KEPT.days} days old, with any contact details in them."
    )
    click.echo(
        f"Deleted {reports} listing problem report(s) dealt with over "
        f"{listing_reports.KEPT_AFTER_DEALT_WITH.days} days ago or sent over "
        f"{listing_reports.KEPT_AT_MOST.days} days ago."
    )
    click.echo(
        f"Added {released} finished plan(s) to the insight counts, in a shuffled batch "
        f"(plans wait until at least {batches.RELEASE_AT} can go together)."
    )
    click.echo(
        f"Added {sections} section(s) reached to the insight counts, in a shuffled batch "
        f"(they wait until at least {batches.RELEASE_AT} can go together)."
    )
    click.echo(
        f"Added {answers} answer(s) to “Did this plan help?” to the comments, in a shuffled "
        f"batch (they wait until at least {batches.RELEASE_AT} can go together)."
    )
    click.echo(
        f"Deleted {staff.insight} anonymous insight record(s) and counter(s) of months over "
        f"{config['INSIGHT_RETENTION_MONTHS']} months ago."
    )
    if sealed:
        click.echo(f"Sealed {sealed} case label(s) or feedback comment(s) saved before sealing.")


directory_cli = AppGroup("directory", help="Import and look after the Local Offer directory.")


@directory_cli.command("import")
@click.argument("source", required=False)
@click.option(
    "--full-sync",
    is_flag=True,
    help="Mark services from this source that the feed no longer lists as inactive.",
)
@click.option("--source-name", help="Name the source (default: the file name or the URL).")
@click.option("--timeout", default=10.0, show_default=True, help="Seconds to wait for each page.")
@click.option("--retries", default=2, show_default=True, help="Retries for a page that fails.")
@click.option("--page-limit", default=500, show_default=True, help="Most pages to read.")
@click.option(
    "--max-bytes", default=10 * 1024 * 1024, show_default=True, help="Largest page accepted."
)
@click.option("--per-page", default=100, show_default=True, help="Services asked for per page.")
@click.option("--batch-size", default=500, show_default=True, help="Records per transaction.")
def import_command(
    source: str | None,
    full_sync: bool,
    source_name: str | None,
    timeout: float,
    retries: int,
    page_limit: int,
    max_bytes: int,
    per_page: int,
    batch_size: int,
) -> None:
    """Import SOURCE: an ORUK 1.0 or 3.0 JSON file, a folder of them, or an API's base URL.

    Without SOURCE, import the feed at DIRECTORY_FEED_URL whole or not at all, as `flask directory
    sync` does (for cron)."""
    if source is None:
        click.get_current_context().invoke(
            sync_command,
            keep_missing=False,
            timeout=timeout,
            retries=retries,
            page_limit=page_limit,
            max_bytes=max_bytes,
            per_page=per_page,
        )
        return
    mapping = current_app.extensions.get("directory_mapping")
    if mapping is None:
        click.echo(str(current_app.extensions.get("content_problems", "No content")), err=True)
        sys.exit(1)
    sessions = current_app.extensions["db_sessionmaker"]
    name = source_name or _source_name(source)
    summary = record_run(
        sessions,
        "import",
        name,
        utcnow,
        lambda: SyncResult(
            run_import(
                sessions,
                source,
                mapping,
                source_name=name,
                full_sync=full_sync,
                limits=Limits(
                    timeout=timeout,
                    retries=retries,
                    page_limit=page_limit,
                    max_bytes=max_bytes,
                    per_page=per_page,
                ),
                chunk=batch_size,
            ),
            applied=True,
        ),
    ).summary
    for line in summary.report():
        click.echo(line)
    if not summary.complete:
        sys.exit(1)


@directory_cli.command("sync")
@click.option(
    "--keep-missing",
    is_flag=True,
    help="Leave services the feed no longer lists as they are (by default they are marked inactive).",
)
@click.option("--timeout", default=10.0, show_default=True, help="Seconds to wait for each page.")
@click.option("--retries", default=2, show_default=True, help="Retries for a page that fails.")
@click.option("--page-limit", default=500, show_default=True, help="Most pages to read.")
@click.option(
    "--max-bytes", default=10 * 1024 * 1024, show_default=True, help="Largest page accepted."
)
@click.option("--per-page", default=100, show_default=True, help="Services asked for per page.")
def sync_command(
    keep_missing: bool,
    timeout: float,
    retries: int,
    page_limit: int,
    max_bytes: int,
    per_page: int,
) -> None:
    """Import the feed at DIRECTORY_FEED_URL whole or not at all, and record the run (for cron).

    The whole feed is read first; only if every page and detail was read is it imported, in one
    transaction. Any failure leaves the directory as it was and exits 1. The last run's summary,
    time and failures are shown on the editors' directory page.
    """
    mapping = current_app.extensions.get("directory_mapping")
    if mapping is None:
        click.echo(str(current_app.extensions.get("content_problems", "No content")), err=True)
        sys.exit(1)
    url = str(current_app.config.get("DIRECTORY_FEED_URL") or "").strip()
    if not url:
        click.echo("Set DIRECTORY_FEED_URL to the council's Open Referral UK API first.", err=True)
        sys.exit(2)
    limits = Limits(
        timeout=timeout,
        retries=retries,
        page_limit=page_limit,
        max_bytes=max_bytes,
        per_page=per_page,
    )
    name = api_base(url)
    result = record_run(
        current_app.extensions["db_sessionmaker"],
        "sync",
        name,
        utcnow,
        lambda: sync(
            current_app.extensions["db_engine"],
            url,
            mapping,
            source_name=name,
            limits=limits,
            full_sync=not keep_missing,
        ),
    )
    for line in result.summary.report():
        click.echo(line)
    if not result.applied:
        click.echo("The sync failed, so the directory was left as it was.", err=True)
        sys.exit(1)


@directory_cli.command("reminders")
@click.option(
    "--within-days",
    default=30,
    show_default=True,
    help="Also list listings due to be checked within this many days.",
)
def reminders_command(within_days: int) -> None:
    """List the listings overdue for their check or due soon, one line each (for cron).

    It only prints them; sending the reminders by email to providers comes with a later
    notification service. Exits 0 whether or not any are due.
    """
    with current_app.extensions["db_sessionmaker"]() as session:
        due = reviews_due(
            session,
            today=today(),
            within_days=within_days,
            review_after_months=current_app.extensions["directory_mapping"].review_after_months,
        )
    for item in due:
        click.echo(reminder_line(item, today()))
    overdue = sum(item.overdue for item in due)
    click.echo(
        f"{len(due)} listing(s) to check: {overdue} overdue, "
        f"{len(due) - overdue} due within {within_days} days."
    )


def _source_name(source: str) -> str:
    """A file's or folder's name (not its path, which differs per machine), or the URL."""
    if "://" in source:
        return api_base(source)
    return Path(source).resolve().name


users_cli = AppGroup("users", help="Staff accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The person's name, as colleagues know them.")
@click.option(
    "--role",
    type=click.Choice(["keyworker", "editor", "admin"]),
    required=True,
    help="keyworker, editor or admin.",
)
def create_user_command(email: str, name: str, role: str) -> None:
    """Add a member of staff (the first admin, say) and print their single-use invitation link."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    if not base:
        click.echo("Set PUBLIC_URL first: the invitation link names it.", err=True)
        sys.exit(1)
    database = current_app.extensions["db_sessionmaker"]()
    with database:
        if staff_accounts.find_user_by_email(database, email) is not None:
            click.echo(f"There is already an account for {email}.", err=True)
            sys.exit(1)
        user = staff_accounts.create_user(database, email, name, role)
        token = staff_accounts.create_invite(database, user, None, utcnow())
        database.commit()
    click.echo(f"Created {role} account for {email}.")
    click.echo(
        f"Send them this link (it works once, for 72 hours): {base}/staff/invitation/{token}"
    )


keys_cli = AppGroup("keys", help="The key that encrypts families' answers (DATA_KEY).")


@keys_cli.command("rotate")
@click.option(
    "--old-key-file",
    type=click.Path(exists=True, dir_okay=False),
    help="A file holding the old DATA_KEY. Without it, the command asks for the key (not shown).",
)
def rotate_keys_command(old_key_file: str | None) -> None:
    """Wrap every stored data key again with the DATA_KEY now set, given the old key once.

    Run it with the app stopped, or before starting the app with the new DATA_KEY. It can be run
    again safely: what is done already is left alone. It exits 1 if anything cannot be read.
    """
    text = (
        Path(old_key_file).read_text()
        if old_key_file
        else click.prompt("The old DATA_KEY", hide_input=True)
    )
    try:
        old = Sealer(key_from_setting(text))
    except ValueError as error:
        click.echo(f"The old key is not valid: {error}.", err=True)
        sys.exit(2)
    if text.strip() == str(current_app.config.get("DATA_KEY", "")).strip():
        click.echo(
            "The old key is the DATA_KEY now set. Set DATA_KEY to the new key first.", err=True
        )
        sys.exit(2)
    new: Sealer = current_app.extensions["sealer"]
    sessions = current_app.extensions["db_sessionmaker"]
    report = key_rotation.rotate(sessions, old, new)
    for line in report.lines():
        click.echo(line)
    failed = key_rotation.verify(sessions, new)
    for name, row_id in failed:
        click.echo(f"cannot be read after rotation: {name} id {row_id}", err=True)
    if not report.ok or failed:
        click.echo("Some data could not be read with the new key: keep the old key safe.", err=True)
        sys.exit(1)
    click.echo("Every key is now wrapped by the new DATA_KEY, and everything was read back.")


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(keys_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(questions_cli)
    app.cli.add_command(directory_cli)
    app.cli.add_command(assessments_cli)
    app.cli.add_command(pathway_command)
