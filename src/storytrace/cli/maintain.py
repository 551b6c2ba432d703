"""``storytrace reclean``, ``regroup`` and ``retrace``: re-run a stage from what is stored.

Raw pages are never lost, so cleaning can be re-run after a cleaner upgrade, copy groups
rebuilt after a threshold change, and attributions traced ahead of use (or again after an
extractor change), without fetching anything again.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from storytrace.cli.common import (
    DbOption,
    ExecutorOption,
    RayAddressOption,
    WorkersOption,
    console,
    count,
    err_console,
    executor_from,
    open_store,
)


def reclean(
    db: DbOption,
    site: Annotated[str | None, typer.Option(help="Only pages of this site (host).")] = None,
) -> None:
    """Clean every stored page again from its raw bytes and re-check its copies."""
    from storytrace.clean import site_key
    from storytrace.pipeline import Outcome, Pipeline

    with open_store(db) as store:
        ids = []
        for page_id in store.page_ids():
            if site is not None:
                page = store.page(page_id)
                if page is None or site_key(page.url or page.source) != site:
                    continue
            ids.append(page_id)
        progress = Progress(
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
        )
        with progress:
            task = progress.add_task("reclean", total=len(ids))

            def advance(_outcome: Outcome) -> None:
                progress.update(task, advance=1)

            report = Pipeline(store, on_outcome=advance).reclean(ids)
    console.print(
        f"{count(len(ids), 'page')} cleaned again: {count(report.articles, 'article')}, "
        f"{len(report.rejected)} without article text"
    )


def regroup(
    db: DbOption,
    threshold: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Least estimated Jaccard for a copy.")
    ] = 0.8,
    dry_run: Annotated[bool, typer.Option(help="Report what would move; change nothing.")] = False,
) -> None:
    """Rebuild the copy groups from stored signatures and report what moved."""
    from storytrace.dedup import regroup as rebuild

    with open_store(db) as store:
        report = rebuild(store, threshold=threshold, apply=not dry_run)
    console.print(("(dry run) " if dry_run else "") + report.line())


def retrace(
    db: DbOption,
    workers: WorkersOption = 1,
    executor_name: ExecutorOption = None,
    ray_address: RayAddressOption = None,
    force: Annotated[
        bool, typer.Option(help="Trace again what the current extractor already traced.")
    ] = False,
) -> None:
    """Trace every stored article (attributions, citation edges) ahead of use and keep
    the results, so that `storytrace trace` and `compare` on a story read them at once.

    Extraction is the slow part of tracing (a parse per article); --workers or
    --executor ray spread it. Exit code 2 when the executor cannot start.
    """
    from storytrace.pipeline.executors import ExecutorError
    from storytrace.trace.story import trace_stored

    executor = executor_from(executor_name, workers, ray_address)
    progress = Progress(
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )
    try:
        with open_store(db) as store, progress:
            task = progress.add_task("retrace", total=store.count_articles())
            report = trace_stored(
                store,
                executor=executor,
                force=force,
                on_chunk=lambda n: progress.update(task, advance=n),
            )
    except ExecutorError as exc:
        err_console.print(f"[red]error[/] {exc}")
        raise typer.Exit(2) from exc
    finally:
        executor.close()
    for line in report.failed:
        err_console.print(f"[yellow]not traced[/] {line}")
    console.print(
        f"{count(report.articles, 'article')}: {report.traced} traced, "
        f"{report.cached} already traced, "
        f"{len(report.failed)} failed"
    )
