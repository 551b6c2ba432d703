"""``storytrace trace ARTICLE_ID|STORY_ID``: who says what in an article, or where a story
came from (its citation chains, original source, text reuse and independent origins)."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from storytrace.cli.common import (
    DbOption,
    JsonOption,
    console,
    count,
    err_console,
    open_store,
    print_json,
)

if TYPE_CHECKING:
    from storytrace.store import Store
    from storytrace.store.rows import StoredArticle
    from storytrace.trace.records import ArticleTrace
    from storytrace.trace.story import StoryTrace

_TARGET = re.compile(r"^(?:(?P<kind>a|article|s|story)[:#]?)?(?P<id>\d+)$", re.I)
_STYLES = {"content": "green", "cue": "bold magenta", "source": "bold cyan"}


def _parse(target: str, story: bool) -> tuple[str, int]:
    m = _TARGET.match(target.strip())
    if m is None:
        err_console.print(
            f"[red]error:[/] {target!r} is not an id: give 12 (article), s3 or story:3 (story)"
        )
        raise typer.Exit(2)
    kind = (m.group("kind") or ("s" if story else "a"))[0].lower()
    return ("story" if kind == "s" else "article"), int(m.group("id"))


def trace(
    target: Annotated[
        str,
        typer.Argument(
            metavar="ARTICLE_ID|STORY_ID",
            help="An article id (12, a12), or a story id (s3, story:3, or a number with --story).",
        ),
    ],
    db: DbOption,
    story: Annotated[
        bool, typer.Option("--story", help="Read a bare number as a story id.")
    ] = False,
    encoder: Annotated[
        str, typer.Option("--encoder", help="Stories and reuse alignment of this encoder.")
    ] = "use",
    as_json: JsonOption = False,
) -> None:
    """Trace an article (who says what) or a story (chains, origin, reuse, independence)."""
    kind, ident = _parse(target, story)
    with open_store(db) as store:
        if kind == "article":
            _article(store, ident, db, as_json)
        else:
            _story(store, ident, db, encoder, as_json)


# --- one article ---------------------------------------------------------------------------


def article_dict(article: StoredArticle, result: ArticleTrace) -> dict[str, Any]:
    from storytrace.trace import citation_chain

    text = article.text
    return {
        "article_id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "language": result.language or article.language,
        "fallback_note": result.fallback_note,
        "attributions": [a.as_dict(text) for a in result.attributions],
        "edges": [dataclasses.asdict(e) for e in result.edges],
        "chain": citation_chain(result.edges, article.outlet),
    }


def _article(store: Store, article_id: int, db: str, as_json: bool) -> None:
    from storytrace.trace import trace_article
    from storytrace.trace.story import page_html

    article = store.article(article_id)
    if article is None:
        err_console.print(f"[red]error:[/] no article {article_id} in {db}")
        raise typer.Exit(1)
    try:
        result = trace_article(article, html=page_html(store, article.page_id))
    except Exception as exc:
        err_console.print(f"[red]error:[/] article {article_id}: could not trace: {exc}")
        raise typer.Exit(1) from exc
    data = article_dict(article, result)
    if as_json:
        print_json(data)
        return
    text = article.text
    console.print(
        f"[bold]{escape(article.title or '(no title)')}[/]  article {article_id}  "
        f"{escape(article.outlet or 'outlet unknown')}  {data['language'] or '?'}"
    )
    if result.fallback_note:
        console.print(f"[yellow]note:[/] {escape(result.fallback_note)}")
    table = Table(title=count(len(result.attributions), "attribution"))
    for col in ("#", "source", "kind", "cue", "content", "type", "conf"):
        table.add_column(col, overflow="fold")
    for i, a in enumerate(result.attributions):
        hedges = f" [dim]({', '.join(a.hedges)})[/]" if a.hedges else ""
        nested = f" [dim]in #{a.parent}[/]" if a.parent is not None else ""
        table.add_row(
            str(i),
            escape(a.speaker(text)),
            a.source_kind + (f", {escape(a.role)}" if a.role else ""),
            escape(a.text_of(text, "cue")) + hedges,
            escape(_short(a.text_of(text, "content"), 90)) + nested,
            a.quote_type,
            f"{a.confidence:.2f}",
        )
    console.print(table)
    console.print(
        Text.assemble("key: ", ("source", _STYLES["source"]), "  ", ("cue", _STYLES["cue"]), "  ")
        + Text("content", style=_STYLES["content"])
    )
    console.print(highlighted(text, result))
    if result.edges:
        console.print("[bold]Citations[/]")
        for e in result.edges:
            where = f" {e.url}" if e.url else ""
            citing = escape(e.citing or "(this article)")
            console.print(f"  {citing} → {escape(e.cited)}  [dim]{e.via}{where}[/]")
        console.print("chain: " + " → ".join(escape(n) for n in data["chain"]))
    else:
        console.print("[dim]no outlet cited[/]")


def highlighted(text: str, result: ArticleTrace) -> Text:
    """The article text with each attribution's roles styled (content under cue/source)."""
    out = Text(text)
    for role in ("content", "cue", "source"):
        for a in result.attributions:
            for s, e in getattr(a, role):
                if 0 <= s < e <= len(text):
                    out.stylize(_STYLES[role], s, e)
    return out


