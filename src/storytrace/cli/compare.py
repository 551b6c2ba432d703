"""``storytrace compare STORY`` (the claim matrix) and ``storytrace digest STORY``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

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
    from storytrace.compare.corroboration import Corroboration
    from storytrace.compare.digest import DisputedPoint, StoryDigest, TimelineEntry
    from storytrace.compare.records import StoryComparison
    from storytrace.compare.story import LoadedStory
    from storytrace.store import Store


#: Colour of each cell kind in the matrix.
_STYLE = {"agree": "green", "differs": "yellow", "contradicts": "bold red", "absent": "dim"}
_MARK = {"agree": "agree", "differs": "differs", "contradicts": "CONTRADICTS", "absent": "·"}


def _load(store: Store, story_id: int, db: str) -> tuple[LoadedStory, StoryComparison]:
    from storytrace.compare.story import compare_story

    found = compare_story(store, story_id)
    if found is None:
        err_console.print(f"[red]error:[/] no story {story_id} in {db}")
        raise typer.Exit(1)
    return found


#: An edit this soon after publication is the page settling (a tag, a photo), not news.
_EDIT_SHOWN = timedelta(minutes=30)


def _when(value: datetime | None, day_only: bool = False) -> str:
    """A time in UTC (pages give their own zones; one timeline needs one), or the day."""
    if value is None:
        return ""
    if day_only:
        return value.strftime("%Y-%m-%d")
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M")


def _outlet(name: str | None) -> str:
    return name or "(outlet unknown)"


def _column(loaded: LoadedStory, vid: str) -> str:
    e = loaded.by_id[vid]
    v = e.version
    head = f"#{vid} {_outlet(v.outlet)}"
    lines = [head, f"{v.language} {_when(e.seen, e.day_only)}"]
    if e.copies:
        lines.append("+ " + ", ".join(f"#{c.article_id}" for c in e.copies) + " (copies)")
    if e.update_of is not None:
        lines.append(f"update of #{e.update_of}")
    return "\n".join(lines)


def _versions_dict(loaded: LoadedStory) -> list[dict[str, Any]]:
    return [
        {
            "version": e.id,
            "article_id": e.article_id,
            "outlet": e.version.outlet,
            "language": e.version.language,
            "title": e.version.title,
            "url": e.url,
            "seen": e.seen.isoformat(),
            "day_only": e.day_only,
            "update_of": e.update_of,
            "copies": [
                {
                    "article_id": c.article_id,
                    "outlet": c.outlet,
                    "url": c.url,
                    "relation": c.relation,
                    "published": c.published.isoformat() if c.published else None,
                }
                for c in e.copies
            ],
        }
        for e in loaded.entries
    ]


def _marked(sentence: str, marks: list[tuple[int, int]], style: str) -> Text:
    text = Text(sentence)
    for s, e in marks:
        if 0 <= s < e <= len(sentence):
            text.stylize(style, s, e)
    return text


def _who(loaded: LoadedStory, vid: str) -> str:
    """A version as the evidence names it: "#9 Northgate Herald"."""
    e = loaded.by_id.get(vid)
    return f"#{vid} {_outlet(e.version.outlet)}" if e else vid


def _evidence(points: list[DisputedPoint], loaded: LoadedStory) -> None:
    for p in points:
        colour = _STYLE[p.cell]
        who_a, who_b = _who(loaded, p.version_a), _who(loaded, p.version_b)
        console.print(
            Text.assemble((f"{p.kind}", colour), f"  ({p.cell}, confidence {p.confidence:.2f})")
        )
        console.print(Text.assemble(f"  {who_a}: ", _marked(p.a, p.a_marks, "reverse")))
        console.print(Text.assemble(f"  {who_b}: ", _marked(p.b, p.b_marks, "reverse")))
        if p.why:
            console.print(f"  [dim]why: {escape(p.why)}[/]")


def _parts(points: list[DisputedPoint], loaded: LoadedStory) -> None:
    """Each claim with the parts another version tells it without: the parts, then both
    sentences (the parts marked in the first)."""
    for p in points:
        who_a, who_b = _who(loaded, p.version_a), _who(loaded, p.version_b)
        console.print(
            Text.assemble(
                (f"{who_b} leaves out ", "yellow"),
                p.marked_a(),
                f"  (confidence {p.confidence:.2f})",
            )
        )
        console.print(Text.assemble(f"  {who_a}: ", _marked(p.a, p.a_marks, "reverse")))
        console.print(Text.assemble(f"  {who_b}: ", p.b))


def compare(
    story_id: StoryArg,
    db: DbOption,
    as_json: JsonOption = False,
    evidence: Annotated[
        bool, typer.Option("--evidence", help="Both sentences of every difference, marked.")
    ] = False,
) -> None:
    """The claim matrix of a story: claims as rows, versions as columns."""
    from storytrace.compare.corroboration import (
        claim_matrix,
        corroborate,
        detail_holder,
        version_origins,
    )
    from storytrace.compare.digest import disputed_points, left_out_parts

    with open_store(db) as store:
        loaded, comparison = _load(store, story_id, db)
    origins = version_origins(loaded)
    corr = corroborate(comparison, loaded, origins=origins)
    rows = claim_matrix(comparison)
    if as_json:
        out = comparison.as_dict()
        out["matrix"] = [row.as_dict() for row in rows]
        out["story"] = {"id": loaded.story_id, "headline": loaded.headline}
        out["versions"] = _versions_dict(loaded)
        out["origins"] = {
            vid: {
                "origin": o.origin,
                "origins": list(o.origins),
                "via": o.via,
                "cites": list(o.cites),
                "reasoning": o.reasoning,
            }
            for vid, o in origins.items()
        }
        out["corroboration"] = [c.as_dict() for c in corr]
        out["parts_left_out"] = [p.as_dict() for p in left_out_parts(comparison)]
        print_json(out)
        return
    n_articles = sum(len(e.article_ids()) for e in loaded.entries)
    console.print(f"[bold]{escape(loaded.headline or '(no title)')}[/]  story {loaded.story_id}")
    console.print(
        f"{count(len(loaded.entries), 'version')} compared "
        f"({count(n_articles, 'article')}, copies collapsed); "
        + "; ".join(
            f"#{vid} from {escape(o.origin)}" + (" (cites)" if o.via == "cites" else "")
            for vid, o in origins.items()
        )
    )
    by_claim: dict[str, Corroboration] = {c.claim: c for c in corr}
    table = Table(title="Claims × versions", show_lines=True)
    table.add_column("claim", overflow="fold")
    for e in loaded.entries:
        table.add_column(_column(loaded, e.id), overflow="fold", min_width=11, max_width=16)
    table.add_column("origins", overflow="fold", max_width=7)
    for row in rows:
        cells = []
        for e in loaded.entries:
            cell = row.cells.get(e.id)
            if cell is None:
                cells.append(Text("·", "dim"))
                continue
            label = _MARK[cell.cell]
            if cell.relation is not None and cell.cell in ("differs", "contradicts"):
                label += f"\n{cell.relation.kind}"
            elif cell.relation is not None and (held := detail_holder(cell.relation)):
                label += "\nadds a part" if held.id == cell.claim else "\nleaves out a part"
            cells.append(Text(label, _STYLE[cell.cell]))
        c = by_claim.get(row.claim.id)
        flags = ""
        if c is not None:
            flags = str(c.independent)
            if c.anonymous_only:
                flags += " anon"
        table.add_row(escape(row.claim.text), *cells, flags)
    console.print(table)
    points = disputed_points(comparison)
    parts = left_out_parts(comparison)
    n_con = sum(1 for p in points if p.cell == "contradicts")
    console.print(
        f"{count(len(rows), 'claim')}; {count(n_con, 'contradiction')}, "
        f"{len(points) - n_con} changed hedges or attributions, "
        f"{count(len(parts), 'part')} of claims left out by another version. origins: "
        "independent origins behind a claim (anon: only anonymous sources)."
    )
    if evidence:
        console.rule("Evidence")
        _evidence(points, loaded)
        if parts:
            console.rule("Parts left out")
            _parts(parts, loaded)
    elif points or parts:
        console.print("[dim]--evidence shows both sentences of each difference.[/]")


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        err_console.print(f"[red]error:[/] --since {value!r} is not an ISO date (2025-03-12)")
        raise typer.Exit(2) from None


def _entry(t: TimelineEntry, loaded: LoadedStory, *, full: bool) -> None:
    e = loaded.by_id.get(t.version)
    when = _when(t.when, e.day_only if e else False)
    if t.undated and when:
        when = f"undated (placed {when})"  # its place in the timeline is its arrival
    if t.updated is not None and when and t.when and t.updated - t.when >= _EDIT_SHOWN:
        edited = _when(t.updated)
        same_day = edited[:10] == when[:10]
        when = f"{when} (edited {edited[11:] if same_day else edited})"
    arts = " ".join(f"#{a}" for a in t.articles) or f"#{t.version}"
    extra = f", update of #{t.update_of}" if t.update_of is not None else ""
    console.print(
        f"[bold]{when}[/] {escape(_outlet(t.outlet))} ({t.language}) {arts}{extra}: "
        f"{escape(t.title)}"
    )
    parts = f" (and parts of {len(t.parts_left_out)} more)" if t.parts_left_out else ""
    console.print(
        f"  adds {count(len(t.added), 'claim')}, leaves out {len(t.omitted)}{parts}, "
        f"changes {len(t.changed)}"
    )
    if full:
        for _, text in t.added:
            console.print(f"  [green]+[/] {escape(text)}")
        for p in t.changed:
            console.print(f"  [{_STYLE[p.cell]}]~ {p.kind}[/]: {escape(p.b)}")
            console.print(f"    [dim]was: {escape(p.a)}[/]")
        for p in t.parts_left_out:
            console.print(f"  [yellow]- part[/] {escape(p.marked_a())}")
            console.print(f"    [dim]of #{p.version_a}: {escape(p.a)}[/]")


def _print_digest(d: StoryDigest, loaded: LoadedStory) -> None:
    console.print(f"[bold]{escape(d.headline or '(no title)')}[/]  story {d.story_id}")
    console.print(count(d.versions, "version"))
    if d.since is not None:
        console.rule(f"New since {d.since.isoformat()}")
        if not d.new:
            console.print("nothing new since then")
        for t in d.new:
            _entry(t, loaded, full=True)
        return
    # contradictions are the disputed points; a hedge or a source changed is a softer
    # difference, listed after them under its own heading
    for heading, cell, none in (
        ("Disputed", "contradicts", "no version contradicts another"),
        ("Changed between versions", "differs", "no version changes a hedge or attribution"),
    ):
        console.rule(heading)
        points = [p for p in d.disputed if p.cell == cell]
        if not points:
            console.print(none)
        for p in points:
            console.print(
                f"[{_STYLE[p.cell]}]{p.kind}[/] (#{p.version_a} vs #{p.version_b},"
                f" {p.confidence:.2f})"
            )
            console.print(f"  #{p.version_a}: {escape(p.a)}")
            console.print(f"  #{p.version_b}: {escape(p.b)}")
    console.rule("Summary")
    for s in d.summary:
        arts = " ".join(f"#{a}" for a in (s.articles or ())) or " ".join(
            f"#{v}" for v in s.versions
        )
        named = [f"{src} ({kind})" for src, kind in s.sources if src]
        by = f"; sources: {', '.join(named)}" if named else ""
        origins = f"; origins: {', '.join(s.origins)}" if s.origins else ""
        disputed = f"; [red]disputed by #{', #'.join(s.disputed_by)}[/]" if s.disputed_by else ""
        console.print(f"• {escape(s.text)}")
        console.print(f"  [dim]{escape(f'[{arts}{by}{origins}]')}[/]{disputed}")
    console.rule("Timeline (UTC)")
    for t in d.timeline:
        _entry(t, loaded, full=False)


def digest(
    story_id: StoryArg,
    db: DbOption,
    since: Annotated[
        str | None, typer.Option(help="Only what is new from this time on (ISO date or time).")
    ] = None,
    sentences: Annotated[int, typer.Option(help="Summary length in sentences.")] = 5,
    as_json: JsonOption = False,
) -> None:
    """A story's digest: disputed points, a sourced summary, and how it developed."""
    from storytrace.compare.corroboration import corroborate
    from storytrace.compare.digest import make_digest

    when = _since(since)
    with open_store(db) as store:
        loaded, comparison = _load(store, story_id, db)
    result = make_digest(
        comparison,
        loaded,
        corroboration=corroborate(comparison, loaded),
        since=when,
        sentences=sentences,
    )
    if as_json:
        print_json(result.as_dict())
        return
    _print_digest(result, loaded)
