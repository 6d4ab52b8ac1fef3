"""The register's index page: every policy with its title, status, latest decision, the date
that decision takes effect and its number of revisions.

The table is complete without a script, sorted by title. A small inline script
(:data:`SCRIPT`, allowed by the page's Content-Security-Policy by its hash, and by nothing
else) adds a search field, a status filter and sorting by any column; every word it shows
comes from the words module through the table's ``data-`` attributes, so the script is the same
in every language.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from ..render.htmlpage import Quoted, decision_text, element
from ..render.words import words_for
from . import paths
from .sitepage import anchor, fill, plural, site_page
from .state import PolicyState

SCRIPT = """(function () {
  "use strict";
  var table = document.getElementById("register");
  if (!table || !table.tHead || !table.tBodies.length) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var words = table.dataset;
  var controls = document.createElement("div");
  controls.className = "controls";
  controls.id = "register-controls";
  function labelled(text, field) {
    var label = document.createElement("label");
    label.appendChild(document.createTextNode(text + " "));
    label.appendChild(field);
    controls.appendChild(label);
  }
  var search = document.createElement("input");
  search.type = "search";
  labelled(words.filter, search);
  var select = document.createElement("select");
  var all = document.createElement("option");
  all.value = "";
  all.textContent = words.all;
  select.appendChild(all);
  var seen = {};
  rows.forEach(function (row) {
    var status = row.dataset.status;
    if (!seen[status]) {
      seen[status] = true;
      var option = document.createElement("option");
      option.value = status;
      option.textContent = row.dataset.statusText;
      select.appendChild(option);
    }
  });
  labelled(words.statusFilter, select);
  var count = document.createElement("output");
  count.setAttribute("aria-live", "polite");
  controls.appendChild(count);
  table.parentNode.insertBefore(controls, table);
  function filter() {
    var query = search.value.trim().toLocaleLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var visible = (!select.value || row.dataset.status === select.value) &&
        (!query || row.textContent.toLocaleLowerCase().indexOf(query) >= 0);
      row.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    count.textContent = words.shown.replace("{shown}", shown).replace("{total}", rows.length);
  }
  search.addEventListener("input", filter);
  select.addEventListener("change", filter);
  var collator = new Intl.Collator(document.documentElement.lang, {numeric: true});
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (header, column) {
    var button = document.createElement("button");
    button.type = "button";
    while (header.firstChild) { button.appendChild(header.firstChild); }
    header.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = header.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = a.cells[column], y = b.cells[column];
        var order = collator.compare(x.dataset.sort || x.textContent,
                                     y.dataset.sort || y.textContent);
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  filter();
})();
"""


def status_text(state: PolicyState, lang: str) -> str:
    """The policy's status in words, with the next change when one is decided: ``i kraft (ny
    lydelse från 2026-07-01)``."""
    words = words_for(lang).publish
    text = words[f"status_{state.banner.status}"]
    upcoming = state.banner.upcoming
    if upcoming and state.banner.status == "in_force":
        line = upcoming[0]
        key = "upcoming_repeal_status" if line.kind == "upcoming_repeal" else "upcoming_status"
        text = f"{text} ({words[key].format(date=line.date.isoformat())})"
    return text


_SWEDISH_LAST = str.maketrans({"å": "{", "ä": "|", "ö": "}"})  # after z


def sort_key(state: PolicyState, lang: str = "sv") -> tuple[str, str]:
    """The order of the index: by title as *lang* sorts it (case and accents aside; in Swedish
    å, ä and ö after z), then by policy id."""
    title = state.title.casefold()
    if lang == "sv":
        title = title.translate(_SWEDISH_LAST)
    title = "".join(
        char for char in unicodedata.normalize("NFKD", title) if not unicodedata.combining(char)
    )
    return (title, state.policy_id)


def render_index(states: Sequence[PolicyState], lang: str) -> bytes:
    """The index page of a register of *states*, in *lang*, as UTF-8 HTML."""
    words = words_for(lang).publish
    source = paths.INDEX
    title = words["register_title"]
    site = site_page(
        title, lang, [(title,)], script=SCRIPT, wide=True,
        feed=(paths.FEED, words["register_feed_title"]),
    )
    body = site.body
    header = element(body, "header")
    element(header, "p", words["register_kicker"], class_="kicker")
    element(header, "h1", title)
    intro = element(header, "p")
    fill(intro, plural(lang, "documents", len(states)))
    feed = element(header, "p", class_="screen-only")
    anchor(paths.FEED, words["feed"], type="application/atom+xml")(feed)
    main = element(body, "main")
    table = element(
        main,
        "table",
        id="register",
        class_="listing register",
        data_filter=words["filter"],
        data_all=words["all_statuses"],
        data_status_filter=words["status_filter"],
        data_shown=words["shown"],
    )
    head = element(element(table, "thead"), "tr")
    columns = ("title", "status", "latest", "effective", "revisions")
    for column in columns:
        cell = element(head, "th", words[f"column_{column}"], scope="col")
        if column == "revisions":
            cell.set("class", "number")
        if column == "title":
            cell.set("aria-sort", "ascending")
    rows = element(table, "tbody")
    for state in sorted(states, key=lambda state: sort_key(state, lang)):
        status = status_text(state, lang)
        row = element(rows, "tr", data_status=state.banner.status, data_status_text=status)
        cell = element(row, "td", data_sort=state.title)
        anchor(paths.link(source, paths.policy_page(state.policy_id)), Quoted(state.title))(cell)
        element(cell, "span", state.policy_id, class_="sub")
        element(row, "td", status, class_="status", data_sort=state.banner.status)
        latest = state.latest
        cell = element(row, "td")
        href = paths.link(source, paths.revision_page(state.policy_id, latest.number))
        anchor(href, Quoted(decision_text(latest.decision, lang, effective=False)))(cell)
        date = latest.in_force_from.isoformat()
        element(row, "td", date, class_="date", data_sort=date)
        element(row, "td", str(len(state.revisions)), class_="number")
    return site.to_bytes()


__all__ = ["SCRIPT", "render_index", "sort_key", "status_text"]
