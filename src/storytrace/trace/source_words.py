"""Words that type a source outside English: French, German, Spanish, Portuguese, Russian.

A source phrase in these languages is typed by the nouns it holds (``trace.sources``): a
role ("le porte-parole", "ein Sprecher"), people unnamed ("des témoins", "Zeugen",
"fuentes del ministerio"), a body ("le gouvernement", "die Polizei"), a document ("un
rapport", "der Bericht"). Lists of our own, of the common words of news reporting; lower
case, singular and plural forms both listed where the plural is not the singular plus -s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class SourceWords:
    #: Words after which the head noun phrase has ended ("de", "qui", "des" in German).
    stops: frozenset[str]
    #: Articles and determiners; the indefinite ones make a lone role anonymous.
    definite: frozenset[str]
    indefinite: frozenset[str]
    #: People by what they do, singular: a role ("le ministre"), or anonymous when
    #: indefinite and in ``anonymous`` ("un responsable").
    roles: frozenset[str]
    anonymous: frozenset[str]
    #: People in the plural, unnamed: an anonymous group ("des témoins", "Zeugen").
    groups: frozenset[str]
    bodies: frozenset[str]
    documents: frozenset[str]
    #: Phrases that say the speaker is not named ("sous couvert d'anonymat").
    unnamed: tuple[str, ...]
    #: Nouns for outlets ("la chaîne", "die Zeitung ...", "el diario ...").
    media: frozenset[str] = frozenset()


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


FOREIGN: Final[dict[str, SourceWords]] = {
    "fr": SourceWords(
        stops=_set("de du des d' qui que dont à au aux en dans pour chez selon proche proches"),
        definite=_set("le la les l' ce cette ces son sa ses leur leurs"),
        indefinite=_set("un une"),
        roles=_set(
            "ministre porte-parole responsable président présidente conseiller conseillère "
            "expert experte diplomate maire député députée sénateur sénatrice juge avocat "
            "avocate procureur procureure policier policière médecin chercheur chercheuse "
            "analyste économiste directeur directrice secrétaire ambassadeur ambassadrice "
            "témoin habitant habitante fonctionnaire dirigeant dirigeante chef entraîneur "
            "joueur joueuse porte-parole patron patronne commissaire préfet général officier "
            "soldat militant militante manifestant manifestante victime survivant source "
            "enquêteur enquêtrice journaliste professeur professeure élu élue candidat "
            "candidate avocat négociateur spécialiste"
        ),
        anonymous=_set("responsable source fonctionnaire diplomate haut-fonctionnaire proche"),
        groups=_set(
            "témoins habitants experts sources responsables manifestants militants policiers "
            "médecins chercheurs analystes économistes diplomates fonctionnaires dirigeants "
            "élus députés sénateurs enquêteurs observateurs spécialistes secouristes "
            "pompiers soldats victimes survivants proches riverains voisins électeurs "
            "habitants salariés employés syndicalistes opposants partisans critiques"
        ),
        bodies=_set(
            "gouvernement ministère police gendarmerie armée parti mairie préfecture tribunal "
            "cour parquet entreprise société groupe syndicat commission conseil banque "
            "université hôpital municipalité autorités administration assemblée sénat "
            "présidence élysée ville région état club fédération association ong compagnie "
            "office institut service services direction inspection autorité observatoire "
            "centre organisation"
        ),
        documents=_set(
            "rapport communiqué déclaration étude enquête sondage lettre document note "
            "bilan chiffres données statistiques jugement arrêt décret courrier"
        ),
        unnamed=("anonymat", "souhaité être nommé", "voulu être nommé", "souhaité être cité"),
        media=_set(
            "journal quotidien hebdomadaire agence chaîne radio télévision magazine site "
            "médias presse"
        ),
    ),
    "de": SourceWords(
        stops=_set(
            "des der von vom im in bei aus für mit zu zum zur nach gegenüber die der das "
            "den dem welche welcher welches"
        ),
        definite=_set("der die das den dem des dieser diese dieses sein seine ihr ihre"),
        indefinite=_set("ein eine einer einem eines"),
        roles=_set(
            "sprecher sprecherin minister ministerin bürgermeister bürgermeisterin "
            "abgeordnete abgeordneter richter richterin anwalt anwältin staatsanwalt "
            "staatsanwältin polizist polizistin arzt ärztin experte expertin analyst "
            "analystin forscher forscherin diplomat diplomatin berater beraterin direktor "
            "direktorin präsident präsidentin botschafter botschafterin zeuge zeugin "
            "augenzeuge augenzeugin einwohner einwohnerin anwohner anwohnerin bewohner "
            "bewohnerin beamter beamtin chef chefin trainer trainerin kanzler kanzlerin "
            "vorsitzende vorsitzender sprecher regierungssprecher ökonom ökonomin quelle "
            "insider ermittler ermittlerin journalist journalistin professor professorin "
            "kandidat kandidatin außenminister innenminister verteidigungsminister"
        ),
        anonymous=_set("beamter beamtin quelle insider diplomat diplomatin mitarbeiter"),
        groups=_set(
            "zeugen augenzeugen experten analysten forscher diplomaten ermittler beamte "
            "einwohner anwohner bewohner demonstranten aktivisten ärzte polizisten "
            "abgeordnete kritiker beobachter quellen insider mitarbeiter helfer retter "
            "soldaten opfer überlebende wähler anhänger gegner ökonomen"
        ),
        bodies=_set(
            "regierung ministerium polizei armee bundeswehr partei gericht staatsanwaltschaft "
            "unternehmen konzern firma gewerkschaft kommission rat bank universität "
            "krankenhaus behörde behörden stadt verwaltung bundesregierung kanzleramt verband "
            "verein klub club feuerwehr senat bundestag landesregierung"
        ),
        documents=_set(
            "bericht mitteilung erklärung studie umfrage brief dokument schreiben urteil "
            "zahlen daten statistik gutachten pressemitteilung"
        ),
        unnamed=("anonym", "nicht genannt", "ungenannt", "namentlich nicht"),
        media=_set(
            "zeitung tageszeitung blatt nachrichtenagentur agentur sender magazin fernsehen "
            "rundfunk medien presse"
        ),
    ),
    "es": SourceWords(
        stops=_set("de del que quien quienes en para con a al según cercano cercana cercanos"),
        definite=_set("el la los las este esta estos estas su sus"),
        indefinite=_set("un una unos unas"),
        roles=_set(
            "portavoz ministro ministra presidente presidenta asesor asesora experto experta "
            "diplomático diplomática alcalde alcaldesa diputado diputada senador senadora "
            "juez jueza abogado abogada fiscal policía médico médica investigador "
            "investigadora analista economista director directora secretario secretaria "
            "embajador embajadora testigo vecino vecina residente funcionario funcionaria "
            "dirigente jefe jefa entrenador entrenadora fuente periodista profesor profesora "
            "candidato candidata portavoz"
        ),
        anonymous=_set("funcionario funcionaria fuente diplomático"),
        groups=_set(
            "testigos vecinos residentes expertos fuentes funcionarios manifestantes "
            "activistas médicos investigadores analistas economistas diplomáticos dirigentes "
            "diputados senadores observadores especialistas rescatistas bomberos soldados "
            "víctimas sobrevivientes votantes partidarios opositores críticos portavoces"
        ),
        bodies=_set(
            "gobierno ministerio policía ejército partido tribunal fiscalía empresa compañía "
            "sindicato comisión consejo banco universidad hospital ayuntamiento autoridades "
            "administración congreso senado presidencia club federación asociación"
        ),
        documents=_set(
            "informe comunicado declaración estudio encuesta carta documento nota balance "
            "cifras datos estadísticas sentencia decreto"
        ),
        unnamed=("anonimato", "no quiso ser identificad", "pidió no ser identificad"),
        media=_set(
            "periódico diario agencia cadena revista emisora televisión radio medios prensa"
        ),
    ),
    "pt": SourceWords(
        stops=_set("de do da dos das que quem em no na nos nas para com a ao segundo próximo"),
        definite=_set("o a os as este esta estes estas seu sua seus suas"),
        indefinite=_set("um uma uns umas"),
        roles=_set(
            "porta-voz ministro ministra presidente presidenta assessor assessora "
            "especialista diplomata prefeito prefeita deputado deputada senador senadora "
            "juiz juíza advogado advogada procurador procuradora policial médico médica "
            "pesquisador pesquisadora analista economista diretor diretora secretário "
            "secretária embaixador embaixadora testemunha morador moradora funcionário "
            "funcionária dirigente chefe treinador técnico fonte jornalista professor "
            "professora candidato candidata"
        ),
        anonymous=_set("funcionário funcionária fonte diplomata"),
        groups=_set(
            "testemunhas moradores especialistas fontes funcionários manifestantes ativistas "
            "médicos pesquisadores analistas economistas diplomatas dirigentes deputados "
            "senadores observadores bombeiros soldados vítimas sobreviventes eleitores "
            "apoiadores opositores críticos"
        ),
        bodies=_set(
            "governo ministério polícia exército partido tribunal empresa companhia sindicato "
            "comissão conselho banco universidade hospital prefeitura autoridades "
            "administração congresso senado presidência clube federação associação"
        ),
        documents=_set(
            "relatório comunicado declaração estudo pesquisa carta documento nota balanço "
            "números dados estatísticas sentença decreto"
        ),
        unnamed=("anonimato", "não quis ser identificad", "pediu para não ser identificad"),
        media=_set("jornal agência revista emissora televisão rádio mídia imprensa"),
    ),
    "ru": SourceWords(
        stops=_set("который которая которое которые из в во на по от для с у при"),
        definite=_set("этот эта это эти его её их"),
        indefinite=_set("один одна"),
        roles=_set(
            "представитель министр мэр депутат сенатор судья адвокат прокурор врач эксперт "
            "аналитик исследователь дипломат советник директор президент посол свидетель "
            "житель чиновник руководитель глава тренер источник журналист профессор "
            "кандидат пресс-секретарь спикер губернатор представителя министра эксперта "
            "аналитика источника чиновника дипломата пресс-секретаря губернатора мэра "
            "свидетеля главы"
        ),
        anonymous=_set("источник чиновник дипломат собеседник"),
        groups=_set(
            "свидетели жители эксперты аналитики источники чиновники дипломаты депутаты "
            "врачи исследователи наблюдатели спасатели военные солдаты жертвы избиратели "
            "сторонники противники критики очевидцы свидетелей жителей экспертов "
            "аналитиков источников чиновников дипломатов депутатов врачей наблюдателей "
            "спасателей очевидцев"
        ),
        bodies=_set(
            "правительство министерство полиция армия партия суд прокуратура компания "
            "профсоюз комиссия совет банк университет больница ведомство администрация "
            "кремль мвд мид минобороны госдума правительства министерства полиции армии "
            "партии суда прокуратуры компании ведомства администрации кремля"
        ),
        documents=_set(
            "доклад заявление сообщение исследование опрос письмо документ отчёт отчет "
            "данные статистика решение приговор данным доклада отчета отчёта исследования "
            "опроса"
        ),
        unnamed=("на условиях анонимности", "пожелавший остаться неизвестным", "анонимн"),
        media=_set("газета агентство телеканал издание журнал радио сми пресса"),
    ),
}

_WORD = re.compile(r"[^\W\d_](?:[\w'’\-]*\w)?|\w+")


def foreign_words(phrase: str) -> list[str]:
    """The words of ``phrase``, lower case, elisions split off ("l'anonymat" -> "l'",
    "anonymat")."""
    out: list[str] = []
    for w in _WORD.findall(phrase.casefold().replace("’", "'")):
        if "'" in w[:3] and not w.endswith("'"):
            head, _, rest = w.partition("'")
            out += [head + "'", rest]
        else:
            out.append(w)
    return out
