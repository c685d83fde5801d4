/* Observatoire du Partage: faceted search of the resource centre.
 *
 * Reads window.OBS_SEARCH (donnees.js) and window.OBS_SEARCH_INDEX (index.js,
 * the packed index of observatoire/search/compact.py, searched by loadIndex
 * with lunr's ranking; lunr.js and lunr-languages give the French pipeline),
 * both loaded as <script> so that the page works from file://. Enhances the
 * form of partials/recherche.html:
 *  - full-text search: every word required, the last one also as a prefix while
 *    typing; words split, stop words dropped, accents folded, stemmed: the same
 *    steps as observatoire/search/pipeline.py (query_terms);
 *  - facets: AND across facets, OR within one; each value's count is what
 *    ticking it would give (the other facets and the query applied);
 *  - state in the address (?q=…&theme=…&note_<critère>=…): shareable, back
 *    button, reload;
 *  - record text is only ever inserted with textContent.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-obs-recherche]");
  if (!root) return;
  var statusEl = root.querySelector("[data-obs-status]");

  function say(text) {
    if (statusEl) statusEl.textContent = text;
  }

  var DATA = window.OBS_SEARCH;
  if (!window.lunr || !DATA || !window.OBS_SEARCH_INDEX || !lunr.fr) {
    say("La recherche n'a pas pu se charger : un fichier du site manque.");
    return;
  }

  // --- the French pipeline: foldAccents-fr, registered before loading the index ----------------

  var LIGATURES = { "\u0153": "oe", "\u00e6": "ae", "\u00df": "ss", "\u00f8": "o", "\u0142": "l", "\u0111": "d" };
  var LIGATURE_RE = /[\u0153\u00e6\u00df\u00f8\u0142\u0111]/g;
  var COMBINING_RE = /[\u0300-\u036f]/g;

  function foldAccents(text) {
    return text.normalize("NFD").replace(COMBINING_RE, "").replace(LIGATURE_RE, function (c) {
      return LIGATURES[c];
    });
  }

  function foldAccentsFr(token) {
    return token.update(function (s) { return foldAccents(s); });
  }
  if (!lunr.Pipeline.registeredFunctions["foldAccents-fr"]) {
    lunr.Pipeline.registerFunction(foldAccentsFr, "foldAccents-fr");
  }

  // --- the index: packed by observatoire/search/compact.py, searched as lunr does -----------------

  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = {};   // character -> 5 bits, +32 when more digits follow
  for (var a = 0; a < 64; a++) DIGIT[ALPHABET.charAt(a)] = a;

  /* The packed index and its search: the same steps as observatoire/search/compact.py
     (PackedIndex.query), which the tests compare with lunr.py. A term's postings are
     decoded the first time a query needs them. */
  function loadIndex(data) {
    if (data.format !== "observatoire-lunr-1") throw new Error("format d'index inconnu");
    var fields = data.fields, terms = data.terms, packed = data.postings, levels = data.levels;
    var position = new Map();
    for (var i = 0; i < terms.length; i++) position.set(terms[i], i);
    var decoded = [];

    /* [[docs (Int32Array), weights (Float64Array)] per field] of term t. */
    function postings(t) {
      if (decoded[t]) return decoded[t];
      var text = packed[t], at = 0;
      function next() {
        var value = 0, shift = 1, digit;
        do {
          digit = DIGIT[text.charAt(at++)];
          value += (digit & 31) * shift;
          shift *= 32;
        } while (digit >= 32);
        return value;
      }
      var out = [];
      for (var f = 0; f < fields.length; f++) {
        var count = next(), docs = new Int32Array(count), weights = new Float64Array(count), doc = 0;
        for (var k = 0; k < count; k++) {
          doc += next();
          docs[k] = doc;
          weights[k] = levels[next()];
        }
        out.push([docs, weights]);
      }
      return (decoded[t] = out);
    }

    /* Index terms starting with prefix, in order (terms are sorted as JavaScript sorts strings). */
    function expand(prefix) {
      var low = 0, high = terms.length;
      while (low < high) {
        var mid = (low + high) >> 1;
        if (terms[mid] < prefix) low = mid + 1; else high = mid;
      }
      var out = [];
      for (var j = low; j < terms.length && terms[j].lastIndexOf(prefix, 0) === 0; j++) out.push(j);
      return out;
    }

    /* clauses: [{terms: [term indices], required: bool, boost: number}]. Returns doc
       positions, best first: lunr's BM25 ranking (a document must hold, in any field,
       a term of every required clause; its score is, summed over its fields that hold
       a term of the query, the dot product of the field's weights with the query's
       boosts, divided by the length of the query's vector). */
    function query(clauses) {
      var boost = new Map();
      var needed = 0;
      for (var c = 0; c < clauses.length; c++) {
        if (clauses[c].required) {
          if (!clauses[c].terms.length) return [];
          needed++;
        }
        clauses[c].terms.forEach(function (t) { boost.set(t, (boost.get(t) || 0) + clauses[c].boost); });
      }
      var queryTerms = Array.from(boost.keys()).sort(function (x, y) { return x - y; });
      var squares = 0;
      queryTerms.forEach(function (t) { squares += boost.get(t) * boost.get(t); });
      var magnitude = Math.sqrt(squares);
      var n = data.documents;
      // documents holding a term of each required clause
      var hits = new Int32Array(n), stamp = new Int32Array(n).fill(-1);
      for (c = 0; c < clauses.length; c++) {
        if (!clauses[c].required) continue;
        clauses[c].terms.forEach(function (t) {
          postings(t).forEach(function (p) {
            var docs = p[0];
            for (var k = 0; k < docs.length; k++) {
              if (stamp[docs[k]] !== c) { stamp[docs[k]] = c; hits[docs[k]]++; }
            }
          });
        });
      }
      // per field, the dot product of each document's weights with the boosts, term by term in order
      var dots = [], holds = [];
      for (var f = 0; f < fields.length; f++) { dots.push(new Float64Array(n)); holds.push(new Uint8Array(n)); }
      queryTerms.forEach(function (t) {
        var b = boost.get(t), lists = postings(t);
        for (var f = 0; f < fields.length; f++) {
          var docs = lists[f][0], weights = lists[f][1], dot = dots[f], hold = holds[f];
          for (var k = 0; k < docs.length; k++) {
            var d = docs[k];
            if (hits[d] !== needed) continue;
            dot[d] += b * weights[k];
            hold[d] = 1;
          }
        }
      });
      var found = [], scores = new Float64Array(n);
      for (var d = 0; d < n; d++) {
        if (hits[d] !== needed) continue;
        var score = 0, any = false;
        for (f = 0; f < fields.length; f++) {
          if (holds[f][d]) { score += dots[f][d] / magnitude; any = true; }
        }
        if (any) { found.push(d); scores[d] = score; }
      }
      found.sort(function (x, y) { return scores[y] - scores[x] || x - y; });
      return found;
    }

    return {
      fields: fields,
      pipeline: lunr.Pipeline.load(data.pipeline),
      termIndex: function (term) { return position.get(term); },
      expand: expand,
      query: query
    };
  }

  var t0 = performance.now();
  var idx;
  try {
    idx = loadIndex(window.OBS_SEARCH_INDEX);
  } catch (e) {
    say("La recherche n'a pas pu se charger : " + e.message);
    return;
  }
  var indexLoadMs = performance.now() - t0;

  // --- queries: the same steps as pipeline.query_terms -------------------------------------------

  var Q = DATA.query;
  var SEPARATORS = new RegExp("[" + Q.separators + "]+");
  var ENDS_WITH_SEPARATOR = new RegExp("[" + Q.separators + "]$");
  var STOP = Object.create(null);
  Q.stopWords.forEach(function (w) { STOP[w] = true; });

  function words(text) {
    return text.toLowerCase().split(SEPARATORS).filter(function (w) { return w.length > 0; });
  }

  function queryTerms(text) {
    var found = words(text);
    var openEnd = found.length > 0 && text.length > 0 && !ENDS_WITH_SEPARATOR.test(text);
    var out = [];
    var seen = Object.create(null);
    found.forEach(function (word, position) {
      var trimmed = lunr.fr.trimmer(word);
      if (!trimmed || STOP[foldAccents(trimmed)]) return;
      var terms = idx.pipeline.runString(word);
      var term = terms.length ? terms[0] : "";
      if (!term || seen[term]) return;
      seen[term] = true;
      var prefix = openEnd && position === found.length - 1 && trimmed.length >= Q.prefixMinLength;
      out.push([term, prefix]);
    });
    return out;
  }

  /* Refs best first, or null when the text has no searchable word: every word
     required; a word still being typed required as a prefix, and itself optional
     with a boost, so that it ranks first (the same clauses as compact.search_clauses). */
  function searchRefs(text) {
    var terms = queryTerms(text);
    if (!terms.length) return null;
    var clauses = [];
    terms.forEach(function (t) {
      var position = idx.termIndex(t[0]);
      var exact = position === undefined ? [] : [position];
      if (t[1]) {
        clauses.push({ terms: idx.expand(t[0]), required: true, boost: 1 });
        clauses.push({ terms: exact, required: false, boost: Q.exactBoost });
      } else {
        clauses.push({ terms: exact, required: true, boost: 1 });
      }
    });
    return idx.query(clauses).map(String);
  }

  // --- data -------------------------------------------------------------------------------------

  var FACETS = DATA.facets;            // [{name, label, values: [[id, label]]}]
  var CRITERIA = DATA.criteria;        // [[id, label]]
  var PARAM = DATA.criterionParam;     // "note_"
  var SCALE = DATA.scale;              // [min, max]
  var DOCS = DATA.docs;                // [type, slug, title, place, summary, status, facets, scores]
  var TYPES = DATA.types;              // [[id, label, folder]]
  var FACET_POS = {};
  FACETS.forEach(function (f, i) {
    FACET_POS[f.name] = i;
    f.valueIndex = {};
    f.values.forEach(function (v, j) { f.valueIndex[v[0]] = j; });
  });
  var BASE = (root.getAttribute("data-base") || ".").replace(/\/+$/, "") || ".";
  var PAGE_SIZE = 20;

  // --- state <-> address ----------------------------------------------------------------------

  function emptyState() {
    return { q: "", facets: FACETS.map(function () { return []; }), min: CRITERIA.map(function () { return null; }) };
  }

  function stateFromURL() {
    var params = new URLSearchParams(window.location.search);
    var state = emptyState();
    state.q = params.get("q") || "";
    FACETS.forEach(function (f, i) {
      var chosen = params.getAll(f.name).filter(function (id) { return id in f.valueIndex; });
      state.facets[i] = f.values.map(function (v) { return v[0]; }).filter(function (id) {
        return chosen.indexOf(id) !== -1;
      });
    });
    CRITERIA.forEach(function (c, i) {
      var raw = params.get(PARAM + c[0]);
      if (raw === null || !/^\d+$/.test(raw)) return;
      var level = parseInt(raw, 10);
      if (level >= SCALE[0] && level <= SCALE[1]) state.min[i] = level;
    });
    return state;
  }

  function queryString(state) {
    var params = new URLSearchParams();
    if (state.q.trim()) params.append("q", state.q.trim());
    FACETS.forEach(function (f, i) {
      state.facets[i].forEach(function (id) { params.append(f.name, id); });
    });
    CRITERIA.forEach(function (c, i) {
      if (state.min[i] !== null) params.append(PARAM + c[0], String(state.min[i]));
    });
    var qs = params.toString();
    return qs ? "?" + qs : "";
  }

  // --- the form ------------------------------------------------------------------------------

  var form = document.getElementById("obs-recherche-form");
  var input = document.getElementById("obs-q");
  var resultsEl = root.querySelector("[data-obs-results]");
  var moreButton = root.querySelector("[data-obs-more]");
  var controls = FACETS.map(function (f) {
    var box = root.querySelector('[data-obs-facet="' + f.name + '"]');
    var byValue = f.values.map(function (v) {
      if (!box) return null;
      var item = null;
      box.querySelectorAll("[data-obs-value]").forEach(function (li) {
        if (li.getAttribute("data-obs-value") === v[0]) item = li;
      });
      if (!item) return null;
      return { item: item, input: item.querySelector("input"), count: item.querySelector("[data-obs-count]") };
    });
    return { box: box, values: byValue };
  });
  var selects = CRITERIA.map(function (c) {
    return root.querySelector('[data-obs-criterion="' + c[0] + '"]');
  });
  root.querySelectorAll("[data-obs-nojs]").forEach(function (el) { el.hidden = true; });
  var filtersBox = root.querySelector("[data-obs-filters]");
  var activeEl = root.querySelector("[data-obs-active]");
  var SMALL = window.matchMedia ? window.matchMedia("(max-width: 44.9375em)") : null;

  function stateFromForm() {
    var state = emptyState();
    state.q = input ? input.value : "";
    FACETS.forEach(function (f, i) {
      controls[i].values.forEach(function (c, j) {
        if (c && c.input.checked) state.facets[i].push(f.values[j][0]);
      });
    });
    selects.forEach(function (select, i) {
      if (select && select.value !== "") state.min[i] = parseInt(select.value, 10);
    });
    return state;
  }

  function stateToForm(state) {
    if (input) input.value = state.q;
    FACETS.forEach(function (f, i) {
      controls[i].values.forEach(function (c, j) {
        if (c) c.input.checked = state.facets[i].indexOf(f.values[j][0]) !== -1;
      });
    });
    selects.forEach(function (select, i) {
      if (select) select.value = state.min[i] === null ? "" : String(state.min[i]);
    });
  }

  // --- filtering and counting -------------------------------------------------------------------

  function hasAny(docValues, chosenIdx) {
    for (var k = 0; k < docValues.length; k++) {
      if (chosenIdx[docValues[k]]) return true;
    }
    return false;
  }

  /* Results and counts for a state. A value's count: documents matching the query
     and every other facet, having that value (so OR within a facet shows its sum). */
  function compute(state) {
    var refs = searchRefs(state.q);
    var order;
    if (refs === null) {
      order = DOCS.map(function (_, i) { return i; });
    } else {
      order = refs.map(function (r) { return parseInt(r, 10); });
    }
    var nf = FACETS.length;
    var chosen = FACETS.map(function (f, i) {
      if (!state.facets[i].length) return null;
      var set = {};
      state.facets[i].forEach(function (id) { set[f.valueIndex[id]] = true; });
      return set;
    });
    var counts = FACETS.map(function (f) { return f.values.map(function () { return 0; }); });
    var levelCounts = CRITERIA.map(function () {
      var out = [];
      for (var l = SCALE[0]; l <= SCALE[1]; l++) out.push(0);
      return out;
    });
    var results = [];
    order.forEach(function (d) {
      var doc = DOCS[d];
      var values = doc[6];
      var scores = doc[7];
      var failed = -1;
      var failures = 0;
      for (var i = 0; i < nf && failures < 2; i++) {
        if (chosen[i] && !hasAny(values[i], chosen[i])) { failures++; failed = i; }
      }
      for (var c = 0; c < CRITERIA.length && failures < 2; c++) {
        if (state.min[c] === null) continue;
        var s = scores.charAt(c);
        if (!s || s === "-" || parseInt(s, 10) < state.min[c]) { failures++; failed = nf + c; }
      }
      if (failures >= 2) return;
      if (failures === 0) results.push(d);
      for (var fi = 0; fi < nf; fi++) {
        if (failures === 1 && failed !== fi) continue;
        var vs = values[fi];
        for (var k = 0; k < vs.length; k++) counts[fi][vs[k]]++;
      }
      for (var ci = 0; ci < CRITERIA.length; ci++) {
        if (failures === 1 && failed !== nf + ci) continue;
        var sc = scores.charAt(ci);
        if (!sc || sc === "-") continue;
        var n = parseInt(sc, 10);
        for (var l = SCALE[0]; l <= Math.min(n, SCALE[1]); l++) levelCounts[ci][l - SCALE[0]]++;
      }
    });
    return { results: results, counts: counts, levelCounts: levelCounts, searched: refs !== null };
  }

  // --- rendering (text only: textContent, createTextNode) --------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function facetLabels(doc, name) {
    var i = FACET_POS[name];
    if (i === undefined) return [];
    return doc[6][i].map(function (j) { return FACETS[i].values[j][1]; });
  }

  function renderDoc(d) {
    var doc = DOCS[d];
    var type = TYPES[doc[0]];
    var li = el("li", "obs-resultat obs-resultat--" + type[0]);
    var h = el("h3", "obs-resultat__titre");
    var a = el("a", null, doc[2]);
    a.href = BASE + "/" + type[2] + encodeURIComponent(doc[1]) + ".html";
    h.appendChild(a);
    li.appendChild(h);

    var meta = el("p", "obs-resultat__meta");
    if (doc[0] !== 0) meta.appendChild(el("span", "obs-resultat__type", type[1]));
    var place = [doc[3]].concat(facetLabels(doc, "region"), facetLabels(doc, "pays")).filter(Boolean);
    if (place.length) meta.appendChild(el("span", "obs-resultat__lieu", place.join(", ")));
    var status = doc[5] && DATA.statusLabels[doc[0]] ? DATA.statusLabels[doc[0]][doc[5]] || doc[5] : "";
    if (status) meta.appendChild(el("span", "obs-resultat__statut", status));
    var themes = facetLabels(doc, "theme");
    if (themes.length) meta.appendChild(el("span", "obs-resultat__themes", themes.join(", ")));
    if (meta.childNodes.length) li.appendChild(meta);

    if (doc[4]) li.appendChild(el("p", "obs-resultat__resume", doc[4]));

    var scores = doc[7];
    if (scores && /[0-9]/.test(scores)) {
      var grid = el("p", "obs-resultat__grille");
      grid.appendChild(el("span", "obs-resultat__grille-titre", "Grille : "));
      var list = el("span", "obs-notes");
      var spoken = [];
      CRITERIA.forEach(function (c, i) {
        var s = scores.charAt(i);
        var note = el("span", "obs-note" + (s === "-" ? " obs-note--vide" : " obs-note--" + s), s === "-" ? "–" : s);
        var text = c[1] + " : " + (s === "-" ? "non évalué" : s + " sur " + SCALE[1]);
        note.title = text;
        note.setAttribute("aria-hidden", "true");
        list.appendChild(note);
        if (s !== "-") spoken.push(text);
      });
      grid.appendChild(list);
      grid.appendChild(el("span", "obs-sr", spoken.join(" ; ")));
      li.appendChild(grid);
    }
    return li;
  }

  var current = null;   // last computed {results, …}
  var shown = 0;

  function showMore() {
    var end = Math.min(current.results.length, shown + PAGE_SIZE);
    var fragment = document.createDocumentFragment();
    for (var i = shown; i < end; i++) fragment.appendChild(renderDoc(current.results[i]));
    resultsEl.appendChild(fragment);
    var firstNew = resultsEl.children[shown];
    shown = end;
    moreButton.hidden = shown >= current.results.length;
    if (moreButton.hidden === false) {
      moreButton.textContent = "Afficher plus de résultats (" + (current.results.length - shown) + " de plus)";
    }
    return firstNew;
  }

  /* 11500 -> "11 500" (narrow no-break space), as toLocaleString("fr-FR") writes it,
     without its first call's cost (~15 ms to load the locale's data). */
  function frenchNumber(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
  }

  function plural(n, one, many) {
    return frenchNumber(n) + " " + (n > 1 ? many : one);
  }

  function render(state) {
    current = compute(state);
    // counts
    FACETS.forEach(function (f, i) {
      controls[i].values.forEach(function (c, j) {
        if (!c) return;
        var n = current.counts[i][j];
        c.count.textContent = "(" + n + ")";
        c.item.hidden = n === 0 && !c.input.checked;
      });
      if (controls[i].box) {
        controls[i].box.hidden = controls[i].values.every(function (c) { return !c || c.item.hidden; });
      }
    });
    selects.forEach(function (select, i) {
      if (!select) return;
      for (var k = 1; k < select.options.length; k++) {
        var level = parseInt(select.options[k].value, 10);
        var n = current.levelCounts[i][level - SCALE[0]];
        select.options[k].textContent = (level === SCALE[0] ? "évalué" : "≥ " + level + "/" + SCALE[1]) + " (" + n + ")";
      }
    });
    // results
    while (resultsEl.firstChild) resultsEl.removeChild(resultsEl.firstChild);
    shown = 0;
    showMore();
    var n = current.results.length;
    var filters = state.facets.reduce(function (a, v) { return a + v.length; }, 0) +
      state.min.filter(function (m) { return m !== null; }).length;
    var text = n === 0 ? "Aucun résultat" : plural(n, "résultat", "résultats");
    if (state.q.trim() && current.searched) text += " pour « " + state.q.trim() + " »";
    else if (state.q.trim()) text += " (les mots « " + state.q.trim() + " » sont trop courants pour être cherchés)";
    if (activeEl) activeEl.textContent = filters ? "(" + plural(filters, "actif", "actifs") + ")" : "";
    if (filters) text += ", " + plural(filters, "filtre actif", "filtres actifs");
    text += ".";
    if (n === 0) text += filters ? " Retirez un filtre ou un mot." : " Essayez moins de mots, ou d'autres.";
    say(text);
  }

  // --- history ------------------------------------------------------------------------------

  var typingEntry = false;   // the current history entry was made while typing: replace it

  function commit(state, mode) {
    var url = window.location.pathname + queryString(state) + window.location.hash;
    if (url === window.location.pathname + window.location.search + window.location.hash) return;
    try {
      if (mode === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    } catch (e) { /* some file:// setups refuse: the search still works */ }
  }

  var timer = null;
  function onTyping() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var state = stateFromForm();
      render(state);
      commit(state, typingEntry ? "replace" : "push");
      typingEntry = true;
    }, 180);
  }

  function onChange() {
    clearTimeout(timer);
    var state = stateFromForm();
    render(state);
    commit(state, "push");
    typingEntry = false;
  }

  if (input) input.addEventListener("input", onTyping);
  form.addEventListener("change", function (e) {
    if (e.target === input) return;
    onChange();
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    onChange();
  });
  root.querySelectorAll("[data-obs-reset]").forEach(function (link) {
    link.addEventListener("click", function (e) {
      e.preventDefault();
      stateToForm(emptyState());
      onChange();
      if (input) input.focus();
    });
  });
  moreButton.addEventListener("click", function () {
    var first = showMore();
    var link = first && first.querySelector("a");
    if (link) link.focus();
  });
  window.addEventListener("popstate", function () {
    clearTimeout(timer);
    typingEntry = false;
    var state = stateFromURL();
    stateToForm(state);
    render(state);
  });

  // --- start --------------------------------------------------------------------------------

  var initial = stateFromURL();
  stateToForm(initial);
  render(initial);
  // small screens: the filters start folded, so the results show first
  if (filtersBox && SMALL && SMALL.matches) filtersBox.open = false;
  window.__obsSearchReady = performance.now();
  window.__obsSearch = {
    index: idx,
    queryTerms: queryTerms,
    searchRefs: searchRefs,
    foldAccents: foldAccents,
    compute: compute,
    stateFromURL: stateFromURL,
    indexLoadMs: indexLoadMs,
    /* Time one query end to end (search, counts, rendering, layout), in ms. */
    timeQuery: function (text) {
      var start = performance.now();
      if (input) input.value = text;
      render(stateFromForm());
      void root.offsetHeight;
      return performance.now() - start;
    },
    /* Time the full-text search alone, in ms. */
    timeSearch: function (text) {
      var start = performance.now();
      searchRefs(text);
      return performance.now() - start;
    }
  };
  if (performance.mark) performance.mark("obs-search-ready");
})();
