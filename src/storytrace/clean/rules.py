"""Line rules: boilerplate that a single line gives away by itself.

Each rule names a reason (what the line is). Keywords are multilingual where that is
cheap (en/fr/de/es/ru/pt). Rules that look at a whole line are anchored so that a
sentence of an article that merely mentions "cookies" or "Facebook" is not dropped:
only lines that *are* a banner, a button or a list heading match.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Final

from ahocorasick_rs import AhoCorasick

# --- whole-line rules: the line is (almost) nothing but the marker ---------------------

_BUTTONS: Final = {
    "back to top": [
        r"back to top( button)?",
        r"(go )?to top",
        r"top of (the )?page",
        r"return to top",
        r"scroll to top",
        r"retour en haut( de (la )?page)?",
        r"haut de page",
        r"nach oben",
        r"zum seitenanfang",
        r"volver arriba",
        r"ir arriba",
        r"наверх",
        r"voltar ao topo",
        r"topo",
        r"\^ ?top",
    ],
    "advertisement": [
        r"advertisement",
        r"advertising",
        r"advertise( with us| here)?",
        r"sponsored( content| links?| by .{0,40})?",
        r"paid (content|post|partner content)",
        r"ads?( by google)?",
        r"anzeige",
        r"werbung",
        r"publicité",
        r"publicidad",
        r"publicidade",
        r"реклама",
        r"story continues below( advertisement)?",
        r"article continues (below|after advertisement)",
        r"continue reading (the main story )?below",
        r"skip (this )?ad(vertisement)?",
        r"promoted( stories| content)?",
        r"partner content",
    ],
    "share buttons": [
        r"share( this( article| story| page| post)?)?( on \w+)?:?",
        r"print( this( article| page| story)?)?",
        r"e-?mail( this( article| story| page)?)?",
        r"(e-?mail|send) (to )?a friend",
        r"tweet( this)?",
        r"pin it",
        r"blog this",
        r"save( article| story)?",
        r"bookmark( this)?",
        r"copy link",
        r"partager( sur \w+)?",
        r"imprimer",
        r"teilen",
        r"drucken",
        r"compartir",
        r"imprimir",
        r"поделиться",
        r"печать",
        r"compartilhar",
        r"(text|font) size:?( [a+\-]{1,3})*",
        r"smaller",
        r"larger",
        r"a ?a ?a",
        r"[a+\-]{1,3}( [a+\-]{1,3}){1,3}",
        r"reprints?",
        r"permalink",
        r"comments? \(\d+\)",
        r"\d+ comments?",
        r"no comments?( yet)?",
        r"(view|read|show|add|post) (all )?comments?( \(\d+\))?",
        r"recommend( this)?( don'?t recommend)?",
        r"listen( to this article)?",
        r"(gift|share) (this )?article",
        r"print(er)?[- ]?(friendly|version|format|page)( version| format| page)?",
        r"print (this )?(article|page|story): ?print",
        r"single[- ]page( view)?",
        r"(large|small|larger|smaller|bigger) (text|font)",
        r"(text|font) size:?( decrease| increase| reset| smaller| larger| bigger)*",
        r"\[ ?- ?\] ?text ?\[ ?\+ ?\]",
        r"\d-column format",
        r"(refer|send|e-?mail) (this )?(article |story |page )?to a (friend|colleague)",
        r"send this (article|story|page):?( print| e-?mail)*",
        r"rate this (article|story|post):?",
        r"(write|letters?) to (the )?editor",
        r"feedback( form)?",
        r"what are these\??",
        r"(create your own|subscribe to|get) .{0,40}(rss|feeds?)",
        r"»? ?links to this (article|post|story)",
        r"view (the )?(photo )?gallery",
        r"(news|sport|sports|more|related) (pictures|photos|videos)",
        r"click (the )?(photo|image|picture) to enlarge",
        r"view larger (image|photo|picture)",
    ],
    "navigation": [
        r"skip to (main )?(content|navigation|search|footer)",
        r"skip navigation",
        r"menu",
        r"main menu",
        r"navigation",
        r"search( for)?:?",
        r"go",
        r"submit",
        r"home( ?page)?",
        r"log ?in",
        r"log ?out",
        r"sign ?in",
        r"sign ?up",
        r"sign out",
        r"register",
        r"(new user|not a member|already (a member|registered)|(existing|returning) users?)\W*"
        r"(sign ?in|log ?in|register|sign ?up|join)( now| here)?",
        r"subscribe( now| today)?",
        r"contact( us)?",
        r"about( us)?",
        r"sitemap|site map",
        r"rss( feeds?)?",
        r"next( article| story| post| page)?( ?[»>›])?",
        r"([«<‹] ?)?prev(ious)?( article| story| post| page)?",
        r"more( news| stories| »)?",
        r"close",
        r"open",
        r"toggle navigation",
        r"accessibility( help| links)?",
        r"page \d+ of \d+",
        r"\d+ of \d+",
        r"accueil",
        r"rechercher",
        r"startseite",
        r"suche",
        r"inicio",
        r"buscar",
        r"главная",
        r"поиск",
        r"início",
        r"pesquisar",
        r"terms( of (use|service))?",
        r"faq",
        r"help",
        r"jobs",
        r"careers",
        r"archives?",
        r"weather",
        r"video",
        r"photos?",
        r"galleries",
        r"read more( »)?",
        r"continue reading( »)?",
        r"full story( »)?",
        r"lire la suite",
        r"weiterlesen",
        r"leer más",
        r"читать далее",
        r"leia mais",
        r"click here.{0,40}",
        r"view (all|more).{0,30}",
        r"see (all|more).{0,30}",
        r"load more",
        r"show more",
        r"edition:? .{0,20}",
        r"select (a )?language",
    ],
    "related links": [
        r"(see|read) also\b.{0,160}",
        r"(also read|read more|related( stor(y|ies)| articles?| links| news)?"
        r"|more on this( story)?)\s?: .{0,160}",
        r"(you|we think you) (may|might) (also )?(like|enjoy|be interested in).{0,30}",
        r"related( articles?| stories| posts?| news| content| links| coverage| topics| videos?)?:?",
        r"more (from|on|in|about) .{1,40}",
        r"recommended( for you| reading| stories)?:?",
        r"most (popular|read|viewed|shared|emailed|commented)( stories| articles)?:?( .{0,40})?",
        r"top (stories|news|headlines)( .{0,30})?",
        r"(other|latest|recent|more) (top )?(news|stories|headlines|articles|posts)( .{0,30})?",
        r"also in (the )?news",
        r"trending( now| stories)?:?",
        r"popular( now| stories| posts)?:?",
        r"in (other|this) (news|section)",
        r"what'?s (hot|new|popular)",
        r"editor'?s picks?",
        r"don'?t miss( this)?",
        r"elsewhere (on|in) .{1,30}",
        r"around the web",
        r"from (around )?the web",
        r"voir aussi",
        r"lire aussi",
        r"à lire aussi",
        r"sur le même sujet",
        r"articles? similaires",
        r"mehr zum thema",
        r"auch interessant",
        r"das könnte sie auch interessieren",
        r"weitere artikel",
        r"ver también",
        r"lea también",
        r"te puede interesar",
        r"noticias relacionadas",
        r"читайте также",
        r"смотрите также",
        r"похожие (новости|статьи)",
        r"по теме",
        r"leia também",
        r"veja também",
        r"notícias relacionadas",
        r"mais lidas",
        r"(previous|next) (post|article|story):? .{0,120}",
        r"top \d+ .{0,30}(stories|articles|news|videos)",
        r"read more about .{0,60}",
        r"click (here )?(for|to see|to view) .{0,60}",
        r"(previous|next) (post|article|story)",
    ],
    "comment form": [
        r"leave a (comment|reply)( cancel reply)?",
        r"post a comment",
        r"add (a |your )?comment",
        r"write a comment",
        r"(\d+ )?comments?:?",
        r"\d+ responses?( to .{0,120})?",
        r"responses?",
        r"reply",
        r"cancel reply",
        r"post comment",
        r"submit comment(: ?submit comment)?",
        r"name ?\*?:?",
        r"e-?mail ?(address)? ?\*?:?",
        r"website:?",
        r"comment ?\*?:?",
        r"your (name|comment|email)( address)?:?",
        r"(join|start) the (discussion|conversation)",
        r"comments are closed\.?",
        r"you must be logged in to post a comment\.?",
        r"laisser un commentaire",
        r"répondre",
        r"commentaires?",
        r"kommentar (schreiben|abgeben|hinterlassen)",
        r"kommentare?",
        r"antworten",
        r"deja (un|una) (comentario|respuesta)",
        r"comentarios?",
        r"responder",
        r"добавить комментарий",
        r"комментарии",
        r"ответить",
        r"deixe (um|uma) (comentário|resposta)",
        r"comentários?",
        r"discuss this( article| story)?( .{0,80})?",
        r"what do you think\??( .{0,60})?",
        r"commenting is (now )?(turned off|closed|disabled).{0,80}",
        r"have your say",
    ],
    "newsletter": [
        r"(sign up|subscribe)( now)?( to| for)( our| the)? .{0,40}newsletters?.{0,40}",
        r"newsletters?( sign ?up)?",
        r"get (the|our) (daily |weekly )?newsletter",
        r"enter your e-?mail( address)?",
        r"get news fast",
        r"get (the )?(latest )?(news|updates|headlines) .{0,30}(inbox|email|fast)",
        r"abonnez-vous.{0,40}",
        r"inscrivez-vous.{0,40}",
        r"newsletter abonnieren",
        r"suscríbete.{0,40}",
        r"подписаться.{0,40}",
        r"подпишитесь.{0,40}",
        r"assine.{0,40}",
        r"inscreva-se.{0,40}",
    ],
    "social": [
        r"follow us( on .{0,40})?:?",
        r"(like|find|join) us on .{0,30}",
        r"connect with us",
        r"share on (facebook|twitter|linkedin|whatsapp|x|reddit|pinterest|telegram)",
        r"suivez-nous.{0,40}",
        r"folgen sie uns.{0,40}",
        r"síguenos.{0,40}",
        r"мы в соцсетях",
        r"siga-nos.{0,40}",
    ],
    "captcha": [
        r"\d{1,3} ?[+\-−×x*] ?\d{1,3} ?= ?\??",
        r"\w{1,10} [+\-−×x*] \w{1,10} = ?\??",
        r"(please )?(enter|type) the (characters|code|text|word)s?.{0,40}",
        r"(re)?captcha.{0,40}",
        r"i'?m not a robot",
        r"security (code|question):?",
    ],
    "cookie banner": [
        r"(privacy|cookies?)( (&|and) (cookies?|privacy))?"
        r"( policy| settings| notice| preferences)?",
        r"accept( all)?( cookies)?",
        r"(reject|decline|refuse)( all)?( cookies)?",
        r"manage (cookies|preferences|consent)",
        r"got it!?",
        r"i agree",
        r"ok(ay)?, ?i agree",
        r"privacy overview",
        r"politique de confidentialité",
        r"datenschutz(erklärung)?",
        r"política de privacidad",
        r"политика конфиденциальности",
        r"política de privacidade",
    ],
    "copyright": [
        r"(©|\(c\)|copyright|\u00a9).{0,160}",
        r"all rights reserved\.?.{0,80}",
        r"tous droits réservés.{0,60}",
        r"alle rechte vorbehalten.{0,60}",
        r"todos los derechos reservados.{0,60}",
        r"все права защищены.{0,60}",
        r"todos os direitos reservados.{0,60}",
        r"powered by .{1,40}",
        r"designed by .{1,40}",
        r"theme by .{1,40}",
        r"proudly powered by .{1,40}",
    ],
    "tags": [
        r"(tags?|tagged( with)?|topics?|keywords?|filed under|categor(y|ies)|posted in|hot tags)"
        r"\s*:.{0,300}",
        r"(filed under|posted in)\s.{0,80}",
        r"mots-clés\s*:.{0,200}",
        r"schlagwörter\s*:.{0,200}",
        r"etiquetas\s*:.{0,200}",
        r"теги\s*:.{0,200}",
    ],
}

# --- rules that may match anywhere in a longer line ---------------------------------------

_PHRASES: Final = {
    "cookie banner": [
        r"(this|our) (web)?site uses cookies",
        r"we use cookies",
        r"uses? cookies to",
        r"by (continuing|using) (to (use|browse) )?(this|our) (web)?site,? "
        r"you (agree|consent|accept)",
        r"(accept|agree to) (the |our )?use of cookies",
        r"cookie (policy|settings|preferences)",
        r"you can opt-out if you wish",
        r"we'?ll assume you'?re ok with this",
        r"ce site utilise des cookies",
        r"utilise des cookies",
        r"diese (web)?seite verwendet cookies",
        r"verwendet cookies",
        r"(este sitio|esta web) (web )?utiliza cookies",
        r"utiliza(mos)? cookies",
        r"использует (файлы )?cookie",
        r"используем (файлы )?cookie",
        r"este site (usa|utiliza) cookies",
    ],
    "comment form": [
        r"your email address will not be published",
        r"required fields are marked",
        r"save my name,? email,? and website",
        r"notify me of (follow-up comments|new posts)",
        r"this site uses akismet",
        r"learn how your comment data is processed",
        r"you must be (logged|signed) in to (post|leave) a comment",
        r"comments are moderated",
        r"votre adresse (e-mail|de messagerie) ne sera pas publiée",
        r"les champs obligatoires",
        r"ihre e-mail-adresse wird nicht veröffentlicht",
        r"erforderliche felder sind",
        r"tu (dirección de )?correo electrónico no será publicad",
        r"los campos obligatorios",
        r"ваш адрес (email|e-mail|электронной почты) не будет опубликован",
        r"обязательные поля",
        r"o seu endereço de (e-mail|email) não será publicado",
        r"campos obrigatórios",
        r"comments (are|will be) (reviewed|moderated)",
        r"comment posters are responsible",
        r"post a comment",
    ],
    "social": [
        r"by joining the following social networks",
        r"follow us on (facebook|twitter|instagram|x\b)",
        r"(like|join) us on facebook",
        r"social networks?,? (bale|telegram|instagram|facebook)",
        r"(facebook|twitter|instagram|telegram) ?[–\-|/] ?"
        r"(facebook|twitter|instagram|telegram|x)\b.*"
        r"(facebook|twitter|instagram|telegram|x)\b",
        r"receive the robot",
        r"share (this|the) (article|story|post) on",
    ],
    "newsletter": [
        r"sign up for (our|the) .{0,30}newsletter",
        r"subscribe to (our|the) .{0,30}newsletter",
        r"get (our|the) .{0,30}newsletter",
        r"delivered (straight )?to your inbox",
    ],
    "copyright": [
        r"all rights reserved",
        r"may not be (re)?published,? broadcast,? rewritten",
        r"this material may not be published",
        r"\b(is|are) copyright(ed)?\b",
        r"(copying|republication|redistribution)\b.{0,120}"
        r"\b(is )?(expressly |strictly )?prohibited",
        r"(cannot|can ?not|may not|must not) be (reproduced|republished|copied|redistributed)",
        r"without (the )?(prior |express )?(written )?permission (of|from)",
        r"tous droits réservés",
        r"alle rechte vorbehalten",
        r"todos los derechos reservados",
        r"все права защищены",
        r"todos os direitos reservados",
    ],
    "feed footer": [  # what blog software appends to every post in its feed
        r"^the post .{1,250} appeared first on .{1,100}$",
        r"^l'article .{1,250} est apparu en premier sur .{1,100}$",
        r"^der beitrag .{1,250} erschien zuerst auf .{1,100}$",
        r"^la entrada .{1,250} se publicó primero en .{1,100}$",
        r"^o post .{1,250} apareceu primeiro em .{1,100}$",
    ],
    "advertisement": [
        r"^advertisement\b",
        r"\badvertisement$",
    ],
}

#: Words of sharing/social widgets: a short line made only of them is a widget.
_WIDGET_WORDS: Final = frozenset(
    """facebook twitter x linkedin linked in whatsapp telegram instagram pinterest reddit tumblr
    digg delicious stumbleupon google plus google+ g+ youtube email e-mail mail print share
    tweet like comment comments save rss feed feeds mixx myspace yahoo buzz fark newsvine
    vk ok viber bale flipboard threads bluesky mastodon sms copy link url pocket more
    smaller larger text size font a a+ a- & and | / · • - – — : , printer friendly
    printable version format single page view to friend colleague send this article story
    decrease increase rate gallery enlarge click photo image refer submit [ ] + -""".split()
)

_BULLET_CHARS: Final = " •·▪►▸»>-–—*|"
_WORD: Final = re.compile(r"\w+", re.UNICODE)


# --- compiling the rules for speed ---------------------------------------------------------
# One big alternation is slow in Python's re (every branch is tried in turn), and the
# cleaner runs on millions of lines. So: whole-line rules whose language is finite
# ("back to top( button)?") become a set of literal lines, looked up in O(1); the other
# whole-line rules are grouped by the characters they can start with; phrase rules are
# grouped by a trigger word they contain, and searched only when the line has it.

_TRAIL: Final = "\\s.!:»›>|"  # what may follow a whole-line marker: "Advertisement:", "Next »"
_MAX_EXPANSION: Final = 4000


def _expand(nodes: Any) -> set[str] | None:
    """Every string a regex (sre parse tree) matches, or None when infinite/too many."""
    out = {""}
    for op, av in nodes:
        name = str(op)
        if name == "LITERAL":
            alts = {chr(av)}
        elif name == "SUBPATTERN":
            got = _expand(av[-1])
            if got is None:
                return None
            alts = got
        elif name == "BRANCH":
            alts = set()
            for branch in av[1]:
                got = _expand(branch)
                if got is None:
                    return None
                alts |= got
        elif name == "IN":
            alts = set()
            for kind, val in av:
                if str(kind) != "LITERAL":
                    return None
                alts.add(chr(val))
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            lo, hi, sub = av
            if hi > 3:
                return None
            got = _expand(sub)
            if got is None:
                return None
            if len(got) ** hi > _MAX_EXPANSION:
                return None
            alts = set()
            for n in range(lo, hi + 1):
                combos = {""}
                for _ in range(n):
                    combos = {a + b for a in combos for b in got}
                alts |= combos
        else:
            return None
        if len(out) * len(alts) > _MAX_EXPANSION:
            return None
        out = {a + b for a in out for b in alts}
    return out


def _first_chars(nodes: Any) -> set[str] | None:
    """The characters a match can start with (lower-cased), or None when any may."""
    acc: set[str] = set()
    for op, av in nodes:
        name = str(op)
        optional = False
        if name == "LITERAL":
            got: set[str] | None = {chr(av).casefold()}
        elif name == "SUBPATTERN":
            got = _first_chars(av[-1])
        elif name == "BRANCH":
            got = set()
            for branch in av[1]:
                one = _first_chars(branch)
                if one is None:
                    return None
                got |= one
        elif name == "IN":
            got = set()
            for kind, val in av:
                if str(kind) == "LITERAL":
                    got.add(chr(val).casefold())
                elif str(kind) == "CATEGORY" and str(val) == "CATEGORY_DIGIT":
                    got |= set("0123456789")
                else:
                    return None
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            got = _first_chars(av[2])
            optional = av[0] == 0
        else:
            return None  # a wildcard or a class: anything may come first
        if got is None:
            return None
        acc |= got
        if not optional:
            return acc
    return None  # everything optional: the empty match may start anywhere


def _literal_key(line: str) -> str:
    """A line as the literal rules see it: lower-cased, trailing marks stripped."""
    return line.casefold().rstrip(_LITERAL_TRAIL)


#: (the lookups below inline :func:`_literal_key`: they run for every line)
_LITERAL_TRAIL: Final = " .!:»›>|"


_LITERALS: Final[dict[str, str]] = {}
_BY_FIRST: Final[dict[str, list[tuple[str, str]]]] = {}
_ANY_FIRST: Final[list[tuple[str, str]]] = []
for _reason, _pats in _BUTTONS.items():
    for _pat in _pats:
        _tree = re._parser.parse(_pat.lower(), 0)  # type: ignore[attr-defined]
        _lits = _expand(_tree)
        if _lits is not None:
            for _lit in _lits:
                _LITERALS.setdefault(_literal_key(_lit), _reason)
            continue
        _firsts = _first_chars(_tree)
        if _firsts is None:
            _ANY_FIRST.append((_reason, _pat))
        else:
            for _ch in _firsts:
                _BY_FIRST.setdefault(_ch, []).append((_reason, _pat))


_LITERAL_MAX: Final = max(map(len, _LITERALS))


def _group(rules: list[tuple[str, str]], *, whole: bool) -> tuple[re.Pattern[str], list[str]]:
    reasons = [r for r, _ in rules]
    body = "|".join(f"(?P<g{n}>{p})" for n, p in enumerate(p for _, p in rules))
    pattern = rf"^(?:{body})[{_TRAIL}]*$" if whole else body
    return re.compile(pattern, re.IGNORECASE), reasons


_WHOLE_BY_FIRST: Final = {
    ch: _group(pats + _ANY_FIRST, whole=True) for ch, pats in _BY_FIRST.items()
}
_WHOLE_ANY: tuple[re.Pattern[str], list[str]] | None = (  # (not Final: mypyc mistypes it)
    _group(_ANY_FIRST, whole=True) if _ANY_FIRST else None
)


def _widest(rules: list[tuple[str, str]]) -> int:
    """The most characters any of the rules matches (huge when one is unbounded)."""
    tree = re._parser.parse("|".join(f"(?:{p})" for _, p in rules), re.IGNORECASE)  # type: ignore[attr-defined]
    return int(tree.getwidth()[1])


#: A whole-line rule matches the line less its trailing marks, so a line longer than the
#: widest rule of its group cannot match: most lines of text are, and skip the regex.
_WHOLE_WIDEST: Final = {ch: _widest(pats + _ANY_FIRST) for ch, pats in _BY_FIRST.items()}
_WHOLE_ANY_WIDEST: Final = _widest(_ANY_FIRST) if _ANY_FIRST else 0
#: Lines longer than this (less their trailing marks) can only be matched by the few rules
#: that reach that far ("Tags: ...", "12 comments", "© ..."): each group has a second,
#: small pattern of just those, in the same order, so the same rule wins.
WHOLE_LONG: Final = 40


def _long_group(rules: list[tuple[str, str]]) -> tuple[re.Pattern[str], list[str]] | None:
    long = [rule for rule in rules if _widest([rule]) > WHOLE_LONG]
    return _group(long, whole=True) if long else None


_WHOLE_LONG_BY_FIRST: Final = {ch: _long_group(pats + _ANY_FIRST) for ch, pats in _BY_FIRST.items()}
_WHOLE_LONG_ANY: Final = _long_group(_ANY_FIRST)

_HEAD: Final = 2
_DIGITS: Final = frozenset("0123456789")


def _heads(nodes: Any) -> set[str] | None:
    """The first ``_HEAD`` characters of every string the (sre-parsed) pattern matches,
    lower-cased; shorter strings for matches that end sooner. None when unknown (a
    wildcard, a class, a look-around): then any line may match."""
    acc = {""}
    for op, av in nodes:
        if all(len(p) >= _HEAD for p in acc):
            break
        node = _node_heads(str(op), av)
        if node is None:
            return None
        acc = {p if len(p) >= _HEAD else (p + h)[:_HEAD] for p in acc for h in node}
    return acc


def _node_heads(name: str, av: Any) -> set[str] | None:
    if name == "LITERAL":
        return {chr(av).lower()}
    if name == "AT":
        return {""}  # ^, $, \b: no character
    if name == "SUBPATTERN":
        return _heads(av[-1])
    if name == "BRANCH":
        out: set[str] = set()
        for branch in av[1]:
            got = _heads(branch)
            if got is None:
                return None
            out |= got
        return out
    if name == "IN":
        chars: set[str] = set()
        for kind, val in av:
            if str(kind) == "LITERAL":
                chars.add(chr(val).lower())
            elif str(kind) == "CATEGORY" and str(val) == "CATEGORY_DIGIT":
                chars |= _DIGITS
            else:
                return None
        return chars
    if name == "CATEGORY" and str(av) == "CATEGORY_DIGIT":
        return set(_DIGITS)
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        lo, hi, sub = av
        once = _heads(sub)
        if once is None:
            return None
        out, cur = set(), {""}
        for count in range(min(hi, lo + _HEAD) + 1):
            out |= {p for p in cur if count >= lo or len(p) >= _HEAD}
            cur = {p if len(p) >= _HEAD else (p + h)[:_HEAD] for p in cur for h in once}
        return out | {p for p in cur if len(p) >= _HEAD}
    return None


#: Characters that match an ASCII letter under re.IGNORECASE without being one.
_ODD_FOLDS: Final = ("\u017f", "\u212a", "\u0130", "\u0131")


def _head_filter(rules: list[tuple[str, str]] | None) -> tuple[frozenset[str], bool] | None:
    """(every two-character head of the rules, whether a head is shorter), or None when
    some rule may start anyhow. A line whose lower-cased ASCII start is no head meets no
    rule, and skips the regex."""
    if not rules:
        return None
    heads: set[str] = set()
    for _, pattern in rules:
        if any(c in pattern for c in _ODD_FOLDS):
            return None
        got = _heads(re._parser.parse(pattern, re.IGNORECASE))  # type: ignore[attr-defined]
        if got is None:
            return None
        heads |= got
    return frozenset(heads), any(len(h) < _HEAD for h in heads)


#: (the rules of each first character without those for any: a line that starts as none
#: of the former can only meet the latter, which come last in each group's pattern)
_WHOLE_HEADS: Final = {ch: _head_filter(pats) for ch, pats in _BY_FIRST.items()}
#: Exactly the characters of ``[{_TRAIL}]``: the marks and every ``\s`` (``str.isspace``).
_TRAIL_STRIP: Final = ".!:»›>|" + "".join(c for c in map(chr, range(0x3001)) if c.isspace())

#: Every phrase rule contains one of these words, and so does every line it matches: a
#: line with none of them is not searched (a substring test is cheap; a search is not).
PHRASE_TRIGGERS: Final = (
    "cookie", "opt-out", "assume", "agree", "consent", "accept", "publi", "опубликован",
    "veröffentlicht", "required", "obligato", "felder", "obrigatór", "обязательные",
    "akismet", "notify", "save my", "comment", "logged", "signed", "social", "facebook",
    "twitter", "instagram", "telegram", "robot", "share", "newsletter", "inbox", "rights",
    "broadcast", "copyright", "copied", "appeared first", "apparu en premier", "erschien zuerst",
    "primero en", "apareceu primeiro", "reproduc", "redistribut", "permission",
    "droits", "rechte", "derechos", "права", "direitos", "advertisement", "follow",
)  # fmt: skip

# a rule is filed under every trigger it contains: whichever branch of it matches a line,
# the line then holds one of them
_by_trigger: Final[dict[str, list[tuple[str, str]]]] = {}
for _reason, _pats in _PHRASES.items():
    for _pat in _pats:
        _found = [t for t in PHRASE_TRIGGERS if t in _pat.lower()]
        if not _found:
            raise ValueError(f"phrase rule {_pat!r} contains no trigger word")
        for _t in _found:
            _by_trigger.setdefault(_t, []).append((_reason, _pat))


def _needed_literals(pattern: str) -> tuple[str, ...]:
    """ASCII runs of plain characters that every match of the pattern contains (lower-cased):
    on an ASCII line, a rule whose run is absent cannot match, and is not searched."""
    runs: list[str] = []
    run: list[str] = []
    for op, av in [*re._parser.parse(pattern, re.IGNORECASE), (None, None)]:  # type: ignore[attr-defined]
        if str(op) == "LITERAL" and chr(av).isascii():
            run.append(chr(av).lower())
            continue
        if len(run) >= 3:
            runs.append("".join(run))
        run = []
    return tuple(runs)


#: Each trigger's rules, each compiled alone: a search for one rule finds its plain prefix
#: faster than one search of all of them, and is skipped when the line lacks its literals.
_PHRASE_RULES: Final = {
    t: [(reason, re.compile(pat, re.IGNORECASE), _needed_literals(pat)) for reason, pat in r]
    for t, r in _by_trigger.items()
}
_PHRASE_BY_TRIGGER: Final = {t: _group(r, whole=False) for t, r in _by_trigger.items()}
_USED_TRIGGERS: Final = tuple(t for t in PHRASE_TRIGGERS if t in _PHRASE_BY_TRIGGER)
#: Every trigger found in one pass over the line (Aho-Corasick, in Rust): a substring test
#: per trigger cost ~5 us on a line of prose, this ~0.8 us.
_TRIGGER_SEARCH: Final = AhoCorasick(list(_USED_TRIGGERS))


def _matched(compiled: tuple[re.Pattern[str], list[str]], line: str, *, whole: bool) -> str | None:
    pattern, reasons = compiled
    m = pattern.match(line) if whole else pattern.search(line)
    if m is None or m.lastgroup is None:
        return None
    return reasons[int(m.lastgroup[1:])]


def literal_reason(line: str) -> str | None:
    """The reason of a line that is one of the literal markers ("Back to top"); a cheap
    first look that needs no regex."""
    return _LITERALS.get(line.lstrip(_BULLET_CHARS).casefold().rstrip(_LITERAL_TRAIL))


def whole_line_reason(core: str) -> str | None:
    """The reason of a line that is nothing but a marker ("Share this", "Advertisement")."""
    if len(core) <= _LITERAL_MAX or len(core.rstrip(_LITERAL_TRAIL)) <= _LITERAL_MAX:
        # (casefold never shortens a string: a longer line is no literal marker)
        found = _LITERALS.get(core.casefold().rstrip(_LITERAL_TRAIL))
        if found is not None:
            return found
    first = core[:1].casefold()
    compiled = _WHOLE_BY_FIRST.get(first, _WHOLE_ANY)
    if compiled is None:
        return None
    heads = _WHOLE_HEADS.get(first)
    if (
        heads is not None
        and not heads[1]
        and core[:_HEAD].isascii()
        and core[:_HEAD].lower() not in heads[0]
    ):
        if _WHOLE_ANY is None or len(core.rstrip(_TRAIL_STRIP)) > _WHOLE_ANY_WIDEST:
            return None
        return _matched(_WHOLE_ANY, core, whole=True)
    widest = _WHOLE_WIDEST.get(first, _WHOLE_ANY_WIDEST)
    if len(core) > WHOLE_LONG:
        bare = len(core.rstrip(_TRAIL_STRIP))
        if bare > widest:
            return None
        if bare > WHOLE_LONG:
            long = _WHOLE_LONG_BY_FIRST.get(first, _WHOLE_LONG_ANY)
            return None if long is None else _matched(long, core, whole=True)
    return _matched(compiled, core, whole=True)


def phrase_reason(core: str) -> str | None:
    """The reason of a line that contains a give-away phrase ("we use cookies")."""
    low = core.casefold()
    hits = _TRIGGER_SEARCH.find_matches_as_indexes(low, overlapping=True)
    if not hits:
        return None
    ascii_only = low.isascii()
    # (triggers in their listed order, as a test of each in turn would meet them)
    for trigger in [_USED_TRIGGERS[i] for i in sorted({hit[0] for hit in hits})]:
        # the leftmost match of any rule, the first rule among those starting there:
        # what one search of the rules joined by "|" finds
        found, first = None, len(core) + 1
        for reason, pattern, needs in _PHRASE_RULES[trigger]:
            if ascii_only and not all(map(low.__contains__, needs)):
                continue
            m = pattern.search(core)
            if m is not None and m.start() < first:
                found, first = reason, m.start()
        if found is not None:
            return found
    return None


#: Phrase rules look for sentences of banners and forms; shorter lines are not searched.
PHRASE_MIN_CHARS: Final = 20
#: Lines longer than this are not judged by whole-line rules (they hold real text).
WHOLE_LINE_MAX: Final = 200


def normalize_line(line: str) -> str:
    """Collapse whitespace (including no-break spaces) and strip."""
    return " ".join(line.split())


#: What a bullet is made of: its marks and every whitespace character (``str.isspace``,
#: the test regex ``\s`` uses; none lies above U+3000). ``str.lstrip`` needs no regex.
_BULLET_STRIP: Final = "•·▪►▸»>-–—*|" + "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def strip_bullet(line: str) -> str:
    return line.lstrip(_BULLET_STRIP).strip()


def _line_reason(line: str) -> str | None:
    """:func:`line_reason` without its cache, for callers that cache their own result
    (one cache entry per line instead of two)."""
    core = strip_bullet(line)
    if not core:
        return "empty"
    if len(core) <= WHOLE_LINE_MAX:
        found = whole_line_reason(core)
        if found is not None:
            return found
        if _is_widget(core):
            return "social"
    # (a row written "| a | b |" is a table's, as the HTML path writes tables)
    if not (line.startswith("|") and line.endswith("|")) and _is_link_list(core):
        return "navigation"
    # a line shorter than this that is boilerplate is a whole-line marker, found above
    return phrase_reason(core) if len(core) >= PHRASE_MIN_CHARS else None


@lru_cache(maxsize=65536)
def line_reason(line: str) -> str | None:
    """The boilerplate reason of one (normalised) line, or None when the line may be text.

    Cached: menus and footers repeat across the pages of a batch.
    """
    return _line_reason(line)


_LIST_SEP: Final = re.compile(r"\s[|•·]\s|\s;\s")


def _is_link_list(core: str) -> bool:
    """A row of short items between separators ("News | Sport | Weather | Travel"): a
    menu or a list of links, however long the row."""
    seps = core.count("|") + core.count(" ; ")
    if not core.isascii():
        seps += core.count("•") + core.count("·")
    if seps < 3:
        return False
    items = [x for x in _LIST_SEP.split(core) if x.strip()]
    if len(items) < 4 or sum(len(x.split()) for x in items) > 4 * len(items):
        return False
    # figures in the cells: a row of data (scores, prices), not of links
    return sum(1 for x in items if any(c.isdigit() for c in x)) * 3 < len(items)


def _is_widget(core: str) -> bool:
    """A short line made only of sharing/social words ("Facebook Twitter Email Print")."""
    if len(core) > 120:
        return False
    # the first word decides most lines: look at it alone before splitting the whole line
    head = core.split(None, 1)
    if not head or head[0].casefold().replace("|", " | ").split()[0] not in _WIDGET_WORDS:
        return False
    tokens = core.casefold().replace("|", " | ").split()
    named = [t for t in tokens if t not in _WIDGET_WORDS]
    # allow a count ("Share 12") but nothing else
    return all(t.strip("()").isdigit() for t in named) and len(named) < len(tokens)


#: (substring tests: cheaper than a search for the class, and most lines have none)
_CRUMB_ARROWS: Final = ("»", "›", "→")
_CRUMB_SEP: Final = re.compile(r"\s+(?:»|›|>|→|/|\\|::|\|)\s+|\s*[»›→]\s*")
_HOME: Final = re.compile(
    r"^(you are here:?\s*)?(home|homepage|start|accueil|startseite|inicio|portada|главная|início|"
    r"página inicial)\b",
    re.IGNORECASE,
)


def breadcrumb_parts(line: str) -> list[str] | None:
    """The crumbs of a breadcrumb line ("Home » World » Title"), else None."""
    core = line
    if len(core) > 300:
        return None
    plain = "/" not in core and "|" not in core and ">" not in core and "::" not in core
    if plain and (core.isascii() or not any(map(core.__contains__, _CRUMB_ARROWS))):
        return None
    youarehere = core.casefold().startswith(("you are here", "vous êtes ici", "sie sind hier"))
    if youarehere:
        core = core.split(":", 1)[-1].strip() if ":" in core else core
    parts = [p.strip() for p in _CRUMB_SEP.split(core) if p and p.strip()]
    if len(parts) < 2:
        return None
    hard = sum(core.count(s) for s in ("»", "›", "→"))
    if _HOME.match(core) or youarehere:
        return parts
    # without a "Home" root, demand the typical arrows and short crumbs before the last
    if hard >= 2 and all(len(p.split()) <= 5 for p in parts[:-1]):
        return parts
    return None


# --- the start of a comment section ------------------------------------------------------

_COMMENT_MARK: Final = re.compile(
    r"^(?:"
    r"(?:\d+\s+)?(?:reader'?s?'?\s+|user\s+|your\s+|latest\s+|recent\s+|all\s+)?comments?"
    r"(?:\s*\(\d+\))?(?:\s+(?:on|to|for)\s+(?:this|the)\s+(?:story|article|post|entry|page))?\s*:?"
    r"|\d+\s+(?:comments?|responses?|replies|reactions?|trackbacks?)\s+(?:on|to|for)\s+.{0,120}"
    r"|(?:\d+\s+)?(?:responses?|replies|reactions?|trackbacks?)\s*:?"
    r"|comments?\s+(?:are|have)\s+(?:now\s+)?(?:been\s+)?closed.{0,80}"
    r"|(?:leave|post|add|write|submit|make)\s+(?:a\s+|your\s+|new\s+)?(?:comment|reply|response).{0,40}"
    r"|(?:join|start)\s+the\s+(?:discussion|conversation|debate).{0,40}|discussion|have your say"
    r"|(?:click here to\s+)?(?:read|view|show|see)\s+(?:all\s+)?(?:\d+\s+)?comments?.{0,40}"
    r"|comment\s+(?:no\.?|#|number)\s*\d+.{0,40}|posted\s+by\s*:.{0,120}"
    r"|.{0,40}report\s+(?:this\s+comment|abuse|offensive\s+comments?).{0,60}"
    r"|please\s+(?:e-?mail\s+us\s+to\s+)?report\s+offensive\s+comments.{0,40}"
    r"|(?:\d+\s+)?(?:commentaires?|kommentare?|comentarios?|комментари[ийя]|comentários?)"
    r"(?:\s*\(\d+\))?\s*:?"
    r")[\s.!»›>)\]]*$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1 << 16)
def comment_marker(line: str) -> bool:
    """Whether the line opens (or belongs to the frame of) a section of reader comments."""
    if len(line) > 200:
        return False
    if not _COMMENT_WORD_SEARCH.find_matches_as_indexes(line.casefold()):
        return False
    core = strip_bullet(line).strip("[] ")
    return _COMMENT_MARK.match(core) is not None


#: Each alternative of the comment-marker rule holds one of these (a cheap pre-test).
_COMMENT_WORDS: Final = (
    "comment", "respon", "repl", "reaction", "trackback", "discussion", "conversation",
    "debate", "say", "posted", "report", "kommentar", "коммент", "coment",
)  # fmt: skip
_COMMENT_WORD_SEARCH: Final = AhoCorasick(list(_COMMENT_WORDS))
