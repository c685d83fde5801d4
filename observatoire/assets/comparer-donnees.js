/* Observatoire du Partage — the compare page's data files (assets/observatoire/comparer/<n>.js).
 *
 * Written in the page's head, before the theme's style sheets (observatoire/site/compare.py,
 * loader_tag): it starts loading the files of the initiatives of the address (i=) at once,
 * while the page's style sheets load, and comparer.js (which runs once they are read) finds
 * them loaded or loading. From file://, a file arrives some 60 to 90 ms after it is asked for:
 * asked for by comparer.js, they were the last thing the page waited for.
 *
 * A record's file is n = FNV-1a (32 bits, over UTF-16 code units) of its slug modulo the
 * number of files, computed at build time the same way (observatoire/site/compare.py).
 * Its settings are its script tag's data-lots (the number of files), data-donnees (their
 * folder), data-global (the object each file adds its records to) and data-max.
 *
 * window.OBS_COMPARE_DATA = { record(slug), load(slugs, done) }: done() is called once
 * every file asked for has loaded or failed.
 */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me) return;
  var LOTS = parseInt(me.getAttribute("data-lots"), 10) || 1;
  var FOLDER = me.getAttribute("data-donnees") || "";
  var GLOBAL = me.getAttribute("data-global") || "";
  var MAX = parseInt(me.getAttribute("data-max"), 10) || 4;
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var hasOwn = function (o, k) { return o !== null && typeof o === "object" && Object.prototype.hasOwnProperty.call(o, k); };

  function fnv1a(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }
  function bucketOf(slug) { return fnv1a(slug) % LOTS; }

  function loaded(bucket) {
    var all = window[GLOBAL];
    return all && hasOwn(all, bucket) ? all[bucket] : null;
  }

  var pending = {};  // bucket -> the callbacks waiting for its file

  function request(bucket, then) {
    if (loaded(bucket)) { then(); return; }
    if (pending[bucket]) { pending[bucket].push(then); return; }
    pending[bucket] = [then];
    var script = document.createElement("script");
    script.src = FOLDER + bucket + ".js";
    script.onload = script.onerror = function () {
      var waiting = pending[bucket];
      delete pending[bucket];
      waiting.forEach(function (f) { f(); });
    };
    document.head.appendChild(script);
  }

  function load(slugs, done) {
    var buckets = [];
    slugs.forEach(function (slug) {
      var b = bucketOf(slug);
      if (buckets.indexOf(b) < 0) buckets.push(b);
    });
    var waiting = buckets.length;
    if (!waiting) { done(); return; }
    buckets.forEach(function (b) { request(b, function () { if (--waiting === 0) done(); }); });
  }

  function record(slug) {
    var bucket = loaded(bucketOf(slug));
    return bucket && hasOwn(bucket, slug) ? bucket[slug] : null;
  }

  window.OBS_COMPARE_DATA = { record: record, load: load };

  // The initiatives of the address, at once (comparer.js reads the address the same way).
  var asked = [];
  try {
    var params = new URLSearchParams(window.location.search);
    if (params.has("i")) {
      params.get("i").split(",").forEach(function (s) {
        s = s.trim();
        if (SLUG.test(s) && asked.indexOf(s) < 0) asked.push(s);
      });
    }
  } catch (e) { /* comparer.js says what is wrong with the address */ }
  load(asked.slice(0, MAX), function () {});
})();
