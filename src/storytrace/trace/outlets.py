"""Outlet gazetteer: news outlets, their aliases and web domains, and name normalisation.

A mention ("the Times", "NYT", "The New York Times", "nytimes.com") resolves to one
canonical outlet. Short ambiguous aliases ("the Times", "the Post") resolve to the outlet
of that family already named in the article, else to the most common reading, with lower
confidence. Outlet anaphors ("the newspaper", "the agency") resolve to the outlet
mentioned last. The list is ours: widely cited outlets and news agencies, by region.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

# (canonical name, kind, aliases, domains). Aliases are matched case-sensitively when
# they are all capitals (acronyms such as "AP"), otherwise case-insensitively.
_ENTRIES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    # --- agencies
    (
        "Associated Press",
        "agency",
        ("The Associated Press", "AP", "A.P."),
        ("apnews.com", "ap.org"),
    ),
    ("Reuters", "agency", ("Thomson Reuters",), ("reuters.com",)),
    (
        "Agence France-Presse",
        "agency",
        ("AFP", "Agence France Presse", "France-Presse"),
        ("afp.com",),
    ),
    ("United Press International", "agency", ("UPI",), ("upi.com",)),
    ("Bloomberg", "agency", ("Bloomberg News",), ("bloomberg.com",)),
    ("Deutsche Presse-Agentur", "agency", ("dpa", "DPA"), ("dpa.com",)),
    ("Agencia EFE", "agency", ("EFE",), ("efe.com",)),
    ("ANSA", "agency", (), ("ansa.it",)),
    ("Xinhua", "agency", ("Xinhua News Agency",), ("xinhuanet.com", "news.cn")),
    ("TASS", "agency", ("ITAR-TASS", "Тасс", "ТАСС"), ("tass.com", "tass.ru")),
    ("RIA Novosti", "agency", ("RIA", "РИА Новости"), ("ria.ru",)),
    ("Interfax", "agency", ("Интерфакс",), ("interfax.ru", "interfax.com")),
    ("Kyodo News", "agency", ("Kyodo",), ("kyodonews.net",)),
    ("Yonhap", "agency", ("Yonhap News Agency",), ("yna.co.kr",)),
    ("Anadolu Agency", "agency", ("Anadolu", "AA"), ("aa.com.tr",)),
    ("Press Trust of India", "agency", ("PTI",), ("ptinews.com",)),
    ("Fars News Agency", "agency", ("Fars News", "Fars", "FNA"), ("farsnews.ir", "farsnews.com")),
    ("Islamic Republic News Agency", "agency", ("IRNA",), ("irna.ir",)),
    ("Tasnim News Agency", "agency", ("Tasnim",), ("tasnimnews.com",)),
    ("Mehr News Agency", "agency", ("Mehr News", "Mehr"), ("mehrnews.com",)),
    ("ISNA", "agency", ("Iranian Students' News Agency",), ("isna.ir",)),
    ("Ukrinform", "agency", (), ("ukrinform.net", "ukrinform.ua")),
    ("UNIAN", "agency", (), ("unian.info", "unian.net")),
    ("Europa Press", "agency", (), ("europapress.es",)),
    ("Agência Brasil", "agency", ("Agencia Brasil",), ("agenciabrasil.ebc.com.br",)),
    ("Lusa", "agency", ("Agência Lusa",), ("lusa.pt",)),
    ("Sputnik", "agency", ("Sputnik News",), ("sputniknews.com",)),
    ("Belga", "agency", (), ("belga.be",)),
    ("APA", "agency", ("Austria Presse Agentur",), ("apa.at",)),
    ("Keystone-SDA", "agency", ("SDA",), ("keystone-sda.ch",)),
    ("PAP", "agency", ("Polish Press Agency",), ("pap.pl",)),
    ("Wafa", "agency", ("WAFA",), ("wafa.ps",)),
    ("Saudi Press Agency", "agency", ("SPA",), ("spa.gov.sa",)),
    ("Korean Central News Agency", "agency", ("KCNA",), ("kcna.kp",)),
    ("Bernama", "agency", (), ("bernama.com",)),
    ("Antara", "agency", (), ("antaranews.com",)),
    ("Canadian Press", "agency", ("The Canadian Press", "CP"), ("thecanadianpress.com",)),
    ("Australian Associated Press", "agency", ("AAP",), ("aap.com.au",)),
    # --- US newspapers and magazines
    (
        "The New York Times",
        "newspaper",
        ("New York Times", "NYT", "N.Y. Times", "NYTimes"),
        ("nytimes.com",),
    ),
    (
        "The Washington Post",
        "newspaper",
        ("Washington Post", "WaPo", "WashPost"),
        ("washingtonpost.com",),
    ),
    ("The Wall Street Journal", "newspaper", ("Wall Street Journal", "WSJ"), ("wsj.com",)),
    ("USA Today", "newspaper", ("USA TODAY",), ("usatoday.com",)),
    ("Los Angeles Times", "newspaper", ("LA Times", "L.A. Times"), ("latimes.com",)),
    ("Chicago Tribune", "newspaper", (), ("chicagotribune.com",)),
    ("The Boston Globe", "newspaper", ("Boston Globe",), ("bostonglobe.com",)),
    ("New York Post", "newspaper", ("NY Post", "N.Y. Post"), ("nypost.com",)),
    ("New York Daily News", "newspaper", ("Daily News",), ("nydailynews.com",)),
    ("Politico", "online", ("POLITICO", "Politico Europe"), ("politico.com", "politico.eu")),
    ("The Hill", "online", (), ("thehill.com",)),
    ("Axios", "online", (), ("axios.com",)),
    ("The Atlantic", "magazine", (), ("theatlantic.com",)),
    ("The New Yorker", "magazine", ("New Yorker",), ("newyorker.com",)),
    ("Time", "magazine", ("Time magazine", "TIME"), ("time.com",)),
    ("Newsweek", "magazine", (), ("newsweek.com",)),
    ("Mother Jones", "magazine", (), ("motherjones.com",)),
    ("Reason", "magazine", ("Reason magazine",), ("reason.com",)),
    ("Slate", "magazine", ("Slate magazine",), ("slate.com",)),
    ("Salon", "online", ("Salon.com",), ("salon.com",)),
    ("Rolling Stone", "magazine", (), ("rollingstone.com",)),
    ("Billboard", "magazine", ("Billboard magazine",), ("billboard.com",)),
    ("Variety", "magazine", ("Variety magazine",), ("variety.com",)),
    ("The Hollywood Reporter", "magazine", ("Hollywood Reporter",), ("hollywoodreporter.com",)),
    ("Deadline", "online", ("Deadline Hollywood",), ("deadline.com",)),
    ("Barron's", "magazine", ("Barron’s",), ("barrons.com",)),
    ("MarketWatch", "online", (), ("marketwatch.com",)),
    ("TechCrunch", "online", (), ("techcrunch.com",)),
    ("The Verge", "online", (), ("theverge.com",)),
    ("Wired", "magazine", ("Wired magazine", "WIRED"), ("wired.com",)),
    ("Ars Technica", "online", (), ("arstechnica.com",)),
    ("Engadget", "online", (), ("engadget.com",)),
    ("Gizmodo", "online", (), ("gizmodo.com",)),
    ("Live Science", "online", ("LiveScience",), ("livescience.com",)),
    ("Smithsonian", "magazine", ("Smithsonian magazine",), ("smithsonianmag.com",)),
    ("Foreign Policy", "magazine", (), ("foreignpolicy.com",)),
    ("Foreign Affairs", "magazine", (), ("foreignaffairs.com",)),
    ("National Review", "magazine", (), ("nationalreview.com",)),
    ("The Daily Beast", "online", ("Daily Beast",), ("thedailybeast.com",)),
    (
        "HuffPost",
        "online",
        ("Huffington Post", "The Huffington Post", "HuffPo"),
        ("huffpost.com", "huffingtonpost.com"),
    ),
    ("BuzzFeed News", "online", ("BuzzFeed",), ("buzzfeednews.com", "buzzfeed.com")),
    ("Vox", "online", (), ("vox.com",)),
    ("Breitbart News", "online", ("Breitbart",), ("breitbart.com",)),
    ("The Intercept", "online", (), ("theintercept.com",)),
    ("ProPublica", "online", (), ("propublica.org",)),
    ("Business Insider", "online", ("Insider",), ("businessinsider.com", "insider.com")),
    ("Forbes", "magazine", (), ("forbes.com",)),
    ("Fortune", "magazine", (), ("fortune.com",)),
    ("CNBC", "broadcaster", (), ("cnbc.com",)),
    ("The Washington Times", "newspaper", ("Washington Times",), ("washingtontimes.com",)),
    ("Washington Examiner", "newspaper", ("The Washington Examiner",), ("washingtonexaminer.com",)),
    ("The Daily Caller", "online", ("Daily Caller",), ("dailycaller.com",)),
    ("Des Moines Register", "newspaper", ("The Des Moines Register",), ("desmoinesregister.com",)),
    ("Miami Herald", "newspaper", ("The Miami Herald",), ("miamiherald.com",)),
    ("Houston Chronicle", "newspaper", (), ("houstonchronicle.com",)),
    ("San Francisco Chronicle", "newspaper", (), ("sfchronicle.com",)),
    ("The Philadelphia Inquirer", "newspaper", ("Philadelphia Inquirer",), ("inquirer.com",)),
    ("McClatchy", "newspaper", (), ("mcclatchydc.com",)),
    # --- US broadcasters
    ("CNN", "broadcaster", ("Cable News Network",), ("cnn.com",)),
    ("Fox News", "broadcaster", ("Fox News Channel", "FOX News"), ("foxnews.com",)),
    ("Fox Business", "broadcaster", ("Fox Business Network", "FBN"), ("foxbusiness.com",)),
    ("MSNBC", "broadcaster", (), ("msnbc.com",)),
    ("NBC News", "broadcaster", ("NBC",), ("nbcnews.com",)),
    ("CBS News", "broadcaster", ("CBS",), ("cbsnews.com",)),
    ("ABC News", "broadcaster", ("ABC",), ("abcnews.go.com",)),
    ("NPR", "broadcaster", ("National Public Radio",), ("npr.org",)),
    ("PBS", "broadcaster", ("PBS NewsHour",), ("pbs.org",)),
    ("Voice of America", "broadcaster", ("VOA",), ("voanews.com",)),
    (
        "Radio Free Europe/Radio Liberty",
        "broadcaster",
        ("RFE/RL", "Radio Free Europe", "Radio Liberty"),
        ("rferl.org",),
    ),
    # --- UK and Ireland
    (
        "BBC",
        "broadcaster",
        ("BBC News", "British Broadcasting Corporation"),
        ("bbc.com", "bbc.co.uk"),
    ),
    ("The Guardian", "newspaper", ("Guardian",), ("theguardian.com",)),
    (
        "The Times (London)",
        "newspaper",
        ("The Times of London", "Times of London"),
        ("thetimes.co.uk",),
    ),
    ("The Sunday Times", "newspaper", ("Sunday Times",), ()),
    (
        "The Telegraph",
        "newspaper",
        ("Daily Telegraph", "The Daily Telegraph", "Telegraph"),
        ("telegraph.co.uk",),
    ),
    ("Financial Times", "newspaper", ("FT", "The Financial Times"), ("ft.com",)),
    ("The Economist", "magazine", ("Economist",), ("economist.com",)),
    ("The Independent", "newspaper", ("Independent",), ("independent.co.uk",)),
    (
        "Daily Mail",
        "newspaper",
        ("The Daily Mail", "Mail Online", "MailOnline"),
        ("dailymail.co.uk",),
    ),
    ("The Sun", "newspaper", (), ("thesun.co.uk",)),
    ("The Mirror", "newspaper", ("Daily Mirror",), ("mirror.co.uk",)),
    ("Sky News", "broadcaster", (), ("news.sky.com", "sky.com")),
    ("ITV News", "broadcaster", ("ITV",), ("itv.com",)),
    ("Channel 4 News", "broadcaster", (), ("channel4.com",)),
    ("The Irish Times", "newspaper", ("Irish Times",), ("irishtimes.com",)),
    ("RTÉ", "broadcaster", ("RTE",), ("rte.ie",)),
    # --- Europe
    ("Le Monde", "newspaper", (), ("lemonde.fr",)),
    ("Le Figaro", "newspaper", (), ("lefigaro.fr",)),
    ("Libération", "newspaper", ("Liberation",), ("liberation.fr",)),
    ("Les Echos", "newspaper", (), ("lesechos.fr",)),
    ("Le Parisien", "newspaper", (), ("leparisien.fr",)),
    ("France 24", "broadcaster", (), ("france24.com",)),
    ("Radio France Internationale", "broadcaster", ("RFI",), ("rfi.fr",)),
    (
        "France Télévisions",
        "broadcaster",
        ("France 2", "France Info", "franceinfo"),
        ("francetvinfo.fr",),
    ),
    ("Der Spiegel", "magazine", ("Spiegel", "Spiegel Online"), ("spiegel.de",)),
    ("Die Zeit", "newspaper", ("Zeit Online",), ("zeit.de",)),
    (
        "Frankfurter Allgemeine Zeitung",
        "newspaper",
        ("FAZ", "Frankfurter Allgemeine"),
        ("faz.net",),
    ),
    ("Süddeutsche Zeitung", "newspaper", ("Sueddeutsche Zeitung", "SZ"), ("sueddeutsche.de",)),
    ("Die Welt", "newspaper", ("Welt",), ("welt.de",)),
    ("Bild", "newspaper", ("Bild-Zeitung", "BILD"), ("bild.de",)),
    ("Handelsblatt", "newspaper", (), ("handelsblatt.com",)),
    ("Deutsche Welle", "broadcaster", ("DW",), ("dw.com",)),
    ("ARD", "broadcaster", ("Tagesschau",), ("tagesschau.de", "ard.de")),
    ("ZDF", "broadcaster", (), ("zdf.de",)),
    ("El País", "newspaper", ("El Pais",), ("elpais.com",)),
    ("El Mundo", "newspaper", (), ("elmundo.es",)),
    ("ABC (Spain)", "newspaper", ("diario ABC",), ("abc.es",)),
    ("La Vanguardia", "newspaper", (), ("lavanguardia.com",)),
    ("RTVE", "broadcaster", (), ("rtve.es",)),
    ("Corriere della Sera", "newspaper", ("Corriere",), ("corriere.it",)),
    ("La Repubblica", "newspaper", ("Repubblica",), ("repubblica.it",)),
    ("La Stampa", "newspaper", (), ("lastampa.it",)),
    ("RAI", "broadcaster", (), ("rai.it",)),
    ("Público", "newspaper", ("Publico",), ("publico.pt",)),
    ("Expresso", "newspaper", (), ("expresso.pt",)),
    ("NOS", "broadcaster", (), ("nos.nl",)),
    ("De Telegraaf", "newspaper", (), ("telegraaf.nl",)),
    ("NRC", "newspaper", ("NRC Handelsblad",), ("nrc.nl",)),
    ("Neue Zürcher Zeitung", "newspaper", ("NZZ",), ("nzz.ch",)),
    ("Der Standard", "newspaper", (), ("derstandard.at",)),
    ("Politico Europe", "online", (), ()),
    ("Euronews", "broadcaster", (), ("euronews.com",)),
    ("Gazeta Wyborcza", "newspaper", (), ("wyborcza.pl",)),
    ("Kyiv Independent", "online", ("The Kyiv Independent",), ("kyivindependent.com",)),
    ("Kyiv Post", "newspaper", (), ("kyivpost.com",)),
    ("Ukrainska Pravda", "online", ("Ukrainian Pravda",), ("pravda.com.ua",)),
    # --- Russia
    ("RT", "broadcaster", ("Russia Today",), ("rt.com",)),
    ("Kommersant", "newspaper", ("Коммерсантъ", "Коммерсант"), ("kommersant.ru",)),
    ("Vedomosti", "newspaper", ("Ведомости",), ("vedomosti.ru",)),
    ("Izvestia", "newspaper", ("Известия",), ("iz.ru",)),
    ("RBC", "online", ("РБК",), ("rbc.ru",)),
    ("Meduza", "online", ("Медуза",), ("meduza.io",)),
    ("Novaya Gazeta", "newspaper", ("Новая газета",), ("novayagazeta.ru",)),
    ("Moscow Times", "online", ("The Moscow Times",), ("themoscowtimes.com",)),
    # --- Middle East, Asia, elsewhere
    ("Al Jazeera", "broadcaster", ("Al-Jazeera", "Aljazeera"), ("aljazeera.com", "aljazeera.net")),
    ("Al Arabiya", "broadcaster", ("Al-Arabiya",), ("alarabiya.net",)),
    ("Press TV", "broadcaster", ("PressTV",), ("presstv.ir",)),
    ("Tehran Times", "newspaper", (), ("tehrantimes.com",)),
    ("Haaretz", "newspaper", (), ("haaretz.com",)),
    ("The Times of Israel", "online", ("Times of Israel",), ("timesofisrael.com",)),
    ("The Jerusalem Post", "newspaper", ("Jerusalem Post",), ("jpost.com",)),
    ("Al-Monitor", "online", (), ("al-monitor.com",)),
    ("Daily Sabah", "newspaper", (), ("dailysabah.com",)),
    ("Hürriyet", "newspaper", ("Hurriyet",), ("hurriyet.com.tr",)),
    ("South China Morning Post", "newspaper", ("SCMP",), ("scmp.com",)),
    ("Global Times", "newspaper", (), ("globaltimes.cn",)),
    ("China Daily", "newspaper", (), ("chinadaily.com.cn",)),
    ("CGTN", "broadcaster", ("China Global Television Network", "CCTV"), ("cgtn.com", "cctv.com")),
    ("The Japan Times", "newspaper", ("Japan Times",), ("japantimes.co.jp",)),
    (
        "Nikkei",
        "newspaper",
        ("Nikkei Asia", "Nikkei Asian Review"),
        ("nikkei.com", "asia.nikkei.com"),
    ),
    ("NHK", "broadcaster", (), ("nhk.or.jp",)),
    ("Asahi Shimbun", "newspaper", ("The Asahi Shimbun", "Asahi"), ("asahi.com",)),
    ("The Hindu", "newspaper", (), ("thehindu.com",)),
    ("The Times of India", "newspaper", ("Times of India",), ("timesofindia.indiatimes.com",)),
    ("Hindustan Times", "newspaper", (), ("hindustantimes.com",)),
    ("NDTV", "broadcaster", (), ("ndtv.com",)),
    ("Dawn", "newspaper", (), ("dawn.com",)),
    ("Deccan Herald", "newspaper", (), ("deccanherald.com",)),
    (
        "People's Daily",
        "newspaper",
        ("People’s Daily", "Renmin Ribao"),
        ("people.com.cn", "peopledaily.com.cn"),
    ),
    ("Daily Express", "newspaper", ("Express.co.uk", "Sunday Express"), ("express.co.uk",)),
    ("The Straits Times", "newspaper", ("Straits Times",), ("straitstimes.com",)),
    ("ABC (Australia)", "broadcaster", ("Australian Broadcasting Corporation",), ("abc.net.au",)),
    ("The Sydney Morning Herald", "newspaper", ("Sydney Morning Herald",), ("smh.com.au",)),
    ("The Globe and Mail", "newspaper", ("Globe and Mail",), ("theglobeandmail.com",)),
    ("CBC News", "broadcaster", ("CBC",), ("cbc.ca",)),
    ("Toronto Star", "newspaper", (), ("thestar.com",)),
    ("Clarín", "newspaper", ("Clarin",), ("clarin.com",)),
    ("La Nación", "newspaper", ("La Nacion",), ("lanacion.com.ar",)),
    ("Folha de S.Paulo", "newspaper", ("Folha", "Folha de São Paulo"), ("folha.uol.com.br",)),
    ("O Globo", "newspaper", (), ("oglobo.globo.com",)),
    ("El Universal", "newspaper", (), ("eluniversal.com.mx",)),
    ("Mail & Guardian", "newspaper", (), ("mg.co.za",)),
    ("Daily Nation", "newspaper", (), ("nation.africa",)),
)

#: Names that are everyday words: found through their domains and longer aliases only.
_UNSAFE = frozenset(
    "Time TIME Independent Insider Welt Sun Dawn Mehr Fortune Guardian Telegraph Economist "
    "Corriere Repubblica Folha Asahi Publico Público Expresso Anadolu AA CP SZ SDA SPA NOS "
    "RIA Bild BILD Liberation Vox Lusa Belga Antara Kyodo Fars Reason Slate Salon Billboard "
    "Variety Deadline Wired Smithsonian".split()
)
#: Ambiguous short names: family word -> default outlet when no fuller name was seen.
_FAMILIES = {
    "times": "The New York Times",
    "post": "The Washington Post",
    "journal": "The Wall Street Journal",
    "globe": "The Boston Globe",
    "tribune": "Chicago Tribune",
    "guardian": "The Guardian",
    "telegraph": "The Telegraph",
}
#: Nouns that refer back to the outlet named last ("the newspaper said").
ANAPHORS = frozenset(
    "newspaper paper daily agency broadcaster network channel magazine outlet tabloid "
    "publication weekly website site station".split()
)
#: Words that extend an outlet name into one of its desks ("... International Group").
_DESK_WORDS = frozenset(
    "International Group Desk Service Bureau Department Office Division Unit Team Channel "
    "Radio Television TV Online Digital World Foreign News Politics Investigations".split()
)

#: Generic nouns that make an organisation name look like a news outlet.
OUTLET_HEADS = frozenset(
    "times post journal herald tribune gazette telegraph chronicle news press daily "
    "observer guardian independent express mail mirror star sun courier inquirer "
    "examiner register dispatch bulletin review magazine radio tv television network "
    "agency broadcasting channel wire ledger standard record sentinel monitor "
    "globe today weekly".split()
)


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    kind: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OutletMention:
    """An outlet named in a text: where, as what, and how sure we are."""

    outlet: str
    #: The outlet as written, extended to a desk when one is named ("... International Group").
    label: str
    start: int
    end: int
    confidence: float


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, Outlet], dict[str, str], re.Pattern[str]]:
    by_name: dict[str, Outlet] = {}
    alias_to: dict[str, str] = {}
    for name, kind, aliases, domains in _ENTRIES:
        by_name[name] = Outlet(name, kind, aliases, domains)
        for alias in (name, *aliases):
            if alias in _UNSAFE:
                continue
            alias_to.setdefault(alias, name)
            alias_to.setdefault(alias.lower(), name)
    # Case-sensitive (outlet names are capitalised in running text), but "the" may be lower.
    parts = []
    for alias in sorted(
        {a for a in alias_to if a[:1].isupper() or a[:1].isdigit()}, key=len, reverse=True
    ):
        if alias.startswith("The "):
            parts.append("[Tt]he " + re.escape(alias[4:]))
        else:
            parts.append(re.escape(alias))
    pattern = re.compile(r"(?<![\w.])(" + "|".join(parts) + r")(?!\w)")
    return by_name, alias_to, pattern


def outlet(name: str) -> Outlet | None:
    """The gazetteer entry of a canonical name."""
    return _index()[0].get(name)


def outlets() -> list[Outlet]:
    return list(_index()[0].values())


def canonical(name: str) -> str | None:
    """The canonical outlet of a name or alias ("NYT" -> "The New York Times"), else None."""
    name = " ".join(name.split()).strip(" .,;:")
    _, alias_to, _ = _index()
    if name in alias_to:
        return alias_to[name]
    low = name.lower()
    if low in alias_to:
        return alias_to[low]
    if low.startswith("the ") and low[4:] in alias_to:
        return alias_to[low[4:]]
    m = re.fullmatch(r"(?:the\s+)?(\w+)", low)
    if m and m.group(1) in _FAMILIES:
        return _FAMILIES[m.group(1)]
    # a site name written without spaces ("TheHill", "NBCNews"): only a whole-name match
    return _squashed().get(re.sub(r"[\s.\-]", "", low))


@lru_cache(maxsize=1)
def _squashed() -> dict[str, str]:
    """Aliases of 6+ letters with spaces, dots and hyphens taken out, when unambiguous."""
    seen: dict[str, set[str]] = {}
    for alias, name in _index()[1].items():
        key = re.sub(r"[\s.\-]", "", alias.lower())
        if len(key) >= 6:
            seen.setdefault(key, set()).add(name)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def by_domain(url_or_host: str) -> str | None:
    """The outlet a URL or host name belongs to (sub-domains included), else None."""
    host = url_or_host.lower()
    if "://" in host:
        host = host.split("://", 1)[1]
    host = host.split("/", 1)[0].split(":", 1)[0]
    if host.startswith("www."):
        host = host[4:]
    by_name = _index()[0]
    for name, entry in by_name.items():
        for d in entry.domains:
            if host == d or host.endswith("." + d):
                return name
    return None


def publisher(outlet: str | None, site: str | None) -> str | None:
    """The outlet an article is published by: the name the page gives itself, else its
    site; but where the gazetteer knows the site under a name that shares no word with the
    page's own, and the page's name is no outlet we know, the site's owner ("Hosted" on
    hosted.ap.org is the Associated Press; "Yahoo Sports" on a Yahoo site stays itself)."""
    owner = by_domain(site) if site else None
    if owner and outlet and canonical(outlet) is None:
        entry = _index()[0][owner]
        known = {
            w for n in (owner, *entry.aliases) for w in re.findall(r"\w+", n.lower()) if w != "the"
        }
        if not known & set(re.findall(r"\w+", outlet.lower())):
            return owner
    return outlet or site


def find_outlets(text: str, *, context: str | None = None) -> list[OutletMention]:
    """Outlets named in ``text``, non-overlapping, longest alias first.

    ``context`` (the whole article) decides ambiguous short names: "the Times" is the
    Los Angeles Times in an article that names it, else The New York Times.
    """
    _, alias_to, pattern = _index()
    found: list[OutletMention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    hits = [
        (m, alias_to.get(m.group(1)) or alias_to[m.group(1).lower()])
        for m in pattern.finditer(text)
    ]
    hits.sort(key=lambda h: (-(h[0].end() - h[0].start()), h[0].start()))
    for m, name in hits:
        s, e = m.start(1), m.end(1)
        if not free(s, e):
            continue
        if name in _PLACE_NAMES and text[s : s + 4] == "the " and not _MAGAZINE.match(text, e):
            continue  # "beyond the Atlantic", "on the Hill": the ocean, Congress
        if _COMPANY_NEXT.match(text, e):
            continue  # "RBC Capital Markets": a bank that shares the outlet's letters
        label_end = _extend_desk(text, e)
        label = text[s:label_end] if label_end > e else name
        if label_end > e:
            # Keep the outlet's canonical spelling for the part that matched.
            label = name + text[e:label_end] if text[s:e].lower() in name.lower() else label
        taken.append((s, label_end))
        conf = 0.95 if len(m.group(1)) > 4 else 0.8
        found.append(OutletMention(name, label, s, label_end, conf))
    # Ambiguous family names: "the Times", "the Post".
    for m in re.finditer(r"\b[Tt]he ([A-Z][a-z]+)\b", text):
        fam = m.group(1).lower()
        if fam not in _FAMILIES or not free(m.start(), m.end()):
            continue
        before = [
            o
            for o in found
            if o.end <= m.start() and o.outlet.lower().endswith(fam) and o.confidence > 0.6
        ]
        name = before[-1].outlet if before else _family_outlet(fam, context or text)
        taken.append((m.start(), m.end()))
        found.append(OutletMention(name, name, m.start(), m.end(), 0.6))
    found.sort(key=lambda o: o.start)
    return found


#: Outlets named after a place: with a lower-case "the" the place is meant ("across the
#: Atlantic", "on the Hill"), unless the word "magazine" or a possessive follows.
_PLACE_NAMES: Final = frozenset({"The Atlantic", "The Hill"})
_MAGAZINE = re.compile(r"['’]s\b|\s+(?:magazine|newspaper|website|reported|reports)\b")


#: A company word right after an outlet's name makes it another company's name.
_COMPANY_NEXT = re.compile(
    r"[ \t]+(?:Capital|Markets|Securities|Bank|Banking|Holdings|Financial|Investments?"
    r"|Asset|Assets|Wealth|Insurance|Economics|Partners|Corp|Corporation|Inc|Ltd|Plc|LLC"
    r"|Airlines|Motors|Pharmaceuticals|Energy)\b"
)


def _extend_desk(text: str, end: int) -> int:
    """Extend an outlet name over following desk words ("Agency International Group")."""
    pat = re.compile(r"[ \t]+([A-Z][a-zA-Z]+)")
    pos = end
    while True:
        m = pat.match(text, pos)
        if not m or m.group(1) not in _DESK_WORDS:
            return pos
        pos = m.end()


def _family_outlet(family: str, context: str) -> str:
    """The outlet "the <Family>" most likely names, given the article."""
    _, alias_to, pattern = _index()
    for m in pattern.finditer(context):
        alias = m.group(1)
        name = alias_to.get(alias) or alias_to.get(alias.lower())
        if name and alias.lower().endswith(family) and len(alias.split()) > 1:
            return name
    return _FAMILIES[family]


#: Heads that refer back to an outlet only after "news" or "wire" ("the news
#: organization", "the wire service"); alone they may be any body ("the organization").
_NEWS_HEADS = frozenset("organization organisation organizations service group company".split())


def outlet_anaphor(words: Sequence[str]) -> bool:
    """Whether lower-cased ``words`` (at most three) refer back to an outlet: "the
    newspaper", "the regional broadcaster", "the news organization"."""
    if not words or len(words) > 3:
        return False
    if words[-1] in ANAPHORS:
        return True
    return len(words) >= 2 and words[-2] in ("news", "wire") and words[-1] in _NEWS_HEADS


def resolve_anaphor(
    noun_phrase: str, before: int, mentions: list[OutletMention]
) -> OutletMention | None:
    """For "the newspaper" at ``before``, the outlet mentioned last before it."""
    words = noun_phrase.lower().split()
    if not outlet_anaphor(words):
        return None
    if words[0] not in ("the", "this", "that"):
        return None
    prior = [m for m in mentions if m.end <= before]
    return prior[-1] if prior else None
