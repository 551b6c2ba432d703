"""Options and helpers shared by the command modules."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from storytrace.config import default_db

if TYPE_CHECKING:
    from storytrace.pipeline.executors import LocalExecutor, ProcessExecutor, RayExecutor
    from storytrace.store import Store

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="STORYTRACE_DB",
        help="SQLite file or SQLAlchemy URL (postgresql+psycopg://...).",
        default_factory=default_db,
        show_default="storytrace.db",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]

_STORY_ID = re.compile(r"^(?:s|story)?[:#]?(\d+)$", re.I)


def story_id(value: str) -> int:
    """A story id as the tool prints it: 12, s12 or story:12 (``trace`` writes stories so,
    to tell them from articles)."""
    m = _STORY_ID.match(value.strip())
    if m is None:
        raise typer.BadParameter(f"{value!r} is not a story id: give 12, s12 or story:12")
    return int(m.group(1))


StoryArg = Annotated[
    int,
    typer.Argument(
        parser=story_id,
        metavar="STORY_ID",
        help="Story id: 12, s12 or story:12 (see `stories list`; old ids work).",
    ),
]

WorkersOption = Annotated[
    int, typer.Option(help="Run the costly step on this many processes (1: in this process).")
]
ExecutorOption = Annotated[
    str | None,
    typer.Option(
        "--executor",
        help="Where the costly step runs: local, process (--workers of them) or ray (a local "
        "Ray instance, or the cluster at --ray-address). Default: local, or process with "
        "--workers above 1.",
    ),
]
RayAddressOption = Annotated[
    str | None,
    typer.Option(help="Ray cluster to join with --executor ray ('auto', 'ray://host:10001')."),
]


def executor_from(
    name: str | None, workers: int, address: str | None
) -> LocalExecutor | ProcessExecutor | RayExecutor:
    """The executor the options ask for; an unknown one is one error line and exit 2."""
    from storytrace.pipeline.executors import ExecutorError, make_executor

    chosen = name or ("process" if workers > 1 else "local")
    try:
        return make_executor(chosen, workers if workers > 1 else None, address=address)
    except ExecutorError as exc:
        err_console.print(f"[red]error[/] {exc}")
        raise typer.Exit(2) from exc


@contextmanager
def open_store(db: str, *, create: bool = False) -> Iterator[Store]:
    """Open the store or exit 4 with a one-line reason naming it.

    Only commands that write new input (``create=True``) make a new SQLite file: a typo
    in ``--db`` for a read command must not answer with an empty store.
    """
    from storytrace.store import Store

    if not create and "://" not in db and not Path(db).exists():
        err_console.print(
            f"[red]error:[/] no store at {db}: create one with `storytrace ingest ... --db {db}`"
        )
        raise typer.Exit(4)
    try:
        store = Store.open(db)
    except Exception as exc:
        err_console.print(f"[red]error:[/] cannot open store {db}: {exc}")
        raise typer.Exit(4) from exc
    try:
        yield store
    finally:
        store.close()


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


def count(n: int, one: str, many: str | None = None) -> str:
    """'1 article', '2 articles', '1 copy', '2 copies'."""
    return f"{n} {one if n == 1 else many or one + 's'}"
