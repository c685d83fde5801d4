/* Observatoire du Partage: the maps' zoom and pan. The maps are drawn at build time
   and work without this script (every mark is a link; each view has its page); it
   only moves the SVG's viewBox, and keeps the marks the same size on screen while zooming. */
(function () {
  "use strict";
  var MAX_ZOOM = 12;

  function Zoomable(svg) {
    var box = svg.getAttribute("viewBox").split(" ").map(Number);
    this.svg = svg;
    this.base = { x: box[0], y: box[1], w: box[2], h: box[3] };
    this.view = { x: box[0], y: box[1], w: box[2], h: box[3] };
  }
  Zoomable.prototype.apply = function () {
    var b = this.base, v = this.view;
    v.w = Math.min(b.w, Math.max(b.w / MAX_ZOOM, v.w));
    v.h = v.w * b.h / b.w;
    v.x = Math.min(b.x + b.w - v.w, Math.max(b.x, v.x));
    v.y = Math.min(b.y + b.h - v.h, Math.max(b.y, v.y));
    this.svg.setAttribute("viewBox", [v.x, v.y, v.w, v.h].map(function (n) { return n.toFixed(1); }).join(" "));
    // The marks keep their size on screen (their shapes are drawn for one unit a pixel).
    this.svg.style.setProperty("--obs-map-k", (v.w / (this.svg.clientWidth || b.w)).toFixed(4));
  };
  // factor > 1 zooms in, around (cx, cy) in the SVG's units (the middle by default).
  Zoomable.prototype.zoom = function (factor, cx, cy) {
    var v = this.view;
    if (cx === undefined) { cx = v.x + v.w / 2; cy = v.y + v.h / 2; }
    var w = v.w / factor;
    w = Math.min(this.base.w, Math.max(this.base.w / MAX_ZOOM, w));
    var k = w / v.w;
    v.x = cx - (cx - v.x) * k;
    v.y = cy - (cy - v.y) * k;
    v.w = w;
    this.apply();
  };
  Zoomable.prototype.reset = function () {
    var b = this.base;
    this.view = { x: b.x, y: b.y, w: b.w, h: b.h };
    this.apply();
  };
  // The SVG's units per screen pixel, and a pointer's position in the SVG's units.
  Zoomable.prototype.scale = function () { return this.view.w / (this.svg.clientWidth || 1); };
  Zoomable.prototype.at = function (event) {
    var r = this.svg.getBoundingClientRect(), s = this.scale();
    return [this.view.x + (event.clientX - r.left) * s, this.view.y + (event.clientY - r.top) * s];
  };
  // A mark reached with the keyboard outside the part shown: bring it to the middle.
  Zoomable.prototype.show = function (element) {
    var b = element.getBBox(), v = this.view;
    if (b.x >= v.x && b.y >= v.y && b.x + b.width <= v.x + v.w && b.y + b.height <= v.y + v.h) return;
    v.x = b.x + b.width / 2 - v.w / 2;
    v.y = b.y + b.height / 2 - v.h / 2;
    this.apply();
  };

  function enhance(zoomable) {
    var svg = zoomable.svg, drag = null, moved = false;
    svg.addEventListener("wheel", function (event) {
      if (!event.ctrlKey) return;  // the page scrolls; a pinch on a touchpad, or ctrl + wheel, zooms
      event.preventDefault();
      var p = zoomable.at(event);
      zoomable.zoom(event.deltaY < 0 ? 1.25 : 0.8, p[0], p[1]);
    }, { passive: false });
    svg.addEventListener("dblclick", function (event) {
      var p = zoomable.at(event);
      zoomable.zoom(event.shiftKey ? 0.5 : 2, p[0], p[1]);
    });
    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0 || zoomable.view.w >= zoomable.base.w) return;
      drag = { x: event.clientX, y: event.clientY, vx: zoomable.view.x, vy: zoomable.view.y };
      moved = false;
    });
    svg.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (!moved && Math.abs(dx) + Math.abs(dy) < 5) return;
      if (!moved) { moved = true; svg.setPointerCapture(event.pointerId); svg.classList.add("obs-map__svg--drag"); }
      var s = zoomable.scale();
      zoomable.view.x = drag.vx - dx * s;
      zoomable.view.y = drag.vy - dy * s;
      zoomable.apply();
    });
    function stop() { drag = null; svg.classList.remove("obs-map__svg--drag"); }
    svg.addEventListener("pointerup", stop);
    svg.addEventListener("pointercancel", stop);
    svg.addEventListener("click", function (event) {  // the end of a drag is not a click on a mark
      if (moved) { event.preventDefault(); moved = false; }
    }, true);
    if (window.ResizeObserver) new ResizeObserver(function () { zoomable.apply(); }).observe(svg);
    zoomable.apply();
    svg.addEventListener("focusin", function (event) {
      if (event.target.closest && event.target.closest("a")) zoomable.show(event.target);
    });
  }

  document.querySelectorAll("[data-obs-map]").forEach(function (box) {
    var svg = box.querySelector(".obs-map__view svg");
    if (!svg) return;
    var zoomable = new Zoomable(svg);
    enhance(zoomable);
    var tools = box.querySelector(".obs-map__tools");
    if (!tools) return;
    tools.hidden = false;
    box.classList.add("obs-map--js");
    tools.addEventListener("click", function (event) {
      var button = event.target.closest("button"), zoom = button && button.getAttribute("data-obs-zoom");
      if (zoom === "in") zoomable.zoom(1.6);
      else if (zoom === "out") zoomable.zoom(1 / 1.6);
      else if (zoom) zoomable.reset();
    });
  });
})();
