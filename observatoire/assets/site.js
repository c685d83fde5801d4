/* Observatoire du Partage: small enhancements; the pages work without them. */
(function () {
  "use strict";
  // « Imprimer la fiche »
  document.querySelectorAll(".obs-print-button").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // Events: the page says « à venir / passés » as of the build date; correct it with today's date.
  var today = new Date();
  var todayKey = today.getFullYear() * 10000 + (today.getMonth() + 1) * 100 + today.getDate();
  function key(text) {
    var p = (text || "").split("T")[0].split("-");
    if (!p[0]) return null;
    return parseInt(p[0], 10) * 10000 + parseInt(p[1] || "12", 10) * 100 + parseInt(p[2] || "31", 10);
  }
  document.querySelectorAll("[data-obs-events]").forEach(function (box) {
    var up = box.querySelector("[data-obs-upcoming]");
    var past = box.querySelector("[data-obs-past]");
    if (!up) return;
    var moved = false;
    Array.prototype.slice.call(up.children).forEach(function (item) {
      var end = key(item.getAttribute("data-fin"));
      if (end !== null && end < todayKey) {
        if (past) past.insertBefore(item, past.firstChild); else item.remove();
        moved = true;
      }
    });
    if (!moved) return;
    var asof = box.querySelector(".obs-asof");
    if (asof) asof.textContent = asof.getAttribute("data-obs-today");
    var upEmpty = box.querySelector("[data-obs-upcoming-empty]");
    if (upEmpty) upEmpty.hidden = up.children.length > 0;
    var pastEmpty = box.querySelector("[data-obs-past-empty]");
    if (pastEmpty && past) pastEmpty.hidden = past.children.length > 0;
  });
})();
