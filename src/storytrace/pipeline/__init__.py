"""Run the stages over inputs: ingest → store raw → clean → store article → copies.

The stages are plain functions over records; this module is the only place that wires
them to the store. Cleaning is the costly step and is a pure function of a page and its
site profile, so it goes through an :class:`~storytrace.pipeline.executors.Executor`:
in-process by default, a process pool when asked. Store writes stay in the driver, which
keeps SQLite single-writer and results identical whatever the executor.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Literal

from storytrace.errors import CleanError
from storytrace.pipeline.executors import Executor, LocalExecutor
from storytrace.records import Article, Page, Rejection

if TYPE_CHECKING:
    from storytrace.clean.site import SiteProfile
    from storytrace.ingest import IngestOptions
    from storytrace.store import Store

log = logging.getLogger("storytrace.pipeline")

Status = Literal["stored", "version", "unchanged", "rejected", "no-article"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one input item."""

    source: str
    status: Status
    page_id: int | None = None
    article_id: int | None = None
    reason: str | None = None
    copy_relation: str | None = None
    #: A later step that failed for a stored article (it stays stored, without a story).
    warning: str | None = None


@dataclass
class IngestReport:
    seen: int = 0
    stored: int = 0
    versions: int = 0
    unchanged: int = 0
    articles: int = 0
    copies: int = 0
    rejected: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.seen += 1
        if outcome.status in ("stored", "version"):
            self.stored += 1
        if outcome.status == "version":
            self.versions += 1
        if outcome.status == "unchanged":
            self.unchanged += 1
        if outcome.article_id is not None:
            self.articles += 1
        if outcome.copy_relation is not None:
            self.copies += 1
        if outcome.status in ("rejected", "no-article"):
            self.rejected.append(outcome)

    @property
    def exit_code(self) -> int:
        """0: all stored; 3: some rejected; 4: nothing could be stored (see docs)."""
        if not self.rejected:
            return 0
        if self.stored == 0 and self.unchanged == 0:
            return 4
        return 3


def page_lines(page: Page) -> list[str]:
    """The lines of a page as the site-repetition signal counts them: the text dump's
    lines, or for HTML the dump derived from its block elements."""
    from storytrace.clean import decode
    from storytrace.clean.rules import normalize_line

    if page.kind == "html":
        from storytrace.clean.html import decode_html, dump_lines

        return dump_lines(decode_html(page), page.source)
    return [normalize_line(line) for line in decode(page).split("\n")]


def _clean_one(job: tuple[Page, SiteProfile | None]) -> Article | str:
    """Executor task: clean one page, or return the reason it has no article."""
    from storytrace.clean import clean

    page, profile = job
    try:
        return clean(page, profile=profile)
    except CleanError as exc:
        return str(exc) or "no article text"


