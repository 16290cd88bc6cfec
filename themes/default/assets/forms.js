/* Wegwijzer forms: binds the form that plugins/form.lua rendered on a page
 * (self-assessment, quality card, questionnaire, checklist).
 *
 * The page already holds the complete document with real controls (radio
 * groups, tick boxes, notes, reflection fields); without JavaScript it can be
 * read, filled in and printed. The forms scripts add what needs a browser:
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
 * One plain script per job, sharing window.Wegwijzer.forms, loaded in this
 * order (plugins/form.lua asks for them; this file comes last and starts):
 *   forms-store.js       localStorage, with refused storage handled
 *   forms-dom.js         building elements and SVG (user text as text only)
 *   forms-definition.js  the form's definition and words: the context `f`
 *   forms-answers.js     the answers' shape, moments, checks, load/serialise
 *   forms-dialog.js      the confirmation <dialog>
 *   forms-panel.js       the tools panel, status and live region
 *   forms-print.js       the print header and print copies of typed text
 *   forms-chart.js       the SVG bar chart
 *   forms-results.js     the results: table, advice, action points, kept answers
 *   forms-transfer.js    export and import
 *   forms-save.js        CSV and single files to download; printing one part
 *   forms-actions.js     from scores to action: weakest items, action plan
 *   forms-summary.js     "Afdrukken als gespreksverslag": one A4 page
 *   forms-team.js        the team overview of several colleagues' exports
 *   forms-single.js      the form as one self-contained HTML file
 *   forms.js             this file: answers <-> controls, saving, start
 *
 * Every script is handed the form's context `f` (forms-definition.js) with,
 * from here, f.state (the answers), f.ui (the panel's elements) and the
 * form's actions f.current(), f.save(), f.apply() and f.refresh().
 * User text only ever reaches the page through textContent and .value.
 */
