"""Lines that repeat across the pages of one site (menus, footers, taglines).

A line printed on most pages of a site is template, not article. The profile keeps,
per site, how many observed pages carried each normalised line. State is plain dicts
of ints keyed by a stable hash (xxhash64 hex), so the store can persist it as JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, Final

import xxhash

from storytrace.clean.meta import date_order_vote

_DIGITS: Final = re.compile(r"\d+")
_DATE_LIKE: Final = re.compile(r"\d[/.]\d")

#: Above this many distinct lines, lines seen on a single page are forgotten: a site's
#: template lines recur, article lines mostly do not, so memory stays bounded.
MAX_LINES: Final = 200_000


@lru_cache(maxsize=1 << 16)
def line_key(line: str) -> str:
    """Stable hash of a line, ignoring case, spacing and numbers (dates, counters).

    Cached: the lines worth counting are the ones that repeat."""
    norm = " ".join(_DIGITS.sub("0", line.casefold()).split())
    return xxhash.xxh64_hexdigest(norm.encode("utf-8"))


class SiteProfile:
    """Per-site counts of the pages that carry each (normalised) line."""

    __slots__ = ("counts", "day_votes", "month_votes", "pages", "site")

    def __init__(
        self,
        site: str | None = None,
        *,
        pages: int = 0,
        counts: dict[str, int] | None = None,
        day_votes: int = 0,
        month_votes: int = 0,
    ) -> None:
        self.site = site
        self.pages = pages
        self.counts: dict[str, int] = counts if counts is not None else {}
        #: Pages whose unambiguous numeric dates are day first / month first.
        self.day_votes = day_votes
        self.month_votes = month_votes

    def observe(self, lines: Iterable[str]) -> None:
        """Count one page: each distinct non-empty line once, and the order its numeric
        dates are written in."""
        lines = list(lines)
        keys = {line_key(line) for line in lines if line.strip()}
        self.pages += 1
        # dates sit on short lines; scanning the prose too cost ten times as much
        vote = date_order_vote(
            "\n".join(
                line
                for line in lines
                if len(line) <= 120 and ("/" in line or "." in line) and _DATE_LIKE.search(line)
            )
        )
        if vote > 0:
            self.day_votes += 1
        elif vote < 0:
            self.month_votes += 1
        counts = self.counts
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
        if len(counts) > MAX_LINES:
            self.counts = {k: v for k, v in counts.items() if v > 1}

    def count(self, line: str) -> int:
        """How many observed pages carried the line."""
        return self.counts.get(line_key(line), 0)

    def page_frequency(self, line: str) -> float:
        """Share of the site's observed pages that carry the line (0.0 when none observed)."""
        if self.pages <= 0:
            return 0.0
        return min(1.0, self.counts.get(line_key(line), 0) / self.pages)

    def day_first(self) -> bool | None:
        """Whether the site writes numeric dates day first, as its pages with dates only
        one order can read say (three to one at least); None when they do not say. A site
        keeps one order, so "10/01/2008" on a page of a site that elsewhere printed
        "29/12/2007" is 10 January."""
        day, month = self.day_votes, self.month_votes
        if day >= 3 * month and day > 0:
            return True
        if month >= 3 * day and month > 0:
            return False
        return None

    def merge(self, other: SiteProfile) -> None:
        """Add another profile's counts (e.g. built in another process) to this one."""
        self.pages += other.pages
        self.day_votes += other.day_votes
        self.month_votes += other.month_votes
        for key, value in other.counts.items():
            self.counts[key] = self.counts.get(key, 0) + value

    def to_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "pages": self.pages,
            "counts": dict(self.counts),
            "date_order": [self.day_votes, self.month_votes],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SiteProfile:
        counts = {str(k): int(v) for k, v in dict(data.get("counts") or {}).items()}
        order = [*list(data.get("date_order") or ()), 0, 0]  # older profiles: none
        return cls(
            data.get("site"),
            pages=int(data.get("pages") or 0),
            counts=counts,
            day_votes=int(order[0]),
            month_votes=int(order[1]),
        )

    def __repr__(self) -> str:
        return f"SiteProfile(site={self.site!r}, pages={self.pages}, lines={len(self.counts)})"
