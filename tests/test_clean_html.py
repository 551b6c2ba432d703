"""The HTML cleaning path, on fictional news pages written for these tests."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

import storytrace.clean.html as html_module
from storytrace.clean import SiteProfile, clean
from storytrace.clean.html import (
    REASON_OUTSIDE,
    REASON_POPUP,
    align,
    clean_html,
    decode_html,
    dump_lines,
    extract_html,
    person_of,
    strip_site_suffix,
)
from storytrace.errors import CleanError
from storytrace.records import Article, Page

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCRAPINGHUB = SHARED / "data" / "cleaning" / "scrapinghub-html.jsonl.gz"

STORY = [
    "The harbour authority of Port Verrin voted on Tuesday to close the old north pier to "
    "all freight traffic from next spring, ending more than a century of cargo handling there.",
    "Council members said the timber deck had been patched so often that engineers could no "
    "longer vouch for it under loaded trucks, and that repairs would cost more than a new berth.",
    "Fishing boats will keep their moorings along the inner wall, the authority said, and a "
    "public walkway is planned for the outer section once the cranes have been taken down.",
    "Dockworkers who gathered outside the meeting hall asked what would become of the forty "
    "jobs tied to the pier; the authority promised that each of them would be offered a post "
    "at the south terminal before the closure takes effect.",
    "A final decision on the walkway's design is expected in the autumn, after a round of "
    "consultations with residents of the old harbour district and the regional ferry company.",
]

LD = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Port Verrin to close its old north pier to freight",
    "datePublished": "2031-03-04T09:15:00+01:00",
    "dateModified": "2031-03-05T18:40:00+01:00",
    "author": [{"@type": "Person", "name": "Maren Holt"}],
    "publisher": {"@type": "Organization", "name": "The Verrin Courier"},
    "articleSection": "Local",
}


def news_page(
    *,
    ld: dict[str, object] | None = LD,
    byline: str = "By Maren Holt",
    story: list[str] = STORY,
) -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in story)
    ld_block = (
        f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld is not None else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Port Verrin to close its old north pier to freight | The Verrin Courier</title>
<meta property="og:site_name" content="The Verrin Courier">
<meta property="og:title" content="Port Verrin to close its old north pier to freight">
<link rel="canonical" href="/local/2031/03/04/north-pier-closure/?utm_source=feed">
{ld_block}
<style>.banner {{ color: red }}</style>
<script>var tracking = "Accept all cookies";</script>
</head>
<body>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<main>
<article>
<h1>Port Verrin to close its old north pier to freight</h1>
<div class="byline"><span>{byline}</span></div>
<time datetime="2031-03-04T09:15:00+01:00">4 March 2031</time>
<div class="article-body">
{paragraphs}
</div>
<div class="share">Share on Facebook Share on Twitter Email</div>
</article>
<aside class="related"><h3>Related stories</h3><ul>
<li><a href="/a">Ferry timetable changes for the summer season</a></li>
<li><a href="/b">Harbour festival returns with tall ships in July</a></li>
</ul></aside>
<section class="comments"><h3>Comments</h3>
<div class="comment"><p>Great news, that pier was an eyesore for years. - Reader</p></div>
</section>
</main>
<footer><p>© 2031 The Verrin Courier. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/terms">Terms of use</a></p></footer>
</body>
</html>"""


def html_page(html: str | bytes, *, url: str | None = None, encoding: str | None = "utf-8") -> Page:
    raw = html.encode("utf-8") if isinstance(html, str) else html
    return Page(
        raw=raw, source=url or "test.html", origin="file", kind="html", url=url, encoding=encoding
    )


URL = "https://www.verrin-courier.example/local/2031/03/04/north-pier-closure/"


@pytest.fixture(scope="module")
def article() -> Article:
    return clean_html(html_page(news_page(), url=URL))


def test_text_is_the_story_and_nothing_else(article: Article) -> None:
    assert article.paragraphs == STORY
    text = article.text
    for junk in (
        "cookies",
        "Home",
        "Related stories",
        "eyesore",
        "All rights reserved",
        "Share on Facebook",
        "Privacy policy",
        "Ferry timetable",
    ):
        assert junk not in text


