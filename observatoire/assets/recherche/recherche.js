/* Observatoire du Partage: faceted search of the resource centre.
 *
 * Reads window.OBS_SEARCH (donnees.js: facets, each record's facet values and
 * grid scores, the texts, the names of the orders, where the chunks lie), then
 * loads the chunks that a state of the page needs (observatoire/search/chunks.py),
 * as <script> files that hand their data to window.OBS_SEARCH_CHUNK, so that the
 * page works from file:// as over http; a state is shown once its chunks are there:
 *  - term chunks (t<k>.js): the packed index of observatoire/search/compact.py,
 *    cut by terms; a query loads those holding its words (and the words its last
 *    one starts), searched with lunr's ranking; lunr.js and lunr-languages give
 *    the French pipeline; on the English page (donnees-en.js), lunr.js's own
 *    English stop words and stemmer give the English one too, and each word
 *    is looked for as its French term or its English term (marked « ~ »);
 *  - record chunks (r<k>.js): the display data of the records, cut by records; a
 *    page of results loads those holding its records;
 *  - the sort chunk (sort.js): the initiatives' sort keys, loaded with the first
 *    order by population, last review or start (transferability reads the grid
 *    scores of donnees.js);
 *  - the map chunk (map.js): the map views and each record's place, loaded with
 *    the first « Carte » view.
 * It enhances the form of partials/recherche.html:
 *  - full-text search: every word required, the last one also as a prefix while
 *    typing; words split, stop words dropped, accents folded, stemmed: the same
 *    steps as observatoire/search/pipeline.py (query_terms);
 *  - facets: AND across facets, OR within one; each value's count is what
 *    ticking it would give (the other facets and the query applied);
 *  - state in the address (?q=…&theme=…&note_<critère>=…&tri=…&habitants=…&vue=carte):
 *    shareable, back button, reload;
 *  - orders (tri): relevance, or the initiatives by closeness of their population to
 *    the visitor's number (relative: |log(population / habitants)|), by transferability
 *    score, last review, start (DATA.sort, observatoire/search/index.py SORTS); the
 *    initiatives whose value is unknown follow, said so, then events and organisations;
 *    each group in the order of relevance; the keys come with the sort chunk;
 *  - « Comparer » on each initiative found, when the page has the selection's bar
 *    (comparer-selection.js: window.OBS_COMPARE handles the clicks and the bar);
 *  - the results as a list, or on a map (« Carte », vue=carte): each record's
 *    place on the map views is in the map chunk (projected at build time, as on the
 *    map page: observatoire/search/index.py, map_data); the marks follow every
 *    state: new ones written as one SVG string, the others kept, hidden or shown
 *    (drawMap), each view's map in a shadow tree styled by recherche.css alone;
 *  - record text is only ever inserted with textContent, but in the map's marks,
 *    written as SVG markup, where every text goes through escapeMarkup; interface
 *    texts come from the catalog (observatoire/core/i18n), through T(key, params).
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-obs-recherche]");
  if (!root) return;
  var statusEl = root.querySelector("[data-obs-status]");
  var resultsEl = root.querySelector("[data-obs-results]");

  function say(text) {
    if (statusEl) statusEl.textContent = text;
  }

  var DATA = window.OBS_SEARCH;
  if (!window.lunr || !DATA || !lunr.fr) {
    // the data file holds the texts: this one comes with the page
    say(root.getAttribute("data-obs-missing") || "");
    return;
  }

  // --- texts -----------------------------------------------------------------------------------

  var TEXTS = DATA.texts;
  var GROUP = DATA.numberGroup;
  var PLURAL = window.Intl && Intl.PluralRules ? new Intl.PluralRules(DATA.language) : null;

  /* 11500 -> "11 500" (the catalog language's separator), as core.formats.number writes it. */
  function formatNumber(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, GROUP);
  }

  /* The catalog's text for key, its {parameters} replaced (numbers written for
     readers); a text with plural forms takes the one for params.n. */
  function T(key, params) {
    var entry = TEXTS[key];
    if (entry === undefined) throw new Error("texte absent : " + key);
    if (typeof entry === "object") {
      var form = params && typeof params.n === "number" && PLURAL ? PLURAL.select(params.n) : "other";
      entry = entry[form] !== undefined ? entry[form] : entry.other;
    }
    return entry.replace(/\{(\w+)\}/g, function (whole, name) {
      if (!params || !(name in params)) return whole;
      var value = params[name];
      return typeof value === "number" ? formatNumber(value) : String(value);
    });
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

  /* trimmer-obs: what starts or ends a word that is not a letter, digit or mark of any script
     goes (lunr.fr's trimmer keeps Latin letters only: 서울 would be lost); pipeline.py's trim. */
  var TRIM_RE = /^[^\p{L}\p{N}\p{M}]+|[^\p{L}\p{N}\p{M}]+$/gu;
  function trim(text) { return text.replace(TRIM_RE, ""); }
  function trimmerObs(token) {
    return token.update(function (s) { return trim(s); });
  }
  if (!lunr.Pipeline.registeredFunctions["trimmer-obs"]) {
    lunr.Pipeline.registerFunction(trimmerObs, "trimmer-obs");
  }

  // --- numbers packed as compact.py writes them --------------------------------------------------

  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = new Int8Array(128);   // character code -> 5 bits, +32 when more digits follow
  for (var a = 0; a < 64; a++) DIGIT[ALPHABET.charCodeAt(a)] = a;

  /* A reader of the numbers written one after the other in text. */
  function reader(text) {
    var at = 0;
    return function next() {
      var value = 0, shift = 1, digit;
      do {
        digit = DIGIT[text.charCodeAt(at++)];
        value += (digit & 31) * shift;
        shift *= 32;
      } while (digit >= 32);
      return value;
    };
  }

  // --- chunks: scripts that hand their data to OBS_SEARCH_CHUNK --------------------------------------

  var BASE = (root.getAttribute("data-base") || ".").replace(/\/+$/, "") || ".";
  var FOLDER = BASE + "/" + DATA.folder;
  var chunks = Object.create(null);    // name -> data
  var pending = Object.create(null);   // name -> Promise of its loading

  window.OBS_SEARCH_CHUNK = function (name, data) {
    chunks[name] = data;
  };

  function loadChunk(name) {
    if (chunks[name]) return null;
    if (!pending[name]) {
      pending[name] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = FOLDER + name + ".js";
        script.onload = function () {
          delete pending[name];
          if (chunks[name]) resolve(); else reject(new Error(name));
        };
        script.onerror = function () {
          delete pending[name];
          script.remove();
          reject(new Error(name));
        };
        document.head.appendChild(script);
      });
    }
    return pending[name];
  }

  /* null when every chunk named is there, else a Promise of their loading. */
  function loadChunks(names) {
    var waits = [];
    names.forEach(function (name) {
      var wait = loadChunk(name);
      if (wait) waits.push(wait);
    });
    return waits.length ? Promise.all(waits) : null;
  }

  function chunk(name) {
    var data = chunks[name];
    if (!data) throw new Error("morceau d'index non chargé : " + name);
    return data;
  }

  // --- the index: its terms in chunks, searched as lunr does -----------------------------------------

  /* The packed index of compact.py, cut into chunks (chunks.py): the same search as
     tests/search/packed.py (PackedIndex.query, ChunkedIndex), which the tests compare
     with the whole index and with lunr.py. A term's postings are decoded the first
     time a query needs them. */
  function openIndex(info) {
    if (info.format !== "observatoire-lunr-1") throw new Error("format d'index inconnu");
    var fields = info.fields, levels = info.levels, total = info.terms;
    var firsts = info.chunks.map(function (c) { return c[0]; });
    var starts = info.chunks.map(function (c) { return c[1]; });
    var opened = [];    // per chunk: {terms, postings, position: Map term -> global index}
    var decoded = [];   // per global term index

    /* The chunk whose terms would hold term: the last one starting at or before it (-1: none). */
    function chunkOf(term) {
      var low = 0, high = firsts.length;
      while (low < high) {
        var mid = (low + high) >> 1;
        if (firsts[mid] <= term) low = mid + 1; else high = mid;
      }
      return low - 1;
    }

    /* Chunks that hold term, or (prefix) every term starting with it. */
    function chunksFor(term, prefix) {
      var first = chunkOf(term);
      var last = prefix ? chunkOf(term + "\uffff") : first;
      var out = [];
      for (var k = Math.max(first, 0); k <= last; k++) out.push(k);
      return out;
    }

    function open(k) {
      if (opened[k]) return opened[k];
      var data = chunk("t" + k);
      var position = new Map();
      for (var i = 0; i < data[0].length; i++) position.set(data[0][i], starts[k] + i);
      return (opened[k] = { terms: data[0], postings: data[1], position: position });
    }

    /* [[docs (Int32Array), weights (Float64Array)] per field] of term t. */
    function postings(t) {
      if (decoded[t]) return decoded[t];
      var k = 0, high = starts.length;
      while (k + 1 < high) {
        var mid = (k + high) >> 1;
        if (starts[mid] <= t) k = mid; else high = mid;
      }
      var next = reader(open(k).postings[t - starts[k]]);
      var out = [];
      for (var f = 0; f < fields.length; f++) {
        var count = next(), docs = new Int32Array(count), weights = new Float64Array(count), doc = 0;
        for (var j = 0; j < count; j++) {
          doc += next();
          docs[j] = doc;
          weights[j] = levels[next()];
        }
        out.push([docs, weights]);
      }
      return (decoded[t] = out);
    }

    function termIndex(term) {
      var k = chunkOf(term);
      return k < 0 ? undefined : open(k).position.get(term);
    }

    /* Index terms starting with prefix, in order (terms are sorted as JavaScript sorts strings). */
    function expand(prefix) {
      var out = [];
      chunksFor(prefix, true).forEach(function (k) {
        var terms = open(k).terms;
        var low = 0, high = terms.length;
        while (low < high) {
          var mid = (low + high) >> 1;
          if (terms[mid] < prefix) low = mid + 1; else high = mid;
        }
        for (var j = low; j < terms.length && terms[j].lastIndexOf(prefix, 0) === 0; j++) out.push(starts[k] + j);
      });
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
      var n = DATA.documents;
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
      terms: total,
      pipeline: lunr.Pipeline.load(info.pipeline),
      chunksFor: chunksFor,
      termIndex: termIndex,
      expand: expand,
      query: query
    };
  }

  // --- each record's facet values and scores (in the first file) --------------------------------------

  var N = DATA.documents;
  var FACETS = DATA.facets;            // [{name, label, values: [[id, label]]}]
  var CRITERIA = DATA.criteria;        // [[id, label]]
  var PARAM = DATA.criterionParam;     // "note_"
  var SCALE = DATA.scale;              // [min, max]
  var TYPES = DATA.types;              // [[id, label, folder]]
  var SCORES = DATA.scores;            // CRITERIA.length characters per record: a score or "-"
  var WIDTH = CRITERIA.length;

  /* Per facet, each record's values: values[starts[d]] to values[starts[d + 1] - 1]. */
  function facetTable(packed) {
    var next = reader(packed);
    var starts = new Int32Array(N + 1), values = [];
    for (var d = 0; d < N; d++) {
      starts[d] = values.length;
      for (var count = next(); count > 0; count--) values.push(next());
    }
    starts[N] = values.length;
    return { starts: starts, values: Int32Array.from(values) };
  }

  /* The orders' names and parameters, how many initiatives they order (the first
     SORT.initiatives documents) and the transferability criterion (index.py
     SearchIndex.sort_data); their keys are in the sort chunk. */
  var SORT = DATA.sort;
  var INITIATIVES = SORT.initiatives;
  var SORT_CHUNK = "sort", MAP_CHUNK = "map";
  var KEYED = ["population", "relecture", "debut"];   // the orders by the sort chunk's keys
  function column(packed) {
    var next = reader(packed), out = new Float64Array(INITIATIVES);
    for (var d = 0; d < INITIATIVES; d++) out[d] = next();
    return out;
  }
  var SORT_KEYS = null;   // decoded the first time an order needs them

  /* The sort keys of the initiatives (the sort chunk loaded), packed by index.py
     (SearchIndex.sort_keys): 0 when unknown; relectureFrom, the day review days count from. */
  function sortKeys() {
    if (SORT_KEYS) return SORT_KEYS;
    var data = chunk(SORT_CHUNK);
    SORT_KEYS = { population: column(data.population), relecture: column(data.relecture), debut: column(data.debut),
      relectureFrom: data.relectureFrom };
    return SORT_KEYS;
  }

  /* Each record's place on the map: view[d] (-1: none, else a position in
     the map chunk's views), x[d], y[d] in the view's units. */
  function mapTable(packed) {
    var next = reader(packed);
    var view = new Int8Array(N), x = new Int16Array(N), y = new Int16Array(N);
    for (var d = 0; d < N; d++) {
      var v = next();
      view[d] = v - 1;
      if (v) { x[d] = next(); y[d] = next(); }
    }
    return { view: view, x: x, y: y };
  }

  var t0 = performance.now();
  var idx;
  var TABLES;   // decoded at the start, while the first chunks load
  var PLACES = null;   // mapTable of the map chunk's positions, decoded with the first map drawn

  /* Each record's place (the map chunk loaded). */
  function placeTable() {
    if (!PLACES) PLACES = mapTable(chunk(MAP_CHUNK).positions);
    return PLACES;
  }
  /* On the English page, the English pipeline beside the French one (pipeline.py): a word is
     looked for as its French term or as its English term, marked. */
  var ENGLISH = null;
  try {
    idx = openIndex(DATA.index);
    if (DATA.index.english) {
      ENGLISH = { pipeline: lunr.Pipeline.load(DATA.index.english.pipeline), mark: DATA.index.english.mark };
    }
  } catch (e) {
    say(T("recherche.script.failed", { error: e.message }));
    return;
  }
  var indexLoadMs = performance.now() - t0;

  var FACET_POS = {};
  FACETS.forEach(function (f, i) {
    FACET_POS[f.name] = i;
    f.valueIndex = {};
    f.values.forEach(function (v, j) { f.valueIndex[v[0]] = j; });
  });
  var RECORDS = DATA.records;          // {size, chunks, first}: record d is in chunk "r" + floor(d / size)
  var PAGE_SIZE = DATA.pageSize;
  // the records of the first page with no query and no filter come with the first file
  Object.keys(RECORDS.first).forEach(function (name) { chunks[name] = RECORDS.first[name]; });

  function recordChunks(docs) {
    var names = [], seen = Object.create(null);
    docs.forEach(function (d) {
      var name = "r" + Math.floor(d / RECORDS.size);
      if (!seen[name]) { seen[name] = true; names.push(name); }
    });
    return names;
  }

  /* [type, slug, title, place, summary, status] of record d (its chunk loaded). */
  function record(d) {
    return chunk("r" + Math.floor(d / RECORDS.size))[d % RECORDS.size];
  }

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
      var trimmed = trim(word);
      if (!trimmed || STOP[foldAccents(trimmed)]) return;
      var terms = idx.pipeline.runString(word);
      var term = terms.length ? terms[0] : "";
      var alternatives = term ? [term] : [];
      if (ENGLISH && term) {   // its English term too; a stop word of either language is left out
        var english = ENGLISH.pipeline.runString(word);
        alternatives = english.length && english[0] ? [term, ENGLISH.mark + english[0]] : [];
      }
      var key = alternatives.join(" ");
      if (!alternatives.length || seen[key]) return;
      seen[key] = true;
      var prefix = openEnd && position === found.length - 1 && trimmed.length >= Q.prefixMinLength;
      out.push([alternatives, prefix]);
    });
    return out;
  }

  /* The term chunks a query needs. */
  function termChunks(text) {
    var names = [], seen = Object.create(null);
    queryTerms(text).forEach(function (t) {
      t[0].forEach(function (term) {
        idx.chunksFor(term, t[1]).forEach(function (k) {
          if (!seen[k]) { seen[k] = true; names.push("t" + k); }
        });
      });
    });
    return names;
  }

  /* Refs best first, or null when the text has no searchable word: every word
     required; a word still being typed required as a prefix, and itself optional
     with a boost, so that it ranks first (the same clauses as packed.search_clauses
     in the tests). Its term chunks must be loaded. */
  function searchRefs(text) {
    var terms = queryTerms(text);
    if (!terms.length) return null;
    var clauses = [];
    terms.forEach(function (t) {
      // a record holds one of the word's terms (its French one, its English one on the English page)
      var exact = [], expanded = [];
      t[0].forEach(function (term) {
        var position = idx.termIndex(term);
        if (position !== undefined) exact.push(position);
        if (t[1]) expanded = expanded.concat(idx.expand(term));
      });
      if (t[1]) {
        clauses.push({ terms: expanded, required: true, boost: 1 });
        clauses.push({ terms: exact, required: false, boost: Q.exactBoost });
      } else {
        clauses.push({ terms: exact, required: true, boost: 1 });
      }
    });
    return idx.query(clauses).map(String);
  }

  // --- state <-> address ----------------------------------------------------------------------

  var LIST = "liste", MAP = "carte", VIEW_PARAM = "vue";
  var view = LIST;   // the view shown: the list or the map

  function emptyState() {
    return { q: "", facets: FACETS.map(function () { return []; }), min: CRITERIA.map(function () { return null; }),
      sort: "", inhabitants: null, view: view };
  }

  /* A number of inhabitants as typed (« 15 000 », « 15000 »), or null. */
  function inhabitantsOf(text) {
    var digits = String(text || "").replace(/[\s\u00a0\u202f.,']/g, "");
    if (!/^\d{1,10}$/.test(digits)) return null;
    var n = parseInt(digits, 10);
    return n > 0 ? n : null;
  }

  function stateFromURL() {
    var params = new URLSearchParams(window.location.search);
    var state = emptyState();
    state.q = params.get("q") || "";
    state.view = params.get(VIEW_PARAM) === MAP ? MAP : LIST;
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
    var sort = params.get(SORT.param) || "";
    if (SORT.sorts.indexOf(sort) !== -1) state.sort = sort;
    if (state.sort === "population") state.inhabitants = inhabitantsOf(params.get(SORT.number));
    return state;
  }

  function queryString(state) {
    var params = new URLSearchParams();
    if (state.view === MAP) params.append(VIEW_PARAM, MAP);
    if (state.q.trim()) params.append("q", state.q.trim());
    FACETS.forEach(function (f, i) {
      state.facets[i].forEach(function (id) { params.append(f.name, id); });
    });
    CRITERIA.forEach(function (c, i) {
      if (state.min[i] !== null) params.append(PARAM + c[0], String(state.min[i]));
    });
    if (state.sort) params.append(SORT.param, state.sort);
    if (state.sort === "population" && state.inhabitants !== null) params.append(SORT.number, String(state.inhabitants));
    var qs = params.toString();
    return qs ? "?" + qs : "";
  }

  // --- the form ------------------------------------------------------------------------------

  var form = document.getElementById("obs-recherche-form");
  var input = document.getElementById("obs-q");
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
  var sortSelect = root.querySelector("[data-obs-sort]");
  var inhabitantsInput = root.querySelector("[data-obs-inhabitants]");
  var inhabitantsBox = root.querySelector("[data-obs-inhabitants-box]");
  var COMPARE = !!root.querySelector("[data-obs-compare-bar]");   // the page offers « Comparer »
  var activeEl = root.querySelector("[data-obs-active]");
  var SMALL = window.matchMedia ? window.matchMedia("(max-width: 44.9375em)") : null;

  function stateFromForm() {
    var state = emptyState();   // the view shown: view
    state.q = input ? input.value : "";
    FACETS.forEach(function (f, i) {
      controls[i].values.forEach(function (c, j) {
        if (c && c.input.checked) state.facets[i].push(f.values[j][0]);
      });
    });
    selects.forEach(function (select, i) {
      if (select && select.value !== "") state.min[i] = parseInt(select.value, 10);
    });
    if (sortSelect && SORT.sorts.indexOf(sortSelect.value) !== -1) state.sort = sortSelect.value;
    if (state.sort === "population" && inhabitantsInput) state.inhabitants = inhabitantsOf(inhabitantsInput.value);
    return state;
  }

  /* The number field shows with the population order only. */
  function showInhabitants() {
    if (inhabitantsBox) inhabitantsBox.hidden = !sortSelect || sortSelect.value !== "population";
  }

  function stateToForm(state) {
    view = state.view;
    if (input) input.value = state.q;
    FACETS.forEach(function (f, i) {
      controls[i].values.forEach(function (c, j) {
        if (c) c.input.checked = state.facets[i].indexOf(f.values[j][0]) !== -1;
      });
    });
    selects.forEach(function (select, i) {
      if (select) select.value = state.min[i] === null ? "" : String(state.min[i]);
    });
    if (sortSelect) sortSelect.value = state.sort;
    if (inhabitantsInput) inhabitantsInput.value = state.inhabitants === null ? "" : String(state.inhabitants);
    showInhabitants();
  }

  // --- filtering and counting -------------------------------------------------------------------

  /* Results and counts for a state (its term chunks loaded). A value's count: documents
     matching the query and every other facet, having that value (so OR within a
     facet shows its sum). */
  function compute(state) {
    var refs = searchRefs(state.q);
    var order;
    if (refs === null) {
      order = new Array(N);
      for (var i = 0; i < N; i++) order[i] = i;
    } else {
      order = refs.map(function (r) { return parseInt(r, 10); });
    }
    var nf = FACETS.length;
    var chosen = FACETS.map(function (f, i) {
      if (!state.facets[i].length) return null;
      var set = new Uint8Array(f.values.length);
      state.facets[i].forEach(function (id) { set[f.valueIndex[id]] = 1; });
      return set;
    });
    var counts = FACETS.map(function (f) { return new Int32Array(f.values.length); });
    var levelCounts = CRITERIA.map(function () { return new Int32Array(SCALE[1] - SCALE[0] + 1); });
    var mins = state.min;
    var results = [];
    for (var o = 0; o < order.length; o++) {
      var d = order[o];
      var failed = -1;
      var failures = 0;
      for (var fi = 0; fi < nf && failures < 2; fi++) {
        if (!chosen[fi]) continue;
        var table = TABLES[fi], set = chosen[fi], any = false;
        for (var k = table.starts[d], end = table.starts[d + 1]; k < end; k++) {
          if (set[table.values[k]]) { any = true; break; }
        }
        if (!any) { failures++; failed = fi; }
      }
      for (var c = 0; c < WIDTH && failures < 2; c++) {
        if (mins[c] === null) continue;
        var s = SCORES.charCodeAt(d * WIDTH + c) - 48;   // "-" gives -3
        if (s < 0 || s < mins[c]) { failures++; failed = nf + c; }
      }
      if (failures >= 2) continue;
      if (failures === 0) results.push(d);
      for (fi = 0; fi < nf; fi++) {
        if (failures === 1 && failed !== fi) continue;
        var t = TABLES[fi], count = counts[fi];
        for (k = t.starts[d], end = t.starts[d + 1]; k < end; k++) count[t.values[k]]++;
      }
      for (c = 0; c < WIDTH; c++) {
        if (failures === 1 && failed !== nf + c) continue;
        var score = SCORES.charCodeAt(d * WIDTH + c) - 48;
        if (score < 0) continue;
        var levels = levelCounts[c];
        for (var l = SCALE[0]; l <= Math.min(score, SCALE[1]); l++) levels[l - SCALE[0]]++;
      }
    }
    var sorted = sortResults(results, state);
    return { results: sorted.results, breaks: sorted.breaks, sort: sorted.sort, inhabitants: state.inhabitants,
      counts: counts, levelCounts: levelCounts, searched: refs !== null };
  }

  /* The key of initiative d for an order (smaller first), or null when unknown. */
  function sortKey(sort, d, inhabitants) {
    var v;
    if (sort === "population") {
      v = sortKeys().population[d];
      return v === 0 ? null : Math.abs(Math.log(Math.max(v - 1, 1) / inhabitants));
    }
    if (sort === "transferabilite") {
      v = SORT.criterion < 0 ? -3 : SCORES.charCodeAt(d * WIDTH + SORT.criterion) - 48;   // "-" gives -3
      return v < 0 ? null : -v;
    }
    v = sortKeys()[sort][d];
    return v === 0 ? null : -v;
  }

  /* results (in relevance order) in the order of state.sort: the initiatives whose key is
     known, by key (equal keys in relevance order), then those whose key is unknown, then
     the other records; breaks: [[position, kind]] where a group starts ("unknown",
     "others"). The population order needs a number: without one, relevance. */
  function sortResults(results, state) {
    var sort = state.sort;
    if (!sort || (sort === "population" && state.inhabitants === null)) return { results: results, breaks: [], sort: "" };
    var known = [], keys = new Float64Array(INITIATIVES), unknown = [], others = [];
    for (var i = 0; i < results.length; i++) {
      var d = results[i];
      if (d >= INITIATIVES) { others.push(d); continue; }
      var key = sortKey(sort, d, state.inhabitants);
      if (key === null) unknown.push(d); else { keys[d] = key; known.push(d); }
    }
    var rank = new Int32Array(INITIATIVES);
    known.forEach(function (d, r) { rank[d] = r; });
    known.sort(function (x, y) { return keys[x] - keys[y] || rank[x] - rank[y]; });
    var breaks = [];
    if (unknown.length && known.length) breaks.push([known.length, "unknown"]);
    if (others.length && (known.length || unknown.length)) breaks.push([known.length + unknown.length, "others"]);
    return { results: known.concat(unknown, others), breaks: breaks, sort: sort };
  }

  // --- rendering (text only: textContent, createTextNode) --------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function facetLabels(d, name) {
    var i = FACET_POS[name];
    if (i === undefined) return [];
    var table = TABLES[i], out = [];
    for (var k = table.starts[d]; k < table.starts[d + 1]; k++) out.push(FACETS[i].values[table.values[k]][1]);
    return out;
  }

  /* What an order says of an initiative whose key is unknown (a group's title, and in each result). */
  function unknownText(sort) {
    if (sort === "population") return T("recherche.script.unknown_population");
    if (sort === "transferabilite") return T("recherche.script.not_evaluated", { criterion: CRITERIA[SORT.criterion][1] });
    if (sort === "relecture") return T("recherche.script.unknown_review");
    return T("recherche.script.unknown_start");
  }

  /* A list item starting a group of results (« Population non renseignée », « Événements et organisations… »). */
  function renderBreak(kind) {
    var li = el("li", "obs-resultats__groupe");
    li.appendChild(el("p", "obs-resultats__groupe-titre",
      kind === "others" ? T("recherche.script.others") : unknownText(current.sort)));
    return li;
  }

  /* « Comparer »: a toggle (aria-pressed) that comparer-selection.js handles; the title
     said to screen readers only, so that each button says which initiative it adds. */
  function compareButton(doc) {
    var button = el("button", "md-button obs-resultat__comparer");
    button.type = "button";
    button.setAttribute("data-obs-compare-toggle", "");
    button.setAttribute("data-slug", doc[1]);
    button.setAttribute("data-title", doc[2]);
    var api = window.OBS_COMPARE;
    button.setAttribute("aria-pressed", api && api.has(doc[1]) ? "true" : "false");
    button.hidden = !api;   // shown by comparer-selection.js once loaded
    button.appendChild(document.createTextNode(T("recherche.script.compare")));
    button.appendChild(el("span", "obs-sr", T("recherche.script.compare_what", { title: doc[2] })));
    return button;
  }

  function facetIds(d, name) {
    var i = FACET_POS[name];
    if (i === undefined) return [];
    var table = TABLES[i], out = [];
    for (var k = table.starts[d]; k < table.starts[d + 1]; k++) out.push(FACETS[i].values[table.values[k]][0]);
    return out;
  }

  /* City, subdivision, country; a name said once (Séoul, the city, in Séoul, the subdivision). */
  function placeOf(d, doc) {
    return [doc[3]].concat(facetLabels(d, "region"), facetLabels(d, "pays")).filter(function (p, i, all) {
      return p && all.indexOf(p) === i;
    }).join(T("recherche.script.list"));
  }

  function recordHref(doc) {
    return BASE + "/" + TYPES[doc[0]][2] + encodeURIComponent(doc[1]) + ".html";
  }

  function renderDoc(d) {
    var doc = record(d);
    var type = TYPES[doc[0]];
    var li = el("li", "obs-resultat obs-resultat--" + type[0]);
    var h = el("h3", "obs-resultat__titre");
    var a = el("a", null, doc[2]);
    a.href = recordHref(doc);
    if (doc[6]) a.setAttribute("lang", doc[6]);   // a French record on the English page
    h.appendChild(a);
    li.appendChild(h);

    var list = T("recherche.script.list");
    var meta = el("p", "obs-resultat__meta");
    if (doc[0] !== 0) meta.appendChild(el("span", "obs-resultat__type", type[1]));
    var place = placeOf(d, doc);
    if (place) meta.appendChild(el("span", "obs-resultat__lieu", place));
    var labels = DATA.statusLabels[doc[0]] || {};
    // "" for an initiative: « Statut non renseigné »
    var status = Object.prototype.hasOwnProperty.call(labels, doc[5]) ? labels[doc[5]] : doc[5];
    if (status) meta.appendChild(el("span", "obs-resultat__statut", status));
    var themes = facetLabels(d, "theme");
    if (themes.length) meta.appendChild(el("span", "obs-resultat__themes", themes.join(list)));
    // what the order goes by: the population, or that the value is unknown
    if (current && current.sort && d < INITIATIVES) {
      var key = sortKey(current.sort, d, current.inhabitants);
      if (key === null) meta.appendChild(el("span", "obs-resultat__inconnu", unknownText(current.sort)));
      else if (current.sort === "population") {
        var people = sortKeys().population[d] - 1;
        meta.appendChild(el("span", "obs-resultat__population", T("recherche.script.population", { n: people })));
      } else if (current.sort === "relecture") {
        // the review's day -> its year (ordinal 719163 is 1 January 1970)
        var day = sortKeys().relectureFrom + sortKeys().relecture[d] - 719163;
        var reviewed = new Date(day * 86400000).getUTCFullYear();
        meta.appendChild(el("span", "obs-resultat__relecture", T("recherche.script.review_year", { year: String(reviewed) })));
      } else if (current.sort === "debut") {
        // the year of the « Année de début » facet (none for a start known to the decade only, 201X)
        var year = facetIds(d, "annee").filter(function (id) { return /^\d{4}$/.test(id); })[0];
        if (year) meta.appendChild(el("span", "obs-resultat__debut", T("recherche.script.start_year", { year: year })));
      }
    }
    if (meta.childNodes.length) li.appendChild(meta);

    if (doc[4]) {
      var summary = el("p", "obs-resultat__resume", doc[4]);
      if (doc[7]) summary.setAttribute("lang", doc[7]);
      li.appendChild(summary);
    }

    var scores = SCORES.substr(d * WIDTH, WIDTH);
    if (/[0-9]/.test(scores)) {
      var grid = el("p", "obs-resultat__grille");
      grid.appendChild(el("span", "obs-resultat__grille-titre", T("recherche.script.grid")));
      var notes = el("span", "obs-notes");
      var spoken = [];
      CRITERIA.forEach(function (c, i) {
        var s = scores.charAt(i);
        var note = el("span", "obs-note" + (s === "-" ? " obs-note--vide" : " obs-note--" + s), s === "-" ? "–" : s);
        var text = s === "-" ? T("recherche.script.not_evaluated", { criterion: c[1] })
          : T("recherche.script.score", { criterion: c[1], score: s, max: SCALE[1] });
        note.title = text;
        note.setAttribute("aria-hidden", "true");
        notes.appendChild(note);
        if (s !== "-") spoken.push(text);
      });
      grid.appendChild(notes);
      grid.appendChild(el("span", "obs-sr", spoken.join(T("recherche.script.spoken_list"))));
      li.appendChild(grid);
    }
    if (COMPARE && doc[0] === 0) {
      var actions = el("p", "obs-resultat__actions");
      actions.appendChild(compareButton(doc));
      li.appendChild(actions);
    }
    return li;
  }

  var current = null;   // last computed {results, …}
  var shown = 0;

  /* Adds the next results (their record chunks loaded), and the title of a group starting
     among them; the first result added. */
  function appendResults() {
    var end = Math.min(current.results.length, shown + PAGE_SIZE);
    var fragment = document.createDocumentFragment();
    var firstNew = null;
    for (var i = shown; i < end; i++) {
      current.breaks.forEach(function (b) { if (b[0] === i) fragment.appendChild(renderBreak(b[1])); });
      var item = renderDoc(current.results[i]);
      if (!firstNew) firstNew = item;
      fragment.appendChild(item);
    }
    resultsEl.appendChild(fragment);
    shown = end;
    moreButton.hidden = shown >= current.results.length;
    if (moreButton.hidden === false) {
      moreButton.textContent = T("recherche.script.more", { n: current.results.length - shown });
    }
    return firstNew;
  }

  function nextPage(result, from) {
    return result.results.slice(from, from + PAGE_SIZE);
  }

  function show(state, result) {
    current = result;
    // counts
    FACETS.forEach(function (f, i) {
      controls[i].values.forEach(function (c, j) {
        if (!c) return;
        var n = current.counts[i][j];
        c.count.textContent = "(" + formatNumber(n) + ")";
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
        select.options[k].textContent = level === SCALE[0] ? T("recherche.script.level_evaluated", { n: n })
          : T("recherche.script.level_minimum", { level: level, max: SCALE[1], n: n });
      }
    });
    // results
    while (resultsEl.firstChild) resultsEl.removeChild(resultsEl.firstChild);
    shown = 0;
    appendResults();
    showView(state.view);
    if (state.view === MAP) drawMap(current.results);
    var n = current.results.length;
    var filters = state.facets.reduce(function (a, v) { return a + v.length; }, 0) +
      state.min.filter(function (m) { return m !== null; }).length;
    var q = state.q.trim();
    var text = n === 0 ? T("recherche.script.none") : T("recherche.script.results", { n: n });
    if (q && current.searched) text += T("recherche.script.for_query", { q: q });
    else if (q) text += T("recherche.script.too_common", { q: q });
    if (activeEl) activeEl.textContent = filters ? T("recherche.script.active", { n: filters }) : "";
    if (filters) text += T("recherche.script.filters", { n: filters });
    text += T("recherche.script.end");
    if (n === 0) text += filters ? T("recherche.script.hint_filters") : T("recherche.script.hint_words");
    else if (current.sort === "population") text += T("recherche.script.sorted_population", { n: state.inhabitants });
    else if (current.sort && sortSelect) text += T("recherche.script.sorted", { sort: sortSelect.options[sortSelect.selectedIndex].text });
    else if (state.sort === "population") text += T("recherche.script.inhabitants_missing");
    say(text);
  }

  // --- the map view -----------------------------------------------------------------------------

  var SVG_NS = "http://www.w3.org/2000/svg";
  var SHAPES = ["i", "e", "a"];   // the marks of TYPES: circle, square, diamond (as on the map page)
  var viewButtons = root.querySelectorAll("[data-obs-views] [data-obs-vue]");
  var viewsBox = root.querySelector("[data-obs-views]");
  var mapEl = root.querySelector("[data-obs-carte]");
  var mapViewsEl = root.querySelector("[data-obs-carte-vues]");
  var withoutEl = root.querySelector("[data-obs-carte-sans]");
  var withoutText = root.querySelector("[data-obs-carte-sans-texte]");
  var placeEl = root.querySelector("[data-obs-carte-lieu]");
  var placeTitle = root.querySelector("[data-obs-carte-lieu-titre]");
  var placeList = root.querySelector("[data-obs-carte-lieu-liste]");
  var morePara = moreButton.parentNode;
  var maps = [];       // per view of the map chunk's views: {id, figure, svg, marks, k, nodes: key -> its mark, visible}
  var singles = [];    // a record's own mark, once written (the same in every state)

  var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  function escapeMarkup(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; });
  }

  /* Each view's map is in a shadow tree of its box, with recherche.css alone: the
     theme's hundreds of rules left outside, a redraw styles thousands of marks in
     half the time (at 10,000 records, styling the marks was most of a redraw). */
  var STYLESHEET = (document.querySelector('link[rel="stylesheet"][href$="recherche/recherche.css"]') || {}).href ||
    BASE + "/assets/recherche/recherche.css";

  function onMark(event) {
    var link = event.target.closest && event.target.closest("a[data-k]");
    if (!link) return;
    event.preventDefault();
    var svg = link.closest("svg");
    maps.forEach(function (m) {
      var entry = m.svg === svg && m.nodes.get(parseInt(link.getAttribute("data-k"), 10));
      if (entry) showPlace(entry.docs);
    });
  }

  function mapViews() {
    if (maps.length || !mapViewsEl) return maps;
    chunk(MAP_CHUNK).views.forEach(function (v) {
      var figure = el("div", "obs-carte__vue");
      var tree = figure.attachShadow ? figure.attachShadow({ mode: "open" }) : figure;
      if (tree !== figure) {
        var style = document.createElement("link");
        style.rel = "stylesheet";
        style.href = STYLESHEET;
        tree.appendChild(style);
      }
      var svg = document.createElementNS(SVG_NS, "svg");
      svg.setAttribute("class", "obs-carte__svg");
      svg.setAttribute("viewBox", "0 0 " + v[2] + " " + v[3]);
      svg.setAttribute("role", "group");
      svg.setAttribute("data-view", v[0]);
      var image = document.createElementNS(SVG_NS, "image");
      image.setAttribute("href", BASE + "/" + v[1]);
      image.setAttribute("width", v[2]);
      image.setAttribute("height", v[3]);
      image.setAttribute("aria-hidden", "true");
      var marks = document.createElementNS(SVG_NS, "g");
      marks.setAttribute("class", "obs-carte__marques");
      svg.appendChild(image);
      svg.appendChild(marks);
      svg.addEventListener("click", onMark);
      tree.appendChild(svg);
      mapViewsEl.appendChild(figure);
      maps.push({ id: v[0], width: v[2], figure: figure, svg: svg, marks: marks, k: 0, nodes: new Map(), visible: [] });
    });
    if (window.ResizeObserver) {
      new ResizeObserver(function (entries) {
        var width = entries[entries.length - 1].contentRect.width;
        if (width && scaleMarks(width) && current && view === MAP) drawMap(current.results);
      }).observe(mapViewsEl);
    }
    return maps;
  }

  /* The marks keep their size on screen: drawn for one unit a pixel, they are drawn k
     times larger on a map shown k times smaller (its width: that of the maps' box, but
     their borders). Written into the marks' geometry rather than a transform of each,
     which would cost a style of its own to every mark at each redraw. True when a
     scale changed: the marks are to be drawn again. */
  var boxWidth = 0;
  function scaleMarks(width) {
    boxWidth = width;
    var changed = false;
    maps.forEach(function (m) {
      var k = Math.round(Math.max(1, m.width / Math.max(1, width - 2)) * 20) / 20;
      if (k === m.k) return;
      m.k = k;
      changed = true;
      m.marks.setAttribute("stroke-width", (1.2 * k).toFixed(2));
    });
    if (changed) {
      singles = [];
      clearMarks();
    }
    return changed;
  }

  function showView(name) {
    if (viewsBox) viewsBox.hidden = false;
    viewButtons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-obs-vue") === name)); });
    resultsEl.hidden = name === MAP;
    morePara.hidden = name === MAP;
    if (mapEl) mapEl.hidden = name !== MAP;
  }

  /* The located results' record chunks: a mark names its record and leads to it. */
  function mapChunks(results) {
    var at = placeTable(), located = [];
    for (var i = 0; i < results.length; i++) if (at.view[results[i]] >= 0) located.push(results[i]);
    return recordChunks(located);
  }

  function groupLabel(docs) {
    var places = [];
    for (var i = 0; i < docs.length && places.length < 4; i++) {
      var p = placeOf(docs[i], record(docs[i]));
      if (p && places.indexOf(p) === -1) places.push(p);
    }
    var text = places.slice(0, 3).join(T("recherche.script.spoken_list")) + (places.length > 3 ? "…" : "");
    return T("recherche.script.map_group", { n: docs.length, place: text });
  }

  function n1(value) { return Math.round(value * 10) / 10; }

  /* A place's number of results, drawn as lines (one path) rather than as SVG text:
     the page lays out thousands of paths quicker than thousands of texts (at 10,000
     records, text took two thirds of a redraw). Digits 4 units wide and 6 high,
     centred on (0, 0): [x, y of the first point, the rest of the path]. */
  var DIGITS = [
    [0, 0, "h4v6h-4z"], [1, 1, "l1-1v6"], [0, 0, "h4v3h-4v3h4"], [0, 0, "h4v6h-4m0-3h4"], [0, 0, "v3h4m0-3v6"],
    [4, 0, "h-4v3h4v3h-4"], [4, 0, "h-4v6h4v-3h-4"], [0, 0, "h4v6"], [0, 0, "h4v6h-4zm0 3h4"], [4, 3, "h-4v-3h4v6h-4"]
  ];
  var numberPaths = Object.create(null);
  function numberPath(n) {
    var text = String(n), d = numberPaths[text];
    if (d !== undefined) return d;
    var left = -(text.length * 5.8 - 1.8) / 2;
    d = "";
    for (var i = 0; i < text.length; i++) {
      var glyph = DIGITS[text.charCodeAt(i) - 48];
      d += "M" + n1(left + i * 5.8 + glyph[0]) + " " + (glyph[1] - 3) + glyph[2];
    }
    return (numberPaths[text] = d);
  }

  /* The mark of a place (key) with the results group, k its scale (see scaleMarks):
     the shapes of the map page's marks. */
  function markup(group, key, k) {
    var at = placeTable(), d = group[0], x = at.x[d], y = at.y[d];
    if (group.length > 1) {
      var type = record(d)[0], same = true;
      for (var i = 1; i < group.length && same; i++) same = record(group[i])[0] === type;
      var r = n1(Math.min(5 + 2.2 * Math.log2(group.length), 16) * k);
      return '<a href="#obs-carte-lieu-titre" data-k="' + key + '" class="g' + (same ? " " + SHAPES[type] : "") +
        '" aria-label="' + escapeMarkup(groupLabel(group)) + '"><circle cx="' + x + '" cy="' + y + '" r="' + r +
        '"/><path class="n" transform="translate(' + x + " " + y + ") scale(" + k + ')" d="' +
        numberPath(group.length) + '"/></a>';
    }
    if (singles[d] !== undefined) return singles[d];
    var doc = record(d), place = placeOf(d, doc), shape;
    var label = place ? T("recherche.script.map_record", { title: doc[2], place: place })
      : T("recherche.script.map_record_nowhere", { title: doc[2] });
    var h = n1(4 * k), side = n1(8 * k), c = n1(5.5 * k);
    if (doc[0] === 1) shape = '<rect x="' + n1(x - h) + '" y="' + n1(y - h) + '" width="' + side + '" height="' + side + '"/>';
    else if (doc[0] === 2) shape = '<path d="M' + x + " " + n1(y - c) + "l" + c + " " + c + "-" + c + " " + c + "-" + c + "-" + c + 'z"/>';
    else shape = '<circle cx="' + x + '" cy="' + y + '" r="' + n1(4.5 * k) + '"/>';
    return (singles[d] = '<a href="' + escapeMarkup(recordHref(doc)) + '" class="' + SHAPES[doc[0]] +
      '" aria-label="' + escapeMarkup(label) + '">' + shape + "</a>");
  }

  /* Per view, the rank of each place (key: y * 2048 + x) among the places of every
     record: larger first (a smaller mark near them stays in sight), then top to
     bottom, left to right. The marks keep that order in every state, so that a
     redraw adds, hides and rewrites only the marks that change. */
  var RANKS = null;
  function ranks() {
    if (RANKS) return RANKS;
    var at = placeTable(), counts = maps.map(function () { return new Map(); });
    for (var d = 0; d < N; d++) {
      var v = at.view[d];
      if (v < 0 || v >= maps.length) continue;
      var key = at.y[d] * 2048 + at.x[d];
      counts[v].set(key, (counts[v].get(key) || 0) + 1);
    }
    RANKS = counts.map(function (count) {
      var keys = Array.from(count.keys());
      keys.sort(function (a, b) { return count.get(b) - count.get(a) || a - b; });
      var rank = new Map();
      keys.forEach(function (key, i) { rank.set(key, i); });
      return rank;
    });
    return RANKS;
  }

  /* Forget every mark drawn (their scale changed). */
  function clearMarks() {
    maps.forEach(function (m) {
      m.marks.textContent = "";
      m.nodes = new Map();
      m.visible = [];
    });
  }

  /* One mark per place of the results (their record chunks loaded), results at the
     same place in one mark with their number; then the results without a place
     counted. A mark once made stays in the map: hidden (visibility, which neither
     lays out again nor lets it be focused) when its place has no result, shown again
     as it was, rewritten only when its results change; new ones are written as one
     string and put in their rank. */
  function drawMap(results) {
    mapViews();
    if (!boxWidth) scaleMarks(mapViewsEl.clientWidth || 700);   // once: then the ResizeObserver says
    var rank = ranks(), at = placeTable();
    var byView = maps.map(function () { return new Map(); });
    var counts = maps.map(function () { return 0; });
    var without = 0;
    for (var i = 0; i < results.length; i++) {
      var d = results[i], v = at.view[d];
      if (v < 0 || v >= maps.length) { without++; continue; }
      counts[v]++;
      var key = at.y[d] * 2048 + at.x[d], group = byView[v].get(key);
      if (group) group.push(d); else byView[v].set(key, [d]);
    }
    maps.forEach(function (m, v) {
      var groups = byView[v];
      m.visible.forEach(function (key) {
        if (groups.has(key)) return;
        var entry = m.nodes.get(key);
        if (entry.shown) { entry.node.setAttribute("visibility", "hidden"); entry.shown = false; }
      });
      var fresh = [], parts = [];
      groups.forEach(function (docs, key) {
        var entry = m.nodes.get(key), sig = docs.length > 1 ? docs.join(",") : String(docs[0]);
        if (entry && entry.sig === sig) {
          if (!entry.shown) { entry.node.removeAttribute("visibility"); entry.shown = true; }
          return;
        }
        if (!entry) {
          entry = { node: null, sig: "", docs: null, shown: false, rank: rank[v].get(key) };
          m.nodes.set(key, entry);
        }
        entry.sig = sig;
        entry.docs = docs;
        fresh.push(entry);
        parts.push(markup(docs, key, m.k));
      });
      m.visible = Array.from(groups.keys());
      if (fresh.length) {
        var holder = document.createElementNS(SVG_NS, "g");
        holder.innerHTML = parts.join("");
        var made = Array.prototype.slice.call(holder.childNodes), added = [];
        fresh.forEach(function (entry, j) {
          var node = made[j];
          node._rank = entry.rank;
          if (entry.node) m.marks.replaceChild(node, entry.node); else added.push(entry);
          entry.node = node;
          entry.shown = true;
        });
        added.sort(function (a, b) { return a.rank - b.rank; });
        var child = m.marks.firstChild;
        added.forEach(function (entry) {
          while (child && child._rank < entry.rank) child = child.nextSibling;
          m.marks.insertBefore(entry.node, child);
        });
      }
      m.svg.setAttribute("aria-label", m.id === "france" ? T("recherche.script.map_france", { n: counts[v] })
        : T("recherche.script.map_monde", { n: counts[v] }));
      m.figure.hidden = counts[v] === 0;
    });
    var located = results.length - without;
    var text = located === 0 && results.length ? T("recherche.script.map_none") : "";
    if (without) text += (text ? " " : "") + T("recherche.script.map_without", { n: without });
    withoutText.textContent = text;
    withoutEl.hidden = !text;
    placeEl.hidden = true;
  }

  /* The results at one place, under the map (their mark says how many). */
  function showPlace(group) {
    while (placeList.firstChild) placeList.removeChild(placeList.firstChild);
    var places = [];
    group.forEach(function (d) {
      var doc = record(d), li = el("li"), a = el("a", null, doc[2]), place = placeOf(d, doc);
      a.href = recordHref(doc);
      li.appendChild(a);
      if (place && places.indexOf(place) === -1) places.push(place);
      placeList.appendChild(li);
    });
    placeTitle.textContent = T("recherche.script.map_place_title", {
      n: group.length, place: places.join(T("recherche.script.spoken_list"))
    });
    placeEl.hidden = false;
    placeTitle.focus();
  }

  // --- updating: load what a state needs, then show it --------------------------------------------

  var generation = 0;   // the latest update; an older one that finishes loading shows nothing
  var updating = false; // the latest update waits for chunks

  function busy(on) {
    if (on) resultsEl.setAttribute("aria-busy", "true"); else resultsEl.removeAttribute("aria-busy");
  }

  /* The chunks a state needs besides its words' and its records': the sort keys for
     an order by them (with a number, for the population), the places for the map. */
  function dataChunks(state) {
    var names = [];
    if (KEYED.indexOf(state.sort) !== -1 && (state.sort !== "population" || state.inhabitants !== null)) {
      names.push(SORT_CHUNK);
    }
    if (state.view === MAP) names.push(MAP_CHUNK);
    return names;
  }

  /* The chunks that state's first results need before they are computed. */
  function firstChunks(state) {
    return termChunks(state.q).concat(dataChunks(state));
  }

  /* The order by population waits for a number: its keys load while it is typed. */
  function preload(state) {
    if (state.sort !== "population" || state.inhabitants !== null) return;
    var wait = loadChunk(SORT_CHUNK);
    if (wait) wait.catch(function () { /* the update that needs them says it */ });
  }

  /* Shows state: at once when its chunks are there (the usual case once a query's
     words are loaded), else once they are, the page showing the previous state
     meanwhile (busy): a new order or the map is drawn once its data is there; then
     calls done. */
  function update(state, done) {
    var mine = ++generation;
    updating = true;
    preload(state);
    function fail() {
      if (mine !== generation) return;
      updating = false;
      busy(false);
      say(T("recherche.script.chunk_failed"));
    }
    function then(wait, next) {
      if (!wait) return next();
      busy(true);
      wait.then(function () { if (mine === generation) next(); }, fail);
    }
    then(loadChunks(firstChunks(state)), function () {
      var result = compute(state);
      var needed = recordChunks(nextPage(result, 0));
      if (state.view === MAP) needed = needed.concat(mapChunks(result.results));
      then(loadChunks(needed), function () {
        updating = false;
        busy(false);
        show(state, result);
        if (done) done();
      });
    });
  }

  /* A Promise that the chunks a state needs for its first page are loaded. */
  function prepare(state) {
    return Promise.resolve(loadChunks(firstChunks(state))).then(function () {
      var result = compute(state);
      var needed = recordChunks(nextPage(result, 0));
      if (state.view === MAP) needed = needed.concat(mapChunks(result.results));
      return loadChunks(needed);
    });
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
    timer = null;
    timer = setTimeout(function () {
      timer = null;
      var state = stateFromForm();
      update(state);
      commit(state, typingEntry ? "replace" : "push");
      typingEntry = true;
    }, 180);
  }

  function onChange() {
    clearTimeout(timer);
    timer = null;
    var state = stateFromForm();
    update(state);
    commit(state, "push");
    typingEntry = false;
  }

  if (input) input.addEventListener("input", onTyping);
  // the order and the number are outside the form's element (form="…"): their events do not reach it
  if (sortSelect) sortSelect.addEventListener("change", function () {
    showInhabitants();
    onChange();
  });
  if (inhabitantsInput) {
    inhabitantsInput.addEventListener("input", onTyping);
    inhabitantsInput.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); onChange(); }
    });
  }
  form.addEventListener("change", function (e) {
    if (e.target === input) return;
    onChange();
  });
  /* « Liste » / « Carte », and the map's way to the list. */
  root.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("button[data-obs-vue]");
    if (!button) return;
    var name = button.getAttribute("data-obs-vue") === MAP ? MAP : LIST;
    var toList = !button.closest("[data-obs-views]");
    if (name !== view) {
      view = name;
      onChange();
    }
    if (toList) {
      var heading = document.getElementById("obs-resultats-titre");
      if (heading) heading.focus();
    }
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
    var mine = generation;
    function more() {
      if (mine !== generation) return;
      busy(false);
      var first = appendResults();
      var link = first && first.querySelector("a");
      if (link) link.focus();
    }
    var wait = loadChunks(recordChunks(nextPage(current, shown)));
    if (!wait) return more();
    busy(true);
    wait.then(more, function () {
      busy(false);
      say(T("recherche.script.chunk_failed"));
    });
  });
  window.addEventListener("popstate", function () {
    clearTimeout(timer);
    timer = null;
    typingEntry = false;
    var state = stateFromURL();
    stateToForm(state);
    update(state);
  });

  // --- start --------------------------------------------------------------------------------

  window.__obsSearch = {
    index: idx,
    queryTerms: queryTerms,
    searchRefs: searchRefs,
    foldAccents: foldAccents,
    compute: compute,
    stateFromURL: stateFromURL,
    indexLoadMs: indexLoadMs,
    T: T,
    /* The chunks loaded so far, by name. */
    loaded: function () { return Object.keys(chunks).sort(); },
    /* A Promise that the page shows its latest state (nothing typed waits, nothing loads). */
    settled: function () {
      return new Promise(function (resolve) {
        (function check() {
          if (timer === null && !updating) resolve(); else setTimeout(check, 20);
        })();
      });
    },
    /* A Promise that what the query text needs for its first results is loaded. */
    prepare: function (text) {
      var state = stateFromForm();
      state.q = text;
      return prepare(state);
    },
    /* Time one query end to end (search, counts, rendering, layout), in ms, once prepared. */
    timeQuery: function (text) {
      var start = performance.now();
      if (input) input.value = text;
      var state = stateFromForm();
      show(state, compute(state));
      void root.offsetHeight;
      return performance.now() - start;
    },
    /* Time the page's redraw (facet counts, results, the map in the map view, layout)
       after ticking or unticking a facet's value, in ms, once what it shows is loaded. */
    timeFacet: function (name, id) {
      var box = root.querySelector('[data-obs-facet="' + name + '"]');
      var found = null;
      if (box) box.querySelectorAll("[data-obs-value]").forEach(function (li) {
        if (li.getAttribute("data-obs-value") === id) found = li.querySelector("input");
      });
      if (!found) throw new Error("valeur de facette absente : " + name + "=" + id);
      var start = performance.now();
      found.checked = !found.checked;
      var state = stateFromForm();
      show(state, compute(state));
      void root.offsetHeight;
      return performance.now() - start;
    },
    /* Time the full-text search alone, in ms, once prepared. */
    timeSearch: function (text) {
      var start = performance.now();
      searchRefs(text);
      return performance.now() - start;
    }
  };

  // small screens: the filters start folded, so the results show first
  if (filtersBox && SMALL && SMALL.matches) filtersBox.open = false;
  var initial = stateFromURL();
  // the chunks of the address's query, order and view start loading while the facet values are decoded
  var early = loadChunks(firstChunks(initial));
  if (early) early.catch(function () { /* update() says it */ });
  t0 = performance.now();
  try {
    TABLES = DATA.facetValues.map(facetTable);
  } catch (e) {
    say(T("recherche.script.failed", { error: e.message }));
    return;
  }
  indexLoadMs += performance.now() - t0;
  window.__obsSearch.indexLoadMs = indexLoadMs;
  stateToForm(initial);
  update(initial, function () {
    window.__obsSearchReady = performance.now();
    if (performance.mark) performance.mark("obs-search-ready");
  });
})();
