"""Synthetic Swedish policies and ground-truth revisions for the diff benchmark.

:func:`make_pair` builds an *old* :class:`~policyversions.model.Policy` with a given number of
commitments and a *new* revision of it in which 5 % of the commitments were edited, and returns
both with the ground truth: for every edit its kind and the node ids it touched.

The old policy
--------------
Top-level sections of 5-40 commitments each. A section has a heading, sometimes a paragraph of
prose before its list, one :class:`~policyversions.model.CommitmentList` (usually with a lead-in)
and sometimes a closing paragraph. Every sentence is built from word lists of municipal policy
language (a few hundred nouns, verbs, adjectives, adverbs and subjects, written out below):
``<subject> <modal> [<adverb>] <verb phrase>[, <verb phrase>] [och <verb phrase>].`` with the modal
verbs *ska*, *bör*, *får*, *kan* (and sometimes *skall*, *måste*), 6-30 words. Commitment texts are
unique within a pair, so identity is never ambiguous.

The edits
---------
``round(5 % of the commitments)`` edits (at least one), their kinds dealt out evenly over
:data:`EDIT_KINDS` in a shuffled order, each on commitments no other edit touches (nor their
direct neighbours):

``reword``
    2-3 content words (noun, verb, adjective, adverb or modal) replaced by others of the same
    class. Old id -> new id.
``insert``
    A new commitment at a random place in a random list. New id only.
``delete``
    A commitment removed. Old id only.
``move``
    A commitment taken out of its section and put, unchanged, at a random place in the list of
    another section. Old id -> new id.
``split``
    A commitment with two or more verb phrases cut into two commitments that sit where it sat:
    ``Nämnden ska A och B.`` -> ``Nämnden ska A.`` + ``Nämnden ska även B.`` Old id -> two new ids.
``merge``
    Two adjacent commitments joined into one: ``A.`` + ``B.`` -> ``A, och b.``
    Two old ids -> one new id.

The new policy is rebuilt from scratch and given fresh positional ids, as an independent import
of the revised document would be; identity is tracked through the edits by the generator's own
keys, so ground-truth ids are those each policy really carries. Everything is determined by
``(size, seed)``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from policyversions import Commitment, CommitmentList, Paragraph, Policy, Section
from policyversions.model import Block, assign_positional_ids

EDIT_KINDS: tuple[str, ...] = ("reword", "insert", "delete", "move", "split", "merge")
"""The kinds of ground-truth edit, in the order the benchmark reports them."""

EDIT_SHARE = 0.05
"""The share of commitments that are edited."""

MIN_SECTION, MAX_SECTION = 5, 40
MIN_WORDS, MAX_WORDS = 6, 30

# --- Vocabulary -------------------------------------------------------------------------------
# Words of Swedish municipal policy language. Each class holds surface forms that fit its slot in
# the sentence patterns below, so a sentence reads as Swedish (agreement is kept by choosing
# plural indefinite noun phrases for objects and definite forms after prepositions).
# fmt: off

SUBJECTS: tuple[str, ...] = (
    "Kommunen", "Kommunstyrelsen", "Kommunfullmäktige", "Nämnden", "Varje nämnd",
    "Förvaltningen", "Varje förvaltning", "Förvaltningschefen", "Kommundirektören",
    "Varje chef", "Chefen", "Ledaren", "Du som ledare", "Du som medarbetare", "Medarbetaren",
    "Medarbetarna", "Alla anställda", "Verksamheten", "Enheten", "Skolan", "Förskolan",
    "Socialtjänsten", "Äldreomsorgen", "Räddningstjänsten", "Miljöförvaltningen",
    "Byggnadsnämnden", "Socialnämnden", "Barn- och utbildningsnämnden",
    "Kultur- och fritidsnämnden",
    "Samhällsbyggnadsförvaltningen", "Personalavdelningen", "Ekonomiavdelningen",
    "Upphandlingsenheten", "Kommunikationsavdelningen", "De kommunala bolagen",
    "Huvudmannen", "Rektor", "Arbetsgivaren", "Skyddsombudet", "Den som fattar beslut",
    "Kommunens verksamheter", "Varje arbetsplats", "Projektledaren", "Styrgruppen",
    "Kvalitetsansvarig", "Säkerhetssamordnaren", "Den registrerade", "Dataskyddsombudet",
)

MODALS: tuple[str, ...] = ("ska", "bör", "får", "kan")
RARE_MODALS: tuple[str, ...] = ("skall", "måste")

ADVERBS: tuple[str, ...] = (
    "aktivt", "regelbundet", "systematiskt", "tydligt", "löpande", "årligen", "alltid",
    "särskilt", "gemensamt", "skyndsamt", "kontinuerligt", "uttryckligen", "fortlöpande",
    "tidigt", "återkommande", "normalt", "vid behov", "i första hand", "i möjligaste mån",
    "i samråd", "så långt det är möjligt", "på ett likvärdigt sätt", "utan dröjsmål",
    "på eget initiativ", "i god tid",
)

VERBS: tuple[str, ...] = (
    "säkerställa", "utveckla", "följa upp", "stödja", "främja", "planera", "prioritera",
    "redovisa", "genomföra", "samordna", "förbättra", "förebygga", "utvärdera", "analysera",
    "dokumentera", "kommunicera", "informera om", "ta fram", "fastställa", "upprätta",
    "revidera", "granska", "bevaka", "beakta", "hantera", "motverka", "minska", "öka",
    "stärka", "bibehålla", "erbjuda", "tillhandahålla", "skapa", "bygga upp", "avveckla",
    "begränsa", "kartlägga", "identifiera", "förtydliga", "synliggöra", "uppmärksamma",
    "efterfråga", "främja arbetet med", "verka för", "ansvara för", "bidra till",
    "medverka i", "delta i", "arbeta med", "satsa på", "värna", "skydda", "förvalta",
    "underhålla", "effektivisera", "digitalisera", "upphandla", "finansiera", "budgetera",
    "rapportera", "återrapportera", "delegera", "besluta om", "pröva", "yttra sig över",
    "samverka kring", "förankra", "implementera", "införa", "tillämpa", "följa", "respektera",
    "uppmuntra", "belöna", "utbilda i", "introducera", "rekrytera till", "behålla",
    "anpassa", "likställa", "möjliggöra", "underlätta", "säkra", "trygga", "inventera",
    "mäta", "jämföra", "sammanställa", "offentliggöra", "arkivera", "gallra", "diarieföra",
    "registrera", "anmäla", "utreda", "åtgärda", "reglera", "styra", "leda", "fördela",
    "omfördela", "utnyttja", "nyttja", "ompröva", "komplettera", "ersätta", "tydliggöra",
    "konkretisera", "dimensionera", "lokalisera", "etablera", "initiera", "driva",
)

ADJECTIVES: tuple[str, ...] = (
    "tydliga", "långsiktiga", "hållbara", "gemensamma", "samlade", "nödvändiga", "relevanta",
    "konkreta", "mätbara", "realistiska", "effektiva", "ändamålsenliga", "likvärdiga",
    "kostnadseffektiva", "kommunövergripande", "lokala", "regionala", "nationella",
    "övergripande", "strategiska", "operativa", "ekonomiska", "sociala", "ekologiska",
    "miljömässiga", "digitala", "tillgängliga", "trygga", "säkra", "goda", "bättre",
    "nya", "befintliga", "särskilda", "förebyggande", "systematiska", "fortlöpande",
    "årliga", "regelbundna", "skriftliga", "dokumenterade", "aktuella", "fullständiga",
    "rättssäkra", "jämställda", "inkluderande", "demokratiska", "öppna", "transparenta",
    "ansvarsfulla", "professionella", "kvalificerade", "kompetenta", "engagerade",
    "delaktiga", "friska", "attraktiva", "konkurrenskraftiga", "flexibla", "innovativa",
    "kvalitativa", "kvantitativa", "tidsatta", "prioriterade", "angelägna", "väsentliga",
    "centrala", "kommunala", "offentliga", "privata", "ideella", "interna", "externa",
    "samordnade", "uppföljningsbara", "verksamhetsnära", "medborgarnära", "klimatsmarta",
    "energieffektiva", "resurssnåla", "fossilfria", "giftfria", "trafiksäkra",
    "barnvänliga", "åldersanpassade", "behovsanpassade", "individuella", "kollektiva",
    "begripliga", "korrekta", "sakliga", "opartiska", "lagenliga", "etiska",
)

PLURAL_NOUNS: tuple[str, ...] = (
    "rutiner", "mål", "insatser", "åtgärder", "riktlinjer", "planer", "beslut", "resurser",
    "förutsättningar", "arbetssätt", "metoder", "processer", "system", "lösningar",
    "tjänster", "verksamheter", "aktiviteter", "satsningar", "investeringar", "kostnader",
    "intäkter", "avgifter", "kontroller", "granskningar", "uppföljningar", "utvärderingar",
    "analyser", "rapporter", "underlag", "nyckeltal", "indikatorer", "resultat", "effekter",
    "risker", "avvikelser", "brister", "klagomål", "synpunkter", "förslag", "idéer",
    "initiativ", "projekt", "samarbeten", "avtal", "överenskommelser", "kontakter",
    "mötesplatser", "lokaler", "bostäder", "anläggningar", "fordon", "ledningar", "vägar",
    "cykelvägar", "grönytor", "lekplatser", "skolor", "förskolor", "boenden", "tjänstebilar",
    "kompetenser", "utbildningar", "anställningar", "tjänster inom vården", "arbetsplatser",
    "medarbetarsamtal", "lönesamtal", "introduktioner", "handlingsplaner", "styrdokument",
    "policyer", "program", "strategier", "delegationer", "befogenheter", "ansvarsområden",
    "uppdrag", "prioriteringar", "budgetramar", "kvalitetskrav", "miljökrav", "sociala krav",
    "upphandlingar", "leverantörer", "entreprenörer", "föreningar", "organisationer",
    "medborgardialoger", "enkäter", "e-tjänster", "ärenden", "handlingar", "personuppgifter",
    "säkerhetsåtgärder", "beredskapsplaner", "övningar", "larm", "olyckor", "tillbud",
)

DEFINITE_NOUNS: tuple[str, ...] = (
    "verksamheten", "arbetsmiljön", "budgeten", "kommunen", "organisationen", "förvaltningen",
    "nämnden", "kommunstyrelsen", "invånarna", "medborgarna", "brukarna", "eleverna",
    "barnen", "ungdomarna", "de äldre", "personer med funktionsnedsättning", "patienterna",
    "kunderna", "näringslivet", "föreningslivet", "civilsamhället", "regionen", "staten",
    "länsstyrelsen", "grannkommunerna", "medarbetarna", "cheferna", "ledningen",
    "fackliga organisationer", "skyddsombuden", "arbetsplatsträffarna", "samverkansgruppen",
    "ekonomin", "resultatet", "uppföljningen", "internkontrollen", "kvaliteten",
    "tillgängligheten", "jämställdheten", "mångfalden", "folkhälsan", "klimatet", "miljön",
    "naturen", "vattnet", "energin", "trafiken", "kollektivtrafiken", "bostadsförsörjningen",
    "kompetensförsörjningen", "rekryteringen", "lönebildningen", "friskvården",
    "rehabiliteringen", "sjukfrånvaron", "arbetstiden", "semestern", "digitaliseringen",
    "informationssäkerheten", "dataskyddet", "arkivet", "diariet", "upphandlingen",
    "konkurrensen", "avtalstroheten", "krisberedskapen", "säkerheten", "tryggheten",
    "brottsförebyggande arbetet", "folkbildningen", "kulturen", "idrotten", "fritiden",
    "skolan", "förskolan", "vården", "omsorgen", "socialtjänsten", "hemtjänsten",
    "bemötandet", "kommunikationen", "dialogen", "delaktigheten", "inflytandet", "demokratin",
    "värdegrunden", "uppdraget", "målen", "lagstiftningen", "regelverket", "planeringen",
    "beslutet", "genomförandet", "utvecklingen", "förändringen", "samhällsplaneringen",
    "översiktsplanen", "detaljplanen", "markanvändningen", "infrastrukturen", "lokalerna",
)

PREPOSITIONS: tuple[str, ...] = (
    "för", "inom", "genom", "i", "vid", "enligt", "mot", "kring", "av", "med", "utifrån",
    "inför", "efter", "under", "i samverkan med", "i dialog med", "tillsammans med",
    "med hänsyn till", "med fokus på", "i förhållande till", "till stöd för", "på uppdrag av",
)

TOPICS: tuple[str, ...] = (
    "Omfattning", "Syfte", "Ansvar", "Ledarskap", "Medarbetarskap", "Arbetsmiljö", "Ekonomi",
    "Styrning", "Uppföljning", "Kvalitet", "Kompetensförsörjning", "Rekrytering", "Lön",
    "Hälsa", "Jämställdhet", "Mångfald", "Tillgänglighet", "Delaktighet", "Kommunikation",
    "Information", "Digitalisering", "Informationssäkerhet", "Dataskydd", "Upphandling",
    "Inköp", "Miljö", "Klimat", "Energi", "Hållbarhet", "Trafik", "Bostäder", "Planering",
    "Samverkan", "Dialog", "Demokrati", "Värdegrund", "Bemötande", "Service", "Trygghet",
    "Säkerhet", "Krisberedskap", "Intern kontroll", "Risker", "Avvikelser", "Klagomål",
    "Utbildning", "Förskola", "Skola", "Äldreomsorg", "Socialtjänst", "Folkhälsa", "Kultur",
    "Fritid", "Idrott", "Föreningsliv", "Näringsliv", "Arbetsmarknad", "Integration",
    "Barnrätt", "Ungdomsfrågor", "Funktionshinder", "Arkiv", "Dokumenthantering",
    "Delegation", "Beslutsfattande", "Investeringar", "Lokaler", "Fastigheter",
    "Infrastruktur", "Vatten och avlopp", "Avfall", "Naturvård", "Friluftsliv",
)

LEAD_INS: tuple[str, ...] = (
    "För att nå målen gäller följande:",
    "Kommunen har beslutat följande:",
    "Följande gäller för alla verksamheter:",
    "Detta innebär att",
    "Kommunen vill att",
    "Utgångspunkterna är följande:",
    "I arbetet gäller att",
    "Nämnderna ansvarar för att",
)

# fmt: on

_CLASSES: tuple[tuple[str, ...], ...] = (
    MODALS,
    ADVERBS,
    VERBS,
    ADJECTIVES,
    PLURAL_NOUNS,
    DEFINITE_NOUNS,
)
_SINGLE_WORDS: tuple[tuple[str, ...], ...] = tuple(
    tuple(word for word in words if " " not in word) for words in _CLASSES
)
_WORD_CLASS: dict[str, int] = {
    word: index for index, words in enumerate(_SINGLE_WORDS) for word in words
}


def vocabulary() -> frozenset[str]:
    """Return every distinct word the generator can write (multi-word entries split)."""
    lists: tuple[tuple[str, ...], ...] = (SUBJECTS, MODALS, RARE_MODALS, ADVERBS, VERBS)
    lists += (ADJECTIVES, PLURAL_NOUNS, DEFINITE_NOUNS, PREPOSITIONS, TOPICS)
    return frozenset(word.lower() for words in lists for entry in words for word in entry.split())


# --- Sentences --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """A generated normative sentence, kept in parts so that it can be split at its verb phrases."""

    subject: str
    modal: str
    adverb: str | None
    phrases: tuple[str, ...]

    @property
    def text(self) -> str:
        """The sentence as written: phrases joined by commas and a final *och*."""
        head = [self.subject, self.modal] + ([self.adverb] if self.adverb else [])
        if len(self.phrases) == 1:
            body = self.phrases[0]
        else:
            body = ", ".join(self.phrases[:-1]) + " och " + self.phrases[-1]
        return " ".join(head) + " " + body + "."

    def split(self, at: int) -> tuple[Sentence, Sentence]:
        """Cut before phrase *at*; the second half repeats the subject and modal with *även*."""
        if not 0 < at < len(self.phrases):
            raise ValueError(f"cannot split a sentence of {len(self.phrases)} phrases at {at}")
        first = Sentence(self.subject, self.modal, self.adverb, self.phrases[:at])
        second = Sentence(self.subject, self.modal, "även", self.phrases[at:])
        return first, second


def _noun_phrase(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return f"{rng.choice(ADJECTIVES)} {rng.choice(PLURAL_NOUNS)}"
    return rng.choice(PLURAL_NOUNS)


def _prepositional_phrase(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return f"{rng.choice(PREPOSITIONS)} {rng.choice(DEFINITE_NOUNS)}"
    return f"{rng.choice(PREPOSITIONS)} {_noun_phrase(rng)}"


def make_sentence(rng: random.Random, target: int | None = None) -> Sentence:
    """Return a sentence of about *target* words (drawn from 6-30 when not given).

    Verb phrases (a verb and an object) are added, each with at most two prepositional phrases,
    until the sentence reaches its target; it never exceeds :data:`MAX_WORDS`.
    """
    if target is None:
        target = rng.randint(MIN_WORDS, MAX_WORDS)
    target = max(MIN_WORDS, min(target, MAX_WORDS))
    subject = rng.choice(SUBJECTS)
    modal = rng.choice(RARE_MODALS) if rng.random() < 0.05 else rng.choice(MODALS)
    adverb = rng.choice(ADVERBS) if rng.random() < 0.3 else None
    first = f"{rng.choice(VERBS)} {_noun_phrase(rng)}"
    phrases: list[list[str]] = [[first]]
    length = len(subject.split()) + 1 + len(adverb.split() if adverb else ()) + _count(first)
    while length < target:
        last = phrases[-1]
        if len(phrases) < 4 and (len(last) >= 3 or rng.random() < 0.35):
            addition = f"{rng.choice(VERBS)} {_noun_phrase(rng)}"
            extra = _count(addition) + (1 if len(phrases) == 1 else 0)  # the added "och"
            if length + extra > MAX_WORDS:
                break
            phrases.append([addition])
        elif len(last) < 3:
            addition = _prepositional_phrase(rng)
            extra = _count(addition)
            if length + extra > MAX_WORDS:
                break
            last.append(addition)
        else:
            break
        length += extra
    return Sentence(subject, modal, adverb, tuple(" ".join(phrase) for phrase in phrases))


def _count(text: str) -> int:
    return text.count(" ") + 1


def _unique_sentence(rng: random.Random, seen: set[str], target: int | None = None) -> Sentence:
    while True:
        sentence = make_sentence(rng, target)
        if sentence.text not in seen:
            seen.add(sentence.text)
            return sentence


def reword(text: str, rng: random.Random, count: int) -> str:
    """Replace *count* content words of *text* by other words of the same class."""
    tokens = text.split(" ")
    candidates = [index for index, token in enumerate(tokens) if token.rstrip(".,") in _WORD_CLASS]
    if index_count := min(count, len(candidates)):
        for index in rng.sample(candidates, index_count):
            token = tokens[index]
            bare = token.rstrip(".,")
            suffix = token[len(bare) :]
            choices = [word for word in _SINGLE_WORDS[_WORD_CLASS[bare]] if word != bare]
            tokens[index] = rng.choice(choices) + suffix
    return " ".join(tokens)


def _merge_texts(first: str, second: str) -> str:
    head = first[:-1] if first.endswith(".") else first
    return f"{head}, och {second[:1].lower()}{second[1:]}"


# --- Policies and pairs -----------------------------------------------------------------------


@dataclass(frozen=True)
class TrueEdit:
    """One ground-truth edit: its kind and the commitment ids it touched in each policy."""

    kind: str
    old_ids: tuple[str, ...]
    new_ids: tuple[str, ...]


@dataclass(frozen=True)
class SyntheticPair:
    """An old policy, its revision, and what really changed between them."""

    size: int
    seed: int
    old: Policy
    new: Policy
    edits: tuple[TrueEdit, ...]
    unchanged: Mapping[str, str] = field(repr=False)
    """Old commitment id -> new commitment id, for every commitment no edit touched."""

    def edits_of(self, kind: str) -> tuple[TrueEdit, ...]:
        """Return the edits of one *kind*."""
        return tuple(edit for edit in self.edits if edit.kind == kind)


@dataclass
class _Item:
    key: int
    sentence: Sentence | None
    text: str


@dataclass
class _SectionDraft:
    heading: str
    intro: str | None
    lead_in: str | None
    items: list[_Item]
    outro: str | None


def _section_sizes(total: int, rng: random.Random) -> list[int]:
    sizes: list[int] = []
    remaining = total
    while remaining > 0:
        size = min(rng.randint(MIN_SECTION, MAX_SECTION), remaining)
        if 0 < remaining - size < MIN_SECTION:
            size = remaining if remaining <= MAX_SECTION else remaining - MIN_SECTION
        sizes.append(size)
        remaining -= size
    return sizes


def _headings(count: int, rng: random.Random) -> list[str]:
    seen: set[str] = set()
    result: list[str] = []
    while len(result) < count:
        first, second = rng.sample(TOPICS, 2)
        pattern = rng.random()
        if pattern < 0.3 and len(seen) < len(TOPICS):
            heading = first
        elif pattern < 0.8:
            heading = f"{first} och {second.lower()}"
        else:
            heading = f"{first} – {second.lower()}"
        if heading not in seen:
            seen.add(heading)
            result.append(heading)
    return result


def _paragraph(rng: random.Random, seen: set[str]) -> str:
    return " ".join(_unique_sentence(rng, seen).text for _ in range(rng.randint(1, 3)))


class _Keys:
    def __init__(self) -> None:
        self.next = 0

    def __call__(self) -> int:
        self.next += 1
        return self.next


def _draft(size: int, rng: random.Random, seen: set[str], keys: _Keys) -> list[_SectionDraft]:
    sizes = _section_sizes(size, rng)
    drafts = []
    for heading, count in zip(_headings(len(sizes), rng), sizes, strict=True):
        items = []
        for _ in range(count):
            sentence = _unique_sentence(rng, seen)
            items.append(_Item(keys(), sentence, sentence.text))
        drafts.append(
            _SectionDraft(
                heading=heading,
                intro=_paragraph(rng, seen) if rng.random() < 0.6 else None,
                lead_in=rng.choice(LEAD_INS) if rng.random() < 0.7 else None,
                items=items,
                outro=_paragraph(rng, seen) if rng.random() < 0.2 else None,
            )
        )
    return drafts


def _build(drafts: Sequence[_SectionDraft], title: str) -> tuple[Policy, dict[int, str]]:
    blocks: list[Block] = []
    for draft in drafts:
        children: list[Block] = []
        if draft.intro:
            children.append(Paragraph(draft.intro))
        children.append(
            CommitmentList(tuple(Commitment(item.text) for item in draft.items), draft.lead_in)
        )
        if draft.outro:
            children.append(Paragraph(draft.outro))
        blocks.append(Section(draft.heading, tuple(children)))
    body = assign_positional_ids(blocks)
    ids: dict[int, str] = {}
    for draft, section in zip(drafts, body, strict=True):
        assert isinstance(section, Section)
        (commitments,) = (child for child in section.children if isinstance(child, CommitmentList))
        for item, commitment in zip(draft.items, commitments.items, strict=True):
            ids[item.key] = commitment.id
    return Policy(title, body), ids


def _kinds(count: int, rng: random.Random) -> list[str]:
    order = list(EDIT_KINDS)
    rng.shuffle(order)
    return [order[index % len(order)] for index in range(count)]


def edit_count(size: int) -> int:
    """The number of edits :func:`make_pair` applies to a policy of *size* commitments."""
    return max(1, round(size * EDIT_SHARE))


def make_pair(size: int, seed: int = 0) -> SyntheticPair:
    """Return an old policy of *size* commitments, its revision, and the ground truth."""
    if size < 2 * MIN_SECTION:
        raise ValueError(f"a synthetic pair needs at least {2 * MIN_SECTION} commitments")
    rng = random.Random(f"policyversions-bench/{size}/{seed}")
    seen: set[str] = set()
    keys = _Keys()
    old_drafts = _draft(size, rng, seen, keys)
    old, old_ids = _build(old_drafts, "Synthetic policy")

    # Each section's items in the new revision, as (key, text); edited in place.
    new_items: list[list[_Item]] = [list(draft.items) for draft in old_drafts]
    positions = [(s, j) for s, draft in enumerate(old_drafts) for j in range(len(draft.items))]
    blocked: set[tuple[int, int]] = set()
    pending: list[tuple[str, tuple[int, ...], tuple[int, ...]]] = []  # kind, old keys, new keys
    moves: list[_Item] = []
    move_sources: dict[int, int] = {}
    removed: dict[int, int] = {s: 0 for s in range(len(old_drafts))}

    def free(s: int, j: int) -> bool:
        return 0 <= j < len(old_drafts[s].items) and (s, j) not in blocked

    def claim(s: int, j: int) -> None:
        blocked.update({(s, j - 1), (s, j), (s, j + 1)})

    for kind in _kinds(edit_count(size), rng):
        for _attempt in range(10_000):
            s, j = rng.choice(positions)
            item = old_drafts[s].items[j]
            if not free(s, j):
                continue
            if kind in ("delete", "move") and len(old_drafts[s].items) - removed[s] <= 3:
                continue
            if kind == "merge" and not (
                free(s, j + 1) and len(old_drafts[s].items) - removed[s] > 3
            ):
                continue
            if kind == "split" and (item.sentence is None or len(item.sentence.phrases) < 2):
                continue
            break
        else:
            raise RuntimeError(f"no place left for a {kind} edit in a policy of {size}")
        claim(s, j)
        row = new_items[s]
        index = next(i for i, it in enumerate(row) if it.key == item.key)
        if kind == "reword":
            text = reword(item.text, rng, rng.randint(2, 3))
            while text in seen or text == item.text:
                text = reword(item.text, rng, rng.randint(2, 3))
            seen.add(text)
            fresh = _Item(keys(), None, text)
            row[index] = fresh
            pending.append((kind, (item.key,), (fresh.key,)))
        elif kind == "insert":
            sentence = _unique_sentence(rng, seen)
            fresh = _Item(keys(), sentence, sentence.text)
            row.insert(index + 1, fresh)
            pending.append((kind, (), (fresh.key,)))
        elif kind == "delete":
            del row[index]
            removed[s] += 1
            pending.append((kind, (item.key,), ()))
        elif kind == "move":
            del row[index]
            removed[s] += 1
            moves.append(item)
            move_sources[item.key] = s
            pending.append((kind, (item.key,), (item.key,)))
        elif kind == "split":
            assert item.sentence is not None
            at = rng.randint(1, len(item.sentence.phrases) - 1)
            parts = item.sentence.split(at)
            pieces = [_Item(keys(), part, part.text) for part in parts]
            seen.update(piece.text for piece in pieces)
            row[index : index + 1] = pieces
            pending.append((kind, (item.key,), tuple(piece.key for piece in pieces)))
        else:  # merge
            claim(s, j + 1)
            second = old_drafts[s].items[j + 1]
            fresh = _Item(keys(), None, _merge_texts(item.text, second.text))
            seen.add(fresh.text)
            assert row[index + 1].key == second.key
            row[index : index + 2] = [fresh]
            removed[s] += 1
            pending.append((kind, (item.key, second.key), (fresh.key,)))

    for item in moves:
        source = move_sources[item.key]
        target = rng.choice([s for s in range(len(new_items)) if s != source])
        new_items[target].insert(rng.randint(0, len(new_items[target])), item)

    new_drafts = [
        _SectionDraft(draft.heading, draft.intro, draft.lead_in, row, draft.outro)
        for draft, row in zip(old_drafts, new_items, strict=True)
    ]
    new, new_ids = _build(new_drafts, "Synthetic policy")
    edits = tuple(
        TrueEdit(
            kind,
            tuple(old_ids[key] for key in old_keys),
            tuple(new_ids[key] for key in new_keys),
        )
        for kind, old_keys, new_keys in pending
    )
    touched = {key for _, old_keys, _ in pending for key in old_keys}
    unchanged = {old_ids[key]: new_ids[key] for key in old_ids if key not in touched}
    return SyntheticPair(size, seed, old, new, edits, unchanged)


def commitment_texts(policy: Policy) -> Iterator[tuple[str, str]]:
    """Yield ``(id, text)`` of every commitment of *policy* in document order."""
    for node in policy.walk():
        if isinstance(node, Commitment):
            yield node.id, node.text