def test_metadata_from_markup(article: Article) -> None:
    assert article.title == "Port Verrin to close its old north pier to freight"
    assert article.outlet == "The Verrin Courier"
    assert article.section == "Local"
    assert article.author == "Maren Holt"
    assert article.byline == "By Maren Holt"
    assert article.published is not None
    assert article.published.origin == "json-ld:datePublished"
    assert article.published.value == datetime.fromisoformat("2031-03-04T09:15:00+01:00")
    assert article.updated is not None and article.updated.origin == "json-ld:dateModified"
    assert article.canonical_url is not None
    assert article.canonical_url.startswith("https://www.verrin-courier.example/local/2031/")
    assert "utm_source" not in article.canonical_url
    assert article.language == "en"
    assert article.site == "verrin-courier.example"


def test_every_dump_line_is_kept_or_dropped_with_a_reason(article: Article) -> None:
    lines = dump_lines(news_page())
    dropped = {d.index: d for d in article.dropped}
    for i, line in enumerate(lines):
        assert i in dropped or line in article.paragraphs or line == article.title, line
    assert all(d.reason for d in article.dropped)
    reasons = {d.text: d.reason for d in article.dropped}
    banner = "We use cookies to improve your experience. Accept all cookies"
    assert reasons[banner] == REASON_OUTSIDE
    assert reasons["Related stories"] == REASON_OUTSIDE
    assert all(dropped[i].text == lines[i] for i in dropped if i >= 0)


def test_a_pop_up_card_inside_a_paragraph_is_taken_out_and_kept_as_dropped() -> None:
    card = (
        '<span class="rollover-people"><a href="/people/maren-holt">Maren Holt</a>'
        '<span class="rollover-block"><img src="/holt.jpg" alt="">'
        '<a class="name" href="/people/maren-holt">Maren Elisabeth Holt</a>'
        '<a href="/x">Harbour chief warns of pier repairs</a></span></span>'
    )
    story = list(STORY)
    story[1] = f"Harbour master {card} said the timber deck had been patched too often."
    article = clean_html(html_page(news_page(story=story), url=URL))
    text = "\n".join(article.paragraphs)
    # the name the card hangs on stays; the card's own text does not run into the sentence
    assert "Harbour master Maren Holt said the timber deck" in text, text
    assert "Maren Elisabeth Holt" not in text and "pier repairs" not in text
    cards = [d for d in article.dropped if d.reason == REASON_POPUP]
    assert len(cards) == 1 and "Maren Elisabeth Holt" in cards[0].text


def test_text_dump_drops_script_style_head() -> None:
    lines = dump_lines(news_page())
    assert lines[0].startswith("We use cookies")
    assert not any("tracking" in line or "color: red" in line for line in lines)
    assert "Home" in lines and "Sport" in lines  # each <li> on its own line


def test_metadata_without_json_ld_falls_back_to_meta_and_time() -> None:
    page = html_page(news_page(ld=None), url=URL)
    art = clean_html(page)
    assert art.title == "Port Verrin to close its old north pier to freight"
    assert art.outlet == "The Verrin Courier"
    assert art.published is not None and art.published.origin == "time-element"
    assert art.author == "Maren Holt"  # from the printed byline
    assert art.paragraphs == STORY


@pytest.mark.parametrize("placeholder", ["0001-01-01T00:00:00", "9999-12-31T00:00:00Z"])
def test_a_placeholder_date_in_structured_data_is_passed_over(placeholder: str) -> None:
    # some publishers' JSON-LD carries year 1 where the date belongs; it once stopped the
    # story stage, whose time window cannot reach back before year 1
    ld = {**LD, "datePublished": placeholder, "dateModified": placeholder}
    art = clean_html(html_page(news_page(ld=ld), url=URL))
    assert art.published is not None and art.published.origin == "time-element"
    assert art.published.value.year == 2031
    assert art.updated is None or art.updated.value.year == 2031


@pytest.mark.parametrize("byline", ["By admin", "By Staff", "By The Verrin Courier"])
def test_placeholder_bylines_never_become_author(byline: str) -> None:
    ld = dict(LD, author={"@type": "Person", "name": byline.removeprefix("By ")})
    art = clean_html(html_page(news_page(ld=ld, byline=byline), url=URL))
    assert art.byline == byline
    assert art.author is None
    assert art.paragraphs == STORY


def test_organisation_author_is_not_a_person() -> None:
    ld = dict(LD, author={"@type": "Organization", "name": "Courier Newsdesk"})
    art = clean_html(html_page(news_page(ld=ld, byline="Courier Newsdesk"), url=URL))
    assert art.author is None


