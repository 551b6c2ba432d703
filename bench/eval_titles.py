"""Headlines of text dumps: how often the cleaner's title is a line the annotators kept.

    .venv/bin/python bench/eval_titles.py [--file PATH] [--show]

Reads a cleaning file whose records carry per-line labels (``lines``: 1 for headline, body
and captions, 0 for boilerplate; ``../shared/data/cleaning/l3s-gn1-text.jsonl.gz`` by
default), cleans every page as ``storytrace eval clean`` does (site profiles built from all
pages of a site), and counts the pages whose title is the text of a line labelled 1, of a
line labelled 0 only (a menu item, a section name, a date line, another article's
headline), or none at all. A line labelled 1 is not always the headline (it may be a
caption), so this is a floor on mistakes, not a full score. ``--show`` prints the titles
taken from lines labelled 0. No page text is written anywhere else.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from machine import describe
from storytrace.clean import SiteProfile, clean, site_key
from storytrace.eval.clean import read_records, record_page
from storytrace.pipeline import page_lines


def _site(record: dict[str, object]) -> str | None:
    return site_key(str(record.get("site") or "")) or site_key(str(record.get("url") or ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", default="../shared/data/cleaning/l3s-gn1-text.jsonl.gz")
    parser.add_argument("--show", action="store_true", help="print titles on lines labelled 0")
    args = parser.parse_args()
    path = Path(args.file)
    if not path.exists():
        sys.exit(f"{path}: not found (the evaluation data sits in ../shared/data)")
    records = [r for r in read_records(path) if r.get("lines")]
    if not records:
        sys.exit(f"{path}: no record has per-line labels ('lines')")
    # site profiles as `storytrace eval clean` builds them: from all pages of each site
    profiles: dict[str, SiteProfile] = {}
    for record in records:
        site = _site(record)
        if site:
            profiles.setdefault(site, SiteProfile(site)).observe(page_lines(record_page(record)))
    kept = dropped = none = 0
    for record in records:
        site = _site(record)
        title = clean(record_page(record), profile=profiles.get(site) if site else None).title
        if not title:
            none += 1
            continue
        labels = [
            label
            for line, label in zip(str(record["input"]).split("\n"), record["lines"], strict=False)
            if line.strip() == title.strip()
        ]
        if labels and max(labels) == 1:
            kept += 1
        else:
            dropped += 1
            if args.show:
                print(f"  {record.get('id')}: {title!r}")
    print(f"machine: {describe()}")
    print(
        f"{path.name}: {len(records)} pages; title on a line labelled content {kept}, "
        f"on boilerplate only {dropped}, no title {none}"
    )


if __name__ == "__main__":
    main()
