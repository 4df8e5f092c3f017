"""The operator's commands. Each one prints a clear message on bad input, never a traceback."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from trialfinder.config import Settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="trialfinder: patient-friendly pages for ClinicalTrials.gov studies.",
)
report_app = typer.Typer(no_args_is_help=True, help="Figures about the data and the derived text.")
app.add_typer(report_app, name="report")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DatabaseOption = typer.Option(
    None, "--database", envvar="TRIALFINDER_DATABASE_URL", help="Database URL (default sqlite:///trialfinder.db)."
)


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def _engine(database: str | None, create: bool = True):
    from trialfinder.store.database import StoreError, ensure_schema, has_schema, open_engine

    settings = Settings.from_env(database_url=database)
    try:
        engine = open_engine(settings.database_url)
        # Derived indexes (search) follow every write only if their listener is registered.
        import trialfinder.search.index  # noqa: F401

        if create:
            ensure_schema(engine)
        elif not has_schema(engine):
            _fail(f"no trialfinder data in {settings.database_url}: run `trialfinder ingest PATH` or `trialfinder sync` first")
    except StoreError as exc:
        _fail(str(exc))
    except OperationalError as exc:
        _fail(f"cannot open database {settings.database_url}: {exc.orig}")
    return engine


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Study JSON files, folders of them, or zips (the bulk download)."),
    database: Optional[str] = DatabaseOption,
    batch_size: int = typer.Option(500, min=1, max=10000, help="Studies per transaction."),
    workers: Optional[int] = typer.Option(None, min=0, max=64, help="Processes that parse records (default: cores - 1; 0 = none)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Store studies from files, folders or zips. Safe to repeat: unchanged studies are left alone."""
    from trialfinder.ctgov.archive import iter_raw_files
    from trialfinder.store.pipeline import prepared_stream
    from trialfinder.store.writer import StudyWriter

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _fail(f"no such file or folder: {', '.join(missing)}", code=2)
    engine = _engine(database)

    def report_rejection(rejection) -> None:
        err.print(f"rejected {rejection.source}: {rejection.reason}", highlight=False, markup=False)

    writer = StudyWriter(engine, batch_size=batch_size, on_reject=report_rejection)
    show_progress = not quiet and sys.stderr.isatty()
    try:
        with Progress(
            SpinnerColumn(),
            TextColumn("ingesting"),
            TextColumn("{task.completed} studies"),
            TimeElapsedColumn(),
            console=err,
            disable=not show_progress,
        ) as progress:
            task = progress.add_task("ingest", total=None)
            for prepared in prepared_stream(iter_raw_files([str(p) for p in paths]), workers):
                writer.add_prepared(prepared)
                progress.advance(task)
            writer.flush()
    except KeyboardInterrupt:
        err.print("interrupted: every batch stored before the interruption is complete; run again to finish")
        raise typer.Exit(130)
    except SQLAlchemyError as exc:
        _fail(f"database error, the current batch was rolled back: {getattr(exc, 'orig', exc)}")
    out.print(writer.stats.summary(), highlight=False)
    if writer.stats.read == 0:
        _fail("no study files found in the given paths", code=2)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    database: Optional[str] = DatabaseOption,
) -> None:
    """Serve the trial pages and the JSON API."""
    import uvicorn

    from trialfinder.web.app import create_app

    engine = _engine(database)
    settings = Settings.from_env(database_url=database)
    uvicorn.run(create_app(engine, settings), host=host, port=port, log_level="info")


