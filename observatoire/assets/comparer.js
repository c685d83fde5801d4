/* Observatoire du Partage — « Comparer des initiatives » (comparer.html?i=slug1,slug2…).
 *
 * The initiatives compared are the address's (i=, comma-separated slugs), or else the
 * selection kept in the browser (window.OBS_COMPARE, comparer-selection.js); the address
 * and the selection are then made the same, so that the address can be kept or sent.
 *
 * Each initiative's data comes from one data file (assets/observatoire/comparer/<n>.js,
 * loaded with a <script> tag, not fetched, so that the page works from file://), which
 * comparer-donnees.js, in the page's head, loads (it starts with those of the address before
 * this script runs). Every value is a text as the site shows it, or null for a fact the
 * record does not give.
 *
 * The page's settings (where the files are, their number, the grid, the rows, the
 * catalog's compare.script.* texts) are the JSON of #obs-comparer-config.
 *
 * Record text only ever goes into the page as text (textContent, createTextNode,
 * setAttribute): never as HTML. Addresses are put in links only when they are http(s).
 */
(function () {
  "use strict";
  var root = document.getElementById("obs-comparer");
  var configElement = document.getElementById("obs-comparer-config");
  if (!root || !configElement) return;
  var C;
  try { C = JSON.parse(configElement.textContent); } catch (e) { return; }
  var SEL = window.OBS_COMPARE || null;
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var SVG = "http://www.w3.org/2000/svg";
  var hasOwn = function (o, k) { return o !== null && typeof o === "object" && Object.prototype.hasOwnProperty.call(o, k); };

  // --- texts (the catalog's, as observatoire.core.i18n.Texts gives them) -------------------

  var TEXTS = C.textes || {};
  var PLURAL = window.Intl && Intl.PluralRules ? new Intl.PluralRules(C.langue) : null;

  function T(name, params) {
    var entry = hasOwn(TEXTS, name) ? TEXTS[name] : name;
    if (entry && typeof entry === "object") {
      var form = params && hasOwn(params, "n") && PLURAL ? PLURAL.select(params.n) : "other";
      entry = hasOwn(entry, form) ? entry[form] : entry.other;
    }
    if (!params) return entry;
    return String(entry).replace(/\{(\w+)\}/g, function (m, k) { return hasOwn(params, k) ? String(params[k]) : m; });
  }

  // --- the data files (comparer-donnees.js, in the page's head) -----------------------------

  var DATA = window.OBS_COMPARE_DATA || null;

  /** Load the files of these slugs, then done(). */
  function load(slugs, done) {
    if (DATA) DATA.load(slugs, done);
    else done();
  }

  function recordOf(slug) {
    return DATA ? DATA.record(slug) : null;
  }

  // --- the address -------------------------------------------------------------------------

  /** The slugs of the address's i=, or null when it has none. */
  function fromAddress() {
    var params;
    try { params = new URLSearchParams(window.location.search); } catch (e) { return null; }
    if (!params.has("i")) return null;
    var out = [];
    params.get("i").split(",").forEach(function (s) {
      s = s.trim();
      if (SLUG.test(s) && out.indexOf(s) < 0) out.push(s);
    });
    return out;
  }

  function address(slugs) {
    var path = window.location.pathname.split("/").pop() || "comparer.html";
    return path + (slugs.length ? "?i=" + slugs.join(",") : "");
  }

  function setAddress(slugs) {
    try { window.history.replaceState(null, "", address(slugs)); } catch (e) { /* the link below still says it */ }
  }

  // --- small builders ------------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /** A record's own text in another language than the page's (record.langue, record.langue_titre:
   * on a page of the English version, a French record's text) marked with its language. */
  function own(node, language) {
    if (language) node.setAttribute("lang", language);
    return node;
  }

  /** A catalog text asked for with {title: TITLE} (T(name, {title: TITLE, ...})) as an element of
   * ``className`` whose TITLE is the record's title, marked with its language when it is another
   * than the page's (record.langue_titre). */
  var TITLE = "\u0000";
  function withTitle(className, text, record) {
    var node = el("span", className);
    var parts = text.split(TITLE);
    parts.forEach(function (part, k) {
      if (k) node.appendChild(own(el("span", "", record.titre), record.langue_titre));
      if (part) node.appendChild(document.createTextNode(part));
    });
    return node;
  }

  function unknown(text) { return el("span", "obs-na", text || C.inconnu); }

  function safeUrl(url) { return typeof url === "string" && /^https?:\/\//i.test(url) ? url : ""; }

  var COLOURS = ["#283593", "#ad1457", "#2e7d32", "#5d4037", "#00695c", "#4a148c"];

  /** The marker of the initiative in column i (0-based): a numbered shape, the same in the
   * chart, its legend and the column's header. Drawn centred on (x, y). */
  function marker(i, x, y) {
    var g = document.createElementNS(SVG, "g");
    g.setAttribute("class", "obs-cmp-marque obs-cmp-marque--" + (i + 1));
    var shape;
    var r = 7.5;
    switch (i % 4) {
      case 0:
        shape = document.createElementNS(SVG, "circle");
        shape.setAttribute("cx", x); shape.setAttribute("cy", y); shape.setAttribute("r", r);
        break;
      case 1:
        shape = document.createElementNS(SVG, "rect");
        shape.setAttribute("x", x - r + 0.5); shape.setAttribute("y", y - r + 0.5);
        shape.setAttribute("width", 2 * r - 1); shape.setAttribute("height", 2 * r - 1);
        break;
      case 2:
        shape = document.createElementNS(SVG, "polygon");
        shape.setAttribute("points", [x, y - r - 1.5, x + r + 1.5, y, x, y + r + 1.5, x - r - 1.5, y].join(" "));
        break;
      default:
        shape = document.createElementNS(SVG, "polygon");
        shape.setAttribute("points", [x, y - r - 1.5, x + r + 1.5, y + r - 0.5, x - r - 1.5, y + r - 0.5].join(" "));
    }
    shape.setAttribute("fill", COLOURS[i % COLOURS.length]);
    g.appendChild(shape);
    var label = document.createElementNS(SVG, "text");
    label.setAttribute("x", x);
    label.setAttribute("y", y + (i % 4 === 3 ? 5.5 : 4));
    label.setAttribute("text-anchor", "middle");
    label.setAttribute("class", "obs-cmp-marque__numero");
    label.textContent = String(i + 1);
    g.appendChild(label);
    return g;
  }

  /** The marker alone, as a small image beside a title (hidden from screen readers: the
   * title and the column say the same). */
  function markerIcon(i) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 20 20");
    svg.setAttribute("width", "20");
    svg.setAttribute("height", "20");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "obs-cmp-icone");
    svg.appendChild(marker(i, 10, 10));
    return svg;
  }

  // --- the chart -----------------------------------------------------------------------------

  function chart(records) {
    var n = records.length;
    var min = C.echelle.min, max = C.echelle.max;
    var levels = max - min + 1;
    // on a phone, each criterion's name goes above its row, full width, so that the chart is
    // drawn near 1:1 and its words stay legible (beside the row, the chart shrank to half).
    // Asked of the window: below 1,220 px the theme shows no side bar, so the comparison is as
    // wide as the window less some 40 px of margins. Asking the page (root.clientWidth) would
    // force a layout of the whole page before the comparison is in it (15 to 17 ms on the
    // benchmark's 2-core machine, from file://).
    var narrow = window.matchMedia ? window.matchMedia("(max-width: 37.5em)").matches : window.innerWidth < 600;
    var labelWidth = narrow ? 0 : 250, column = narrow ? 50 : 64, rowHeight = narrow ? 46 : 30, top = 28, gap = 16;
    var first = narrow ? 4 : labelWidth + 10;
    var notEvaluatedX = first + levels * column + gap + column / 2;
    var width = first + (levels + 1) * column + gap + (narrow ? 30 : 6);  // room for « non évalué »
    var height = top + C.criteres.length * rowHeight + 6;
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "obs-chart obs-cmp-graphique");
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-labelledby", "obs-cmp-graphique-t obs-cmp-graphique-d");
    var title = document.createElementNS(SVG, "title");
    title.id = "obs-cmp-graphique-t";
    title.textContent = T("compare.script.chart_title");
    var desc = document.createElementNS(SVG, "desc");
    desc.id = "obs-cmp-graphique-d";
    desc.textContent = T("compare.script.chart_desc");
    svg.appendChild(title);
    svg.appendChild(desc);

    function text(x, y, content, className, anchor) {
      var t = document.createElementNS(SVG, "text");
      t.setAttribute("x", x);
      t.setAttribute("y", y);
      if (anchor) t.setAttribute("text-anchor", anchor);
      t.setAttribute("class", className);
      t.textContent = content;
      svg.appendChild(t);
      return t;
    }
    function line(x1, y1, x2, y2, className) {
      var l = document.createElementNS(SVG, "line");
      l.setAttribute("x1", x1); l.setAttribute("y1", y1); l.setAttribute("x2", x2); l.setAttribute("y2", y2);
      l.setAttribute("class", className);
      svg.appendChild(l);
    }
    function xOf(score) { return first + (score - min) * column + column / 2; }

    C.criteres.forEach(function (criterion, row) {
      if (row % 2 === 0) {
        var band = document.createElementNS(SVG, "rect");
        band.setAttribute("x", 0); band.setAttribute("y", top + row * rowHeight);
        band.setAttribute("width", width); band.setAttribute("height", rowHeight);
        band.setAttribute("class", "obs-cmp-graphique__bande");
        svg.appendChild(band);
      }
    });
    for (var s = min; s <= max; s++) {
      text(xOf(s), top - 10, T("compare.script.score", { score: s, max: max }), "obs-chart__label", "middle");
      line(xOf(s), top, xOf(s), height - 6, "obs-cmp-graphique__repere");
    }
    text(notEvaluatedX, top - 10, C.non_evalue, "obs-chart__na", "middle");
    line(notEvaluatedX, top, notEvaluatedX, height - 6, "obs-cmp-graphique__repere obs-cmp-graphique__repere--na");

    C.criteres.forEach(function (criterion, row) {
      var y = top + row * rowHeight + rowHeight / 2;
      var label = criterion.libelle.length > 36 ? criterion.libelle.slice(0, 34) + "…" : criterion.libelle;
      if (narrow) {
        text(first, top + row * rowHeight + 14, label, "obs-chart__label", "start");
        y += 8;
      } else {
        text(labelWidth - 4, y + 4.5, label, "obs-chart__label", "end");
      }
      records.forEach(function (record, i) {
        var found = hasOwn(record.grille, criterion.id) ? record.grille[criterion.id] : null;
        var x = (found ? xOf(found[0]) : notEvaluatedX) + (i - (n - 1) / 2) * 15;
        svg.appendChild(marker(i, x, y));
      });
    });
    return svg;
  }

  // --- the table -----------------------------------------------------------------------------

  /** The value of a row for one record, for telling whether the records differ. */
  function valueOf(record, row) {
    if (row.type === "critere") {
      var found = record.grille[row.id.slice("grille.".length)];
      return found ? found[0] : null;
    }
    if (row.type === "lieu") return record.lieu.texte;
    return record[row.id];
  }

  function differ(records, row) {
    if (records.length < 2 || row.type === "sources") return false;
    var first = JSON.stringify(valueOf(records[0], row));
    return records.some(function (r) { return JSON.stringify(valueOf(r, row)) !== first; });
  }

  function list(items, ordered) {
    var out = el(ordered ? "ol" : "ul", "obs-cmp-liste");
    items.forEach(function (item) { out.appendChild(el("li", "", item)); });
    return out;
  }

  function cell(record, row, column) {
    var td = el("td");
    var value;
    switch (row.type) {
      case "lieu":
        td.appendChild(document.createTextNode(record.lieu.texte));
        if (record.lieu.local) {
          td.appendChild(document.createTextNode(" "));
          var local = el("span", "", T("compare.script.local_name", { name: record.lieu.local }));
          if (record.lieu.langue) local.setAttribute("lang", record.lieu.langue);
          td.appendChild(local);
        }
        break;
      case "texte":
        value = record[row.id];
        td.appendChild(value ? (row.propre ? own(el("span", "", value), record.langue) : document.createTextNode(value)) : unknown());
        break;
      case "liste":
      case "etapes":
        value = record[row.id] || [];
        td.appendChild(value.length ? own(list(value, row.type === "etapes"), row.propre && record.langue) : unknown());
        break;
      case "critere":
        criterionCell(td, record, row, column);
        break;
      case "sources":
        var sources = el("ol", "obs-cmp-liste obs-cmp-sources");
        (record.sources || []).forEach(function (source, k) {
          var item = el("li");
          item.id = "obs-cmp-" + (column + 1) + "-source-" + (k + 1);
          var url = safeUrl(source.url);
          if (url) {
            var a = own(el("a", "", source.titre), record.langue);
            a.setAttribute("href", url);
            a.setAttribute("rel", "noopener noreferrer");
            item.appendChild(a);
          } else {
            item.appendChild(record.langue ? own(el("span", "", source.titre), record.langue) : document.createTextNode(source.titre));
          }
          item.appendChild(document.createTextNode(source.suite || ""));
          sources.appendChild(item);
        });
        td.appendChild(sources);
        break;
    }
    return td;
  }

  function criterionCell(td, record, row, column) {
    var id = row.id.slice("grille.".length);
    var criterion = C.criteres.filter(function (c) { return c.id === id; })[0];
    var found = hasOwn(record.grille, id) ? record.grille[id] : null;
    if (!found) {
      td.appendChild(unknown(C.non_evalue));
      return;
    }
    var level = el("p", "obs-cmp-niveau");
    level.appendChild(el("strong", "", T("compare.script.score", { score: found[0], max: C.echelle.max })));
    var meaning = criterion && hasOwn(criterion.niveaux, String(found[0])) ? criterion.niveaux[String(found[0])] : "";
    if (meaning) level.appendChild(document.createTextNode(" — " + meaning));
    td.appendChild(level);
    if (found[1]) {
      var details = el("details", "obs-cmp-justification obs-no-print");
      var summary = el("summary", "", T("compare.script.justification"));
      summary.appendChild(withTitle("obs-sr-only", T("compare.script.justification_of", { criterion: row.libelle, title: TITLE }), record));
      details.appendChild(summary);
      details.appendChild(own(el("p", "", found[1]), record.langue));
      td.appendChild(details);
      var printed = el("p", "obs-cmp-imprime");  // the same, on paper, where details cannot open
      printed.appendChild(el("em", "", T("compare.script.justification") + " : "));
      printed.appendChild(record.langue ? own(el("span", "", found[1]), record.langue) : document.createTextNode(found[1]));
      td.appendChild(printed);
    }
    if (found[2] && found[2].length) {
      var sources = el("p", "obs-cmp-notesources", T("compare.script.score_sources") + " ");
      found[2].forEach(function (number, k) {
        if (k) sources.appendChild(document.createTextNode(" "));
        var a = el("a", "", "[" + number + "]");
        a.setAttribute("href", "#obs-cmp-" + (column + 1) + "-source-" + number);
        sources.appendChild(a);
      });
      td.appendChild(sources);
    }
  }

  function table(records, slugs) {
    var n = records.length;
    var t = el("table", "obs-cmp-table obs-cmp-table--" + n);
    t.appendChild(el("caption", "obs-sr-only", T("compare.script.caption", { n: n })));
    var head = el("thead");
    var tr = el("tr");
    tr.appendChild(el("td", "obs-cmp-coin"));
    records.forEach(function (record, i) {
      var th = el("th", "obs-cmp-colonne");
      th.setAttribute("scope", "col");
      var name = el("span", "obs-cmp-colonne__titre");
      name.appendChild(markerIcon(i));
      name.appendChild(document.createTextNode(" "));
      var a = own(el("a", "", record.titre), record.langue_titre);
      a.setAttribute("href", C.fiches + slugs[i] + ".html");
      name.appendChild(a);
      th.appendChild(name);
      th.appendChild(el("span", "obs-cmp-colonne__lieu", record.lieu.texte));
      var remove = el("button", "obs-cmp-retirer obs-no-print", T("compare.script.remove"));
      remove.type = "button";
      remove.setAttribute("data-cmp-remove", slugs[i]);
      remove.appendChild(withTitle("obs-sr-only", T("compare.script.remove_what", { title: TITLE }), record));
      th.appendChild(remove);
      tr.appendChild(th);
    });
    head.appendChild(tr);
    t.appendChild(head);

    C.groupes.forEach(function (group) {
      var body = el("tbody");
      var alone = group.lignes.length === 1 && group.lignes[0].libelle === group.titre;
      if (!alone) {
        var groupRow = el("tr", "obs-cmp-groupe");
        var gth = el("th", "", group.titre);
        gth.setAttribute("scope", "rowgroup");
        gth.setAttribute("colspan", String(n + 1));
        groupRow.appendChild(gth);
        body.appendChild(groupRow);
      }
      group.lignes.forEach(function (row) {
        var different = differ(records, row);
        var r = el("tr", different ? "obs-cmp-differe" : (n > 1 && row.type !== "sources" ? "obs-cmp-pareil" : ""));
        var th = el("th", "", row.libelle);
        th.setAttribute("scope", "row");
        if (different) {
          th.appendChild(document.createTextNode(" "));
          th.appendChild(el("span", "obs-cmp-marque-differe", T("compare.script.differs")));
        }
        r.appendChild(th);
        records.forEach(function (record, i) { r.appendChild(cell(record, row, i)); });
        body.appendChild(r);
      });
      t.appendChild(body);
    });
    return t;
  }

  // --- the page ------------------------------------------------------------------------------

  var status = root.querySelector("[data-cmp-status]");
  var notice = root.querySelector("[data-cmp-notice]");
  var empty = root.querySelector("[data-cmp-empty]");
  var content = root.querySelector("[data-cmp-content]");
  var share = root.querySelector("[data-cmp-share]");
  var legend = root.querySelector("[data-cmp-legend]");
  var chartBox = root.querySelector("[data-cmp-chart]");
  var tableBox = root.querySelector("[data-cmp-table]");
  var onlyDifferences = root.querySelector("[data-cmp-only-differences]");
  var options = root.querySelector("[data-cmp-options]");
  var differencesNote = root.querySelector("[data-cmp-differences-note]");
  var tableTitle = document.getElementById("obs-cmp-tableau");

  var slugs = [];

  function render(said) {
    var records = slugs.map(recordOf);
    var n = records.length;
    var count = n ? T("compare.script.count", { n: n }) : T("compare.script.none");
    if (n === 1) count += " " + T("compare.script.add_more");
    status.textContent = said ? said + " " + count : count;
    empty.hidden = n > 0;
    content.hidden = n === 0;
    var here = address(slugs);
    share.setAttribute("href", here);
    share.textContent = window.location.href.split("?")[0].split("#")[0] + (n ? "?i=" + slugs.join(",") : "");
    options.hidden = n < 2;
    differencesNote.hidden = n < 2;
    while (legend.firstChild) legend.removeChild(legend.firstChild);
    while (chartBox.firstChild) chartBox.removeChild(chartBox.firstChild);
    while (tableBox.firstChild) tableBox.removeChild(tableBox.firstChild);
    if (!n) return;
    records.forEach(function (record, i) {
      var item = own(el("li"), record.langue_titre);
      item.appendChild(markerIcon(i));
      item.appendChild(document.createTextNode(" " + record.titre));
      legend.appendChild(item);
    });
    chartBox.appendChild(chart(records));
    var t = table(records, slugs);
    t.classList.toggle("obs-cmp-table--differences", !!(onlyDifferences.checked && n > 1));
    tableBox.appendChild(t);
  }

  function remove(slug) {
    var index = slugs.indexOf(slug);
    if (index < 0) return;
    var record = recordOf(slug);
    slugs.splice(index, 1);
    if (SEL) SEL.remove(slug);
    setAddress(slugs);
    render(T("compare.script.removed", { title: record ? record.titre : slug }));
    // the keyboard stays where it was: the next column's button, or the one before, or the title
    var buttons = tableBox.querySelectorAll("[data-cmp-remove]");
    var next = buttons[Math.min(index, buttons.length - 1)];
    if (next) next.focus();
    else if (tableTitle && !content.hidden) tableTitle.focus();
    else { status.setAttribute("tabindex", "-1"); status.focus(); }
  }

  tableBox.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-cmp-remove]") : null;
    if (button) remove(button.getAttribute("data-cmp-remove"));
  });
  onlyDifferences.addEventListener("change", function () {
    var t = tableBox.querySelector("table");
    if (t) t.classList.toggle("obs-cmp-table--differences", onlyDifferences.checked);
  });

  function start() {
    var asked = fromAddress();
    var fromLink = asked !== null;
    if (!fromLink) asked = SEL ? SEL.list() : [];
    var notes = [];
    if (asked.length > C.max) {
      notes.push(T("compare.script.too_many", { max: C.max }));
      asked = asked.slice(0, C.max);
    }
    root.hidden = false;
    load(asked, function () {
      var missing = asked.filter(function (slug) { return !recordOf(slug); });
      slugs = asked.filter(function (slug) { return !!recordOf(slug); });
      if (missing.length) notes.push(T("compare.script.missing", { n: missing.length, slugs: missing.join(", ") }));
      notice.textContent = notes.join(" ");
      notice.hidden = notes.length === 0;
      if (SEL) {
        SEL.set(slugs);
        slugs.forEach(function (slug) { SEL.add(slug, recordOf(slug).titre); });  // their titles, for other pages
      }
      setAddress(slugs);
      render("");
      window.__obsCompareReady = window.performance ? performance.now() : Date.now();
    });
  }

  start();
})();
