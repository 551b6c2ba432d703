"""``storytrace demo``: the whole pipeline on the bundled examples, in a fresh SQLite file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from storytrace.cli.common import console, count, err_console
from storytrace.config import DEMO_DB, examples_dir


def demo(
    db: Annotated[str, typer.Option(help="SQLite file to (re)create.")] = DEMO_DB,
    keep: Annotated[bool, typer.Option(help="Keep an existing demo database.")] = False,
) -> None:
    """Ingest the bundled example pages and show what storytrace makes of them."""
    from storytrace.pipeline import Pipeline
    from storytrace.store import Store

    try:
        root = examples_dir()
    except FileNotFoundError as exc:
        err_console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    path = Path(db)
    if not keep:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    store = Store.open(path)
    try:
        first = [str(p) for p in sorted(root.iterdir()) if _is_input(p) and p.name != "updates"]
        console.rule(f"[bold]storytrace demo[/]: ingesting {root}")
        report = Pipeline(store).ingest(first)
        updates = root / "updates"
        later = Pipeline(store).ingest([str(updates)]) if updates.is_dir() else None
        console.print(
            f"{count(report.seen, 'input')} → {count(report.articles, 'article')}, "
            f"{count(report.copies, 'copy', 'copies')} of earlier articles, "
            f"{len(report.rejected)} rejected"
            + (
                f"; then {count(later.versions, 'updated page')} stored as "
                + ("a new version" if later.versions == 1 else "new versions")
                if later
                else ""
            )
        )
        _articles(store)
        _copies(store)
        _stories(store)
        _what_they_say(store)
        _versions(store)
        _rejections(store)
        console.print(
            f"\nStored in [bold]{path}[/]. Try: [cyan]storytrace articles list --db {path}[/], "
            f"[cyan]storytrace articles show 1 --dropped --db {path}[/], "
            f"[cyan]storytrace articles search <words> --db {path}[/], "
            f"[cyan]storytrace stories show 1 --db {path}[/], "
            f"[cyan]storytrace trace s2 --db {path}[/], "
            f"[cyan]storytrace compare 2 --evidence --db {path}[/], "
            f"[cyan]storytrace digest 1 --db {path}[/]"
        )
    finally:
        store.close()


def _is_input(p: Path) -> bool:
    return not p.name.startswith(".") and p.name not in {
        "MANIFEST.json",
        "README.md",
        "make_warc.py",
        "warc_src",
    }


def _articles(store: object) -> None:
    from storytrace.store import Store

    assert isinstance(store, Store)
    rows = store.articles(limit=None)
    table = Table(title=count(len(rows), "article"), show_lines=False)
    table.add_column("id", justify="right", no_wrap=True, min_width=2)
    table.add_column("published", no_wrap=True, min_width=10)
    table.add_column("lang", no_wrap=True, min_width=4)
    table.add_column("outlet / site", no_wrap=True)
    table.add_column("title", no_wrap=True)
    for a in sorted(rows, key=lambda a: a.id):
        table.add_row(
            str(a.id),
            a.published.iso()[:10] if a.published else "",
            a.language or "",
            _cut(a.outlet or a.site or "", 18),
            escape(_cut(a.title or "", 44)),
        )
    console.print(table)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _copies(store: object) -> None:
    from storytrace.store import Store

    assert isinstance(store, Store)
    groups = store.copy_groups(min_size=2)
    if not groups:
        return
    table = Table("group", "members (relation, similarity)", "earliest", title="Copy groups")
    for g in groups:
        members = ", ".join(f"#{m.article_id} {m.relation} {m.similarity:.2f}" for m in g.members)
        table.add_row(str(g.id), members, f"#{g.earliest_article_id}")
    console.print(table)


def _stories(store: object) -> None:
    from storytrace.store import Store
    from storytrace.stories.views import list_stories

    assert isinstance(store, Store)
    rows = list_stories(store, limit=None)
    if not rows:
        return
    table = Table(title="Stories (storytrace stories show ID says why each article joined)")
    table.add_column("story", justify="right", no_wrap=True)
    table.add_column("headline", no_wrap=True)
    table.add_column("articles", overflow="fold")
    table.add_column("languages", no_wrap=True)
    for s in sorted(rows, key=lambda s: s.id):
        ids = " ".join(f"#{a}" for a in sorted(a.article_id for a in s.articles))
        table.add_row(str(s.id), escape(_cut(s.headline or "", 36)), ids, " ".join(s.languages))
    console.print(table)


def _what_they_say(store: object) -> None:
    """Per story of several articles: where it came from, how many independent origins
    stand behind it, and the points its versions dispute (the first two)."""
    from storytrace.compare.corroboration import corroborate
    from storytrace.compare.digest import make_digest
    from storytrace.compare.story import compare_story
    from storytrace.store import Store
    from storytrace.stories.views import list_stories
    from storytrace.trace.story import trace_story

    assert isinstance(store, Store)
    rows = [s for s in list_stories(store, limit=None) if len(s.articles) > 1]
    if not rows:
        return
    table = Table(
        title="What the versions say: the original source, the independent origins, the"
        " disputes (storytrace trace sID, compare ID, digest ID)",
        show_lines=True,
    )
    table.add_column("story", justify="right", no_wrap=True)
    table.add_column("came from")
    table.add_column("origins", justify="right")
    table.add_column("disputed points (first two)", overflow="fold")
    with console.status("tracing and comparing the stories..."):
        for s in sorted(rows, key=lambda s: s.id):
            traced = trace_story(store, s.id)
            found = compare_story(store, s.id)
            if traced is None or found is None:
                continue
            loaded, comparison = found
            digest = make_digest(comparison, loaded, corroboration=corroborate(comparison, loaded))
            points = [
                f"{p.kind} (#{p.version_a} / #{p.version_b}): {_cut(p.why, 90)}"
                for p in digest.disputed[:2]
            ]
            more = len(digest.disputed) - len(points)
            table.add_row(
                str(s.id),
                escape(traced.chains.original_source or "?"),
                str(traced.origins.count),
                escape("\n".join(points) + (f"\n… {more} more" if more > 0 else "")) or "none",
            )
    console.print(table)


def _versions(store: object) -> None:
    from storytrace.store import Store

    assert isinstance(store, Store)
    chains = store.version_chains()
    if not chains:
        return
    table = Table(title="Pages that changed")
    table.add_column("url", overflow="fold")
    table.add_column("versions (page ids, oldest first)")
    for url, ids in chains:
        table.add_row(url, " → ".join(f"#{i}" for i in ids))
    console.print(table)


def _rejections(store: object) -> None:
    from storytrace.store import Store

    assert isinstance(store, Store)
    rows = store.rejections()
    if rows:
        console.print(f"[yellow]{len(rows)} inputs rejected[/] (storytrace rejected lists them)")
