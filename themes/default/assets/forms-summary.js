/* Wegwijzer forms, "Afdrukken als gespreksverslag": the form on one A4 page
 * (two at most), what a starter takes to her director. The name, moment and
 * date; the summary chart with its table; the strongest and weakest items (or
 * what is still open on a checklist); the advice; the chosen development
 * points (Kans, or the werkpunten with their plan) and the leervraag.
 *
 * The summary is made when she asks for it, as a print-only section at the
 * end of <body>; forms-team.css prints it alone while <html> has the class
 * "ww-print-summary" (forms-save.js printOnly). The full printout (Afdrukken)
 * is unchanged.
 *
 * Part of the forms scripts (window.Wegwijzer.forms); see forms.js.
 */
(function (W) {
  "use strict";

  var F = (W.forms = W.forms || {});
  var OPEN_SHOWN = 8;

  function fmtDate(f, d) {
    return d.toLocaleDateString(f.lang, { day: "numeric", month: "long", year: "numeric" });
  }

  function build(f) {
    var el = F.dom.el;
    var append = F.dom.append;
    var T = f.T;
    var m = f.current();
    var now = F.results.compute(f, m);
    var id = f.base + "-summary";
    var old = document.getElementById(id);
    if (old) old.parentNode.removeChild(old);
    var s = el("section", { className: "ww-summary", id: id, "aria-labelledby": id + "-title" });
    append(s, [el("p", { className: "ww-summary__kind", text: T("summary_kind") }),
      el("h1", { id: id + "-title", className: "ww-summary__title", text: f.def.title })]);

    var date = m.date ? new Date(m.date + "T12:00:00") : null; // noon: the same day in every time zone
    var rows = [];
    if (f.def.name_field) rows.push([f.def.name_field, f.state.name || "…………………………"]);
    rows.push([T("print_moment"), m.label]);
    rows.push([T("print_date"), date && !isNaN(date) ? fmtDate(f, date) : "…………………………"]);
    var dl = el("dl", { className: "ww-summary__meta" });
    rows.forEach(function (r) { append(dl, [el("dt", { text: r[0] }), el("dd", { text: r[1] })]); });
    append(s, dl);

    // The chart and the same numbers as a table, side by side.
    var table = el("table", { className: "results ww-summary__table" }, [
      el("caption", { text: T(f.isScale ? "table_caption" : "table_caption_checklist") }),
      el("thead", null, el("tr", null, [el("th", { scope: "col", text: T("col_group") }),
        el("th", { scope: "col", className: "score", text: T(f.isScale ? "col_average" : "col_done") })])),
    ]);
    var show = function (b) {
      return f.isScale ? (b.avg === null ? T("no_score") : f.num(b.avg)) : b.done + "/" + b.total;
    };
    append(table, el("tbody", null, f.groups.map(function (g) {
      return el("tr", null, [el("th", { scope: "row", text: F.dom.shorten(g.title, 60) }),
        el("td", { className: "score", text: show(now.groups[g.id]) })]);
    })));
    append(table, el("tfoot", null, el("tr", null, [el("th", { scope: "row", text: T("total") }),
      el("td", { className: "score", text: show(now.all) })])));
    append(s, el("div", { className: "ww-summary__grid" }, [F.output.ownChart(F.chart.draw(f, now, null, m, null), "summary"), table]));

    if (f.def.advice && now.all.avg !== null) {
      var rule = F.definition.list(f.def.advice.rules).filter(function (r) {
        return Math.round(now.all.avg * 1000) / 1000 >= r.min;
      })[0];
      append(s, el("p", { className: "ww-summary__advice" }, [el("strong", { text: T("advice") + ": " }),
        (rule ? (rule.label || rule.trajectory || "") + " — " : "") + T("summary_average", f.num(now.all.avg))]));
    }

    var cols = el("div", { className: "ww-summary__cols" });
    function list(title, lines, empty) {
      append(cols, el("div", null, [el("h2", { text: title }), lines.length
        ? el("ul", null, lines.map(function (l) { return el("li", { text: l }); }))
        : el("p", { text: empty })]));
    }
    if (f.isScale) {
      var x = F.actions.extremes(f, m.answers, 3);
      var line = function (r) { return f.itemLabel(r.item, 110) + " (" + f.scaleLabel(r.score) + ")"; };
      list(T("strongest"), x.strong.map(line), T("summary_nothing"));
      list(T("weakest"), x.weak.map(line), T("summary_nothing"));
    } else {
      var open = f.scored.filter(function (it) { return !(m.answers[it.id] && m.answers[it.id].done); });
      var lines = open.slice(0, OPEN_SHOWN).map(function (it) { return f.itemLabel(it, 110); });
      if (open.length > OPEN_SHOWN) lines.push(T("changes_more", open.length - OPEN_SHOWN));
      list(T("summary_open"), lines, T("summary_nothing"));
    }
    append(s, cols);

    // The development points she chose: Kans, and the werkpunten with their plan.
    var points = [];
    var r = m.reflection;
    if (f.def.reflection) {
      r.kans.forEach(function (k) {
        var it = f.itemById[k.item];
        var text = [it ? f.itemLabel(it, 110) : "", k.text].filter(Boolean).join(" — ");
        if (text) points.push(text);
      });
    }
    if (f.def.action) {
      F.actions.werkpunten(f, m).forEach(function (it) {
        var p = (m.plan && m.plan[it.id]) || F.actions.emptyPlan();
        var bits = [];
        if (p.wat) bits.push(p.wat);
        if (p.wie) bits.push(T("plan_wie") + ": " + p.wie);
        if (p.wanneer) bits.push(T("plan_wanneer") + ": " + p.wanneer);
        if (p.prioriteit) bits.push(T("plan_prioriteit") + ": " + T("plan_prioriteit_" + p.prioriteit));
        if (p.status) bits.push(T("plan_status") + ": " + T("plan_status_" + p.status));
        points.push(f.itemLabel(it, 110) + (bits.length ? " — " + bits.join("; ") : ""));
      });
    }
    if (f.def.reflection || f.def.action) {
      append(s, el("h2", { text: T("summary_points") }));
      append(s, points.length ? el("ol", { className: "ww-summary__points" }, points.map(function (p) {
        return el("li", { text: p });
      })) : el("p", { className: "ww-summary__blank", text: T("summary_nothing") }));
    }
    if (f.def.reflection) {
      if (r.kracht) append(s, [el("h2", { text: T("kracht_heading").split(" & ")[0] }), el("p", { className: "ww-summary__text", text: r.kracht })]);
      append(s, el("h2", { text: T("leervraag_heading") }));
      var k = r.leervraag.choice ? r.kans[r.leervraag.choice - 1] : null;
      var kit = k && f.itemById[k.item];
      var about = k ? [kit ? f.itemLabel(kit, 110) : "", k.text].filter(Boolean).join(" — ") : "";
      if (about) append(s, el("p", null, [el("strong", { text: T("summary_about") + " " }), about]));
      append(s, el("p", { className: "ww-summary__text" + (r.leervraag.text ? "" : " ww-summary__blank"),
        text: r.leervraag.text || T("summary_nothing") }));
    }
    append(s, el("p", { className: "ww-summary__printed", text: T("print_printed", fmtDate(f, new Date())) }));
    document.body.appendChild(s);
    return s;
  }

  function button(f) {
    var b = F.dom.el("button", { type: "button", className: "button", id: f.base + "-summary-print",
      text: f.T("summary_print") });
    b.addEventListener("click", function () {
      build(f);
      F.output.printOnly("ww-print-summary");
    });
    return b;
  }

  F.summary = { build: build, button: button };
})((window.Wegwijzer = window.Wegwijzer || {}));
