"""The ``storytrace`` command line: one Typer app, one module per command group.

Command modules import heavy libraries (trafilatura, spaCy, encoders) inside their
functions so that ``storytrace --help`` stays instant.
"""

from __future__ import annotations

from typing import Annotated

import typer

from storytrace.cli import articles, demo, ingest, maintain, stories, trace
from storytrace.cli import compare as compare_cmds
from storytrace.cli import eval as eval_cmds

app = typer.Typer(
    name="storytrace",
    help="Follow a news story across the web: ingest pages, clean them, find copies.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode="rich",
)


@app.callback()
def _root(
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="-v info logs, -vv debug.")
    ] = 0,
) -> None:
    from storytrace.logs import configure

    configure(verbose)


app.command()(ingest.ingest)
app.command()(ingest.rejected)
app.command()(demo.demo)
app.command()(maintain.reclean)
app.command()(maintain.regroup)
app.command()(maintain.retrace)
app.add_typer(articles.app, name="articles")
app.add_typer(stories.app, name="stories")
app.command()(trace.trace)
app.command()(compare_cmds.compare)
app.command()(compare_cmds.digest)
app.add_typer(eval_cmds.app, name="eval", help="Score storytrace on evaluation data.")


def main() -> None:
    app()