@app.command()
def show(
    nct_id: str = typer.Argument(..., help="The study's NCT number, e.g. NCT07441226."),
    format: str = typer.Option("text", "--format", "-f", help="text, json or html."),
    database: Optional[str] = DatabaseOption,
) -> None:
    """Print a trial page without a server."""
    from trialfinder.store.queries import normalise_nct_id
    from trialfinder.web.page import load_trial_page
    from trialfinder.web.render import render_page_html, render_page_json, render_page_text

    if format not in ("text", "json", "html"):
        _fail("--format must be text, json or html", code=2)
    if normalise_nct_id(nct_id) is None:
        _fail(f"{nct_id!r} is not an NCT number (NCT followed by 8 digits)", code=2)
    engine = _engine(database, create=False)
    settings = Settings.from_env(database_url=database)
    page = load_trial_page(engine, nct_id, settings)
    if page is None:
        _fail(f"{nct_id.upper()} is not in the database")
    renderer = {"text": render_page_text, "json": render_page_json, "html": render_page_html}[format]
    sys.stdout.write(renderer(page, settings))
    sys.stdout.write("\n")


@app.command()
def export(
    out_dir: Path = typer.Argument(..., help="Folder to write the static site into (created if missing)."),
    database: Optional[str] = DatabaseOption,
    base_url: Optional[str] = typer.Option(None, envvar="TRIALFINDER_BASE_URL", help="Public URL of the site, for the sitemap."),
    root: str = typer.Option("", help="URL path the site will live under, e.g. /trials-site."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Write every page as static files, for hosting without a server."""
    from trialfinder.site.export import export_site

    if root and (not root.startswith("/") or root.endswith("/")):
        _fail("--root must start with / and not end with / (or be empty)", code=2)
    if out_dir.exists() and not out_dir.is_dir():
        _fail(f"{out_dir} exists and is not a folder", code=2)
    engine = _engine(database, create=False)
    settings = Settings.from_env(database_url=database, base_url=base_url)
    with Progress(SpinnerColumn(), TextColumn("exporting {task.completed} trials"), TimeElapsedColumn(), console=err, disable=quiet or not sys.stderr.isatty()) as progress:
        task = progress.add_task("export", total=None)
        try:
            stats = export_site(engine, settings, out_dir, root=root, progress=lambda: progress.advance(task))
        except OSError as exc:
            _fail(f"cannot write the site into {out_dir}: {exc.strerror or exc}")
    out.print(f"exported {stats.trials} trials: {stats.files} files, {stats.bytes / 1e6:.1f} MB in {out_dir}", highlight=False)


@app.command()
def status(database: Optional[str] = DatabaseOption) -> None:
    """Counts, the last sync (time, parameters, studies added/updated) and the data timestamp."""
    from trialfinder.cli_sync import print_status

    print_status(_engine(database, create=False))


@report_app.command("eligibility")
def report_eligibility(
    paths: list[Path] = typer.Argument(None, help="Folders, files or zips of studies; default: the database."),
    database: Optional[str] = DatabaseOption,
) -> None:
    """Fidelity, readability and speed of the plain-English eligibility rewrite."""
    from trialfinder.eligibility.report import eligibility_report

    if paths:
        from trialfinder.ctgov.archive import iter_documents

        texts = (d.study.eligibility_criteria for d in iter_documents([str(p) for p in paths]) if d.ok)
    else:
        from trialfinder.store.queries import iter_studies

        engine = _engine(database, create=False)
        texts = (s.eligibility_criteria for s in iter_studies(engine))
    report = eligibility_report(t for t in texts if t)
    out.print(report.format_text(), highlight=False, markup=False)


from trialfinder import cli_sync  # noqa: E402,F401  (registers sync commands)


from trialfinder import cli_search  # noqa: E402,F401  (registers search commands)


def main() -> None:
    import os

    try:
        app()
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # the operator gets one line; developers set TRIALFINDER_DEBUG=1
        if os.environ.get("TRIALFINDER_DEBUG"):
            raise
        err.print(f"[bold red]internal error:[/] {type(exc).__name__}: {exc}", highlight=False)
        err.print("run again with TRIALFINDER_DEBUG=1 to see where it happened, and please report it")
        sys.exit(70)


if __name__ == "__main__":
    # Run as `python -m trialfinder.cli`: use the imported module, where every command is registered.
    from trialfinder.cli import main as registered_main

    registered_main()
