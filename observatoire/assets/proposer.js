/* Observatoire du Partage — « Proposer une initiative ».
 *
 * Reads the form of proposer.html, writes the YAML of a new initiative record, checks
 * it against the rules of the JSON Schema that matter (required fields, lengths,
 * patterns, vocabularies, the grid), and offers it to copy, to download, or to open as
 * a new file on the forge. The rules come from window.OBS_PROPOSER, written at build
 * time from the schema (proposer-schema.js: a script, not a file to fetch, so that the
 * page works opened from file://). Nothing leaves the browser unless the visitor
 * follows the forge link.
 *
 * Every message is a text of the catalog (proposer.script.* of
 * observatoire/core/i18n/<lang>.yml), given in the data script, read with T(name, params).
 *
 * Nothing the visitor types becomes HTML: texts go in with textContent, the YAML into
 * a textarea's value.
 */
(function () {
  "use strict";
  var D = window.OBS_PROPOSER || null;
  var hasOwn = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };

  // --- texts ---------------------------------------------------------------------------
  // The catalog's texts, as observatoire.core.i18n.Texts gives them: {name} placeholders,
  // plural forms (one, other...) chosen by the language's rule for the parameter n.

  var TEXTS = (D && D.textes) || {};
  var PLURAL = D && window.Intl && Intl.PluralRules ? new Intl.PluralRules(D.langue) : null;

  function T(name, params) {
    var entry = hasOwn(TEXTS, name) ? TEXTS[name] : name;
    if (typeof entry === "object") {
      var form = params && hasOwn(params, "n") && PLURAL ? PLURAL.select(params.n) : "other";
      entry = hasOwn(entry, form) ? entry[form] : entry.other;
    }
    if (!params) return entry;
    return entry.replace(/\{(\w+)\}/g, function (m, k) { return hasOwn(params, k) ? String(params[k]) : m; });
  }

  // --- YAML ----------------------------------------------------------------------------
  // Strings are double-quoted with escapes, or literal blocks (|) when they span several
  // lines and a block keeps them exactly; lists and maps in block style; lists of
  // numbers in flow style. Every string reads back as written (tests/propose).

  function spaces(n) { return new Array(n + 1).join(" "); }

  function hex(n, width) {
    var h = n.toString(16).toUpperCase();
    while (h.length < width) h = "0" + h;
    return h;
  }

  /** Lone surrogates (possible in JS strings, impossible in UTF-8) become U+FFFD. */
  function wellFormed(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xD800 && c <= 0xDBFF) {
        var d = s.charCodeAt(i + 1);
        if (d >= 0xDC00 && d <= 0xDFFF) { out += s.charAt(i) + s.charAt(i + 1); i++; }
        else out += "\uFFFD";
      } else if (c >= 0xDC00 && c <= 0xDFFF) {
        out += "\uFFFD";
      } else {
        out += s.charAt(i);
      }
    }
    return out;
  }

  /** Characters a YAML stream may not hold as they are, or that YAML reads as line breaks. */
  function mustEscape(c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c === 0x2028 || c === 0x2029 ||
      c === 0xFEFF || c === 0xFFFE || c === 0xFFFF;
  }

  function quoted(s) {
    var out = "\"";
    for (var i = 0; i < s.length; i++) {
      var ch = s.charAt(i), c = s.charCodeAt(i);
      if (ch === "\"") out += "\\\"";
      else if (ch === "\\") out += "\\\\";
      else if (c === 0x0A) out += "\\n";
      else if (c === 0x09) out += "\\t";
      else if (c === 0x0D) out += "\\r";
      else if (mustEscape(c)) out += c <= 0xFF ? "\\x" + hex(c, 2) : "\\u" + hex(c, 4);
      else out += ch;
    }
    return out + "\"";
  }

  /** Whether a literal block keeps the text exactly (and stays readable). */
  function blockable(s) {
    if (s.indexOf("\n") < 0) return false;
    if (/^[\n \t]/.test(s)) return false;           // the first line sets the indentation
    if (/[ \t](\n|$)/.test(s)) return false;        // trailing spaces: invisible, often stripped
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c !== 0x0A && c !== 0x09 && mustEscape(c)) return false;
    }
    return true;
  }

  function scalar(value, indent) {
    if (typeof value === "number") {
      if (!isFinite(value)) throw new Error("nombre invalide");
      return String(value);
    }
    var s = wellFormed(String(value));
    if (!blockable(s)) return quoted(s);
    var trailing = /\n*$/.exec(s)[0].length;
    var body = s.slice(0, s.length - trailing);
    var pad = spaces(indent + 2);
    var out = "|" + (trailing === 0 ? "-" : trailing === 1 ? "" : "+");
    body.split("\n").forEach(function (line) { out += "\n" + (line ? pad + line : ""); });
    for (var i = 1; i < trailing; i++) out += "\n";
    return out;
  }

  function key(k) { return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : quoted(wellFormed(k)); }

  function isMap(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  function emitMap(obj, indent, lines, firstLead) {
    Object.keys(obj).forEach(function (k, i) {
      var lead = i === 0 && firstLead !== undefined ? firstLead : spaces(indent);
      var v = obj[k];
      if (Array.isArray(v)) {
        if (v.length && v.every(function (x) { return typeof x === "number"; })) {
          lines.push(lead + key(k) + ": [" + v.map(function (x) { return scalar(x, 0); }).join(", ") + "]");
        } else if (!v.length) {
          lines.push(lead + key(k) + ": []");
        } else {
          lines.push(lead + key(k) + ":");
          emitSeq(v, indent + 2, lines);
        }
      } else if (isMap(v)) {
        if (!Object.keys(v).length) { lines.push(lead + key(k) + ": {}"); return; }
        lines.push(lead + key(k) + ":");
        emitMap(v, indent + 2, lines);
      } else {
        lines.push(lead + key(k) + ": " + scalar(v, indent));
      }
    });
  }

  function emitSeq(items, indent, lines) {
    items.forEach(function (item) {
      if (isMap(item) && Object.keys(item).length) emitMap(item, indent + 2, lines, spaces(indent) + "- ");
      else if (Array.isArray(item)) throw new Error("liste de listes non prise en charge");
      else lines.push(spaces(indent) + "- " + scalar(item, indent + 2));
    });
  }

  /** The YAML text of ``record`` (a map), after the comment lines ``header``. */
  function toYaml(record, header) {
    var lines = (header || []).map(function (h) { return "# " + h; });
    emitMap(record, 0, lines);
    return lines.join("\n") + "\n";
  }

  // --- file name, as python-slugify (observatoire new) --------------------------------

  function slugify(text) {
    var tables = (D && D.slug) || { translit: {}, entites: {} };
    var s = String(text).replace(/'+/g, "-").normalize("NFKD");
    var t = "";
    for (var i = 0; i < s.length; i++) {
      var ch = s.charAt(i), c = s.charCodeAt(i);
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length) { ch = s.slice(i, i + 2); i++; }
      t += c < 0x80 ? ch : (hasOwn(tables.translit, ch) ? tables.translit[ch] : ch);
    }
    t = t.replace(/&([A-Za-z0-9]+);/g, function (m, name) {
      return hasOwn(tables.entites, name) ? tables.entites[name] : m;
    });
    var reference = function (m, digits, base) {
      var n = parseInt(digits, base);
      return n <= 0x10FFFF && !(n >= 0xD800 && n <= 0xDFFF) ? String.fromCodePoint(n) : m;
    };
    t = t.replace(/&#(\d+);/g, function (m, d) { return reference(m, d, 10); });
    t = t.replace(/&#x([\da-fA-F]+);/g, function (m, d) { return reference(m, d, 16); });
    return t.normalize("NFKD").toLowerCase()
      .replace(/'+/g, "")
      .replace(/(\d),(?=\d)/g, "$1")
      .replace(/[^-a-zA-Z0-9]+/g, "-")
      .replace(/-{2,}/g, "-")
      .replace(/^-+|-+$/g, "");
  }

  window.ObsProposer = { yaml: toYaml, slugify: slugify, text: T };

  var form = document.getElementById("obs-proposer");
  if (!form) return;
  var bilan = document.getElementById("p-bilan");
  if (!D) {
    bilan.textContent = bilan.getAttribute("data-sans-regles");  // the page's text: no data, no catalog
    return;
  }

  // --- reading and checking -------------------------------------------------------------

  var FIELDS = D.champs;
  var BY_PATH = {};
  FIELDS.forEach(function (f) { BY_PATH[f.path] = f; });
  var SPACES = /[\s\u00a0\u202f]/g;

  function sourceId(f, index) { return f.id.replace(/^p-sources-0-/, "p-sources-" + index + "-"); }

  function read(f, id) {
    var el = document.getElementById(id);
    if (!el) return f.widget === "checkboxes" || f.widget === "lines" || f.widget === "list" ? [] : "";
    if (f.widget === "checkboxes") {
      var checked = {};
      el.querySelectorAll("input[type=checkbox]").forEach(function (box) { if (box.checked) checked[box.value] = true; });
      return (f.enum || []).filter(function (v) { return checked[v]; });
    }
    var text = el.value.replace(/\r\n?/g, "\n");
    if (f.widget === "lines") return text.split("\n").map(function (x) { return x.trim(); }).filter(Boolean);
    if (f.widget === "list") return text.split(/[,;\n]/).map(function (x) { return x.trim(); }).filter(Boolean);
    return text.trim();
  }

  function codePoints(s) { return Array.from(s).length; }

  function dayNumber(text, end) {
    var p = text.split("-").map(function (x) { return parseInt(x, 10); });
    var y = p[0], m = p.length > 1 ? p[1] : (end ? 12 : 1), d = p.length > 2 ? p[2] : (end ? 31 : 1);
    return y * 10000 + m * 100 + d;
  }

  function dateExists(text) {
    var p = text.split("-").map(function (x) { return parseInt(x, 10); });
    var y = p[0], m = p.length > 1 ? p[1] : 1, d = p.length > 2 ? p[2] : 1;
    if (y < 1 || m < 1 || m > 12 || d < 1) return false;
    var date = new Date(Date.UTC(2000, m - 1, d));
    date.setUTCFullYear(y);
    return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }

  /**
   * Reads one field and checks it; pushes its problems. Returns the value to write
   * (a string, a number or a list), or undefined when the field is empty or wrong.
   */
  function checkField(f, id, label, out) {
    var raw = read(f, id);
    function fail(message) { out.problems.push({ id: id, label: label, message: message }); return undefined; }
    var empty = Array.isArray(raw) ? raw.length === 0 : raw === "";
    if (empty) {
      if (!f.required) return undefined;
      if (f.widget === "checkboxes") return fail(T("proposer.script.check_a_box"));
      if (f.widget === "select" || f.widget === "country") return fail(T("proposer.script.choose_a_value"));
      return fail(T("proposer.script.required"));
    }
    var value = raw;
    if (f.widget === "integer" || f.widget === "number") {
      var text = raw.replace(SPACES, "");
      if (f.widget === "integer") {
        if (!/^-?\d+$/.test(text)) return fail(T("proposer.script.integer"));
        value = parseInt(text, 10);
      } else {
        text = text.replace(",", ".");
        if (!/^-?\d+(\.\d+)?$/.test(text)) return fail(T("proposer.script.number"));
        value = parseFloat(text);
      }
      if (!isFinite(value) || Math.abs(value) >= 1e15) return fail(T("proposer.script.too_big"));
      if (f.minimum !== undefined && value < f.minimum) {
        return fail(T("proposer.script.minimum", { minimum: f.minimum }));
      }
      if (f.maximum !== undefined && value > f.maximum) {
        return fail(T("proposer.script.maximum", { maximum: f.maximum }));
      }
      return value;
    }
    var items = Array.isArray(raw) ? raw : [raw];
    var pattern = f.pattern ? new RegExp(f.pattern) : null;
    var several = items.length > 1 || Array.isArray(raw);
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var failItem = function (message) {  // names the item of a list that is wrong
        return fail(several ? T("proposer.script.item", { item: item, message: message }) : message);
      };
      if (item.indexOf(D.a_completer) >= 0) return fail(T("proposer.script.replace_mark", { mark: D.a_completer }));
      var n = codePoints(item);
      if (f.min_length && n < f.min_length) {
        return failItem(T("proposer.script.too_short", { n: f.min_length, count: n }));
      }
      if (f.max_length && n > f.max_length) {
        return failItem(T("proposer.script.too_long", { n: f.max_length, count: n }));
      }
      if (f.enum && f.enum.indexOf(item) < 0) return failItem(T("proposer.script.unknown_value"));
      if (pattern && !pattern.test(item)) return failItem(T("proposer.script.expected", { hint: f.hint }));
      if (f.widget === "date" && !dateExists(item)) return fail(T("proposer.script.no_such_date", { date: item }));
      if (f.url && (/\s/.test(item) || !/^https?:\/\/[^\/?#]+/.test(item))) {
        return fail(T("proposer.script.incomplete_address", { hint: f.hint }));
      }
      if (f.currency && D.devises.indexOf(item) < 0) {
        return fail(T("proposer.script.unknown_currency", { currency: item }));
      }
    }
    if (f.refs) {
      var known = f.refs === "acteurs" ? D.acteurs : D.initiatives;
      items.forEach(function (item) {
        if (known.indexOf(item) < 0) {
          out.warnings.push({
            id: id, label: label,
            message: f.refs === "acteurs" ? T("proposer.script.unknown_actor", { id: item })
              : T("proposer.script.unknown_initiative", { id: item })
          });
        }
      });
    }
    return value;
  }

  function parent(path) { var i = path.lastIndexOf("."); return i < 0 ? "" : path.slice(0, i); }

  function collect() {
    var out = { problems: [], warnings: [] };
    var values = {};
    FIELDS.forEach(function (f) {
      if (f.path.indexOf("sources[]") === 0) return;
      var v = checkField(f, f.id, f.label, out);
      if (v !== undefined) values[f.path] = v;
    });

    // Optional groups (budget, coordinates): written only when used, then complete.
    var groups = {};
    FIELDS.forEach(function (f) {
      var g = parent(f.path);
      if (g && g.indexOf("[]") < 0 && hasOwn(D.ordre, g)) (groups[g] = groups[g] || []).push(f);
    });
    Object.keys(groups).forEach(function (g) {
      var fields = groups[g];
      if (!fields.some(function (f) { return f.required_in_group; })) return;
      var used = fields.some(function (f) { return values[f.path] !== undefined && values[f.path] !== f.default; });
      var wrong = out.problems.some(function (p) { return fields.some(function (f) { return f.id === p.id; }); });
      if (!used && !wrong) {
        fields.forEach(function (f) { delete values[f.path]; });
        return;
      }
      fields.forEach(function (f) {
        if (f.required_in_group && values[f.path] === undefined &&
            !out.problems.some(function (p) { return p.id === f.id; })) {
          var others = fields.filter(function (o) { return o !== f && values[o.path] !== undefined && values[o.path] !== o.default; });
          out.problems.push({ id: f.id, label: f.label,
            message: others.length ? T("proposer.script.required_with", { field: others[0].label })
              : T("proposer.script.required_in_group") });
        }
      });
    });

    // Rules that tie fields together (observatoire/rules.py).
    var insee = BY_PATH["territoire.code_insee"], country = BY_PATH["territoire.pays"];
    if (insee && values[insee.path] && values[country.path] && values[country.path] !== "FR") {
      out.problems.push({ id: insee.id, label: insee.label, message: T("proposer.script.insee_outside_france") });
      delete values[insee.path];
    }
    if (values.debut && values.fin && dayNumber(values.fin, true) < dayNumber(values.debut, false)) {
      out.problems.push({ id: BY_PATH.fin.id, label: BY_PATH.fin.label,
        message: T("proposer.script.end_before_start", { end: values.fin, start: values.debut }) });
    }
    var slug = values.titre ? slugify(values.titre) : "";
    if (values.titre && !slug) {
      out.problems.push({ id: BY_PATH.titre.id, label: BY_PATH.titre.label,
        message: T("proposer.script.title_without_letter") });
    } else if (slug && D.initiatives.indexOf(slug) >= 0) {
      out.problems.push({ id: BY_PATH.titre.id, label: BY_PATH.titre.label,
        message: T("proposer.script.existing_record", { slug: slug }) });
    }

    // Sources, numbered 1, 2... in their order.
    var sources = [];
    var entries = document.querySelectorAll("#p-sources-liste [data-source]");
    entries.forEach(function (entry, index) {
      var source = {};
      (D.ordre["sources[]"] || []).forEach(function (k) {
        var f = BY_PATH["sources[]." + k];
        if (!f) return;
        var label = T("proposer.script.source_field", { number: index + 1, field: f.label });
        var v = checkField(f, sourceId(f, index), label, out);
        if (v !== undefined) source[k] = v;
      });
      sources.push(source);
    });
    if (!entries.length) {
      out.problems.push({ id: "p-sources-ajouter", label: T("proposer.script.sources"),
        message: T("proposer.script.no_source") });
    }

    // The grid: every criterion, « non évalué » unless a note is chosen.
    var grid = {};
    D.grille.criteres.forEach(function (c) {
      var base = "p-grille-" + c.id;
      var gridLabel = function (name) {
        return T("proposer.script.grid_field", { criterion: c.label, field: D.grille.libelles[name] });
      };
      var select = document.getElementById(base + "-note");
      if (!select || select.value === "") { grid[c.id] = D.grille.non_evalue; return; }
      var evaluation = { note: parseInt(select.value, 10) };
      var justification = document.getElementById(base + "-justification").value.trim();
      if (!justification) {
        out.problems.push({ id: base + "-justification", label: gridLabel("justification"),
          message: T("proposer.script.no_justification") });
      } else if (justification.indexOf(D.a_completer) >= 0) {
        out.problems.push({ id: base + "-justification", label: gridLabel("justification"),
          message: T("proposer.script.replace_mark_justification", { mark: D.a_completer }) });
      } else {
        evaluation.justification = justification;
      }
      var numbersId = base + "-sources";
      var tokens = document.getElementById(numbersId).value.split(/[\s,;]+/).filter(Boolean);
      var numbers = [], bad = tokens.filter(function (t) { return !/^\d+$/.test(t); });
      var label = gridLabel("sources");
      if (bad.length) {
        out.problems.push({ id: numbersId, label: label,
          message: T("proposer.script.not_a_number", { value: bad[0] }) });
      } else if (!tokens.length) {
        out.problems.push({ id: numbersId, label: label, message: T("proposer.script.no_source_number") });
      } else {
        tokens.forEach(function (t) { var n = parseInt(t, 10); if (numbers.indexOf(n) < 0) numbers.push(n); });
        var outside = numbers.filter(function (n) { return n < 1 || n > sources.length; });
        if (outside.length) {
          out.problems.push({ id: numbersId, label: label,
            message: T("proposer.script.no_such_source", { number: outside[0], n: sources.length }) });
        } else {
          evaluation.sources = numbers;
        }
      }
      grid[c.id] = evaluation;
    });

    // The record, keys in the schema's order.
    function assemble(prefix) {
      var obj = {};
      (D.ordre[prefix] || []).forEach(function (k) {
        var path = prefix ? prefix + "." + k : k;
        if (path === "sources") { if (sources.length) obj.sources = sources; return; }
        if (path === "grille") { obj.grille = grid; return; }
        if (hasOwn(D.ordre, path)) {
          var sub = assemble(path);
          if (Object.keys(sub).length) obj[k] = sub;
          return;
        }
        if (values[path] !== undefined) obj[k] = values[path];
      });
      return obj;
    }
    out.record = assemble("");
    out.slug = slug;
    out.yaml = toYaml(out.record, [
      "yaml-language-server: $schema=../../schema/" + D.schema,
      T("proposer.script.file_origin"),
      T("proposer.script.file_review")
    ]);
    var size = new Blob([out.yaml]).size;
    if (size > D.taille_max) {
      out.problems.push({ id: BY_PATH.description.id, label: BY_PATH.description.label,
        message: T("proposer.script.too_heavy",
          { size: Math.ceil(size / 1024), max: Math.floor(D.taille_max / 1024) }) });
    }
    return out;
  }

  window.ObsProposer.collect = collect;

  // --- showing the result ---------------------------------------------------------------

  var yamlArea = document.getElementById("p-yaml");
  var fileName = document.getElementById("p-fichier");
  var copyButton = document.getElementById("p-copier");
  var downloadButton = document.getElementById("p-telecharger");
  var forgeLink = document.getElementById("p-forge");
  var forgeNote = document.getElementById("p-forge-note");
  var action = document.getElementById("p-action");
  var current = null;
  var summaryKey = "";

  function say(text) { action.textContent = ""; window.setTimeout(function () { action.textContent = text; }, 50); }

  function describedBy(el, id, add) {
    var ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (x) { return x && x !== id; });
    if (add) ids.push(id);
    if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
    else el.removeAttribute("aria-describedby");
  }

  function clearMarks() {
    form.querySelectorAll(".obs-p-erreur").forEach(function (p) {
      p.hidden = true;
      p.textContent = "";
      var el = document.getElementById(p.id.replace(/-erreur$/, ""));
      if (el) { el.removeAttribute("aria-invalid"); describedBy(el, p.id, false); }
    });
    form.querySelectorAll("details[data-a-corriger]").forEach(function (d) {
      d.removeAttribute("data-a-corriger");
      var mark = d.querySelector("summary [data-marque]");
      if (mark) mark.hidden = true;
    });
  }

  function markField(problem) {
    var el = document.getElementById(problem.id);
    var message = document.getElementById(problem.id + "-erreur");
    if (!el || !message || !message.hidden) return;
    message.textContent = T("proposer.script.field_problem",
      { message: problem.message.charAt(0).toUpperCase() + problem.message.slice(1) });
    message.hidden = false;
    if (el.tagName !== "FIELDSET") el.setAttribute("aria-invalid", "true");
    describedBy(el, message.id, true);
    var details = el.closest("details");
    if (details) {
      details.setAttribute("data-a-corriger", "");
      var mark = details.querySelector("summary [data-marque]");
      if (mark) mark.hidden = false;
    }
  }

  function list(items) {
    var ul = document.createElement("ul");
    items.forEach(function (p) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + p.id;
      a.setAttribute("data-cible", p.id);
      a.textContent = T("proposer.script.summary_item", { label: p.label, message: p.message });
      li.appendChild(a);
      ul.appendChild(li);
    });
    return ul;
  }

  function showSummary(result, forgeOpen) {
    var problems = result.problems, warnings = result.warnings;
    var key = JSON.stringify([problems, warnings, forgeOpen]);
    if (key === summaryKey) return;
    summaryKey = key;
    var box = document.createDocumentFragment();
    var head = document.createElement("p");
    head.className = problems.length ? "obs-p-bilan__titre obs-p-bilan__titre--erreur" : "obs-p-bilan__titre obs-p-bilan__titre--ok";
    head.textContent = problems.length ? T("proposer.script.problems", { n: problems.length })
      : forgeOpen ? T("proposer.script.ready_forge") : T("proposer.script.ready");
    box.appendChild(head);
    if (problems.length) box.appendChild(list(problems));
    if (warnings.length) {
      var w = document.createElement("p");
      w.className = "obs-p-bilan__titre";
      w.textContent = T("proposer.script.to_check");
      box.appendChild(w);
      box.appendChild(list(warnings));
    }
    bilan.replaceChildren(box);
  }

  function forgeAddress(result) {
    return D.forge + D.dossier + "?filename=" + encodeURIComponent(result.slug + ".yml") +
      "&value=" + encodeURIComponent(result.yaml);
  }

  function update(moveFocus) {
    var result = collect();
    current = result;
    clearMarks();
    result.problems.forEach(markField);
    var ready = result.problems.length === 0;
    var address = ready && forgeLink ? forgeAddress(result) : "";
    showSummary(result, Boolean(address) && address.length <= D.url_max);
    yamlArea.value = result.yaml;
    fileName.textContent = D.dossier + "/" + (result.slug || "…") + ".yml";
    copyButton.disabled = !ready;
    downloadButton.disabled = !ready;
    if (forgeLink) {
      if (!ready) {
        forgeLink.hidden = true;
        forgeNote.textContent = T("proposer.script.forge_waiting");
      } else if (address.length > D.url_max) {
        forgeLink.hidden = true;
        forgeLink.removeAttribute("href");
        forgeNote.textContent = T("proposer.script.forge_too_long",
          { length: address.length, max: D.url_max, folder: D.dossier });
      } else {
        forgeLink.hidden = false;
        forgeLink.href = address;
        forgeNote.textContent = T("proposer.script.forge_open");
      }
    }
    if (moveFocus) {
      bilan.focus();
      bilan.scrollIntoView({ block: "start" });
    }
    return result;
  }

  // --- the form's behaviour -------------------------------------------------------------

  function today() {
    var d = new Date();
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }
  var revision = BY_PATH.derniere_revision && document.getElementById(BY_PATH.derniere_revision.id);
  if (revision && !revision.value) revision.value = today();

  // Grid: justification and source numbers only for a criterion that has a note.
  form.querySelectorAll("select[data-critere]").forEach(function (select) {
    var detail = form.querySelector("[data-detail=\"" + select.getAttribute("data-critere") + "\"]");
    function sync() { if (detail) detail.hidden = select.value === ""; }
    select.addEventListener("change", sync);
    sync();
  });

  // Sources: add, remove, renumber.
  var sourceList = document.getElementById("p-sources-liste");
  var sourceTemplate = document.getElementById("p-source-modele");
  var addSource = document.getElementById("p-sources-ajouter");

  function renumber() {
    var entries = sourceList.querySelectorAll("[data-source]");
    entries.forEach(function (entry, i) {
      entry.querySelectorAll("[id], [for], [aria-describedby]").forEach(function (el) {
        ["id", "for", "aria-describedby"].forEach(function (name) {
          var v = el.getAttribute(name);
          if (v) el.setAttribute(name, v.replace(/p-sources-(\d+|__N__)-/g, "p-sources-" + i + "-"));
        });
      });
      entry.querySelectorAll("[data-numero]").forEach(function (span) { span.textContent = String(i + 1); });
      entry.querySelector("[data-retirer]").hidden = entries.length < 2;
    });
  }

  addSource.addEventListener("click", function () {
    var entry = sourceTemplate.content.firstElementChild.cloneNode(true);
    sourceList.appendChild(entry);
    renumber();
    var n = sourceList.querySelectorAll("[data-source]").length;
    entry.querySelector("input").focus();
    say(T("proposer.script.source_added", { number: n }));
    changed();
  });

  sourceList.addEventListener("click", function (event) {
    var button = event.target.closest("[data-retirer]");
    if (!button) return;
    var entry = button.closest("[data-source]");
    var number = entry.querySelector("[data-numero]").textContent;
    entry.remove();
    renumber();
    addSource.focus();
    say(T("proposer.script.source_removed", { number: number }));
    changed();
  });
  renumber();

  // Summary links: open the group that holds the field, then focus it.
  bilan.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-cible]");
    if (!link) return;
    var el = document.getElementById(link.getAttribute("data-cible"));
    if (!el) return;
    event.preventDefault();
    var details = el.closest("details");
    if (details) details.open = true;
    var target = el.tagName === "FIELDSET" ? el.querySelector("input, select, textarea") : el;
    (target || el).focus();
    (target || el).scrollIntoView({ block: "center" });
  });

  var checkedOnce = false, timer = null;
  function changed() {
    if (!checkedOnce) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { update(false); }, 400);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    checkedOnce = true;
    summaryKey = "";
    update(true);
  });

  // --- copy, download ----------------------------------------------------------------

  copyButton.addEventListener("click", function () {
    if (!current || current.problems.length) return;
    var text = current.yaml;
    function fallback() {
      yamlArea.focus();
      yamlArea.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      say(done ? T("proposer.script.copied") : T("proposer.script.copy_by_hand"));
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { say(T("proposer.script.copied")); }, fallback);
    } else {
      fallback();
    }
  });

  downloadButton.addEventListener("click", function () {
    if (!current || current.problems.length) return;
    var blob = new Blob([current.yaml], { type: "application/yaml;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = current.slug + ".yml";
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    say(T("proposer.script.downloaded", { file: current.slug + ".yml", folder: D.dossier }));
  });
})();
