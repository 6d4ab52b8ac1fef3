"""Export a policy as an Akoma Ntoso 3.0 document (OASIS LegalDocML).

:func:`to_akn` writes one revision of a :class:`~policyversions.model.Policy` as an
``<akomaNtoso>`` document that validates against the official OASIS Akoma Ntoso 3.0 XML
schema (``akomantoso30.xsd``; the tests validate every corpus revision and random policies
against it). It is an export: nothing reads it back.

Why ``doc name="policy"`` and not ``act``
------------------------------------------
Akoma Ntoso keeps ``act`` for legislation: a text enacted by a legislature with the force of
law. A municipal *styrdokument* (policy, riktlinje, plan, program) is adopted by the council or
a board and binds the municipality's own organisation, but it is not law (the municipality's
binding regulations, *lokala föreskrifter*, are a different kind of document). Akoma Ntoso's
``doc`` is the document type for "any other document", with the same metadata (FRBR identity,
lifecycle, references) and a ``mainBody`` that holds the same hierarchy (``section``,
``paragraph``, ``list``, ``point``) as an act's ``body``; its required ``name`` attribute says
what kind of document it is: ``policy`` by default (the *name* argument).

Document shape
--------------
::

    <akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
      <doc name="policy">
        <meta>
          <identification source="#policyversions">
            <FRBRWork>          work: the policy, whatever its version
              <FRBRthis value="/akn/se/doc/policy/2005-03-21/ledar-och-medarbetarpolicy/!main"/>
              <FRBRuri value="/akn/se/doc/policy/2005-03-21/ledar-och-medarbetarpolicy"/>
              <FRBRdate date="2005-03-21" name="adopted"/>
              <FRBRauthor href="#kf"/>
              <FRBRcountry value="se"/>
              <FRBRsubtype value="policy"/>
              <FRBRnumber value="ledar-och-medarbetarpolicy"/>
              <FRBRname value="Ledar- och medarbetarpolicy"/>
            </FRBRWork>
            <FRBRExpression>    expression: this revision, dated by its latest decision
              <FRBRthis value=".../swe@2007-06-18/!main"/> <FRBRuri value=".../swe@2007-06-18"/>
              <FRBRdate date="2007-06-18" name="revised"/> <FRBRauthor href="#kf"/>
              <FRBRlanguage language="swe"/>
            </FRBRExpression>
            <FRBRManifestation> manifestation: this XML file
              <FRBRthis value=".../swe@2007-06-18/!main.xml"/>
              <FRBRuri value=".../swe@2007-06-18.akn"/>
              <FRBRdate date="2007-06-18" name="revised"/> <FRBRauthor href="#policyversions"/>
              <FRBRformat value="application/akn+xml"/>
            </FRBRManifestation>
          </identification>
          <lifecycle source="#policyversions">      one eventRef per decision of the history
            <eventRef eId="evt_1" date="2005-03-21" source="#kf" refersTo="#dec_1"
                      type="generation"/>
            <eventRef eId="evt_2" date="2007-06-18" source="#kf" refersTo="#dec_2"
                      type="amendment"/>
          </lifecycle>
          <references source="#policyversions">
            <TLCOrganization eId="policyversions" href="/akn/ontology/organization/policyversions"
                             showAs="policyversions"/>
            <TLCOrganization eId="kf" href="/akn/ontology/organization/se/kf"
                             showAs="kommunfullmäktige" shortForm="KF"/>
            <TLCEvent eId="dec_2" href="/akn/ontology/event/se/kf-2007-06-18-118"
                      showAs="Reviderad KF 2007-06-18 § 118"/>
          </references>
          <proprietary source="#policyversions">
            <p:metadata xmlns:p="urn:policyversions:policy">…</p:metadata>
          </proprietary>
        </meta>
        <preface>
          <p class="title"><docTitle>Ledar- och medarbetarpolicy</docTitle></p>
          <p class="decision"><docDate date="2007-06-18">Reviderad KF 2007-06-18 § 118</docDate></p>
        </preface>
        <mainBody>
          <section eId="sec_1">
            <heading>Omfattning</heading>
            <paragraph eId="sec_1__para_1"><content><p>Policyn gäller …</p></content></paragraph>
            <list eId="sec_1__list_1" class="bullet">
              <intro eId="sec_1__list_1__intro"><p>Du ska som ledare</p></intro>
              <point eId="sec_1__list_1__point_1"><content><p>vara tydlig,</p></content></point>
              <wrapUp eId="sec_1__list_1__wrapup"><p>…</p></wrapUp>
            </list>
          </section>
        </mainBody>
      </doc>
    </akomaNtoso>

Rules
-----
* **FRBR URIs** follow the Akoma Ntoso naming convention:
  ``/akn/{country}/doc/{name}/{work date}/{number}``; the expression adds
  ``/{language}@{expression date}``, the manifestation ``.akn`` (``FRBRuri``) or ``/!main.xml``
  (``FRBRthis``). *number* defaults to the title in ASCII (diacritics dropped, lower case, runs
  of other characters as ``-``, cut after the last whole word within 60 characters; ``policy``
  if nothing is left). A caller that knows a stable identifier (a store's policy id, a
  *diarienummer*) should pass it as *number*: titles change between revisions.
* **Dates.** The work date is that of the first decision of the history (the adoption, or
  the earliest decision known), the expression date that of the policy's latest decision
  (``policy.decision``; the first of the history when the policy has none), with
  ``FRBRdate/@name`` the decision's action in English
  (``adopted``, ``revised``, ``established``, ``decided``, ``repealed``; ``decision`` when it
  names none). Akoma Ntoso dates are full dates: a decision known only by its year is dated 1
  January of that year, its ``name`` says ``year only`` and its ``eventRef`` carries
  ``p:date-precision="year"`` (namespace ``urn:policyversions:policy``); the citation in the
  ``TLCEvent`` keeps the year-only form. With no decision at all, ``metadata.valid_from`` is
  used (``name="valid from"``), and failing that ``0001-01-01`` with ``name="unknown"``. The
  manifestation carries the expression date (the export is a pure function: it does not read
  the clock).
* **Authors.** The work's author is the organ of the first decision of the history, the
  expression's the organ of its dating decision; without decisions, a ``TLCOrganization``
  for ``metadata.owner`` (eId ``owner``) or else one with eId ``unknown``. The manifestation's
  author, and the ``source`` of identification, lifecycle, references and proprietary, is
  ``#policyversions`` (the software that made the markup).
* **Lifecycle.** *history* (default ``policy.decisions``) gives one ``eventRef`` each, oldest
  first: ``repeal`` for an ``upphävd`` decision, ``generation`` for the first decision
  unless it is a revision (``reviderad``: the policy existed before it), ``amendment``
  otherwise; ``source`` is the deciding organ's ``TLCOrganization`` and
  ``refersTo`` a ``TLCEvent`` whose ``showAs`` is the canonical citation
  (``Reviderad KF 2007-06-18 § 118``). No history, no ``lifecycle``.
* **Effective dates.** A decision that takes effect on another day than its own
  (``Decision.effective``) gets a second ``eventRef``, ``{event}_effective``, dated when it
  took effect and marked ``p:event="effective"``; ``temporalData`` then holds one
  ``temporalGroup`` (``tg_{n}``) per decision that was ever in force, whose ``timeInterval``
  (``refersTo`` the ``TLCConcept`` ``inforce``) starts at the event it took effect by (its own
  date when it gives no effective date) and ends at the event of the decision that followed
  it in force (open for the last one). A repealing decision ends the interval before it and
  opens none. A decision followed in force on the same day by another gets no interval.
* **References.** One ``TLCOrganization`` per organ (eId: the organ's slug in lower case, e.g.
  ``kf``; ``href`` ``/akn/ontology/organization/{country}/{slug}``; ``showAs`` the full name,
  ``shortForm`` the abbreviation), one ``TLCEvent`` per decision.
* **Metadata** is kept losslessly in ``proprietary`` as our policy format's ``<p:metadata>``.
* **Body.** A section is a ``section`` with its number as ``num`` (a provision: ``4 §``) and
  its ``heading``; a paragraph a ``paragraph`` with ``content``/``p``; a commitment list a
  ``list`` (``class`` ``bullet`` or ``number``) with an ``intro`` for the lead-in, one ``point``
  (``content``/``p``) per commitment, its label as written in ``num`` (a numbered list's
  unlabelled points are numbered ``1.``, ``2.``, …), and a ``wrapUp``; a point with points of
  its own has its text as ``intro`` and a nested ``list``. A table is a ``table`` (``tr``,
  ``th`` for header rows, ``td``, each cell's text in a ``p``) inside the ``content`` of an
  ``hcontainer name="table"`` (a table is a block element, not a hierarchy level). ``mainBody``
  must hold at least one element: an empty body is written as one empty ``<p/>``.
* **eIds** are our node ids, which already follow the Akoma Ntoso ``eId`` convention
  (``sec_4__list_1__point_2``: lowercase letters, digits and ``_``, levels joined by ``__``, so
  they are NCNames with no white space); an ``intro`` is ``{list}__intro`` and a ``wrapUp``
  ``{list}__wrapup``. Every eId in the document is unique (the schema requires it): an eId
  made up here that is already taken gets ``_2``, ``_3``, … appended.
* **Text** is written as element text through lxml, so markup in a heading (``<script>``) is
  escaped, never interpreted.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Sequence

from lxml import etree

from ..errors import ModelError
from ..model import (
    Action,
    Block,
    CommitmentList,
    Decision,
    Organ,
    Paragraph,
    Policy,
    Section,
    Table,
)
from . import policyxml

__all__ = ["AKN_NAMESPACE", "to_akn"]

AKN_NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
"""The Akoma Ntoso 3.0 namespace."""

_POLICY = policyxml.NAMESPACE
_NSMAP: dict[str | None, str] = {None: AKN_NAMESPACE}
_SOFTWARE = "policyversions"
_COUNTRY = re.compile(r"[a-z]{2}")
_LANGUAGE = re.compile(r"[a-z]{3}")
_NAME = re.compile(r"[a-z][a-z0-9-]{0,39}")
_NUMBER = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_ACTION_NAMES = {
    Action.ADOPTED: "adopted",
    Action.REVISED: "revised",
    Action.ESTABLISHED: "established",
    Action.DECIDED: "decided",
    Action.REPEALED: "repealed",
}


def _tag(name: str) -> str:
    return f"{{{AKN_NAMESPACE}}}{name}"


def to_akn(
    policy: Policy,
    *,
    history: Sequence[Decision] | None = None,
    country: str = "se",
    language: str = "swe",
    name: str = "policy",
    number: str | None = None,
) -> bytes:
    """Return *policy* as an Akoma Ntoso 3.0 ``doc``: UTF-8 bytes with an XML declaration.

    *history* is every decision of the policy's history, oldest first (default:
    ``policy.decisions``); each becomes a lifecycle ``eventRef``. *country* is the ISO 3166-1
    alpha-2 code in lower case, *language* the ISO 639-2 code of the text (``swe``, ``eng``),
    *name* the document kind (``doc/@name`` and ``FRBRsubtype``), *number* the last part of
    the work URI (default: from the title). The rules are in the module docstring.

    Raises :class:`~policyversions.errors.ModelError` for a malformed *country*, *language*,
    *name* or *number*, or a *history* that holds something other than decisions.
    """
    _check_argument("country", country, _COUNTRY, "two lowercase letters, e.g. 'se'")
    _check_argument("language", language, _LANGUAGE, "three lowercase letters, e.g. 'swe'")
    _check_argument("name", name, _NAME, "a lowercase word such as 'policy'")
    events = tuple(policy.decisions if history is None else history)
    for event in events:
        if not isinstance(event, Decision):
            raise ModelError(f"history must hold decisions, not {type(event).__name__}")
    work_number = _title_number(policy.title) if number is None else number
    _check_argument("number", work_number, _NUMBER, "lowercase letters, digits, '.', '_', '-'")
    return _Writer(policy, events, country, language, name, work_number).write()


def _check_argument(what: str, value: object, pattern: re.Pattern[str], expected: str) -> None:
    if not isinstance(value, str) or pattern.fullmatch(value) is None:
        raise ModelError(f"invalid {what} {value!r} for Akoma Ntoso: use {expected}")


def _title_number(title: str, width: int = 60) -> str:
    """The default work number: the title's slug, cut after its last whole word that fits in
    *width* characters (a single longer word is cut at *width*); ``policy`` if nothing is left."""
    slug = _slug(title)
    if len(slug) > width:
        cut = slug.rfind("-", 0, width + 1)
        slug = slug[:cut] if cut > 0 else slug[:width]
    return slug.strip("-") or "policy"


def _slug(text: str) -> str:
    """ASCII, lower case, every run of other characters one ``-``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")


