/* Wegwijzer forms, the results: the overview under a form (the plugin
 * leaves an empty, hidden <div id="ww-<id>-results">), rebuilt after every
 * change. Averages (or ticks) per group, per part and overall, for the
 * current moment and the one compared with; the chart (forms-chart.js) with
 * a data table beside it; the advice and the action points when the form has
 * them; and the answers to items no longer on the page, kept aside.
 *
 * Part of the forms scripts (window.Wegwijzer.forms); see forms.js.
 */
(function (W) {
  "use strict";

  var F = (W.forms = W.forms || {});

  // ---------------------------------------------------------------- numbers

  // Per group, per part and overall, for one moment: the sum and count of
  // scores (avg), and of ticks (pct), over the scored items.
  function compute(f, m) {
    var answers = (m && m.answers) || {};
    function blank() {
      return { sum: 0, n: 0, total: 0, done: 0 };
    }
    var byGroup = {};
    var byPart = {};
    var all = blank();
    f.groups.forEach(function (g) {
      byGroup[g.id] = blank();
      if (g.part && !byPart[g.part]) byPart[g.part] = blank();
    });
    f.scored.forEach(function (it) {
      var g = f.groupById[it.group];
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

  // The number a bar shows: the average on a scale, the share done on a checklist.
  function value(f, b) {
    return f.isScale ? b.avg : b.pct;
  }

  function showValue(f, b) {
    if (f.isScale) return b.avg === null ? f.T("no_score") : f.num(b.avg);
    return b.done + "/" + b.total + " (" + Math.round(b.pct || 0) + "%)";
  }

  function showDiff(f, a, b) {
    var va = value(f, a);
    var vb = value(f, b);
    if (va === null || vb === null) return f.T("no_score");
    var d = va - vb;
    if (f.isScale) return (d > 0 ? "+" : d < 0 ? "−" : "±") + f.num(Math.abs(d));
    return (d > 0 ? "+" : d < 0 ? "−" : "±") + Math.round(Math.abs(d)) + "%";
  }

  // ---------------------------------------------------------------- the section

  function render(f) {
    var el = F.dom.el;
    var append = F.dom.append;
    var T = f.T;
    var box = document.getElementById(f.base + "-results");
    if (!box) return;
    var state = f.state;
    var m = f.current();
    var cmp = state.compare && state.compare !== state.current ? F.answers.findMoment(state, state.compare) : null;
    var now = compute(f, m);
    var then = cmp ? compute(f, cmp) : null;
    var headingId = f.base + "-results-title";
    var section = el("section", { className: "ww-results", "aria-labelledby": headingId }, [
      el("h2", { id: headingId, text: T("results") }),
      el("p", { text: T(f.isScale ? "results_intro" : "results_intro_checklist") }),
    ]);
    var grid = el("div", { className: "ww-results__grid" }, [F.chart.draw(f, now, then, m, cmp), table(f, now, then, m, cmp)]);
    append(section, grid);
    if (f.def.advice) append(section, adviceBox(f, now));
    if (f.def.action) append(section, actionPoints(f, m));
    var removed = removedAnswers(f);
    if (removed) append(section, removed);
    F.dom.clearChildren(box);
    box.appendChild(section);
    box.hidden = false;
  }

  // Groups by part, each part with its subtotal; the overall total in <tfoot>.
  function table(f, now, then, m, cmp) {
    var el = F.dom.el;
    var T = f.T;
    var isScale = f.isScale;
    var groups = f.groups;
    var heads = [T("col_group"), (isScale ? T("col_average") : T("col_done")) + " · " + m.label];
    if (isScale) heads.push(T("col_scored"));
    if (then) {
      heads.push((isScale ? T("col_average") : T("col_done")) + " · " + cmp.label);
      heads.push(T("col_diff"));
    }
    var t = el("table", { className: "results ww-results__table table--stack" }, [
      el("caption", { text: T(isScale ? "table_caption" : "table_caption_checklist") }),
      el("thead", null, el("tr", null, heads.map(function (h, i) {
        return el("th", { scope: "col", className: i ? "score" : null, text: h });
      }))),
    ]);
    // Each number carries its column's header (data-label): on a narrow screen
    // the theme shows the table one row at a time (.table--stack in style.css).
    function cell(k, text) {
      return el("td", { className: "score", "data-label": heads[k], text: text });
    }
    function row(label, a, b, cls) {
      var cells = [el("th", { scope: "row", text: label }), cell(1, showValue(f, a))];
      if (isScale) cells.push(cell(2, T("scored_of", a.n, a.total)));
      if (b) {
        cells.push(cell(cells.length, showValue(f, b)));
        cells.push(cell(cells.length, showDiff(f, a, b)));
      }
      return el("tr", { className: cls || null }, cells);
    }
    var bodies = [];
    if (f.parts.length) {
      f.parts.forEach(function (p) {
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
    F.dom.append(t, bodies);
    F.dom.append(t, el("tfoot", null, row(T("total"), now.all, then && then.all)));
    // Focusable and named, so a keyboard can scroll a table wider than the screen.
    return el("div", { className: "table-wrap ww-results__table-wrap", tabindex: "0", role: "region",
      "aria-label": T(isScale ? "table_caption" : "table_caption_checklist") }, t);
  }

  // The advice of the form's front matter: the first rule whose minimum the
  // overall average reaches (the plugin checks they go from highest to lowest).
  function adviceBox(f, now) {
    var el = F.dom.el;
    var append = F.dom.append;
    var T = f.T;
    var a = f.def.advice;
    var id = f.base + "-advice-title";
    var box = el("section", { className: "ww-advice summary-box", "aria-labelledby": id },
      el("h3", { id: id, text: T("advice") }));
    var avg = now.all.avg;
    if (avg === null) {
      append(box, el("p", { text: T("advice_none") }));
    } else {
      append(box, el("p", { text: T("advice_average", f.num(avg), T("scored_of", now.all.n, now.all.total)) }));
      if (now.all.n < now.all.total) append(box, el("p", { className: "ww-advice__partial", text: T("advice_partial") }));
      // Not only the average: which indicators pull it down (forms-actions.js).
      if (F.actions) append(box, F.actions.pullingDown(f, avg, f.current().answers));
      var rule = null;
      F.definition.list(a.rules).some(function (r) {
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
    append(how, el("ul", null, F.definition.list(a.rules).map(function (r) {
      return el("li", { text: T("advice_rule", f.num(r.min), r.label || r.trajectory || "") + " " + r.text });
    })));
    append(box, how);
    return box;
  }

  // The items marked as a werkpunt, per part, with their score and note.
  function actionPoints(f, m) {
    var el = F.dom.el;
    var append = F.dom.append;
    var id = f.base + "-actions-title";
    var box = el("section", { className: "ww-actions", "aria-labelledby": id }, el("h3", { id: id, text: f.T("actions") }));
    var any = false;
    function listFor(gs) {
      var ul = el("ul", { className: "ww-actions__list" });
      gs.forEach(function (g) {
        f.scored.forEach(function (it) {
          var a = m.answers[it.id];
          if (it.group !== g.id || !a || !a.action) return;
          any = true;
          var li = el("li", null, [el("span", { className: "ww-actions__group", text: (g.label || g.title) + " · " }),
            f.itemLabel(it)]);
          if (a.score) append(li, [" ", el("span", { className: "badge", text: f.scaleLabel(a.score) })]);
          if (a.note) append(li, el("p", { className: "ww-actions__note", text: a.note }));
          ul.appendChild(li);
        });
      });
      return ul.firstChild ? ul : null;
    }
    if (f.parts.length) {
      f.parts.forEach(function (p) {
        var ul = listFor(f.groups.filter(function (g) { return g.part === p.id; }));
        if (ul) append(box, [el("h4", { text: p.title }), ul]);
      });
      var loose = listFor(f.groups.filter(function (g) { return !g.part; }));
      if (loose) append(box, loose);
    } else {
      var ul = listFor(f.groups);
      if (ul) append(box, ul);
    }
    if (!any) append(box, el("p", { text: f.T("actions_none") }));
    return box;
  }

  // ---------------------------------------------------------------- kept aside

  // Answers whose item is no longer on the page (the form was edited): shown,
  // kept and exported until the reader discards them, never lost silently.
  function removedIds(f) {
    var ids = {};
    f.state.moments.forEach(function (m) {
      Object.keys(m.answers).forEach(function (id) {
        if (!f.itemById[id] || f.itemById[id].heading) ids[id] = true;
      });
    });
    return Object.keys(ids);
  }

  function describeAnswer(f, a) {
    var bits = [];
    if (a.score) bits.push(f.isScale ? f.scaleLabel(a.score) : String(a.score));
    if (a.done) bits.push(f.T("done_label"));
    if (a.action) bits.push(f.T("action") || "");
    if (a.note) bits.push(f.T("note") + ": " + a.note);
    return bits.join("; ");
  }

  function removedAnswers(f) {
    var el = F.dom.el;
    var T = f.T;
    var ids = removedIds(f);
    if (!ids.length) return null;
    var id = f.base + "-removed-title";
    var ul = el("ul", { className: "ww-removed__list" });
    ids.forEach(function (iid) {
      // The question as it was when answered (forms-answers.js rememberTexts).
      var info = f.state.items[iid] || {};
      var li = el("li", null, el("span", { className: "ww-removed__text", text: info.text || iid }));
      var sub = el("ul");
      f.state.moments.forEach(function (m) {
        if (m.answers[iid]) sub.appendChild(el("li", { text: m.label + ": " + describeAnswer(f, m.answers[iid]) }));
      });
      li.appendChild(sub);
      ul.appendChild(li);
    });
    var discard = el("button", { type: "button", className: "button button--danger", id: f.base + "-discard",
      text: T("removed_discard") });
    discard.addEventListener("click", function () {
      F.dialog.confirm(f, {
        title: T("removed_title"),
        text: T("removed_confirm_text"),
        confirm: T("removed_confirm"),
        danger: true,
        onConfirm: function () {
          f.state.moments.forEach(function (m) {
            ids.forEach(function (iid) { delete m.answers[iid]; });
          });
          ids.forEach(function (iid) { delete f.state.items[iid]; });
          f.save();
          f.refresh();
          F.panel.announce(f, T("removed_done"));
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

  F.results = { render: render, compute: compute, value: value };
})((window.Wegwijzer = window.Wegwijzer || {}));
