/* Wegwijzer forms, from scores to action: a section under the overview
 * ("Van score naar actie") that names the strongest and the weakest items of
 * the moment being filled in and takes a weak item over as a development
 * point in one step; the items that pull an advice down (for the advice box
 * of forms-results.js); and, on forms with werkpunten, the action plan: per
 * werkpunt who, what, when, priority and status, saved as she types, kept in
 * the moment's `plan` (so exported and imported with the answers) and
 * printable on its own.
 *
 * A development point is what the form has room for: a Kans slot on a form
 * with reflection, a werkpunt tick on a form with action points. A form with
 * neither lists its weak items without the button.
 *
 * Part of the forms scripts (window.Wegwijzer.forms); see forms.js.
 */
(function (W) {
  "use strict";

  var F = (W.forms = W.forms || {});
  var SHOWN = 3; // strongest and weakest: three each, the size of the Kans list
  var PRIORITIES = ["hoog", "midden", "laag"];
  var STATUSES = ["open", "bezig", "klaar"];
  var PLAN_FIELDS = ["wie", "wat", "wanneer"];

  // The scored items that have a score in `answers`, lowest first (page
  // order among equals).
  function ranked(f, answers) {
    var out = [];
    f.scored.forEach(function (it, i) {
      var a = answers[it.id];
      if (a && a.score) out.push({ item: it, score: a.score, order: i });
    });
    out.sort(function (x, y) { return x.score - y.score || x.order - y.order; });
    return out;
  }

  // The weakest items, and the strongest (highest first) that are not also
  // among the weakest.
  function extremes(f, answers, n) {
    var r = ranked(f, answers);
    var weak = r.slice(0, n);
    var strong = r.slice(Math.max(weak.length, r.length - n)).reverse();
    strong = strong.filter(function (x) { return x.score > (weak.length ? weak[0].score : 0); });
    return { weak: weak, strong: strong };
  }

  function canAdopt(f) {
    return f.isScale && !!(f.def.reflection || f.def.action);
  }

  // Takes item `id` over as a development point of the current moment.
  function adopt(f, id) {
    var T = f.T;
    var it = f.itemById[id];
    if (!it || !canAdopt(f)) return;
    var m = f.current();
    var label = f.itemLabel(it, 60);
    var said;
    if (f.def.reflection) {
      var kans = m.reflection.kans;
      if (kans.some(function (k) { return k.item === id; })) said = T("adopt_already", label);
      else {
        var free = kans.filter(function (k) { return !k.item && !k.text; })[0];
        if (!free) said = T("adopt_full");
        else {
          free.item = id;
          said = T("adopt_done_kans", label);
        }
      }
    } else {
      if (!m.answers[id]) m.answers[id] = {};
      if (m.answers[id].action) said = T("adopt_already", label);
      else {
        m.answers[id].action = true;
        said = T("adopt_done_action", label);
      }
    }
    // The section is rebuilt: focus goes to the mark that replaces the button.
    var from = document.activeElement && document.activeElement.closest && document.activeElement.closest("section[id]");
    f.save();
    f.apply();
    var mark = from && document.getElementById(from.id) &&
      document.getElementById(from.id).querySelector('[data-ww-adopted="' + id + '"]');
    if (mark) {
      mark.setAttribute("tabindex", "-1");
      mark.focus();
    }
    F.panel.announce(f, said);
    F.panel.setStatus(f, said);
  }

  // Which items are development points now: the team overview follows it.
  function adoptedKey(f) {
    var m = f.current();
    return f.scored.filter(function (it) { return adopted(f, it.id); }).map(function (it) { return it.id; }).join(",") + "@" + m.id;
  }

  function adopted(f, id) {
    var m = f.current();
    if (f.def.reflection) return m.reflection.kans.some(function (k) { return k.item === id; });
    return !!(m.answers[id] && m.answers[id].action);
  }

  // The button, or, once taken over, a mark that says so.
  function adoptButton(f, id, extra) {
    if (adopted(f, id)) {
      return F.dom.el("span", { className: "badge badge--good ww-adopted", "data-ww-adopted": id,
        text: f.T(f.def.reflection ? "adopted_kans" : "adopted_action") });
    }
    var b = F.dom.el("button", { type: "button", className: "button button--small ww-adopt",
      "data-ww-adopt": id, text: f.T(f.def.reflection ? "adopt_kans" : "adopt_action") });
    // The item's words in the button's name, so a list of buttons is told apart.
    b.setAttribute("aria-label", b.textContent + ": " + f.itemLabel(f.itemById[id], 80) + (extra || ""));
    b.addEventListener("click", function () { adopt(f, id); });
    return b;
  }

  function itemLine(f, x, withButton) {
    var el = F.dom.el;
    var li = el("li", null, [el("span", { className: "ww-insight__item", text: f.itemLabel(x.item) }), " ",
      el("span", { className: "badge", text: f.scaleLabel(x.score) })]);
    if (withButton && canAdopt(f)) F.dom.append(li, [" ", adoptButton(f, x.item.id)]);
    return li;
  }

  // For the advice box: the items below the average that the advice is based
  // on, lowest first; null when none is below.
  function pullingDown(f, avg, answers) {
    if (avg === null || avg === undefined) return null;
    var below = ranked(f, answers).filter(function (x) { return x.score < avg; }).slice(0, 5);
    if (!below.length) return null;
    var el = F.dom.el;
    return el("div", { className: "ww-advice__down" }, [
      el("p", { text: f.T("advice_down", f.num(avg)) }),
      el("ul", null, below.map(function (x) { return itemLine(f, x, false); })),
    ]);
  }

  // ---------------------------------------------------------------- the section

  function start(f) {
    var results = document.getElementById(f.base + "-results");
    if (!results) return;
    f.ui.insight = F.dom.el("div", { className: "ww-insight", id: f.base + "-insight" });
    results.parentNode.insertBefore(f.ui.insight, results.nextSibling);
    render(f);
    // The print copy of the plan holds what was typed since the last rebuild.
    window.addEventListener("beforeprint", function () { render(f, true); });
  }

  // What the section shows depends on the moment, its scores and werkpunten
  // only. Any other change (a note, Kans, a field losing focus) leaves the
  // section alone: rebuilt between a press and its release, a button would
  // never receive the click.
  function signature(f, m) {
    var bits = [m.id];
    f.scored.forEach(function (it) {
      var a = m.answers[it.id];
      if (a && (a.score || a.action)) bits.push(it.id + ":" + (a.score || 0) + (a.action ? "w" : ""));
    });
    m.reflection.kans.forEach(function (k) { bits.push("k:" + k.item); });
    return bits.join("|") + JSON.stringify(m.plan || {});
  }

  function render(f, force) {
    var box = f.ui.insight;
    if (!box) return;
    var sig = signature(f, f.current());
    if (!force && sig === f.ui.insightSig) return;
    f.ui.insightSig = sig;
    var el = F.dom.el;
    var append = F.dom.append;
    var T = f.T;
    var m = f.current();
    var id = f.base + "-insight-title";
    var section = el("section", { className: "ww-insight__section", id: f.base + "-insight-section", "aria-labelledby": id },
      el("h2", { id: id, text: T("insight") }));
    if (f.isScale) {
      var x = extremes(f, m.answers, SHOWN);
      if (!x.weak.length) append(section, el("p", { text: T("insight_none") }));
      else {
        var cols = el("div", { className: "ww-insight__cols" });
        if (x.strong.length) {
          append(cols, el("div", null, [el("h3", { text: T("strongest") }),
            el("ul", { className: "ww-insight__list" }, x.strong.map(function (s) { return itemLine(f, s, false); }))]));
        }
        append(cols, el("div", null, [el("h3", { text: T("weakest") }),
          el("ul", { className: "ww-insight__list" }, x.weak.map(function (s) { return itemLine(f, s, true); }))]));
        append(section, cols);
        if (canAdopt(f)) append(section, el("p", { className: "ww-insight__hint", text: T(f.def.reflection ? "adopt_hint_kans" : "adopt_hint_action") }));
      }
    }
    if (f.def.action) append(section, plan(f, m));
    var buttons = el("div", { className: "button-row ww-insight__buttons" });
    if (F.summary) append(buttons, F.summary.button(f));
    if (F.single) append(buttons, F.single.button(f));
    if (buttons.firstChild) append(section, buttons);
    F.dom.clearChildren(box);
    box.appendChild(section);
  }

  // ---------------------------------------------------------------- the action plan

  function emptyPlan() {
    return { wie: "", wat: "", wanneer: "", prioriteit: "", status: "" };
  }

  // The moment's plan as read from storage or a file: only known fields and
  // values, text cut off at a generous length. `bad(what)` throws.
  function sanitizePlan(plan, bad) {
    if (plan === undefined || plan === null) return undefined;
    if (typeof plan !== "object" || Array.isArray(plan)) bad("plan");
    var out = {};
    Object.keys(plan).forEach(function (id) {
      var p = plan[id];
      if (!/^[\w-]{1,100}$/.test(id) || !p || typeof p !== "object") bad("plan." + id);
      var c = emptyPlan();
      PLAN_FIELDS.forEach(function (k) { if (typeof p[k] === "string") c[k] = p[k].slice(0, 2000); });
      if (PRIORITIES.indexOf(p.prioriteit) >= 0) c.prioriteit = p.prioriteit;
      if (STATUSES.indexOf(p.status) >= 0) c.status = p.status;
      out[id] = c;
    });
    return out;
  }

  function werkpunten(f, m) {
    return f.scored.filter(function (it) { return m.answers[it.id] && m.answers[it.id].action; });
  }

  function plan(f, m) {
    var el = F.dom.el;
    var append = F.dom.append;
    var T = f.T;
    var id = f.base + "-plan-title";
    var section = el("section", { className: "ww-plan", "aria-labelledby": id }, [
      el("h3", { id: id, text: T("plan") }),
    ]);
    var points = werkpunten(f, m);
    if (!points.length) {
      append(section, el("p", { text: T("plan_none") }));
      return section;
    }
    append(section, el("p", { className: "no-print", text: T("plan_intro") }));
    var table = el("table", { className: "ww-plan__print results" }, [
      el("caption", { text: T("plan") + " · " + m.label }),
      el("thead", null, el("tr", null, ["plan_point", "plan_wie", "plan_wat", "plan_wanneer", "plan_prioriteit", "plan_status"]
        .map(function (k) { return el("th", { scope: "col", text: T(k) }); }))),
    ]);
    var tbody = el("tbody");
    points.forEach(function (it) {
      var p = (m.plan && m.plan[it.id]) || emptyPlan();
      var dom = f.base + "-plan-" + it.id;
      var fs = el("fieldset", { className: "ww-plan__point" }, el("legend", { text: f.itemLabel(it) }));
      var fields = el("div", { className: "ww-plan__fields" });
      PLAN_FIELDS.forEach(function (k) {
        var input = k === "wat" ? el("textarea", { id: dom + "-" + k, rows: "2", autocomplete: "off" })
          : el("input", { type: "text", id: dom + "-" + k, autocomplete: "off" });
        input.value = p[k];
        input.addEventListener("input", function () { setPlan(f, it.id, k, input.value); });
        append(fields, el("div", { className: "field ww-plan__" + k }, [
          el("label", { className: "field__label", for: input.id, text: T("plan_" + k) }), input]));
      });
      [["prioriteit", PRIORITIES], ["status", STATUSES]].forEach(function (pair) {
        var k = pair[0];
        var sel = el("select", { id: dom + "-" + k, autocomplete: "off" },
          [el("option", { value: "", text: T("plan_choose") })].concat(pair[1].map(function (v) {
            return el("option", { value: v, text: T("plan_" + k + "_" + v) });
          })));
        sel.value = p[k];
        sel.addEventListener("change", function () { setPlan(f, it.id, k, sel.value); });
        append(fields, el("div", { className: "field ww-plan__" + k }, [
          el("label", { className: "field__label", for: sel.id, text: T("plan_" + k) }), sel]));
      });
      append(fs, fields);
      append(section, fs);
      tbody.appendChild(el("tr", null, [el("th", { scope: "row", text: f.itemLabel(it) }),
        el("td", { text: p.wie }), el("td", { text: p.wat }), el("td", { text: p.wanneer }),
        el("td", { text: p.prioriteit ? T("plan_prioriteit_" + p.prioriteit) : "" }),
        el("td", { text: p.status ? T("plan_status_" + p.status) : "" })]));
    });
    table.appendChild(tbody);
    append(section, [table, el("div", { className: "button-row" }, planPrintButton(f))]);
    return section;
  }

  function planPrintButton(f) {
    var b = F.dom.el("button", { type: "button", className: "button", id: f.base + "-plan-print", text: f.T("plan_print") });
    b.addEventListener("click", function () {
      render(f, true); // the print table holds what was typed last
      var again = document.getElementById(f.base + "-plan-print");
      if (again) again.focus();
      F.print.update(f);
      F.output.printOnly("ww-print-plan");
    });
    return b;
  }

  // Saved as she types; the section is not rebuilt, so focus stays put.
  function setPlan(f, id, key, value) {
    var m = f.current();
    if (!m.plan) m.plan = {};
    if (!m.plan[id]) m.plan[id] = emptyPlan();
    m.plan[id][key] = value;
    f.save();
  }

  F.actions = { adoptedKey: adoptedKey, ranked: ranked, extremes: extremes, canAdopt: canAdopt, adopt: adopt, adoptButton: adoptButton,
    pullingDown: pullingDown, sanitizePlan: sanitizePlan, werkpunten: werkpunten, emptyPlan: emptyPlan };
  F.addons = F.addons || [];
  F.addons.push({ start: start, refresh: function (f) { render(f, false); } });
})((window.Wegwijzer = window.Wegwijzer || {}));
