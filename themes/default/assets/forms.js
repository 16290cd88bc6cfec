/* Wegwijzer forms: binds the form that plugins/form.lua rendered on a page
 * (self-assessment, quality card, questionnaire, checklist).
 *
 * The page already holds the complete document with real controls (radio
 * groups, tick boxes, notes, reflection fields); without JavaScript it can be
 * read, filled in and printed. This script adds what needs a browser:
 *   - every change is saved at once in localStorage under
 *     "wegwijzer:form:<form id>" and restored on the next visit;
 *   - named moments ("Begin schooljaar", "Eind schooljaar"), one to fill in and
 *     one to compare with;
 *   - results: averages (or ticks) per group and part as an inline SVG bar
 *     chart built with DOM APIs, always with a data table beside it; the
 *     advice and the action points when the form has them;
 *   - export to a JSON file and import with a confirmation that lists the
 *     changes; print; reset; "Alles wissen" for every key of this site.
 *
 * Storage can be refused (private windows, blocked cookies, Safari on file://):
 * every access is wrapped in try/catch, the page says so and export still
 * works. User text only ever reaches the page through textContent and .value.
 * The form's definition comes from <script type="application/json"
 * id="ww-<id>-def">; its schema and the export format are in docs/forms.md.
 */
(function () {
  "use strict";

  var FORMAT = "wegwijzer-form";
  var SCHEMA = 1;
  var KEY_PREFIX = "wegwijzer:form:";
  var SITE_PREFIXES = ["wegwijzer:", "wegwijzer-"];
  var MAX_IMPORT_BYTES = 2 * 1024 * 1024;
  var SVG_NS = "http://www.w3.org/2000/svg";
  var SELF = document.currentScript ? document.currentScript.src : "";

  // ------------------------------------------------------------ storage

  var store = {
    get: function (key) {
      try {
        return window.localStorage.getItem(key);
      } catch (e) {
        return null;
      }
    },
    set: function (key, value) {
      try {
        window.localStorage.setItem(key, value);
        return true;
      } catch (e) {
        return false;
      }
    },
    remove: function (key) {
      try {
        window.localStorage.removeItem(key);
        return true;
      } catch (e) {
        return false;
      }
    },
    keys: function () {
      var out = [];
      try {
        var s = window.localStorage;
        for (var i = 0; i < s.length; i++) out.push(s.key(i));
      } catch (e) {
        /* refused: nothing to list */
      }
      return out;
    },
    // Whether this page may store anything at all.
    works: function () {
      try {
        var s = window.localStorage;
        if (!s) return false;
        var k = "wegwijzer:probe";
        s.setItem(k, "1");
        var ok = s.getItem(k) === "1";
        s.removeItem(k);
        return ok;
      } catch (e) {
        return false;
      }
    },
  };

  // ------------------------------------------------------------ small helpers

  function list(x) {
    return Array.isArray(x) ? x : [];
  }

  function isObject(x) {
    return x !== null && typeof x === "object" && !Array.isArray(x);
  }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (!Object.prototype.hasOwnProperty.call(attrs, k) || attrs[k] === null || attrs[k] === undefined) continue;
        if (k === "text") e.textContent = attrs[k];
        else if (k === "className") e.className = attrs[k];
        else if (k === "hidden") e.hidden = !!attrs[k];
        else e.setAttribute(k, attrs[k]);
      }
    }
    append(e, children);
    return e;
  }

  function append(parent, children) {
    if (children === null || children === undefined) return;
    if (!Array.isArray(children)) children = [children];
    for (var i = 0; i < children.length; i++) {
      var c = children[i];
      if (c === null || c === undefined || c === false) continue;
      parent.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
  }

  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG_NS, tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function shorten(s, n) {
    s = String(s || "");
    if (s.length <= n) return s;
    var cut = s.slice(0, n);
    var sp = cut.lastIndexOf(" ");
    if (sp > n * 0.6) cut = cut.slice(0, sp);
    return cut.replace(/[\s,;:.]+$/, "") + "…";
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function isoDate(d) {
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function clearChildren(e) {
    while (e.firstChild) e.removeChild(e.firstChild);
  }

  // ------------------------------------------------------------ one form

  function Form(root) {
    var base = root.id;
    var defNode = document.getElementById(base + "-def");
    var def = JSON.parse(defNode.textContent);
    var S = def.strings || {};
    var lang = def.lang || document.documentElement.lang || "nl";
    var key = KEY_PREFIX + def.id;
    var scaleMax = list(def.scale).length;
    var isScale = def.type === "scale";
    var items = list(def.items);
    var scored = items.filter(function (it) {
      return !it.heading;
    });
    var itemById = {};
    items.forEach(function (it) {
      itemById[it.id] = it;
    });
    var groups = list(def.groups);
    var groupById = {};
    groups.forEach(function (g) {
      groupById[g.id] = g;
    });
    var parts = list(def.parts);
    var canStore = store.works();
    var state = null;
    var ui = {};
    var saveFailed = false;
    var numberFormat = (function () {
      try {
        return new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
      } catch (e) {
        return { format: function (n) { return n.toFixed(1); } };
      }
    })();

    function T(name) {
      var s = S[name] !== undefined ? String(S[name]) : name;
      var args = Array.prototype.slice.call(arguments, 1);
      var i = 0;
      return s.replace(/%[sd]/g, function () {
        return i < args.length ? String(args[i++]) : "";
      });
    }

    function num(n) {
      return numberFormat.format(n);
    }

    function itemLabel(it, n) {
      var text = n ? shorten(it.text, n) : it.text;
      return (it.number ? it.number + ". " : "") + text;
    }

    function scaleLabel(v) {
      var l = list(def.scale)[v - 1];
      return l === undefined ? String(v) : String(l);
    }

    // -------------------------------------------------------- state

    function emptyReflection() {
      return { kracht: "", kans: [{ item: "", text: "" }, { item: "", text: "" }, { item: "", text: "" }],
        leervraag: { choice: 0, text: "" } };
    }

    function newMoment(id, label) {
      return { id: id, label: label, date: "", updated: "", answers: {}, reflection: emptyReflection() };
    }

    function freshState() {
      var first = list(def.moments)[0] || { id: "moment-1", label: "Moment 1" };
      return {
        format: FORMAT,
        schema: SCHEMA,
        form: def.id,
        title: def.title,
        name: "",
        current: first.id,
        compare: "",
        moments: [newMoment(first.id, first.label)],
        items: {},
      };
    }

    function findMoment(s, id) {
      var ms = s.moments;
      for (var i = 0; i < ms.length; i++) if (ms[i].id === id) return ms[i];
      return null;
    }

    function momentLabel(id) {
      var m = findMoment(state, id);
      if (m) return m.label;
      var d = list(def.moments).filter(function (x) {
        return x.id === id;
      })[0];
      return d ? d.label : id;
    }

    function ensureMoment(id) {
      var m = findMoment(state, id);
      if (!m) {
        m = newMoment(id, momentLabel(id));
        state.moments.push(m);
      }
      return m;
    }

    function current() {
      return ensureMoment(state.current);
    }

    // The moments to choose from: the form's, then any others the stored or
    // imported answers have.
    function allMoments() {
      var out = list(def.moments).map(function (m) {
        return { id: m.id, label: m.label };
      });
      state.moments.forEach(function (m) {
        if (!out.some(function (x) { return x.id === m.id; })) out.push({ id: m.id, label: m.label });
      });
      return out;
    }

    // Checks a stored or imported object and returns a clean state; throws an
    // Error whose message says what is wrong, for the reader.
    function sanitize(obj, fileName) {
      var name = fileName || "";
      if (!isObject(obj) || obj.format !== FORMAT) throw new Error(T("import_not_form", name));
      if (typeof obj.schema !== "number" || Math.floor(obj.schema) !== obj.schema || obj.schema < 1) {
        throw new Error(T("import_bad", name, "schema"));
      }
      if (obj.schema > SCHEMA) throw new Error(T("import_version", name, obj.schema, SCHEMA));
      if (obj.form !== def.id) {
        throw new Error(T("import_other_form", name, String(obj.title || obj.form), def.title));
      }
      function bad(what) {
        throw new Error(T("import_bad", name, what));
      }
      function str(v, what, max) {
        if (v === undefined || v === null) return "";
        if (typeof v !== "string") bad(what);
        return v.length > (max || 20000) ? v.slice(0, max || 20000) : v;
      }
      var out = freshState();
      out.name = str(obj.name, "name", 500);
      if (!Array.isArray(obj.moments)) bad("moments");
      out.moments = [];
      obj.moments.forEach(function (m, i) {
        if (!isObject(m) || typeof m.id !== "string" || !/^[\w-]{1,80}$/.test(m.id)) bad("moments[" + i + "]");
        if (findMoment(out, m.id)) bad("moments[" + i + "].id");
        var clean = newMoment(m.id, str(m.label, "moments[" + i + "].label", 200) || m.id);
        clean.date = /^\d{4}-\d{2}-\d{2}$/.test(m.date || "") ? m.date : "";
        clean.updated = str(m.updated, "updated", 40);
        if (m.answers !== undefined && !isObject(m.answers)) bad("moments[" + i + "].answers");
        var answers = m.answers || {};
        Object.keys(answers).forEach(function (id) {
          var a = answers[id];
          if (!/^[\w-]{1,100}$/.test(id) || !isObject(a)) bad("answers." + id);
          var c = {};
          if (a.score !== undefined && a.score !== null) {
            if (typeof a.score !== "number" || Math.floor(a.score) !== a.score || a.score < 1 ||
                (scaleMax && a.score > scaleMax)) bad("answers." + id + ".score");
            c.score = a.score;
          }
          if (a.note) c.note = str(a.note, "answers." + id + ".note");
          if (a.action !== undefined && typeof a.action !== "boolean") bad("answers." + id + ".action");
          if (a.action) c.action = true;
          if (a.done !== undefined && typeof a.done !== "boolean") bad("answers." + id + ".done");
          if (a.done) c.done = true;
          if (!isEmptyAnswer(c)) clean.answers[id] = c;
        });
        var r = m.reflection;
        if (r !== undefined && r !== null) {
          if (!isObject(r)) bad("reflection");
          clean.reflection.kracht = str(r.kracht, "reflection.kracht");
          if (r.kans !== undefined && !Array.isArray(r.kans)) bad("reflection.kans");
          list(r.kans).slice(0, 3).forEach(function (k, j) {
            if (!isObject(k)) bad("reflection.kans[" + j + "]");
            clean.reflection.kans[j] = { item: str(k.item, "kans.item", 100), text: str(k.text, "kans.text", 2000) };
          });
          if (r.leervraag !== undefined && r.leervraag !== null) {
            if (!isObject(r.leervraag)) bad("reflection.leervraag");
            var ch = r.leervraag.choice;
            clean.reflection.leervraag = {
              choice: typeof ch === "number" && ch >= 0 && ch <= 3 && Math.floor(ch) === ch ? ch : 0,
              text: str(r.leervraag.text, "leervraag.text"),
            };
          }
        }
        out.moments.push(clean);
      });
      if (obj.items !== undefined && !isObject(obj.items)) bad("items");
      Object.keys(obj.items || {}).forEach(function (id) {
        var it = obj.items[id];
        if (isObject(it) && typeof it.text === "string") {
          out.items[id] = { text: it.text.slice(0, 2000), group: typeof it.group === "string" ? it.group : "" };
        }
      });
      out.current = typeof obj.current === "string" && obj.current ? obj.current : out.current;
      out.compare = typeof obj.compare === "string" ? obj.compare : "";
      if (!out.moments.length) out.moments.push(newMoment(out.current, out.current));
      return out;
    }

    function isEmptyAnswer(a) {
      return !a || (!a.score && !a.note && !a.action && !a.done);
    }

    function load() {
      var raw = canStore ? store.get(key) : null;
      if (!raw) return freshState();
      try {
        return sanitize(JSON.parse(raw), "");
      } catch (e) {
        // Never lose what was there: keep the unreadable value under another key.
        store.set(key + ":onleesbaar:" + Date.now(), raw);
        return freshState();
      }
    }

    function serialise(extra) {
      var out = {
        format: FORMAT,
        schema: SCHEMA,
        form: def.id,
        title: def.title,
      };
      if (extra) for (var k in extra) out[k] = extra[k];
      out.name = state.name;
      out.current = state.current;
      out.compare = state.compare;
      out.moments = state.moments;
      out.items = state.items;
      return out;
    }

    function save() {
      var m = current();
      m.updated = new Date().toISOString();
      rememberTexts();
      if (!canStore) return;
      if (store.set(key, JSON.stringify(serialise()))) {
        saveFailed = false;
        showStorageMessage();
        setStatus(T("saved_at", new Date().toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" })));
        announceLater(T("saved"));
      } else if (!saveFailed) {
        saveFailed = true;
        showStorageMessage();
        announce(T("storage_failed"));
      }
    }

    // The text of every answered item, so that answers to items that later
    // leave the page can still be shown with their question.
    function rememberTexts() {
      state.moments.forEach(function (m) {
        Object.keys(m.answers).forEach(function (id) {
          var it = itemById[id];
          if (it) state.items[id] = { text: itemLabel(it), group: (groupById[it.group] || {}).title || "" };
        });
        m.reflection.kans.forEach(function (k) {
          var it = itemById[k.item];
          if (it) state.items[k.item] = { text: itemLabel(it), group: (groupById[it.group] || {}).title || "" };
        });
      });
    }

    function answer(id, create) {
      var m = current();
      if (!m.answers[id] && create) m.answers[id] = {};
      return m.answers[id];
    }

    function tidy(id) {
      var m = current();
      if (isEmptyAnswer(m.answers[id])) delete m.answers[id];
    }

    // -------------------------------------------------------- controls

    function own(e) {
      return e.id && e.id.indexOf(base + "-") === 0;
    }

    function controls() {
      return Array.prototype.filter.call(document.querySelectorAll("[data-ww-field]"), own);
    }

    // Puts the current moment's answers into the page's controls.
    function apply() {
      var m = current();
      var r = m.reflection;
      controls().forEach(function (c) {
        var f = c.getAttribute("data-ww-field");
        var a = m.answers[c.getAttribute("data-ww-item")] || {};
        var slot = Number(c.getAttribute("data-ww-slot")) - 1;
        if (f === "score") c.checked = a.score === Number(c.value);
        else if (f === "note") c.value = a.note || "";
        else if (f === "action") c.checked = !!a.action;
        else if (f === "done") c.checked = !!a.done;
        else if (f === "name") c.value = state.name;
        else if (f === "kracht") c.value = r.kracht;
        else if (f === "kans-item") c.value = itemById[r.kans[slot].item] ? r.kans[slot].item : "";
        else if (f === "kans-text") c.value = r.kans[slot].text;
        else if (f === "leervraag-keuze") c.checked = r.leervraag.choice === Number(c.value);
        else if (f === "leervraag") c.value = r.leervraag.text;
      });
      if (ui.moment) ui.moment.value = state.current;
      if (ui.date) ui.date.value = m.date || "";
      fillMomentSelects();
      refresh();
    }

    function onInput(ev) {
      var c = ev.target;
      if (!c || !c.getAttribute || !own(c)) return;
      var f = c.getAttribute("data-ww-field");
      if (!f) return;
      var id = c.getAttribute("data-ww-item");
      var r = current().reflection;
      var slot = Number(c.getAttribute("data-ww-slot")) - 1;
      if (f === "score") {
        if (!c.checked) return;
        answer(id, true).score = Number(c.value);
      } else if (f === "note") {
        answer(id, true).note = c.value;
        tidy(id);
      } else if (f === "action") {
        answer(id, true).action = c.checked;
        if (!c.checked) delete answer(id).action;
        tidy(id);
      } else if (f === "done") {
        answer(id, true).done = c.checked;
        if (!c.checked) delete answer(id).done;
        tidy(id);
      } else if (f === "name") {
        state.name = c.value;
      } else if (f === "kracht") {
        r.kracht = c.value;
      } else if (f === "kans-item") {
        r.kans[slot].item = c.value;
      } else if (f === "kans-text") {
        r.kans[slot].text = c.value;
      } else if (f === "leervraag-keuze") {
        if (c.checked) r.leervraag.choice = Number(c.value);
      } else if (f === "leervraag") {
        r.leervraag.text = c.value;
      } else {
        return;
      }
      save();
      refresh();
    }

    // -------------------------------------------------------- numbers

    // Per group, per part and overall, for one moment.
    function compute(m) {
      var answers = (m && m.answers) || {};
      function blank() {
        return { sum: 0, n: 0, total: 0, done: 0 };
      }
      var byGroup = {};
      var byPart = {};
      var all = blank();
      groups.forEach(function (g) {
        byGroup[g.id] = blank();
        if (g.part && !byPart[g.part]) byPart[g.part] = blank();
      });
      scored.forEach(function (it) {
        var g = groupById[it.group];
        var buckets = [byGroup[it.group], all];
        if (g && g.part) buckets.push(byPart[g.part]);
        var a = answers[it.id] || {};
        buckets.forEach(function (b) {
          if (!b) return;
          b.total++;
          if (a.score) {
            b.sum += a.score;
            b.n++;
          }
          if (a.done) b.done++;
        });
      });
      function finish(b) {
        b.avg = b.n ? b.sum / b.n : null;
        b.pct = b.total ? (100 * b.done) / b.total : null;
        return b;
      }
      Object.keys(byGroup).forEach(function (k) { finish(byGroup[k]); });
      Object.keys(byPart).forEach(function (k) { finish(byPart[k]); });
      finish(all);
      return { groups: byGroup, parts: byPart, all: all };
    }

    function value(b) {
      return isScale ? b.avg : b.pct;
    }

    function showValue(b) {
      if (isScale) return b.avg === null ? T("no_score") : num(b.avg);
      return b.done + "/" + b.total + " (" + Math.round(b.pct || 0) + "%)";
    }

    function showDiff(a, b) {
      var va = value(a);
      var vb = value(b);
      if (va === null || vb === null) return T("no_score");
      var d = va - vb;
      if (isScale) return (d > 0 ? "+" : d < 0 ? "−" : "±") + num(Math.abs(d));
      return (d > 0 ? "+" : d < 0 ? "−" : "±") + Math.round(Math.abs(d)) + "%";
    }

    // -------------------------------------------------------- panel

    function buildPanel() {
      var panel = document.getElementById(base + "-panel");
      var titleId = base + "-panel-title";
      ui.moment = el("select", { id: base + "-moment" });
      ui.compare = el("select", { id: base + "-compare" });
      ui.date = el("input", { type: "date", id: base + "-date" });
      ui.status = el("p", { className: "form__status ww-panel__status", id: base + "-status" });
      ui.progress = el("p", { className: "ww-panel__progress", id: base + "-progress" });
      ui.storage = el("div", { className: "ww-alert", id: base + "-storage", role: "alert", hidden: true });
      ui.error = el("div", { className: "ww-alert ww-alert--error", id: base + "-error", role: "alert", hidden: true });
      ui.live = el("div", { className: "visually-hidden", role: "status", "aria-live": "polite", id: base + "-live" });
      ui.file = el("input", { type: "file", accept: ".json,application/json", id: base + "-file",
        className: "ww-file", tabindex: "-1", "aria-hidden": "true" });
      ui.printHeader = el("div", { className: "ww-print-header", id: base + "-print-header" });

      function button(label, cls, handler, id) {
        var b = el("button", { type: "button", className: "button " + (cls || ""), id: base + "-" + id, text: label });
        b.addEventListener("click", handler);
        return b;
      }
      var privacy = el("p", { className: "ww-panel__privacy" }, [T("privacy") + " "]);
      if (def.privacy_url) append(privacy, el("a", { href: def.privacy_url, text: T("privacy_link") }));

      append(panel, el("section", { className: "ww-panel summary-box", "aria-labelledby": titleId }, [
        el("h2", { className: "ww-panel__title", id: titleId, text: T("tools") }),
        el("div", { className: "ww-panel__fields" }, [
          el("div", { className: "field" }, [el("label", { className: "field__label", for: ui.moment.id, text: T("moment") }), ui.moment]),
          el("div", { className: "field" }, [el("label", { className: "field__label", for: ui.date.id, text: T("date") }), ui.date]),
          el("div", { className: "field" }, [el("label", { className: "field__label", for: ui.compare.id, text: T("compare") }), ui.compare]),
        ]),
        ui.progress,
        ui.status,
        ui.storage,
        ui.error,
        el("div", { className: "button-row ww-panel__buttons" }, [
          button(T("export"), "button--primary", exportFile, "export"),
          button(T("import"), "", function () { ui.file.click(); }, "import"),
          ui.file,
          button(T("print"), "", function () { updatePrint(); window.print(); }, "print"),
          button(T("reset"), "button--danger", confirmReset, "reset"),
          button(T("clear_all"), "button--danger", confirmClearAll, "clear-all"),
        ]),
        privacy,
        ui.live,
      ]));
      var content = root.closest(".page__content") || root.parentNode;
      content.insertBefore(ui.printHeader, content.firstChild);
      panel.hidden = false;

      ui.moment.addEventListener("change", function () {
        state.current = ui.moment.value;
        ensureMoment(state.current);
        if (state.compare === state.current) state.compare = "";
        save();
        apply();
        announce(T("moment_switched", momentLabel(state.current)));
      });
      ui.compare.addEventListener("change", function () {
        state.compare = ui.compare.value;
        save();
        refresh();
      });
      ui.date.addEventListener("change", function () {
        current().date = /^\d{4}-\d{2}-\d{2}$/.test(ui.date.value) ? ui.date.value : "";
        save();
        updatePrint();
      });
      ui.file.addEventListener("change", function () {
        var f = ui.file.files && ui.file.files[0];
        ui.file.value = "";
        if (f) importFile(f);
      });
    }

    function fillMomentSelects() {
      if (!ui.moment) return;
      var ms = allMoments();
      clearChildren(ui.moment);
      ms.forEach(function (m) {
        ui.moment.appendChild(el("option", { value: m.id, text: m.label }));
      });
      ui.moment.value = state.current;
      clearChildren(ui.compare);
      ui.compare.appendChild(el("option", { value: "", text: T("compare_none") }));
      ms.forEach(function (m) {
        if (m.id !== state.current) ui.compare.appendChild(el("option", { value: m.id, text: m.label }));
      });
      ui.compare.value = state.compare && state.compare !== state.current ? state.compare : "";
    }

    function setStatus(text) {
      if (ui.status) ui.status.textContent = text;
    }

    function showStorageMessage() {
      if (!ui.storage) return;
      if (!canStore) {
        ui.storage.textContent = T("storage_refused");
        ui.storage.hidden = false;
        setStatus("");
      } else if (saveFailed) {
        ui.storage.textContent = T("storage_failed");
        ui.storage.hidden = false;
      } else {
        ui.storage.hidden = true;
        ui.storage.textContent = "";
      }
    }

    function showError(text) {
      ui.error.textContent = text;
      ui.error.hidden = !text;
    }

    var announceTimer = 0;
    function announce(text) {
      if (!ui.live) return;
      window.clearTimeout(announceTimer);
      ui.live.textContent = "";
      announceTimer = window.setTimeout(function () {
        ui.live.textContent = text;
      }, 60);
    }

    var laterTimer = 0;
    function announceLater(text) {
      window.clearTimeout(laterTimer);
      laterTimer = window.setTimeout(function () {
        announce(text);
      }, 1500);
    }

    // -------------------------------------------------------- results

    function refresh() {
      if (ui.progress) {
        var answers = current().answers;
        var n = scored.filter(function (it) {
          var a = answers[it.id];
          return a && (isScale ? a.score : a.done);
        }).length;
        ui.progress.textContent = T(isScale ? "progress" : "progress_checklist", n, scored.length);
      }
      updateMirrors();
      updatePoints();
      updatePrint();
      renderResults();
    }

    function updateMirrors() {
      var m = current();
      var r = m.reflection;
      Array.prototype.forEach.call(document.querySelectorAll("[data-ww-mirror]"), function (mirror) {
        var target = mirror.getAttribute("data-ww-mirror");
        if (target.indexOf(base + "-") !== 0) return;
        var text = "";
        var kans = target.match(/-kans-(\d)$/);
        if (kans) {
          var k = r.kans[Number(kans[1]) - 1];
          var it = itemById[k.item];
          text = [it ? itemLabel(it) : "", k.text].filter(Boolean).join(" — ");
        } else {
          var field = document.getElementById(target);
          text = field ? field.value : "";
        }
        if (text && /-note$/.test(target)) text = T("note") + ": " + text;
        mirror.textContent = text;
        var box = /-(kracht|leervraag)$/.test(target) || !!kans;
        mirror.hidden = !text && !box;
        mirror.classList.toggle("ww-print-text--box", box);
      });
    }

    // The leervraag choices name the development points chosen above.
    function updatePoints() {
      var r = current().reflection;
      Array.prototype.forEach.call(document.querySelectorAll("[data-ww-point]"), function (span) {
        var label = span.closest("label");
        var input = label && label.querySelector("input");
        if (!input || !own(input)) return;
        var k = r.kans[Number(span.getAttribute("data-ww-point")) - 1];
        if (!k) return;
        var it = itemById[k.item];
        var text = [it ? itemLabel(it, 90) : "", k.text].filter(Boolean).join(" — ");
        span.textContent = text ? ": " + text : "";
      });
    }

    function updatePrint() {
      if (!ui.printHeader) return;
      var m = current();
      clearChildren(ui.printHeader);
      var date = m.date ? new Date(m.date + "T12:00:00") : null;
      var fmtDate = function (d) {
        return d.toLocaleDateString(lang, { day: "numeric", month: "long", year: "numeric" });
      };
      var rows = [];
      if (def.name_field) rows.push([def.name_field, state.name || "…………………………"]);
      rows.push([T("print_moment"), m.label]);
      rows.push([T("print_date"), date && !isNaN(date) ? fmtDate(date) : "…………………………"]);
      var dl = el("dl", { className: "ww-print-header__list" });
      rows.forEach(function (r) {
        append(dl, [el("dt", { text: r[0] }), el("dd", { text: r[1] })]);
      });
      append(ui.printHeader, [dl, el("p", { className: "ww-print-header__printed", text: T("print_printed", fmtDate(new Date())) })]);
    }

    function renderResults() {
      var box = document.getElementById(base + "-results");
      if (!box) return;
      var m = current();
      var cmp = state.compare && state.compare !== state.current ? findMoment(state, state.compare) : null;
      var now = compute(m);
      var then = cmp ? compute(cmp) : null;
      var headingId = base + "-results-title";
      var section = el("section", { className: "ww-results", "aria-labelledby": headingId }, [
        el("h2", { id: headingId, text: T("results") }),
        el("p", { text: T(isScale ? "results_intro" : "results_intro_checklist") }),
      ]);
      var grid = el("div", { className: "ww-results__grid" }, [chart(now, then, m, cmp), table(now, then, m, cmp)]);
      append(section, grid);
      if (def.advice) append(section, adviceBox(now));
      if (def.action) append(section, actionPoints(m));
      var removed = removedAnswers();
      if (removed) append(section, removed);
      clearChildren(box);
      box.appendChild(section);
      box.hidden = false;
    }

    function groupLabel(g) {
      return shorten(g.title, 30);
    }

    function chart(now, then, m, cmp) {
      var rows = groups.map(function (g) {
        return { label: groupLabel(g), a: value(now.groups[g.id]), b: then ? value(then.groups[g.id]) : null };
      });
      var max = isScale ? scaleMax : 100;
      var labelW = 240;
      var barW = 350;
      var valueW = 50;
      var barH = 14;
      var rowH = then ? 2 * barH + 14 : barH + 14;
      var top = 8;
      var axisH = 26;
      var width = labelW + barW + valueW;
      var height = top + rows.length * rowH + axisH;
      var titleId = base + "-chart-title";
      var s = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-labelledby": titleId,
        class: "ww-chart__svg", width: String(width), height: String(height) });
      s.appendChild(svg("title", { id: titleId }, T(isScale ? "chart_title" : "chart_title_checklist") + " (" +
        m.label + (cmp ? ", " + cmp.label : "") + ")"));
      var ticks = isScale ? [] : [0, 25, 50, 75, 100];
      if (isScale) for (var t = 0; t <= max; t++) ticks.push(t);
      var grid = svg("g", { class: "chart__grid" });
      ticks.forEach(function (t) {
        var x = labelW + (barW * t) / max;
        grid.appendChild(svg("line", { x1: x, x2: x, y1: top - 4, y2: top + rows.length * rowH }));
        s.appendChild(svg("text", { x: x, y: height - 8, "text-anchor": "middle", class: "chart__axis" },
          isScale ? String(t) : t + "%"));
      });
      s.insertBefore(grid, s.firstChild.nextSibling);
      rows.forEach(function (r, i) {
        var y = top + i * rowH;
        s.appendChild(svg("text", { x: labelW - 8, y: y + (then ? barH + 4 : barH - 2), "text-anchor": "end" }, r.label));
        [[r.a, "chart__bar chart__bar--1", 0], [r.b, "chart__bar chart__bar--2", 1]].forEach(function (bar) {
          if (bar[2] === 1 && !then) return;
          var by = y + bar[2] * (barH + 2);
          var v = bar[0];
          s.appendChild(svg("rect", { x: labelW, y: by, width: barW, height: barH, class: "chart__track" }));
          if (v !== null && v !== undefined) {
            s.appendChild(svg("rect", { x: labelW, y: by, width: Math.max(1, (barW * v) / max), height: barH,
              class: bar[1] }));
          }
          s.appendChild(svg("text", { x: labelW + barW + 6, y: by + barH - 3, class: "chart__value" },
            v === null || v === undefined ? T("no_score") : isScale ? num(v) : Math.round(v) + "%"));
        });
      });
      s.appendChild(svg("line", { x1: labelW, x2: labelW, y1: top - 4, y2: top + rows.length * rowH, class: "chart__baseline" }));
      var fig = el("figure", { className: "chart ww-chart" }, [s]);
      if (then) {
        append(fig, el("ul", { className: "chart__legend" }, [
          el("li", { className: "chart__key--1", text: m.label }),
          el("li", { className: "chart__key--2", text: cmp.label }),
        ]));
      }
      return fig;
    }

    function table(now, then, m, cmp) {
      var heads = [T("col_group"), (isScale ? T("col_average") : T("col_done")) + " · " + m.label];
      if (isScale) heads.push(T("col_scored"));
      if (then) {
        heads.push((isScale ? T("col_average") : T("col_done")) + " · " + cmp.label);
        heads.push(T("col_diff"));
      }
      var t = el("table", { className: "results ww-results__table" }, [
        el("caption", { text: T(isScale ? "table_caption" : "table_caption_checklist") }),
        el("thead", null, el("tr", null, heads.map(function (h, i) {
          return el("th", { scope: "col", className: i ? "score" : null, text: h });
        }))),
      ]);
      function row(label, a, b, cls) {
        var cells = [el("th", { scope: "row", text: label }), el("td", { className: "score", text: showValue(a) })];
        if (isScale) cells.push(el("td", { className: "score", text: T("scored_of", a.n, a.total) }));
        if (b) {
          cells.push(el("td", { className: "score", text: showValue(b) }));
          cells.push(el("td", { className: "score", text: showDiff(a, b) }));
        }
        return el("tr", { className: cls || null }, cells);
      }
      var bodies = [];
      if (parts.length) {
        parts.forEach(function (p) {
          var tb = el("tbody", null, el("tr", { className: "ww-results__part" },
            el("th", { scope: "rowgroup", colspan: String(heads.length), text: p.title })));
          groups.forEach(function (g) {
            if (g.part === p.id) tb.appendChild(row(g.title, now.groups[g.id], then && then.groups[g.id]));
          });
          tb.appendChild(row(T("total") + " " + (p.label || p.title), now.parts[p.id], then && then.parts[p.id],
            "ww-results__subtotal"));
          bodies.push(tb);
        });
        var loose = groups.filter(function (g) { return !g.part; });
        if (loose.length) {
          bodies.push(el("tbody", null, loose.map(function (g) {
            return row(g.title, now.groups[g.id], then && then.groups[g.id]);
          })));
        }
      } else {
        bodies.push(el("tbody", null, groups.map(function (g) {
          return row(g.title, now.groups[g.id], then && then.groups[g.id]);
        })));
      }
      append(t, bodies);
      append(t, el("tfoot", null, row(T("total"), now.all, then && then.all)));
      return el("div", { className: "table-wrap ww-results__table-wrap", tabindex: "0", role: "region",
        "aria-label": T(isScale ? "table_caption" : "table_caption_checklist") }, t);
    }

    function adviceBox(now) {
      var a = def.advice;
      var id = base + "-advice-title";
      var box = el("section", { className: "ww-advice summary-box", "aria-labelledby": id },
        el("h3", { id: id, text: T("advice") }));
      var avg = now.all.avg;
      if (avg === null) {
        append(box, el("p", { text: T("advice_none") }));
      } else {
        append(box, el("p", { text: T("advice_average", num(avg), T("scored_of", now.all.n, now.all.total)) }));
        if (now.all.n < now.all.total) append(box, el("p", { className: "ww-advice__partial", text: T("advice_partial") }));
        var rule = null;
        list(a.rules).some(function (r) {
          // Compare at the precision shown, so "4,0" is never below a min of 4.0.
          if (Math.round(avg * 1000) / 1000 >= r.min) {
            rule = r;
            return true;
          }
          return false;
        });
        if (rule) {
          var p = el("p", { className: "ww-advice__result" });
          if (rule.label) append(p, [el("strong", { className: "ww-advice__trajectory", text: rule.label }), ". "]);
          append(p, rule.text);
          append(box, p);
          if (rule.url && rule.label) {
            append(box, el("p", null, el("a", { href: rule.url, className: "ww-advice__link",
              text: T("advice_link", rule.label.toLowerCase()) })));
          }
        } else {
          append(box, el("p", { text: T("advice_below") }));
        }
      }
      if (a.note) append(box, el("p", { className: "ww-advice__note", text: a.note }));
      var how = el("details", { className: "ww-advice__how" }, el("summary", { text: T("advice_how") }));
      append(how, el("ul", null, list(a.rules).map(function (r) {
        return el("li", { text: T("advice_rule", num(r.min), r.label || r.trajectory || "") + " " + r.text });
      })));
      append(box, how);
      return box;
    }

    function actionPoints(m) {
      var id = base + "-actions-title";
      var box = el("section", { className: "ww-actions", "aria-labelledby": id }, el("h3", { id: id, text: T("actions") }));
      var any = false;
      function listFor(gs) {
        var ul = el("ul", { className: "ww-actions__list" });
        gs.forEach(function (g) {
          scored.forEach(function (it) {
            var a = m.answers[it.id];
            if (it.group !== g.id || !a || !a.action) return;
            any = true;
            var li = el("li", null, [el("span", { className: "ww-actions__group", text: (g.label || g.title) + " · " }),
              itemLabel(it)]);
            if (a.score) append(li, [" ", el("span", { className: "badge", text: scaleLabel(a.score) })]);
            if (a.note) append(li, el("p", { className: "ww-actions__note", text: a.note }));
            ul.appendChild(li);
          });
        });
        return ul.firstChild ? ul : null;
      }
      if (parts.length) {
        parts.forEach(function (p) {
          var ul = listFor(groups.filter(function (g) { return g.part === p.id; }));
          if (ul) append(box, [el("h4", { text: p.title }), ul]);
        });
        var loose = listFor(groups.filter(function (g) { return !g.part; }));
        if (loose) append(box, loose);
      } else {
        var ul = listFor(groups);
        if (ul) append(box, ul);
      }
      if (!any) append(box, el("p", { text: T("actions_none") }));
      return box;
    }

    // Answers whose item is no longer on the page: shown, kept, exported.
    function removedIds() {
      var ids = {};
      state.moments.forEach(function (m) {
        Object.keys(m.answers).forEach(function (id) {
          if (!itemById[id] || itemById[id].heading) ids[id] = true;
        });
      });
      return Object.keys(ids);
    }

    function describeAnswer(a) {
      var bits = [];
      if (a.score) bits.push(isScale ? scaleLabel(a.score) : String(a.score));
      if (a.done) bits.push(T("done_label"));
      if (a.action) bits.push(T("action") || "");
      if (a.note) bits.push(T("note") + ": " + a.note);
      return bits.join("; ");
    }

    function removedAnswers() {
      var ids = removedIds();
      if (!ids.length) return null;
      var id = base + "-removed-title";
      var ul = el("ul", { className: "ww-removed__list" });
      ids.forEach(function (iid) {
        var info = state.items[iid] || {};
        var li = el("li", null, el("span", { className: "ww-removed__text", text: info.text || iid }));
        var sub = el("ul");
        state.moments.forEach(function (m) {
          if (m.answers[iid]) sub.appendChild(el("li", { text: m.label + ": " + describeAnswer(m.answers[iid]) }));
        });
        li.appendChild(sub);
        ul.appendChild(li);
      });
      var discard = el("button", { type: "button", className: "button button--danger", id: base + "-discard",
        text: T("removed_discard") });
      discard.addEventListener("click", function () {
        confirmDialog({
          title: T("removed_title"),
          text: T("removed_confirm_text"),
          confirm: T("removed_confirm"),
          danger: true,
          onConfirm: function () {
            state.moments.forEach(function (m) {
              ids.forEach(function (iid) { delete m.answers[iid]; });
            });
            ids.forEach(function (iid) { delete state.items[iid]; });
            save();
            refresh();
            announce(T("removed_done"));
          },
        });
      });
      return el("section", { className: "ww-removed no-print", "aria-labelledby": id }, [
        el("h3", { id: id, text: T("removed") }),
        el("p", { text: T("removed_text") }),
        ul,
        el("div", { className: "button-row" }, discard),
      ]);
    }

    // -------------------------------------------------------- dialogs

    // A real confirmation step in the page (a modal <dialog>): keyboard
    // accessible, Escape cancels, focus returns to where it was.
    function confirmDialog(o) {
      var opener = document.activeElement;
      var id = base + "-dialog";
      var old = document.getElementById(id);
      if (old) old.parentNode.removeChild(old);
      var titleId = id + "-title";
      var textId = id + "-text";
      var ok = el("button", { type: "button", className: "button " + (o.danger ? "button--danger" : "button--primary"),
        id: id + "-confirm", text: o.confirm });
      var cancel = el("button", { type: "button", className: "button", id: id + "-cancel", text: T("cancel") });
      var body = [el("h2", { id: titleId, className: "ww-dialog__title", text: o.title }),
        el("p", { id: textId, text: o.text })];
      if (o.list && o.list.length) {
        body.push(el("ul", { className: "ww-dialog__list" }, o.list.map(function (line) {
          return el("li", { text: line });
        })));
      }
      if (o.after) body.push(el("p", { text: o.after }));
      body.push(el("div", { className: "button-row ww-dialog__buttons" }, o.confirm ? [ok, cancel] : [cancel]));
      var dialog = el("dialog", { id: id, className: "ww-dialog", "aria-labelledby": titleId, "aria-describedby": textId }, body);
      document.body.appendChild(dialog);
      var done = false;
      function close(confirmed) {
        if (done) return;
        done = true;
        if (dialog.open) dialog.close();
        if (dialog.parentNode) dialog.parentNode.removeChild(dialog);
        if (opener && opener.focus && document.contains(opener)) opener.focus();
        if (confirmed) o.onConfirm();
        else if (o.onCancel) o.onCancel();
      }
      ok.addEventListener("click", function () { close(true); });
      cancel.addEventListener("click", function () { close(false); });
      dialog.addEventListener("cancel", function (e) {
        e.preventDefault();
        close(false);
      });
      if (typeof dialog.showModal === "function") {
        dialog.showModal();
        cancel.focus();
      } else if (window.confirm(o.title + "\n\n" + o.text)) {
        close(true);
      } else {
        close(false);
      }
    }

    function confirmReset() {
      confirmDialog({
        title: T("reset_title"),
        text: T("reset_text"),
        confirm: T("reset_confirm"),
        danger: true,
        onConfirm: function () {
          store.remove(key);
          var keep = state.current;
          state = freshState();
          state.current = keep;
          ensureMoment(keep);
          showError("");
          apply();
          setStatus(T("not_saved"));
          announce(T("reset_done"));
        },
      });
    }

    function confirmClearAll() {
      var keys = store.keys().filter(function (k) {
        return k && SITE_PREFIXES.some(function (p) { return k.indexOf(p) === 0; });
      });
      var lines = keys.map(function (k) {
        if (k.indexOf(KEY_PREFIX) === 0) {
          try {
            var o = JSON.parse(store.get(k));
            if (o && typeof o.title === "string") return o.title;
          } catch (e) {
            /* show the key instead */
          }
          return k.slice(KEY_PREFIX.length);
        }
        return T("clear_other", k);
      });
      confirmDialog({
        title: T("clear_title"),
        text: keys.length ? T("clear_text") : T("clear_nothing"),
        list: lines,
        confirm: T("clear_confirm"),
        danger: true,
        onConfirm: function () {
          keys.forEach(function (k) { store.remove(k); });
          var keep = state.current;
          state = freshState();
          state.current = keep;
          ensureMoment(keep);
          showError("");
          apply();
          setStatus(T("not_saved"));
          announce(T("clear_done"));
        },
      });
    }

    // -------------------------------------------------------- export / import

    function exportFile() {
      rememberTexts();
      var data = serialise({ exported: new Date().toISOString() });
      var name = "wegwijzer-" + def.id + "-" + isoDate(new Date()) + ".json";
      var blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
      var url = URL.createObjectURL(blob);
      var a = el("a", { href: url, download: name, className: "ww-file" });
      document.body.appendChild(a);
      a.click();
      a.parentNode.removeChild(a);
      window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      showError("");
      announce(T("exported", name));
      setStatus(T("exported", name));
    }

    function importFile(file) {
      showError("");
      if (file.size > MAX_IMPORT_BYTES) {
        fail(T("import_too_big", file.name));
        return;
      }
      var reader = new FileReader();
      reader.onerror = function () {
        fail(T("import_not_json", file.name));
      };
      reader.onload = function () {
        var obj;
        try {
          obj = JSON.parse(String(reader.result));
        } catch (e) {
          fail(T("import_not_json", file.name));
          return;
        }
        var incoming;
        try {
          incoming = sanitize(obj, file.name);
        } catch (e) {
          fail(e.message);
          return;
        }
        var changes = diff(state, incoming);
        var shown = changes.slice(0, 12);
        if (changes.length > shown.length) shown.push(T("changes_more", changes.length - shown.length));
        var kept = 0;
        incoming.moments.forEach(function (m) {
          Object.keys(m.answers).forEach(function (id) { if (!itemById[id]) kept++; });
        });
        confirmDialog({
          title: T("import_title"),
          text: changes.length ? T("import_intro", file.name) : T("import_same"),
          list: shown,
          after: kept ? T("change_kept", kept) : "",
          confirm: T("import_confirm"),
          onConfirm: function () {
            state = incoming;
            ensureMoment(state.current);
            save();
            apply();
            announce(T("imported", file.name));
            setStatus(T("imported", file.name));
          },
          onCancel: function () {
            announce(T("import_cancelled"));
          },
        });
      };
      reader.readAsText(file);
    }

    function fail(text) {
      showError(text);
      announce(text);
    }

    function describeValue(a) {
      if (!a) return T("empty");
      var bits = [];
      if (a.score) bits.push(scaleLabel(a.score));
      if (a.done) bits.push(T("done_label"));
      if (a.action) bits.push(T("action"));
      if (a.note) bits.push(T("note") + " “" + shorten(a.note, 40) + "”");
      return bits.join(", ") || T("empty");
    }

    // What importing `b` over `a` changes, one line per change.
    function diff(a, b) {
      var out = [];
      if ((a.name || "") !== (b.name || "")) {
        out.push(T("change_name", a.name || T("empty"), b.name || T("empty")));
      }
      var ids = {};
      a.moments.concat(b.moments).forEach(function (m) { ids[m.id] = m.label; });
      Object.keys(ids).forEach(function (mid) {
        var ma = findMoment(a, mid);
        var mb = findMoment(b, mid);
        var label = (mb || ma).label;
        var aa = (ma && ma.answers) || {};
        var ab = (mb && mb.answers) || {};
        if (!ma || !Object.keys(aa).length) {
          if (mb && Object.keys(ab).length) {
            out.push(T("change_moment_new", label, Object.keys(ab).length));
            return;
          }
        }
        var keys = {};
        Object.keys(aa).concat(Object.keys(ab)).forEach(function (k) { keys[k] = true; });
        var order = items.map(function (it) { return it.id; }).filter(function (k) { return keys[k]; });
        Object.keys(keys).forEach(function (k) { if (order.indexOf(k) < 0) order.push(k); });
        order.forEach(function (k) {
          var x = describeValue(aa[k]);
          var y = describeValue(ab[k]);
          if (x === y && (aa[k] || {}).note === (ab[k] || {}).note) return;
          var it = itemById[k];
          var text = it ? itemLabel(it, 50) : shorten(((b.items[k] || a.items[k] || {}).text) || k, 50);
          out.push(T("change_answer", label, text, x, y));
        });
        var ra = (ma && ma.reflection) || emptyReflection();
        var rb = (mb && mb.reflection) || emptyReflection();
        if (JSON.stringify(ra) !== JSON.stringify(rb)) {
          out.push(T("change_answer", label, S.kracht_heading + " / " + S.leervraag_heading,
            ra.kracht || ra.leervraag.text ? "…" : T("empty"), rb.kracht || rb.leervraag.text ? "…" : T("empty")));
        }
      });
      return out;
    }

    // -------------------------------------------------------- start

    state = load();
    ensureMoment(state.current);
    root.classList.add("ww-js");
    document.documentElement.classList.add("ww-form-page");
    buildPanel();
    showStorageMessage();
    var m0 = current();
    setStatus(!canStore ? "" : m0.updated || Object.keys(m0.answers).length ? T("saved") + "." : T("not_saved"));
    apply();
    document.addEventListener("change", onInput);
    document.addEventListener("input", function (ev) {
      var t = ev.target;
      if (t && (t.tagName === "TEXTAREA" || (t.tagName === "INPUT" && t.type === "text"))) onInput(ev);
    });
    window.addEventListener("beforeprint", updatePrint);
    if (!canStore) announce(T("storage_refused"));
  }

  // forms.css is asked for by the plugin (page.styles); if the page's
  // template did not link it, link it here, next to this script.
  function ensureStyle() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) if (/\/forms\.css(\?|$)/.test(links[i].href)) return;
    if (!SELF) return;
    document.head.appendChild(el("link", { rel: "stylesheet", href: SELF.replace(/forms\.js(\?.*)?$/, "forms.css") }));
  }

  function start() {
    if (document.querySelector("[data-ww-form]")) ensureStyle();
    Array.prototype.forEach.call(document.querySelectorAll("[data-ww-form]"), function (root) {
      try {
        Form(root);
      } catch (e) {
        // The page stays a readable, printable document.
        if (window.console) window.console.warn("Wegwijzer form: " + (e && e.message));
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
