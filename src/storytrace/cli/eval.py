"""``storytrace eval ...``: each evaluation lives in :mod:`storytrace.eval` and is
registered here as a subcommand."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True)