(function (W) {
  "use strict";

  var F = (W.forms = W.forms || {});
  var SELF = document.currentScript ? document.currentScript.src : "";

  function Form(root) {
    var A = F.answers;
    var f = F.definition.read(root);
    f.canStore = F.store.works();
    f.state = null;
    f.ui = {};
    f.saveFailed = false; // said once, until a save works again
    f.announceTimer = 0;
    f.laterTimer = 0;
    f.current = function () {
      return A.ensureMoment(f, f.state.current);
    };
    f.save = function () { save(f); };
    f.apply = function () { apply(f); };
    f.refresh = function () { refresh(f); };

    f.state = A.load(f);
    A.ensureMoment(f, f.state.current);
    root.classList.add("ww-js");
    document.documentElement.classList.add("ww-form-page");
    F.panel.build(f);
    F.panel.showStorageMessage(f);
    var m0 = f.current();
    F.panel.setStatus(f, !f.canStore ? "" : m0.updated || Object.keys(m0.answers).length ? f.T("saved") + "." : f.T("not_saved"));
    f.apply();
    // The tools that build on the answers (forms-actions.js, forms-team.js):
    // each adds its part of the page once, and follows every change after.
    f.addonsStarted = true;
    (F.addons || []).forEach(function (a) { if (a.start) a.start(f); });
    document.addEventListener("change", function (ev) { onInput(f, ev); });
    // Text is saved while typing, not only when the field loses focus.
    document.addEventListener("input", function (ev) {
      var t = ev.target;
      if (t && (t.tagName === "TEXTAREA" || (t.tagName === "INPUT" && t.type === "text"))) onInput(f, ev);
    });
    window.addEventListener("beforeprint", function () { F.print.update(f); });
    if (!f.canStore) F.panel.announce(f, f.T("storage_refused"));
  }

  // -------------------------------------------------------------- saving

  function save(f) {
    var T = f.T;
    var m = f.current();
    m.updated = new Date().toISOString();
    F.answers.rememberTexts(f);
    if (!f.canStore) return;
    if (F.store.set(f.key, JSON.stringify(F.answers.serialise(f)))) {
      f.saveFailed = false;
      F.panel.showStorageMessage(f);
      F.panel.setStatus(f, T("saved_at", new Date().toLocaleTimeString(f.lang, { hour: "2-digit", minute: "2-digit" })));
      F.panel.announceLater(f, T("saved"));
    } else if (!f.saveFailed) {
      f.saveFailed = true;
      F.panel.showStorageMessage(f);
      F.panel.announce(f, T("storage_failed"));
    }
  }

  // The current moment's answer to item `id`; made (empty) when `create`.
  function answer(f, id, create) {
    var m = f.current();
    if (!m.answers[id] && create) m.answers[id] = {};
    return m.answers[id];
  }

  // An answer emptied again is removed, so the stored answers hold only
  // what was answered.
  function tidy(f, id) {
    var m = f.current();
    if (F.answers.isEmpty(m.answers[id])) delete m.answers[id];
  }

  // -------------------------------------------------------------- controls

  // A page may hold several forms: each only touches its own controls,
  // whose ids start with its base.
  function own(f, e) {
    return e.id && e.id.indexOf(f.base + "-") === 0;
  }

  function controls(f) {
    return Array.prototype.filter.call(document.querySelectorAll("[data-ww-field]"), function (e) {
      return own(f, e);
    });
  }

  // Puts the current moment's answers into the page's controls.
  function apply(f) {
    var state = f.state;
    var ui = f.ui;
    var m = f.current();
    var r = m.reflection;
    controls(f).forEach(function (c) {
      var field = c.getAttribute("data-ww-field");
      var a = m.answers[c.getAttribute("data-ww-item")] || {};
      var slot = Number(c.getAttribute("data-ww-slot")) - 1;
      if (field === "score") c.checked = a.score === Number(c.value);
      else if (field === "note") c.value = a.note || "";
      else if (field === "action") c.checked = !!a.action;
      else if (field === "done") c.checked = !!a.done;
      else if (field === "name") c.value = state.name;
      else if (field === "kracht") c.value = r.kracht;
      else if (field === "kans-item") c.value = f.itemById[r.kans[slot].item] ? r.kans[slot].item : "";
      else if (field === "kans-text") c.value = r.kans[slot].text;
      else if (field === "leervraag-keuze") c.checked = r.leervraag.choice === Number(c.value);
      else if (field === "leervraag") c.value = r.leervraag.text;
    });
    if (ui.moment) ui.moment.value = state.current;
    if (ui.date) ui.date.value = m.date || "";
    F.panel.fillMomentSelects(f);
    refresh(f);
  }

  // A control changed: into the current moment's answers, saved at once.
  function onInput(f, ev) {
    var c = ev.target;
    if (!c || !c.getAttribute || !own(f, c)) return;
    var field = c.getAttribute("data-ww-field");
    if (!field) return;
    var id = c.getAttribute("data-ww-item");
    var r = f.current().reflection;
    var slot = Number(c.getAttribute("data-ww-slot")) - 1;
    if (field === "score") {
      if (!c.checked) return;
      answer(f, id, true).score = Number(c.value);
    } else if (field === "note") {
      answer(f, id, true).note = c.value;
      tidy(f, id);
    } else if (field === "action") {
      answer(f, id, true).action = c.checked;
      if (!c.checked) delete answer(f, id).action;
      tidy(f, id);
    } else if (field === "done") {
      answer(f, id, true).done = c.checked;
      if (!c.checked) delete answer(f, id).done;
      tidy(f, id);
    } else if (field === "name") {
      f.state.name = c.value;
    } else if (field === "kracht") {
      r.kracht = c.value;
    } else if (field === "kans-item") {
      r.kans[slot].item = c.value;
    } else if (field === "kans-text") {
      r.kans[slot].text = c.value;
    } else if (field === "leervraag-keuze") {
      if (c.checked) r.leervraag.choice = Number(c.value);
    } else if (field === "leervraag") {
      r.leervraag.text = c.value;
    } else {
      return;
    }
    save(f);
    refresh(f);
  }

  // Everything on the page that follows from the answers.
  function refresh(f) {
    var ui = f.ui;
    if (ui.progress) {
      var answers = f.current().answers;
      var n = f.scored.filter(function (it) {
        var a = answers[it.id];
        return a && (f.isScale ? a.score : a.done);
      }).length;
      ui.progress.textContent = f.T(f.isScale ? "progress" : "progress_checklist", n, f.scored.length);
    }
    F.print.mirrors(f);
    updatePoints(f);
    F.print.update(f);
    F.results.render(f);
    if (f.addonsStarted) (F.addons || []).forEach(function (a) { if (a.refresh) a.refresh(f); });
  }

  // The leervraag choices name the development points chosen above.
  function updatePoints(f) {
    var r = f.current().reflection;
    Array.prototype.forEach.call(document.querySelectorAll("[data-ww-point]"), function (span) {
      var label = span.closest("label");
      var input = label && label.querySelector("input");
      if (!input || !own(f, input)) return;
      var k = r.kans[Number(span.getAttribute("data-ww-point")) - 1];
      if (!k) return;
      var it = f.itemById[k.item];
      var text = [it ? f.itemLabel(it, 90) : "", k.text].filter(Boolean).join(" — ");
      span.textContent = text ? ": " + text : "";
    });
  }

  // -------------------------------------------------------------- start

  // forms.css is asked for by the plugin (page.styles); if the page's
  // template did not link it, link it here, next to this script.
  function ensureStyle() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) if (/\/forms\.css(\?|$)/.test(links[i].href)) return;
    if (!SELF) return;
    document.head.appendChild(F.dom.el("link", { rel: "stylesheet", href: SELF.replace(/forms\.js(\?.*)?$/, "forms.css") }));
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
})((window.Wegwijzer = window.Wegwijzer || {}));