def test_non_utf8_page_decodes_with_the_detected_encoding() -> None:
    body = "".join(
        f"<p>{p.replace('harbour', 'quai fermé à Noël').replace('pier', 'jetée')}</p>"
        for p in STORY
    )
    html = f"<html><head><title>Jetée fermée</title></head><body>{body}</body></html>"
    raw = html.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    for encoding in ("windows-1252", None):  # ingest's guess, or none at all
        art = clean_html(html_page(raw, encoding=encoding))
        assert "fermé à Noël" in art.text
        assert "jetée" in art.text
        assert "\ufffd" not in art.text


def test_declared_charset_is_used_when_ingest_has_none() -> None:
    html = "<html><head><meta charset='iso-8859-1'></head><body><p>Ça coûte</p></body></html>"
    text = decode_html(html_page(html.encode("latin-1"), encoding=None))
    assert "Ça coûte" in text


@pytest.mark.parametrize(
    "html",
    [
        b"",
        b"   \n ",
        b"<html><head><title>Nothing here</title></head><body></body></html>",
        b"<html><body><script>var x = 'only code';</script><style>p{}</style></body></html>",
        b"<html><body><img src='a.png'><div> </div></body></html>",
    ],
)
def test_page_without_text_raises_clean_error(html: bytes) -> None:
    with pytest.raises(CleanError, match=r"test\.html"):
        clean_html(html_page(html))


def test_clean_dispatches_html_and_rejects_empty_pages() -> None:
    art = clean(html_page(news_page(), url=URL))
    assert art.paragraphs == STORY
    with pytest.raises(CleanError):
        clean(html_page(b"<html><body></body></html>"))


def test_broken_markup_still_yields_the_story() -> None:
    paragraphs = "".join(f"<p>{p}" for p in STORY)  # no closing tags anywhere
    html = (
        "<html><body><div class='menu'><a>Home<a>World</div></span></div>"
        f"<div class='story'><h1>Pier closes<b><i>{paragraphs}</div></table></body>"
    )
    art = clean_html(html_page(html))
    assert len(art.paragraphs) >= 4
    assert STORY[2] in art.text


def test_xml_declaration_with_encoding_is_accepted() -> None:
    body = "".join(f"<p>{p}</p>" for p in STORY)
    html = f'<?xml version="1.0" encoding="utf-8"?><html><body>{body}</body></html>'
    assert clean_html(html_page(html)).paragraphs == STORY


def test_huge_page_is_cut_not_fatal(monkeypatch: pytest.MonkeyPatch) -> None:
    # The real limit is megabytes (timed in bench/bench_html.py); a small one keeps the
    # test quick while exercising the same cut.
    monkeypatch.setattr(html_module, "MAX_HTML_CHARS", 60_000)
    filler = "<li><a href='/offers/{0}'>Sponsored offer number {0}</a></li>\n"
    links = "".join(filler.format(n) for n in range(3000))
    html = news_page().replace("</footer>", f"</footer><aside class='ads'><ul>{links}</ul></aside>")
    assert len(html) > 120_000
    art = clean_html(html_page(html, url=URL))
    assert art.paragraphs == STORY
    assert not any("offer number 2999" in d.text for d in art.dropped)  # cut off
    assert any("offer number 0" in d.text for d in art.dropped)


def test_article_split_over_sibling_containers_is_recovered() -> None:
    first = "".join(f"<p>{p}</p>" for p in STORY[:3])
    rest = "".join(f"<p>{p}</p>" for p in STORY[3:])
    html = f"""<html><body><nav><a href='/'>Home</a></nav><article>
    <h1>Pier closes</h1>
    <div class="story-body part">{first}</div>
    <div class="ad-slot"><p>Advertisement</p></div>
    <div class="newsletter"><p>Sign up for our morning briefing and never miss a story from
    the harbour district again, delivered free each day.</p></div>
    <div class="story-body part">{rest}</div>
    </article><footer><p>Contact us</p></footer></body></html>"""
    art = clean_html(html_page(html))
    assert art.paragraphs[-2:] == STORY[3:]
    assert all(p in art.paragraphs for p in STORY)
    assert "Advertisement" not in art.text


