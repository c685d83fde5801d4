/* Observatoire du Partage: on every page, the header's search box leads to the
 * search page (recherche.html?q=…), which works offline and from file://.
 *  - Material's own header search form, if the theme shows one, is turned into
 *    a GET to recherche.html (its live search needs the search plugin, which
 *    the site does not use);
 *  - the site's plain header form (partials/recherche-entete.html) already is
 *    such a GET; on the search page, it is filled with the current query.
 * The site's root comes from Material's configuration (#__config, "base"), or
 * from a data-base attribute on the form.
 */
(function () {
  "use strict";

  function siteBase(form) {
    var fromForm = form && form.getAttribute("data-base");
    if (fromForm) return fromForm.replace(/\/+$/, "") || ".";
    var config = document.getElementById("__config");
    if (config) {
      try {
        var base = JSON.parse(config.textContent).base;
        if (typeof base === "string") return base.replace(/\/+$/, "") || ".";
      } catch (e) { /* fall through */ }
    }
    return ".";
  }

  function searchPage(form) {
    return siteBase(form) + "/recherche.html";
  }

  // Material's form (present only when its search is rendered).
  document.querySelectorAll("form.md-search__form, form[name='search']").forEach(function (form) {
    var input = form.querySelector("input[type='text'], input[type='search'], input:not([type])");
    if (!input) return;
    form.setAttribute("action", searchPage(form));
    form.setAttribute("method", "get");
    input.setAttribute("name", "q");
    input.removeAttribute("disabled");
    var go = function (event) {
      event.preventDefault();
      event.stopImmediatePropagation();
      var q = input.value.trim();
      window.location.href = searchPage(form) + (q ? "?q=" + encodeURIComponent(q) : "");
    };
    form.addEventListener("submit", go, true);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") go(event);
    }, true);
  });

  // On the search page, the header box shows the current query.
  if (document.querySelector("[data-obs-recherche]")) {
    var q = new URLSearchParams(window.location.search).get("q") || "";
    document.querySelectorAll(".obs-header-search input[name='q']").forEach(function (input) {
      if (!input.value) input.value = q;
    });
  }
})();
