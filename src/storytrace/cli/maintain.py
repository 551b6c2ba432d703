"""``storytrace reclean`` and ``storytrace regroup``: re-run a stage from what is stored.

Raw pages are never lost, so cleaning can be re-run after a cleaner upgrade, and copy
groups rebuilt after a threshold change, without fetching anything again.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from storytrace.cli.common import DbOption, console, err_console, open_store


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
            BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err_console,
            transient=True,
        )
        with progress:
            task = progress.add_task("reclean", total=len(ids))

            def advance(_outcome: Outcome) -> None:
                progress.update(task, advance=1)

            report = Pipeline(store, on_outcome=advance).reclean(ids)
    console.print(
        f"{len(ids)} pages cleaned again: {report.articles} articles, "
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