class Pipeline:
    """Runs ingest → clean → copies into one store.

    ``on_outcome`` is called after each input item (the CLI drives its progress bar
    with it). ``chunk`` pages are cleaned together so that a process-pool executor has
    work to share; site profiles are those known when the chunk starts.
    """

    def __init__(
        self,
        store: Store,
        *,
        executor: Executor | None = None,
        chunk: int = 64,
        on_outcome: Callable[[Outcome], None] | None = None,
    ) -> None:
        self.store = store
        self.executor = executor or LocalExecutor()
        self.chunk = chunk
        self.on_outcome = on_outcome
        self._profiles: dict[str, SiteProfile] = {}

    # -- entry points -------------------------------------------------------------
    def ingest(self, args: Sequence[str], *, options: IngestOptions | None = None) -> IngestReport:
        from storytrace.ingest import iter_inputs

        return self.run(iter_inputs(args, options=options))

    def run(self, items: Iterable[Page | Rejection]) -> IngestReport:
        report = IngestReport()
        iterator = iter(items)
        while batch := list(islice(iterator, self.chunk)):
            for outcome in self._process_batch(batch):
                report.add(outcome)
                if self.on_outcome is not None:
                    self.on_outcome(outcome)
        self._flush_profiles()
        return report

    def reclean(self, page_ids: Iterable[int]) -> IngestReport:
        """Re-run cleaning and copy detection from stored raw pages (raw input is never
        lost, so every later stage can be re-run, e.g. after a cleaner change)."""
        report = IngestReport()
        pages: list[tuple[int, Page, bool]] = []
        for page_id in page_ids:
            page = self.store.page(page_id)
            if page is not None:
                pages.append((page_id, page, False))
        for start in range(0, len(pages), self.chunk):
            part = pages[start : start + self.chunk]
            for outcome in self._clean_and_save(part):
                report.add(outcome)
                if self.on_outcome is not None:
                    self.on_outcome(outcome)
        self._flush_profiles()
        return report

    # -- steps --------------------------------------------------------------------
    def _process_batch(self, batch: list[Page | Rejection]) -> Iterator[Outcome]:
        to_clean: list[tuple[int, Page, bool]] = []
        outcomes: list[Outcome | None] = []
        with self.store.transaction():
            for item in batch:
                if isinstance(item, Rejection):
                    self.store.add_rejection(item)
                    log.info("rejected", extra={"source": item.source, "reason": item.reason})
                    outcomes.append(Outcome(item.source, "rejected", reason=item.reason))
                    continue
                ref = self.store.add_page(item)
                if not ref.created:
                    outcomes.append(Outcome(item.source, "unchanged", page_id=ref.id))
                    continue
                to_clean.append((ref.id, item, ref.version_of is not None))
                outcomes.append(None)  # filled after cleaning, in input order
        cleaned = iter(self._clean_and_save(to_clean))
        for outcome in outcomes:
            yield outcome if outcome is not None else next(cleaned)

    def _clean_and_save(self, pages: list[tuple[int, Page, bool]]) -> list[Outcome]:
        from storytrace.clean import site_key

        if not pages:
            return []
        jobs: list[tuple[Page, SiteProfile | None]] = []
        for _page_id, page, is_version in pages:
            profile = self._profile(site_key(page.url or page.source))
            # A new version of a known URL is the same page again: counting it would make
            # its own paragraphs look like the site's template.
            if profile is not None and not is_version:
                # Observed before cleaning: a page's own lines count once, and a line
                # shared by earlier pages of the site is already frequent.
                profile.observe(page_lines(page))
            jobs.append((page, profile))
        results = self.executor.map(_clean_one, jobs)
        out: list[Outcome] = []
        with self.store.transaction():
            for (page_id, page, is_version), result in zip(pages, results, strict=True):
                status: Status = "version" if is_version else "stored"
                if isinstance(result, str):
                    # The cleaner's message names the page; the rejection names it already.
                    said = result.removeprefix(f"{page.source}: ")
                    reason = said if said.startswith("no article") else f"no article: {said}"
                    self.store.add_rejection(Rejection(page.source, reason, page.raw))
                    out.append(Outcome(page.source, "no-article", page_id=page_id, reason=reason))
                    continue
                article_id = self.store.save_article(page_id, result)
                decision = self._copies(article_id, result)
                warning = self._place(article_id, result, page.source)
                out.append(
                    Outcome(
                        page.source,
                        status,
                        page_id=page_id,
                        article_id=article_id,
                        copy_relation=decision,
                        warning=warning,
                    )
                )
        return out

    def _place(self, article_id: int, article: Article, source: str) -> str | None:
        """Put the article in its story (copies join their original's). A failure here
        must not cost the batch: the story step's writes are undone, the index is
        reloaded from the store, and the article stays stored without a story (the next
        ``storytrace stories`` command tries it again); the reason comes back."""
        from storytrace.stories.store import assign_article, forget_index

        try:
            with self.store.savepoint():
                assign_article(self.store, article_id, article)
        except Exception as exc:  # reported, and the batch goes on
            forget_index(self.store)
            reason = f"no story yet ({type(exc).__name__}: {exc})"
            log.info("story step failed", extra={"source": source, "reason": reason})
            return reason
        return None

    def _copies(self, article_id: int, article: Article) -> str | None:
        from storytrace.dedup import assign

        decision = assign(
            self.store,
            article_id,
            url=article.canonical_url or article.url,
            text=article.text,
            published=article.published.value if article.published else None,
        )
        return decision.relation if decision.relation != "new" else None

    def _profile(self, site: str | None) -> SiteProfile | None:
        if site is None:
            return None
        profile = self._profiles.get(site)
        if profile is None:
            profile = self.store.site_profile(site)
            self._profiles[site] = profile
        return profile

    def _flush_profiles(self) -> None:
        with self.store.transaction():
            for profile in self._profiles.values():
                self.store.save_site_profile(profile)
