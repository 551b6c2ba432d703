"""``storytrace articles list|show|search``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from storytrace.cli.common import DbOption, JsonOption, console, err_console, open_store, print_json

if TYPE_CHECKING:
    from storytrace.store import StoredArticle

app = typer.Typer(no_args_is_help=True, help="Browse stored articles.")


def article_dict(a: StoredArticle, *, full: bool = False) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": a.id,
        "title": a.title,
        "outlet": a.outlet,
        "site": a.site,
        "language": a.language,
        "published": a.published.iso() if a.published else None,
        "published_from": a.published.origin if a.published else None,
        "url": a.url,
        "copy_group": a.copy_group_id,
    }
    if full:
        d.update(
            {
                "canonical_url": a.canonical_url,
                "byline": a.byline,
                "author": a.author,
                "section": a.section,
                "updated": a.updated.iso() if a.updated else None,
                "updated_from": a.updated.origin if a.updated else None,
                "language_score": a.language_score,
                "page_id": a.page_id,
                "paragraphs": a.paragraphs,
                "dropped": [
                    {"line": x.index, "text": x.text, "reason": x.reason} for x in a.dropped
                ],
            }
        )
    return d


def _table(
    rows: list[StoredArticle],
    title: str,
    scores: list[float] | None = None,
    shared_groups: set[int] | None = None,
) -> Table:
    table = Table(title=title)
    for col in ("id", "published", "lang", "outlet / site", "title", "copies"):
        table.add_column(col, overflow="fold")
    if scores is not None:
        table.add_column("score")
    for i, a in enumerate(rows):
        cells = [
            str(a.id),
            a.published.iso()[:10] if a.published else "",
            a.language or "",
            a.outlet or a.site or "",
            escape(a.title or "(no title)"),
            str(a.copy_group_id) if a.copy_group_id in (shared_groups or set()) else "",
        ]
        if scores is not None:
            cells.append(f"{scores[i]:.2f}")
        table.add_row(*cells)
    return table


@app.command("list")
def list_(
    db: DbOption,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many.")] = 0,
    site: Annotated[str | None, typer.Option(help="Only this site (host).")] = None,
    lang: Annotated[str | None, typer.Option(help="Only this language (ISO 639-1).")] = None,
    as_json: JsonOption = False,
) -> None:
    """List articles, newest stored first."""
    with open_store(db) as store:
        rows = store.articles(limit=limit, offset=offset, site=site, language=lang)
        total = store.count_articles()
        shared = {g.id for g in store.copy_groups(min_size=2)}
    if as_json:
        print_json([article_dict(a) for a in rows])
        return
    console.print(_table(rows, f"{len(rows)} of {total} articles", shared_groups=shared))


@app.command()
def show(
    article_id: Annotated[int, typer.Argument(help="Article id (see `articles list`).")],
    db: DbOption,
    dropped: Annotated[bool, typer.Option(help="Also list the dropped lines and why.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Show one article: metadata with where each came from, text, copies."""
    with open_store(db) as store:
        a = store.article(article_id)
        if a is None:
            err_console.print(f"[red]error:[/] no article {article_id} in {db}")
            raise typer.Exit(1)
        group = store.copy_group_of(article_id)
    if as_json:
        d = article_dict(a, full=True)
        d["copies"] = [
            {"article_id": m.article_id, "relation": m.relation, "similarity": m.similarity}
            for m in (group.members if group else ())
        ]
        print_json(d)
        return
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column()

    def row(name: str, value: object, origin: object = None) -> None:
        if value:
            meta.add_row(name, escape(str(value)) + (f"  [dim]({origin})[/]" if origin else ""))

    row("outlet", a.outlet)
    row("site", a.site)
    row("section", a.section)
    row("byline", a.byline)
    row("author", a.author)
    row("published", a.published.iso() if a.published else None, a.published and a.published.origin)
    row("updated", a.updated.iso() if a.updated else None, a.updated and a.updated.origin)
    row("language", a.language, f"{a.language_score:.2f}" if a.language_score else None)
    row("url", a.url)
    row("canonical", a.canonical_url if a.canonical_url != a.url else None)
    console.print(Panel(meta, title=f"[bold]{escape(a.title or '(no title)')}[/]  #{a.id}"))
    for p in a.paragraphs:
        console.print(escape(p) + "\n")
    if group and len(group.members) > 1:
        console.print(f"[bold]Copy group {group.id}[/] (earliest: #{group.earliest_article_id})")
        for m in group.members:
            mark = " (this)" if m.article_id == a.id else ""
            console.print(f"  #{m.article_id} {m.relation} {m.similarity:.2f}{mark}")
    if dropped:
        table = Table("line", "dropped text", "reason", title=f"{len(a.dropped)} lines dropped")
        for x in a.dropped:
            table.add_row(str(x.index), escape(x.text[:100]), x.reason)
        console.print(table)
    elif a.dropped:
        n = len(a.dropped)
        console.print(f"[dim]{n} lines dropped as boilerplate (--dropped lists them)[/]")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find in titles and text.")],
    db: DbOption,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over titles and article text, best first."""
    with open_store(db) as store:
        hits = store.search(query, limit=limit)
    if as_json:
        print_json([{**article_dict(a), "score": s} for a, s in hits])
        return
    console.print(
        _table([a for a, _ in hits], f"{len(hits)} hits for {query!r}", [s for _, s in hits])
    )
