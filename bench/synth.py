"""Synthetic news pages for benchmarks: deterministic, written from a small vocabulary.

Not realistic prose, but shaped like real pages: a template of navigation and footer
lines shared by every page of a site, a headline, a byline, and 6–14 paragraphs of
sentence-like text.
"""

from __future__ import annotations

import random

WORDS = (
    "the council harbour minister river strike port union vote budget flood police report "
    "officials said according to spokesperson agency week monday tuesday residents city "
    "government election court judge ruling health hospital school workers wages talks "
    "deal crisis emergency water bridge road rail station market prices energy power plant "
    "company shares investors bank rates inflation summit leaders border talks ceasefire "
    "army forces region north south east west coast village mayor opposition party "
    "parliament law bill debate protest march thousands hundreds million percent year "
    "month statement document letter inquiry investigation evidence witnesses claims"
).split()
NAV = ["Home", "World", "Politics", "Business", "Sport", "Culture", "Opinion", "Video"]
FOOTER = [
    "About us",
    "Contact",
    "Privacy policy",
    "Terms of use",
    "Advertise with us",
    "© {site} All rights reserved.",
    "Follow us on social media",
    "Back to top",
]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def page(i: int, *, sites: int = 50, html: bool = True) -> tuple[str, str]:
    """Return (url, content) of synthetic page ``i``."""
    rng = random.Random(i)
    site = f"site{i % sites}.example"
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 10))).capitalize()
    paras = [paragraph(rng) for _ in range(rng.randint(6, 14))]
    footer = [f.format(site=site) for f in FOOTER]
    url = f"https://www.{site}/news/{i}"
    if not html:
        lines = [" ".join(NAV), title, "By Staff Reporter", *paras, *footer]
        return url, "\n".join(lines)
    body = "".join(f"<p>{p}</p>" for p in paras)
    nav = "".join(f"<li><a href='/{n.lower()}'>{n}</a></li>" for n in NAV)
    foot = "".join(f"<li>{f}</li>" for f in footer)
    return url, (
        f"<!doctype html><html lang='en'><head><title>{title} | {site}</title>"
        f"<meta property='og:title' content='{title}'>"
        f"<meta property='article:published_time' content='2026-0{1 + i % 9}-1{i % 9}T08:00:00Z'>"
        f"</head><body><nav><ul>{nav}</ul></nav><article><h1>{title}</h1>"
        f"<p class='byline'>By Staff Reporter</p>{body}</article>"
        f"<footer><ul>{foot}</ul></footer></body></html>"
    )
