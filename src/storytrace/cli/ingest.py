"""``storytrace ingest`` and ``storytrace rejected``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from storytrace.cli.common import (
    DbOption,
    ExecutorOption,
    JsonOption,
    RayAddressOption,
    WorkersOption,
    console,
    count,
    err_console,
    executor_from,
    open_store,
    print_json,
)


def ingest(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files, directories, WARC, JSONL, URLs, feeds or sitemaps."),
    ],
    db: DbOption,
    timeout: Annotated[float, typer.Option(help="Seconds per HTTP request.")] = 20.0,
    max_mb: Annotated[float, typer.Option(help="Largest page accepted, in MB.")] = 20.0,
    fetch_links: Annotated[
        bool | None,
        typer.Option(
            "--fetch-links/--no-fetch-links",
            help="Fetch the articles a feed or sitemap lists (default: yes for remote ones).",
        ),
    ] = None,
    workers: WorkersOption = 1,
    executor_name: ExecutorOption = None,
    ray_address: RayAddressOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Store raw pages, clean them to articles and group copies.

    Re-ingesting the same bytes is a no-op; a changed page at a known URL becomes a new
    version. Bad inputs are reported one line each and kept as rejected; the batch goes
    on. Exit code: 0 all stored, 3 some rejected, 4 nothing stored, 2 the executor
    cannot start.
    """
    from storytrace.ingest import IngestOptions
    from storytrace.pipeline import Outcome, Pipeline
    from storytrace.pipeline.executors import ExecutorError

    options = IngestOptions(
        timeout=timeout, max_bytes=int(max_mb * 1_000_000), fetch_links=fetch_links
    )
    executor = executor_from(executor_name, workers, ray_address)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[last]}", style="dim"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=quiet,
    )

    with open_store(db, create=True) as store, progress:
        task = progress.add_task("ingest", total=None, last="")

        def on_outcome(outcome: Outcome) -> None:
            progress.update(task, advance=1, last=outcome.source[-50:])
            if outcome.reason is not None:
                progress.console.print(f"[yellow]rejected[/] {outcome.source}: {outcome.reason}")
            if outcome.warning is not None:
                progress.console.print(f"[yellow]warning[/] {outcome.source}: {outcome.warning}")

        pipeline = Pipeline(store, executor=executor, on_outcome=on_outcome)
        try:
            report = pipeline.ingest(inputs, options=options)
        except ExecutorError as exc:
            progress.stop()
            err_console.print(f"[red]error[/] {exc}")
            raise typer.Exit(2) from exc
        finally:
            executor.close()
    console.print(
        f"{count(report.seen, 'input')}: {report.stored} stored "
        f"({count(report.versions, 'new version')}), {report.unchanged} already stored, "
        f"{count(report.articles, 'article')}, "
        f"{count(report.copies, 'copy', 'copies')} of earlier articles, "
        f"{len(report.rejected)} rejected"
    )
    raise typer.Exit(report.exit_code)


def rejected(db: DbOption, as_json: JsonOption = False) -> None:
    """List inputs that were refused, with the reason (their bytes are kept)."""
    with open_store(db) as store:
        rows = store.rejections()
    if as_json:
        print_json(
            [
                {"id": r.id, "source": r.source, "reason": r.reason, "at": r.at, "bytes": r.size}
                for r in rows
            ]
        )
        return
    table = Table("id", "source", "reason", "bytes", "when", title=f"{len(rows)} rejected")
    for r in rows:
        table.add_row(str(r.id), r.source, r.reason, str(r.size), str(r.at)[:19])
    console.print(table)