def _decision_date(decision: Decision) -> tuple[datetime.date, bool]:
    """The decision's date, and whether it is only known by its year."""
    if decision.date is not None:
        return decision.date, False
    return datetime.date(decision.year, 1, 1), True


def _date_name(decision: Decision) -> str:
    action = "decision" if decision.action is None else _ACTION_NAMES[decision.action]
    return action if decision.date is not None else f"{action}, year only"


class _EIds:
    """Hands out eIds that are unique in the document."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)

    def claim(self, base: str) -> str:
        """Return *base*, or *base* with ``_2``, ``_3``, … when it is taken, and take it."""
        candidate, counter = base, 1
        while candidate in self.taken:
            counter += 1
            candidate = f"{base}_{counter}"
        self.taken.add(candidate)
        return candidate


class _Writer:
    """Builds one Akoma Ntoso document."""

    def __init__(
        self,
        policy: Policy,
        history: tuple[Decision, ...],
        country: str,
        language: str,
        name: str,
        number: str,
    ) -> None:
        self.policy = policy
        self.history = history
        self.country = country
        self.language = language
        self.name = name
        self.number = number
        self.eids = _EIds(node.id for node in policy.walk())
        self.software = self.eids.claim(_SOFTWARE)
        self.organs: dict[Organ, str] = {}
        organs = [decision.organ for decision in (*history, *policy.decisions)]
        for organ in organs:
            if organ not in self.organs:
                self.organs[organ] = self.eids.claim(organ.slug.lower())
        self.fallback_author: tuple[str, str] | None = None  # (eId, showAs)
        if not organs:
            owner = policy.metadata.owner
            eid = self.eids.claim("owner" if owner else "unknown")
            self.fallback_author = (eid, owner or "unknown")

    # ----------------------------------------------------------------------------------------

    def write(self) -> bytes:
        """Return the whole document."""
        root = etree.Element(_tag("akomaNtoso"), nsmap=_NSMAP)  # type: ignore[arg-type]
        doc = etree.SubElement(root, _tag("doc"), name=self.name)
        self.meta(etree.SubElement(doc, _tag("meta")))
        self.preface(etree.SubElement(doc, _tag("preface")))
        body = etree.SubElement(doc, _tag("mainBody"))
        for block in self.policy.body:
            self.block(body, block)
        if not self.policy.body:
            etree.SubElement(body, _tag("p"))
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    # ----------------------------------------------------------------------------------------
    # Metadata

    def meta(self, meta: etree._Element) -> None:
        """Write identification, lifecycle, temporal data, references and proprietary."""
        event_ids = [self.eids.claim(f"dec_{n}") for n in range(1, len(self.history) + 1)]
        self.identification(meta)
        in_force: list[tuple[datetime.date, int, str]] = []  # (from, position, eventRef eId)
        if self.history:
            lifecycle = etree.SubElement(meta, _tag("lifecycle"), source=f"#{self.software}")
            for number, (decision, event_id) in enumerate(
                zip(self.history, event_ids, strict=True), start=1
            ):
                start, reference = self.event(lifecycle, decision, event_id, first=number == 1)
                in_force.append((start, number - 1, reference))
        in_force_concept = self.eids.claim("inforce") if in_force else None
        if in_force_concept is not None:
            self.temporal_data(meta, sorted(in_force), in_force_concept)
        references = etree.SubElement(meta, _tag("references"), source=f"#{self.software}")
        self.organization(references, self.software, f"/akn/ontology/organization/{_SOFTWARE}")
        for organ, eid in self.organs.items():
            self.organization(
                references,
                eid,
                f"/akn/ontology/organization/{self.country}/{eid}",
                show_as=organ.name or organ.abbreviation or eid,
                short_form=organ.abbreviation,
            )
        if self.fallback_author is not None:
            eid, show_as = self.fallback_author
            self.organization(
                references, eid, f"/akn/ontology/organization/{self.country}/{eid}", show_as
            )
        for decision, event_id in zip(self.history, event_ids, strict=True):
            etree.SubElement(
                references,
                _tag("TLCEvent"),
                eId=event_id,
                href=f"/akn/ontology/event/{self.country}/{decision.slug.lower()}",
                showAs=str(decision),
            )
        if in_force_concept is not None:
            etree.SubElement(
                references,
                _tag("TLCConcept"),
                eId=in_force_concept,
                href="/akn/ontology/concept/inForce",
                showAs="in force",
            )
        proprietary = etree.SubElement(
            meta, _tag("proprietary"), source=f"#{self.software}", nsmap={"p": _POLICY}
        )
        policyxml.write_metadata(proprietary, self.policy.metadata)

    def organization(
        self,
        parent: etree._Element,
        eid: str,
        href: str,
        show_as: str | None = None,
        short_form: str | None = None,
    ) -> None:
        """Write one ``TLCOrganization``."""
        element = etree.SubElement(
            parent, _tag("TLCOrganization"), eId=eid, href=href, showAs=show_as or eid
        )
        if short_form is not None:
            element.set("shortForm", short_form)

    def author(self, decision: Decision | None) -> str:
        """The ``href`` of the organ that made *decision* (or the fallback author)."""
        if decision is not None:
            return f"#{self.organs[decision.organ]}"
        assert self.fallback_author is not None
        return f"#{self.fallback_author[0]}"

    def identification(self, meta: etree._Element) -> None:
        """Write the FRBR Work, Expression and Manifestation."""
        first = self.history[0] if self.history else self.policy.decision
        dating = self.policy.decision or first
        work_date, work_date_name = self.dated(first)
        expression_date, expression_date_name = self.dated(dating)
        work_uri = f"/akn/{self.country}/doc/{self.name}/{work_date.isoformat()}/{self.number}"
        expression_uri = f"{work_uri}/{self.language}@{expression_date.isoformat()}"
        identification = etree.SubElement(meta, _tag("identification"), source=f"#{self.software}")

        work = etree.SubElement(identification, _tag("FRBRWork"))
        self.core(
            work, f"{work_uri}/!main", work_uri, work_date, work_date_name, self.author(first)
        )
        _value(work, "FRBRcountry", self.country)
        _value(work, "FRBRsubtype", self.name)
        _value(work, "FRBRnumber", self.number)
        _value(work, "FRBRname", self.policy.title)

        expression = etree.SubElement(identification, _tag("FRBRExpression"))
        self.core(
            expression,
            f"{expression_uri}/!main",
            expression_uri,
            expression_date,
            expression_date_name,
            self.author(dating),
        )
        etree.SubElement(expression, _tag("FRBRlanguage"), language=self.language)

        manifestation = etree.SubElement(identification, _tag("FRBRManifestation"))
        self.core(
            manifestation,
            f"{expression_uri}/!main.xml",
            f"{expression_uri}.akn",
            expression_date,
            expression_date_name,
            f"#{self.software}",
        )
        _value(manifestation, "FRBRformat", "application/akn+xml")

    def dated(self, decision: Decision | None) -> tuple[datetime.date, str]:
        """The date (and ``FRBRdate/@name``) that *decision*, or the metadata, gives."""
        if decision is not None:
            return _decision_date(decision)[0], _date_name(decision)
        if self.policy.metadata.valid_from is not None:
            return self.policy.metadata.valid_from, "valid from"
        return datetime.date(1, 1, 1), "unknown"

    def core(
        self,
        parent: etree._Element,
        this: str,
        uri: str,
        date: datetime.date,
        date_name: str,
        author: str,
    ) -> None:
        """Write ``FRBRthis``, ``FRBRuri``, ``FRBRdate`` and ``FRBRauthor``."""
        _value(parent, "FRBRthis", this)
        _value(parent, "FRBRuri", uri)
        etree.SubElement(parent, _tag("FRBRdate"), date=_xsd_date(date), name=date_name)
        etree.SubElement(parent, _tag("FRBRauthor"), href=author)

    def temporal_data(
        self,
        meta: etree._Element,
        in_force: list[tuple[datetime.date, int, str]],
        concept: str,
    ) -> None:
        """Write one ``temporalGroup`` per decision that was in force (module docstring);
        *in_force* is ``(from, position in the history, eventRef eId)`` sorted by date."""
        groups: list[tuple[str, str | None]] = []
        for place, (start, position, reference) in enumerate(in_force):
            later = [entry for entry in in_force[place + 1 :] if entry[0] > start]
            if self.history[position].action is Action.REPEALED:
                continue
            if place + 1 < len(in_force) and in_force[place + 1][0] == start:
                continue  # followed in force on the same day: never in force alone
            groups.append((reference, later[0][2] if later else None))
        if not groups:
            return
        temporal = etree.SubElement(meta, _tag("temporalData"), source=f"#{self.software}")
        for number, (start_ref, end_ref) in enumerate(groups, start=1):
            group = etree.SubElement(
                temporal, _tag("temporalGroup"), eId=self.eids.claim(f"tg_{number}")
            )
            interval = etree.SubElement(
                group, _tag("timeInterval"), start=f"#{start_ref}", refersTo=f"#{concept}"
            )
            if end_ref is not None:
                interval.set("end", f"#{end_ref}")

    def event(
        self, parent: etree._Element, decision: Decision, event_id: str, *, first: bool
    ) -> tuple[datetime.date, str]:
        """Write the ``eventRef`` of one decision (and of when it took effect, if on another
        day); return the date it took effect and the eId of the event it took effect by."""
        date, year_only = _decision_date(decision)
        if decision.action is Action.REPEALED:
            kind = "repeal"
        elif first and decision.action is not Action.REVISED:
            kind = "generation"
        else:
            kind = "amendment"
        element = etree.SubElement(
            parent,
            _tag("eventRef"),
            eId=self.eids.claim(f"evt_{event_id.removeprefix('dec_')}"),
            date=_xsd_date(date),
            source=self.author(decision),
            refersTo=f"#{event_id}",
            type=kind,
        )
        if year_only:
            element.set(f"{{{_POLICY}}}date-precision", "year")
        event_eid = element.get("eId", "")
        if decision.effective is None or decision.effective == date:
            return date, event_eid
        effective = etree.SubElement(
            parent,
            _tag("eventRef"),
            eId=self.eids.claim(f"{event_eid}_effective"),
            date=_xsd_date(decision.effective),
            source=self.author(decision),
            refersTo=f"#{event_id}",
            type=kind,
        )
        effective.set(f"{{{_POLICY}}}event", "effective")
        return decision.effective, effective.get("eId", "")

    # ----------------------------------------------------------------------------------------
    # Preface and body

    def preface(self, preface: etree._Element) -> None:
        """Write the title and the policy's own decisions."""
        title = etree.SubElement(preface, _tag("p"), {"class": "title"})
        title.text = ""  # mixed content: no indentation around the inline element
        etree.SubElement(title, _tag("docTitle")).text = self.policy.title
        for decision in self.policy.decisions:
            line = etree.SubElement(preface, _tag("p"), {"class": "decision"})
            line.text = ""
            date = etree.SubElement(
                line, _tag("docDate"), date=_xsd_date(_decision_date(decision)[0])
            )
            date.text = str(decision)

    def block(self, parent: etree._Element, block: Block) -> None:
        """Write a section, paragraph, commitment list or table."""
        if isinstance(block, Section):
            section = etree.SubElement(parent, _tag("section"), eId=block.id)
            if block.number is not None:
                etree.SubElement(section, _tag("num")).text = block.number
            if block.heading is not None:
                etree.SubElement(section, _tag("heading")).text = block.heading
            for child in block.children:
                self.block(section, child)
            if not block.children:
                etree.SubElement(etree.SubElement(section, _tag("content")), _tag("p"))
        elif isinstance(block, Paragraph):
            paragraph = etree.SubElement(parent, _tag("paragraph"), eId=block.id)
            _content(paragraph, "content", block.text)
        elif isinstance(block, Table):
            self.table(parent, block)
        else:
            self.commitment_list(parent, block)

    def commitment_list(self, parent: etree._Element, block: CommitmentList) -> None:
        """Write a ``list`` with its ``intro``, ``point`` items and ``wrapUp``; a point with
        points of its own holds its text as ``intro`` and its sublist as a nested ``list``."""
        element = etree.SubElement(parent, _tag("list"), {"eId": block.id, "class": block.style})
        if block.lead_in is not None:
            intro = _content(element, "intro", block.lead_in)
            intro.set("eId", self.eids.claim(f"{block.id}__intro"))
        for number, item in enumerate(block.items, start=1):
            point = etree.SubElement(element, _tag("point"), eId=item.id)
            label = item.label
            if label is None and block.style == "number":
                label = f"{number}."
            if label is not None:
                etree.SubElement(point, _tag("num")).text = label
            if item.sublist is None:
                _content(point, "content", item.text)
            else:
                intro = _content(point, "intro", item.text)
                intro.set("eId", self.eids.claim(f"{item.id}__intro"))
                self.commitment_list(point, item.sublist)
        if block.wrap_up is not None:
            wrap_up = _content(element, "wrapUp", block.wrap_up)
            wrap_up.set("eId", self.eids.claim(f"{block.id}__wrapup"))

    def table(self, parent: etree._Element, table: Table) -> None:
        """Write a table: an ``hcontainer name="table"`` whose ``content`` holds the ``table``
        (a block element in Akoma Ntoso), header rows with ``th`` cells, others with ``td``."""
        container = etree.SubElement(
            parent, _tag("hcontainer"), name="table", eId=self.eids.claim(f"{table.id}__box")
        )
        content = etree.SubElement(container, _tag("content"))
        element = etree.SubElement(content, _tag("table"), eId=table.id)
        if table.caption is not None:
            etree.SubElement(element, _tag("caption")).text = table.caption
        for row in table.rows:
            line = etree.SubElement(element, _tag("tr"), eId=row.id)
            for cell in row.cells:
                box = etree.SubElement(line, _tag("th" if row.header else "td"), eId=cell.id)
                if cell.text:
                    etree.SubElement(box, _tag("p")).text = cell.text


def _value(parent: etree._Element, name: str, value: str) -> None:
    etree.SubElement(parent, _tag(name), value=value)


def _content(parent: etree._Element, name: str, text: str) -> etree._Element:
    """Write ``<name><p>text</p></name>`` and return the outer element."""
    element = etree.SubElement(parent, _tag(name))
    etree.SubElement(element, _tag("p")).text = text
    return element


def _xsd_date(date: datetime.date) -> str:
    """``YYYY-MM-DD`` with the four-digit year that ``xsd:date`` needs (``0001-01-01``)."""
    return f"{date.year:04d}-{date.month:02d}-{date.day:02d}"