def test_quoted_embed_inside_the_story_is_kept() -> None:
    quote = "The pier carried my grandfather's catch and mine; I will miss it every morning."
    body = "".join(f"<p>{p}</p>" for p in STORY[:3])
    html = f"""<html><body><article><div class="body">{body}
    <blockquote class="social-embed"><p>{quote}</p>— a fisherman (@verrin_nets)</blockquote>
    <p>{STORY[3]}</p><p>{STORY[4]}</p></div></article></body></html>"""
    art = clean_html(html_page(html))
    assert quote in art.paragraphs
    assert art.paragraphs.index(quote) < art.paragraphs.index(STORY[3])


def test_align_matches_long_lines_anywhere_and_short_ones_in_order() -> None:
    dump = ["Home", STORY[0], "Home", STORY[1], "Menu"]
    extracted = [STORY[0], "Home", STORY[1]]
    assert align(dump, extracted) == [None, 0, 1, 2, None]


def test_strip_site_suffix() -> None:
    url = "https://news.verrin-courier.example/x"
    assert strip_site_suffix("Pier closes | Verrin Courier", "Verrin Courier", None, None) == (
        "Pier closes"
    )
    assert strip_site_suffix("Pier closes - verrin-courier", None, url, None) == "Pier closes"
    assert strip_site_suffix("Pier closes: a history", None, url, None) == (
        "Pier closes: a history"
    )


def test_published_from_meta_tag_and_htmldate() -> None:
    body = "".join(f"<p>{p}</p>" for p in STORY)
    html = (
        "<html><head><meta property='article:published_time' content='2031-02-01T10:00:00Z'>"
        f"</head><body>{body}</body></html>"
    )
    art = clean_html(html_page(html))
    assert art.published is not None
    assert art.published.origin == "meta:article:published_time"
    assert art.published.value == datetime.fromisoformat("2031-02-01T10:00:00+00:00")
    html = f"<html><body><p>Posted 2021-06-15</p>{body}</body></html>"
    art = clean_html(html_page(html, url="https://a.example/2021/06/15/pier"))
    assert art.published is not None and art.published.origin == "htmldate"
    assert art.published.value == date(2021, 6, 15)


def test_extract_html_accounts_for_all_lines() -> None:
    found = extract_html(news_page(), URL)
    kept = {i for i in found.origins if i is not None}
    dropped = {d.index for d in found.dropped}
    assert kept.isdisjoint(dropped)
    assert kept | dropped == set(range(len(found.dump)))


@pytest.mark.shared
def test_scrapinghub_slice_beats_trafilatura_alone() -> None:
    if not SCRAPINGHUB.is_file():
        pytest.skip(f"evaluation data not found at {SCRAPINGHUB} (../shared is absent)")
    from storytrace.eval.clean import score_file

    ours, baseline = score_file(SCRAPINGHUB, limit=40)
    assert baseline.name == "trafilatura alone"
    assert len(ours.pages) == len(baseline.pages) == 40
    assert ours.errors == 0
    assert ours.micro[2] > baseline.micro[2]
    assert ours.macro_f1 > baseline.macro_f1


def test_table_layout_page_reads_as_plain_paragraphs() -> None:
    rows = "".join(f"<tr><td>{p}</td></tr>" for p in STORY)
    html = (
        "<html><body><table><tr><td><a href='/'>Home</a></td></tr>"
        f"<tr><td><table>{rows}</table></td></tr></table></body></html>"
    )
    art = clean_html(html_page(html))
    assert all(not p.startswith("|") for p in art.paragraphs)
    assert STORY[1] in art.paragraphs


@pytest.mark.parametrize(
    ("name", "outlet", "url", "person"),
    [
        ("By MAREN HOLT", None, None, "Maren Holt"),
        ("Analysis by Maren Holt, Courier harbour editor", None, None, "Maren Holt"),
        ("by Maren Holt @mholt_writes Mar 4, 2031 at 9:15 am", None, None, "Maren Holt"),
        ("| BY: Maren Holt, MS, RDN", None, None, "Maren Holt"),
        ("Verrin Courier Bureau", None, URL, None),
        ("The Harbour Desk", None, None, None),
        ("By admin", None, None, None),
        ("The Verrin Courier", "The Verrin Courier", None, None),
        ("Maren Holt", None, "https://marenholt.example/blog", "Maren Holt"),
    ],
)
def test_person_of(name: str, outlet: str | None, url: str | None, person: str | None) -> None:
    assert person_of(name, outlet=outlet, url=url) == person


