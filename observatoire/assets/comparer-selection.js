/* Observatoire du Partage — the selection of initiatives to compare, kept in the browser.
 *
 * API, for any page that loads this script (initiative pages, the compare page, the
 * search page):
 *
 *   window.OBS_COMPARE.max            how many initiatives a comparison holds (4; the build
 *                                     may say otherwise in this script tag's data-max)
 *   window.OBS_COMPARE.list()         the selected slugs, in the order they were added
 *   window.OBS_COMPARE.has(slug)      whether slug is selected
 *   window.OBS_COMPARE.title(slug)    the title given when it was added ("" if none)
 *   window.OBS_COMPARE.add(slug, title?)  adds it; returns false when the selection is full
 *                                     (or the slug is not a slug), true otherwise
 *   window.OBS_COMPARE.remove(slug)   removes it
 *   window.OBS_COMPARE.set(slugs)     replaces the selection (the first max valid slugs)
 *   window.OBS_COMPARE.clear()        empties it
 *   window.OBS_COMPARE.onchange(fn)   fn(list) after every change, here or in another tab
 *   window.OBS_COMPARE.storage        where it is kept: "local", "session", "name" or "memory"
 *
 * Where it is kept: localStorage (Chromium and Firefox keep it for pages opened from
 * file:// too, one store for every local file); where the browser refuses it (storage
 * disabled, some private modes), sessionStorage, then window.name (kept by the tab from
 * page to page of the site), then this page only. The compare page's address carries
 * the selection itself (comparer.html?i=slug1,slug2), so a comparison never depends on
 * the store.
 *
 * The widget: a button [data-obs-compare-toggle] (data-slug, data-title) adds or removes
 * its initiative; a box [data-obs-compare-bar] says how many are selected, links to the
 * compare page with them in its address, and empties the selection. Its words are the
 * catalog's compare.selection.* texts (observatoire/core/i18n/<lang>.yml), given as JSON
 * in its data-obs-texts, read with T(name, params). Titles are text (textContent).
 * Buttons may come and go after this script ran (the search page's results): clicks are
 * handled for the whole document, and every change updates the buttons then present. A
 * button with an aria-pressed attribute (the search page's « Comparer ») keeps its words
 * and says its state in aria-pressed; the others say « Ajouter… » or « Retirer… ».
 */