def _short(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


# --- one story -----------------------------------------------------------------------------


def _story(store: Store, story_id: int, db: str, encoder: str, as_json: bool) -> None:
    from storytrace.trace.story import trace_story

    with console.status("tracing the story...") if not as_json else _nothing():
        result = trace_story(store, story_id, encoder=encoder)
    if result is None:
        err_console.print(f"[red]error:[/] no story {story_id} in {db}")
        raise typer.Exit(1)
    if as_json:
        print_json(result.as_dict())
        return
    show_story(result)


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *_exc: object) -> None:
        return None


def show_story(result: StoryTrace) -> None:
    ch = result.chains
    console.print(
        f"[bold]{escape(result.headline or '(no title)')}[/]  story {result.story_id}  "
        f"{count(len(result.members), 'article')}"
    )
    console.print(f"original source: [bold]{escape(ch.original_source or '?')}[/]")
    for line in ch.reasoning:
        console.print(f"  [dim]{escape(line)}[/]")
    titles = {m.article_id: m for m in result.members}

    def label(node: dict[str, Any]) -> str:
        arts = ", ".join(f"#{a}" for a in node["articles"])
        if node["name"].startswith("#"):
            arts = ""  # the node is named by its article already
        tail = f" [dim]{arts}[/]" if arts or node["articles"] else " [dim](not ingested)[/]"
        via = f" [dim]← {', '.join(node['via'])}[/]" if node["via"] else ""
        if node.get("also"):
            via += f" [dim](also cites {escape(', '.join(node['also']))})[/]"
        return f"[bold]{escape(node['name'])}[/]{tail}{via}"

    def add(tree: Tree, node: dict[str, Any]) -> None:
        branch = tree.add(label(node))
        for a in node["articles"]:
            m = titles.get(a)
            if m is not None and m.same_as is not None:
                branch.add(f"[dim]#{a} {m.same_how} of #{m.same_as}[/]")
        for child in node["children"]:
            add(branch, child)

    tree = Tree("[bold]citation chains[/] (each outlet under the source it cites)")
    for root in ch.tree():
        add(tree, root)
    console.print(tree)
    derived = [r for r in result.reuse if r.derived]
    if result.reuse:
        table = Table(title=f"Text reuse ({len(derived)} derivations)")
        for col in ("later", "earlier", "kind", "aligned", "mean", "verbatim"):
            table.add_column(col, overflow="fold")
        for r in sorted(result.reuse, key=lambda r: (not r.derived, r.target, r.source)):
            table.add_row(
                f"#{r.target}",
                f"#{r.source}",
                r.kind if r.derived else f"[dim]{r.kind}[/]",
                f"{len(r.matches)} ({r.coverage:.0%})",
                f"{r.score:.2f}",
                "—" if r.verbatim is None else f"{r.verbatim:.0%}",
            )
        console.print(table)
    o = result.origins
    console.print(f"[bold]independent origins: {o.count}[/]")
    for line in o.reasoning:
        console.print(f"  {escape(line)}")
    shared = [s for s in result.statements if len({a for a, _ in s.passages}) > 1]
    if shared:
        console.print("[bold]statements carried by several articles[/] (first 10)")
        for s in shared[:10]:
            arts = ", ".join(f"#{a}" for a in dict.fromkeys(a for a, _ in s.passages))
            console.print(
                f"  {s.origins.count} origin{'s' if s.origins.count != 1 else ''} "
                f"[dim]({arts})[/] {escape(_short(s.text, 100))}"
            )
    for note in result.notes:
        console.print(f"[yellow]note:[/] {escape(note)}")