def test_site_address_is_not_an_outlet_name() -> None:
    html = news_page().replace(
        '<meta property="og:site_name" content="The Verrin Courier">',
        '<meta property="og:site_name" content="https://www.verrin-courier.example">',
    )
    assert clean_html(html_page(html, url=URL)).outlet == "The Verrin Courier"  # JSON-LD


def test_a_site_name_that_is_only_the_host_label_gives_way() -> None:
    # og:site_name "verrin-courier" on verrin-courier.example: the publisher's name, else
    # the address, says more than the bare label
    html = news_page().replace(
        '<meta property="og:site_name" content="The Verrin Courier">',
        '<meta property="og:site_name" content="verrin-courier">',
    )
    assert clean_html(html_page(html, url=URL)).outlet == "The Verrin Courier"  # JSON-LD
    bare = news_page(ld=None).replace(
        '<meta property="og:site_name" content="The Verrin Courier">',
        '<meta property="og:site_name" content="verrin-courier">',
    )
    assert clean_html(html_page(bare, url=URL)).outlet == "verrin-courier.example"
    # a lower-case name of its own stays
    own = bare.replace('content="verrin-courier"', 'content="the verrin courier"')
    assert clean_html(html_page(own, url=URL)).outlet == "the verrin courier"


def test_site_profile_drops_a_promo_line_inside_the_article() -> None:
    promo = "Support local reporting in Verrin: become a member today for a few coins a week."
    profile = SiteProfile("verrin-courier.example")
    for n in range(4):
        other = [f"Page {n}: {p}" for p in STORY[n:] + STORY[:n]] + [promo]
        profile.observe(dump_lines(news_page(story=other)))
    page = html_page(news_page(story=[*STORY, promo]), url=URL)
    assert promo in clean_html(page).paragraphs  # trafilatura alone keeps it
    art = clean_html(page, profile=profile)
    assert art.paragraphs == STORY
    assert [d.reason for d in art.dropped if d.text == promo] == ["site-repeated"]
    index = next(d.index for d in art.dropped if d.text == promo)
    assert dump_lines(news_page(story=[*STORY, promo]))[index] == promo


def test_comment_section_trafilatura_does_not_know_is_dropped() -> None:
    body = "".join(f"<p>{p}</p>" for p in STORY)
    html = f"""<html lang="fr"><body><article><h1>Le vieux quai ferme</h1>
    <div class="texte">{body}</div>
    <section class="reactions"><h2>Réactions (2)</h2>
      <div class="reaction"><p class="reaction-pseudo">Lecteur_du_port</p>
      <p class="reaction-texte">Enfin une décision claire, le quai tombait en ruine depuis des
      années et personne ne voulait payer les travaux.</p></div>
      <div class="reaction"><p class="reaction-pseudo">Marin44</p>
      <p class="reaction-texte">Et les emplois des dockers, on en parle ? Cette promesse de
      reclassement ne rassure personne sur les quais.</p></div>
    </section></article></body></html>"""
    art = clean_html(html_page(html))
    assert art.paragraphs == STORY
    reasons = {d.text: d.reason for d in art.dropped}
    assert reasons["Marin44"] == "user comments"
    assert any(r == "user comments" and "ruine" in t for t, r in reasons.items())


def test_comments_word_in_the_article_wrapper_is_not_a_comment_section() -> None:
    body = "".join(f"<p>{p}</p>" for p in STORY)
    html = f"<html><body><div class='post has-comments'><h1>Pier</h1>{body}</div></body></html>"
    assert clean_html(html_page(html)).paragraphs == STORY


def test_kicker_above_the_headline_is_not_text() -> None:
    body = "".join(f"<p>{p}</p>" for p in STORY)
    html = f"""<html><head><title>Pier closes to freight</title></head><body><article>
    <p class="kicker">Harbour</p><h1>Pier closes to freight</h1>{body}</article></body></html>"""
    art = clean_html(html_page(html))
    assert art.paragraphs == STORY
    assert ("Harbour", "above the headline") in {(d.text, d.reason) for d in art.dropped}


def test_byline_is_the_innermost_element_that_reads_like_one() -> None:
    html = news_page().replace(
        '<div class="byline"><span>By Maren Holt</span></div>',
        '<div class="byline"><span class="author-label">Biography</span>'
        '<span class="author">By Maren Holt, harbour reporter</span> 4 March 2031 · 09:15</div>',
    )
    art = clean_html(html_page(html, url=URL))
    assert art.byline == "By Maren Holt, harbour reporter"
    assert art.author == "Maren Holt"