(function () {
  "use strict";
  if (window.OBS_COMPARE) return;  // loaded twice: one selection

  var KEY = "observatoire-du-partage.comparer";
  var NAME_PREFIX = "obs-comparer:";
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var me = document.currentScript;
  var MAX = parseInt((me && me.getAttribute("data-max")) || "", 10) || 4;

  // --- the store ------------------------------------------------------------------------

  function usable(storage) {
    try {
      var s = window[storage];
      var probe = KEY + ".essai";
      s.setItem(probe, "1");
      var ok = s.getItem(probe) === "1";
      s.removeItem(probe);
      return ok ? s : null;
    } catch (e) {
      return null;
    }
  }

  var store = usable("localStorage");
  var kind = "local";
  if (!store) { store = usable("sessionStorage"); kind = "session"; }
  if (!store) kind = "name";
  var memory = "";

  function readRaw() {
    if (store) {
      try { return store.getItem(KEY) || ""; } catch (e) { return memory; }
    }
    if (kind === "name") {
      try {
        var name = String(window.name || "");
        return name.indexOf(NAME_PREFIX) === 0 ? name.slice(NAME_PREFIX.length) : memory;
      } catch (e) { kind = "memory"; }
    }
    return memory;
  }

  function writeRaw(text) {
    memory = text;
    if (store) {
      try { store.setItem(KEY, text); return; } catch (e) { /* full or refused: memory */ }
    }
    if (kind === "name") {
      try {
        var name = String(window.name || "");
        // window.name belongs to the page: only ever replace our own value
        if (name === "" || name.indexOf(NAME_PREFIX) === 0) window.name = NAME_PREFIX + text;
        else kind = "memory";
      } catch (e) { kind = "memory"; }
    }
  }

  /** [{s: slug, t: title}], cleaned: slugs only, no twice, at most MAX. */
  function read() {
    var items;
    try { items = JSON.parse(readRaw() || "[]"); } catch (e) { items = []; }
    if (!Array.isArray(items)) items = [];
    var out = [], seen = {};
    items.forEach(function (item) {
      var slug = item && typeof item.s === "string" ? item.s : "";
      if (!SLUG.test(slug) || seen[slug] || out.length >= MAX) return;
      seen[slug] = true;
      out.push({ s: slug, t: typeof item.t === "string" ? item.t.slice(0, 300) : "" });
    });
    return out;
  }

  var listeners = [];
  function changed() {
    var list = api.list();
    listeners.forEach(function (fn) { try { fn(list); } catch (e) { /* a listener's own error */ } });
  }

  function save(items) {
    writeRaw(JSON.stringify(items));
    changed();
  }

  var api = {
    max: MAX,
    storage: kind,
    list: function () { return read().map(function (i) { return i.s; }); },
    has: function (slug) { return read().some(function (i) { return i.s === slug; }); },
    title: function (slug) {
      var found = read().filter(function (i) { return i.s === slug; })[0];
      return found ? found.t : "";
    },
    add: function (slug, title) {
      slug = String(slug || "");
      if (!SLUG.test(slug)) return false;
      var items = read();
      if (items.some(function (i) { return i.s === slug; })) {
        if (title) {
          items.forEach(function (i) { if (i.s === slug) i.t = String(title).slice(0, 300); });
          writeRaw(JSON.stringify(items));
        }
        return true;
      }
      if (items.length >= MAX) return false;
      items.push({ s: slug, t: title ? String(title).slice(0, 300) : "" });
      save(items);
      return true;
    },
    remove: function (slug) {
      var items = read();
      var kept = items.filter(function (i) { return i.s !== slug; });
      if (kept.length !== items.length) save(kept);
    },
    set: function (slugs) {
      var before = read();
      var titles = {};
      before.forEach(function (i) { titles[i.s] = i.t; });
      var out = [], seen = {};
      (slugs || []).forEach(function (slug) {
        slug = String(slug);
        if (!SLUG.test(slug) || seen[slug] || out.length >= MAX) return;
        seen[slug] = true;
        out.push({ s: slug, t: titles[slug] || "" });
      });
      if (JSON.stringify(out) !== JSON.stringify(before)) save(out);
    },
    clear: function () { save([]); },
    onchange: function (fn) { if (typeof fn === "function") listeners.push(fn); }
  };
  api.storage = kind;
  window.OBS_COMPARE = api;

  // Another tab changed the selection.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) changed();
  });

  // --- the widget -------------------------------------------------------------------------

  var bar = document.querySelector("[data-obs-compare-bar]");
  function buttons() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-obs-compare-toggle]"));
  }
  if (!bar && !buttons().length) return;

  var TEXTS = {};
  try { TEXTS = JSON.parse((bar && bar.getAttribute("data-obs-texts")) || "{}") || {}; } catch (e) { TEXTS = {}; }
  var PLURAL = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || "fr") : null;
  var hasOwn = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };

  function T(name, params) {
    var entry = hasOwn(TEXTS, name) ? TEXTS[name] : name;
    if (entry && typeof entry === "object") {
      var form = params && hasOwn(params, "n") && PLURAL ? PLURAL.select(params.n) : "other";
      entry = hasOwn(entry, form) ? entry[form] : entry.other;
    }
    if (!params) return entry;
    return String(entry).replace(/\{(\w+)\}/g, function (m, k) { return hasOwn(params, k) ? String(params[k]) : m; });
  }

  var status = bar && bar.querySelector("[data-obs-compare-status]");
  var actions = bar && bar.querySelector("[data-obs-compare-actions]");
  var link = bar && bar.querySelector("[data-obs-compare-link]");
  var clear = bar && bar.querySelector("[data-obs-compare-clear]");
  var base = link ? link.getAttribute("href").split("?")[0] : "";
  var said = "";
  var rendered = false;

  function render(list) {
    rendered = true;
    buttons().forEach(function (button) {
      var on = list.indexOf(button.getAttribute("data-slug")) >= 0;
      if (button.hasAttribute("aria-pressed")) button.setAttribute("aria-pressed", on ? "true" : "false");
      else button.textContent = on ? T("compare.selection.remove") : T("compare.selection.add");
      button.hidden = false;
    });
    if (!bar) return;
    var n = list.length;
    var count = n ? T("compare.selection.count", { n: n, max: MAX }) : "";
    status.textContent = said ? said + " " + count : count;
    said = "";
    actions.hidden = n === 0;
    link.textContent = T("compare.selection.link", { n: n });
    link.setAttribute("href", base + (n ? "?i=" + list.join(",") : ""));
  }

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("[data-obs-compare-toggle]") : null;
    if (!button) return;
    var slug = button.getAttribute("data-slug");
    var title = button.getAttribute("data-title") || slug;
    rendered = false;
    if (api.has(slug)) {
      said = T("compare.selection.removed", { title: title });
      api.remove(slug);
    } else if (api.list().length < MAX) {
      said = T("compare.selection.added", { title: title });
      api.add(slug, title);
    } else {
      said = T("compare.selection.full", { max: MAX });
    }
    if (!rendered) render(api.list());  // nothing changed: say it anyway
  });
  if (clear) {
    clear.addEventListener("click", function () {
      said = T("compare.selection.cleared");
      rendered = false;
      api.clear();
      if (!rendered) render(api.list());
    });
  }
  api.onchange(render);
  render(api.list());
})();
