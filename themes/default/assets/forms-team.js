/* Wegwijzer forms, the team overview: the exports of several colleagues
 * (files "wegwijzer-<id>-<date>.json", docs/forms.md) read together in the
 * page, for every form the plugin renders. She chooses or drops the files;
 * they are read with FileReader (no fetch: it works from file://), checked
 * as an import is (forms-answers.js sanitize) and kept in memory only:
 * nothing is stored and nothing leaves the computer. A file of another form,
 * a damaged file or one too big is refused with its name and the reason.
 *
 * Per item: how many answered, the distribution of the scores, the mean and
 * the spread (the standard deviation: where the team disagrees); per group,
 * part and overall the same summarised, with the chart and its table. One
 * moment at a time; "the latest moment of each colleague" mixes moments and
 * then says which. Names are hidden ("Collega 1") unless she shows them. The
 * lowest and the most disagreed items can be taken over as her own
 * development points (forms-actions.js). CSV export and an A4 printout.
 *
 * Part of the forms scripts (window.Wegwijzer.forms); see forms.js.
 */
(function (W) {
  "use strict";

  var F = (W.forms = W.forms || {});
  // As an import: far above any real export, so a wrong file (a photo, a
  // backup) cannot freeze the page.
  var MAX_FILE_BYTES = 2 * 1024 * 1024;
  var MAX_FILES = 200;
  var LISTED = 5; // lowest and most disagreed items
  var LATEST = "@laatste";

  // ---------------------------------------------------------------- numbers

  function stats(values, levels) {
    var s = { n: values.length, counts: {}, mean: null, sd: null, min: null, max: null };
    levels.forEach(function (l) { s.counts[l] = 0; });
    if (!values.length) return s;
    var sum = 0;
    values.forEach(function (v) {
      s.counts[v] = (s.counts[v] || 0) + 1;
      sum += v;
      s.min = s.min === null ? v : Math.min(s.min, v);
      s.max = s.max === null ? v : Math.max(s.max, v);
    });
    s.mean = sum / values.length;
    var sq = 0;
    values.forEach(function (v) { sq += (v - s.mean) * (v - s.mean); });
    s.sd = Math.sqrt(sq / values.length); // the spread among these colleagues, not an estimate
    return s;
  }

  // The values a scale form counts are the scores (1 … n); a checklist
  // counts ticked as 1 and not ticked as 0, for every colleague.
  function levels(f) {
    var out = [];
    if (f.isScale) for (var v = 1; v <= f.scaleMax; v++) out.push(v);
    else out.push(1, 0);
    return out;
  }

  function levelLabel(f, v) {
    return f.isScale ? f.scaleLabel(v) : v ? f.T("done_label") : f.T("team_not_done");
  }

  function showMean(f, x) {
    if (x === null || x === undefined) return f.T("no_score");
    return f.isScale ? f.num(x) : Math.round(x * 100) + "%";
  }

  function showSpread(f, x) {
    if (x === null || x === undefined) return f.T("no_score");
    return f.isScale ? f.num(x) : f.num(x * 100);
  }

  // The answers of each colleague used for the chosen moment; who is left
  // out and why; and which moments were mixed.
  function select(f, t) {
    var used = [];
    var left = [];
    var mixed = {};
    t.files.forEach(function (file, i) {
      var m = null;
      var filled = file.state.moments.filter(function (x) { return Object.keys(x.answers).length; });
      if (t.moment === LATEST) {
        filled.forEach(function (x) { if (!m || (x.updated || "") > (m.updated || "")) m = x; });
      } else {
        m = filled.filter(function (x) { return x.id === t.moment; })[0] || null;
      }
      if (m) {
        used.push({ index: i, file: file, moment: m });
        mixed[m.id] = mixed[m.id] || { label: m.label, n: 0 };
        mixed[m.id].n++;
      } else {
        left.push({ index: i, file: file });
      }
    });
    return { used: used, left: left, moments: mixed };
  }

  function compute(f, sel) {
    var lv = levels(f);
    function valuesOf(it) {
      var out = [];
      sel.used.forEach(function (u) {
        var a = u.moment.answers[it.id];
        if (f.isScale) {
          if (a && a.score) out.push(a.score);
        } else {
          out.push(a && a.done ? 1 : 0);
        }
      });
      return out;
    }
    var items = {};
    f.scored.forEach(function (it) { items[it.id] = stats(valuesOf(it), lv); });
    function pool(its) {
      var all = [];
      var sds = [];
      its.forEach(function (it) {
        all = all.concat(valuesOf(it));
        if (items[it.id].n >= 2) sds.push(items[it.id].sd);
      });
      var s = stats(all, lv);
      // A group's disagreement: the mean spread of its items.
      s.spread = sds.length ? sds.reduce(function (a, b) { return a + b; }, 0) / sds.length : null;
      // What forms-chart.js draws: the mean, or the share ticked.
      s.avg = f.isScale ? s.mean : null;
      s.pct = f.isScale ? null : s.mean === null ? null : s.mean * 100;
      return s;
    }
    var groups = {};
    f.groups.forEach(function (g) {
      groups[g.id] = pool(f.scored.filter(function (it) { return it.group === g.id; }));
    });
    var parts = {};
    f.parts.forEach(function (p) {
      parts[p.id] = pool(f.scored.filter(function (it) { return (f.groupById[it.group] || {}).part === p.id; }));
    });
    return { items: items, groups: groups, parts: parts, all: pool(f.scored) };
  }

  function lowest(f, r) {
    return f.scored.filter(function (it) { return r.items[it.id].n; })
      .sort(function (a, b) { return r.items[a.id].mean - r.items[b.id].mean; }).slice(0, LISTED);
  }

  function disagreed(f, r) {
    return f.scored.filter(function (it) { return r.items[it.id].n >= 2 && r.items[it.id].sd > 0; })
      .sort(function (a, b) { return r.items[b.id].sd - r.items[a.id].sd; }).slice(0, LISTED);
  }

  // ---------------------------------------------------------------- files

  function readFiles(f, list) {
    var t = f.team;
    var files = Array.prototype.slice.call(list || []);
    if (!files.length) return;
    var pending = files.length;
    var refusedNow = [];
    function done() {
      if (--pending) return;
      t.refused = refusedNow;
      if (!t.moment || (t.moment !== LATEST && !momentsOf(f).some(function (m) { return m.id === t.moment; }))) {
        t.moment = defaultMoment(f);
      }
      render(f);
      var ok = files.length - refusedNow.length;
      F.panel.announce(f, f.T("team_read", ok, t.files.length) + (refusedNow.length ? " " + f.T("team_refused_n", refusedNow.length) : ""));
    }
    function refuse(file, why) {
      refusedNow.push({ name: file.name, why: why });
      done();
    }
    files.forEach(function (file) {
      if (t.files.length >= MAX_FILES) return refuse(file, f.T("team_too_many", MAX_FILES));
      if (file.size > MAX_FILE_BYTES) return refuse(file, f.T("import_too_big", file.name));
      var reader = new FileReader();
      reader.onerror = function () { refuse(file, f.T("import_not_json", file.name)); };
      reader.onload = function () {
        var state;
        try {
          state = F.answers.sanitize(f, JSON.parse(String(reader.result)), file.name);
        } catch (e) {
          return refuse(file, e instanceof SyntaxError ? f.T("import_not_json", file.name) : e.message);
        }
        // The same file chosen again replaces itself.
        t.files = t.files.filter(function (x) { return x.fileName !== file.name; });
        t.files.push({ fileName: file.name, state: state });
        done();
      };
      reader.readAsText(file);
    });
  }

  // Every moment with answers in any file, in the form's order, with how
  // many files have it.
  function momentsOf(f) {
    var seen = {};
    var out = [];
    F.definition.list(f.def.moments).concat([]).forEach(function (m) { seen[m.id] = { id: m.id, label: m.label, n: 0 }; });
    f.team.files.forEach(function (file) {
      file.state.moments.forEach(function (m) {
        if (!Object.keys(m.answers).length) return;
        if (!seen[m.id]) seen[m.id] = { id: m.id, label: m.label, n: 0 };
        seen[m.id].n++;
      });
    });
    Object.keys(seen).forEach(function (k) { if (seen[k].n) out.push(seen[k]); });
    return out;
  }

  // The moment most files have (the form's order among equals).
  function defaultMoment(f) {
    var best = null;
    momentsOf(f).forEach(function (m) { if (!best || m.n > best.n) best = m; });
    return best ? best.id : LATEST;
  }

  function who(f, u) {
    var t = f.team;
    if (!t.showNames) return f.T("team_colleague", u.index + 1);
    return (u.file.state.name || f.T("team_no_name")) + " (" + u.file.fileName + ")";
  }

  // ---------------------------------------------------------------- the section

  function start(f) {
    var el = F.dom.el;
    var T = f.T;
    var base = f.base;
    f.team = { files: [], refused: [], moment: "", showNames: false };
    // At the end of the page's content: a tool of its own, after the form
    // and its reflection fields.
    var results = document.getElementById(base + "-results");
    if (!results) return;
    var content = f.root.closest(".page__content") || results.parentNode;
    var id = base + "-team-title";
    var input = el("input", { type: "file", multiple: "multiple", accept: ".json,application/json", id: base + "-team-files",
      className: "ww-team__input" });
    var drop = el("div", { className: "ww-team__drop", id: base + "-team-drop" }, [
      el("label", { className: "field__label", for: input.id, text: T("team_choose") }),
      input,
      el("p", { className: "ww-team__drop-hint", text: T("team_drop") }),
    ]);
    f.ui.teamErrors = el("div", { className: "ww-alert ww-alert--error ww-team__refused", id: base + "-team-refused",
      role: "alert", hidden: true });
    f.ui.teamResult = el("div", { className: "ww-team__result", id: base + "-team-result" });
    f.ui.team = el("section", { className: "ww-team", id: base + "-team", "aria-labelledby": id }, [
      el("h2", { id: id, text: T("team") }),
      el("p", { text: T(f.isScale ? "team_intro" : "team_intro_checklist") }),
      el("p", { className: "ww-team__privacy", text: T("team_privacy") }),
      drop,
      f.ui.teamErrors,
      f.ui.teamResult,
    ]);
    content.appendChild(f.ui.team);
    input.addEventListener("change", function () {
      var list = input.files;
      readFiles(f, list);
      input.value = ""; // so that choosing the same files again reads them again
    });
    // Dropping works on the whole section, with a visible target while dragging.
    f.ui.team.addEventListener("dragover", function (e) {
      if (!e.dataTransfer || Array.prototype.indexOf.call(e.dataTransfer.types || [], "Files") < 0) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = "copy";
      drop.classList.add("ww-team__drop--over");
    });
    f.ui.team.addEventListener("dragleave", function (e) {
      if (!f.ui.team.contains(e.relatedTarget)) drop.classList.remove("ww-team__drop--over");
    });
    f.ui.team.addEventListener("drop", function (e) {
      if (!e.dataTransfer || !e.dataTransfer.files || !e.dataTransfer.files.length) return;
      e.preventDefault();
      drop.classList.remove("ww-team__drop--over");
      readFiles(f, e.dataTransfer.files);
    });
    render(f);
  }

  function render(f) {
    var t = f.team;
    if (!t || !f.ui.teamResult) return;
    var el = F.dom.el;
    var append = F.dom.append;
    var T = f.T;
    var base = f.base;
    var errors = f.ui.teamErrors;
    F.dom.clearChildren(errors);
    if (t.refused.length) {
      append(errors, [el("p", { text: T("team_refused_title") }),
        el("ul", null, t.refused.map(function (r) { return el("li", { text: r.why }); }))]);
    }
    errors.hidden = !t.refused.length;
    var box = f.ui.teamResult;
    F.dom.clearChildren(box);
    if (!t.files.length) {
      append(box, el("p", { className: "ww-team__empty", text: T("team_none") }));
      return;
    }
    var sel = select(f, t);
    var r = compute(f, sel);

    // The choices: the moment, the names, and what to do with the overview.
    var moment = el("select", { id: base + "-team-moment" });
    momentsOf(f).forEach(function (m) {
      moment.appendChild(el("option", { value: m.id, text: T("team_moment_option", m.label, m.n, t.files.length) }));
    });
    moment.appendChild(el("option", { value: LATEST, text: T("team_moment_latest") }));
    moment.value = t.moment;
    moment.addEventListener("change", function () {
      t.moment = moment.value;
      render(f);
      document.getElementById(base + "-team-moment").focus();
    });
    var names = el("input", { type: "checkbox", id: base + "-team-names" });
    names.checked = t.showNames;
    names.addEventListener("change", function () {
      t.showNames = names.checked;
      render(f);
      document.getElementById(base + "-team-names").focus();
    });
    function button(label, id, handler, cls) {
      var b = el("button", { type: "button", className: "button " + (cls || ""), id: base + "-team-" + id, text: label });
      b.addEventListener("click", handler);
      return b;
    }
    append(box, el("div", { className: "ww-team__controls no-print" }, [
      el("div", { className: "field" }, [el("label", { className: "field__label", for: moment.id, text: T("team_moment") }), moment]),
      el("label", { className: "choice ww-team__names" }, [names, el("span", { text: T("team_show_names") })]),
      el("div", { className: "button-row" }, [
        button(T("team_csv"), "csv", function () { exportCsv(f); }, "button--primary"),
        button(T("team_print"), "print", function () { F.output.printOnly("ww-print-team"); }),
        button(T("team_clear"), "clear", function () {
          t.files = [];
          t.refused = [];
          t.moment = "";
          render(f);
          document.getElementById(base + "-team-files").focus();
          F.panel.announce(f, T("team_cleared"));
        }),
      ]),
    ]));

    // Who is in it, and who not for this moment.
    var heading = t.moment === LATEST ? T("team_moment_latest") : (momentsOf(f).filter(function (m) { return m.id === t.moment; })[0] || {}).label || t.moment;
    append(box, el("h3", { className: "ww-team__heading", text: T("team_heading", heading, sel.used.length) }));
    var ids = Object.keys(sel.moments);
    if (ids.length > 1) {
      append(box, el("p", { className: "ww-alert ww-team__mixed", id: base + "-team-mixed", text: T("team_mixed",
        ids.map(function (k) { return sel.moments[k].n + " × " + sel.moments[k].label; }).join(", ")) }));
    }
    var people = el("ul", { className: "ww-team__files", id: base + "-team-people" });
    sel.used.forEach(function (u) {
      var d = u.moment.date ? " · " + u.moment.date : "";
      people.appendChild(el("li", { text: who(f, u) + " · " + u.moment.label + d }));
    });
    sel.left.forEach(function (l) {
      people.appendChild(el("li", { className: "ww-team__left",
        text: T("team_left", who(f, { index: l.index, file: l.file }), heading) }));
    });
    append(box, people);
    if (!sel.used.length) return;

    // The chart of the groups, with the same numbers in the table beside it.
    var label = { label: T("team_chart_label", sel.used.length) };
    append(box, el("div", { className: "ww-results__grid ww-team__grid" }, [
      F.output.ownChart(F.chart.draw(f, { groups: r.groups, all: r.all }, null, label, null), "team"),
      groupTable(f, r),
    ]));

    // From scores to action: the lowest and the most disagreed items.
    var cols = el("div", { className: "ww-insight__cols" });
    function list(title, its, show) {
      var ul = el("ul", { className: "ww-insight__list" });
      its.forEach(function (it) {
        var li = el("li", null, [el("span", { className: "ww-insight__item", text: f.itemLabel(it) }), " ",
          el("span", { className: "badge", text: show(r.items[it.id]) })]);
        if (F.actions && F.actions.canAdopt(f)) F.dom.append(li, [" ", F.actions.adoptButton(f, it.id, " (" + T("team") + ")")]);
        ul.appendChild(li);
      });
      append(cols, el("div", null, [el("h4", { text: title }), its.length ? ul : el("p", { text: T("team_nothing") })]));
    }
    list(T("team_lowest"), lowest(f, r), function (s) { return T("col_average") + " " + showMean(f, s.mean); });
    list(T("team_disagreed"), disagreed(f, r), function (s) { return T("team_spread") + " " + showSpread(f, s.sd); });
    append(box, cols);
    append(box, itemTable(f, r));
  }

  function groupTable(f, r) {
    var el = F.dom.el;
    var T = f.T;
    var heads = [T("col_group"), T("team_answers"), T(f.isScale ? "col_average" : "team_pct_done"), T("team_spread_mean")];
    var t = el("table", { className: "results ww-results__table ww-team__groups" }, [
      el("caption", { text: T("team_groups_caption") }),
      el("thead", null, el("tr", null, heads.map(function (h, i) {
        return el("th", { scope: "col", className: i ? "score" : null, text: h });
      }))),
    ]);
    function row(label, s, cls) {
      return el("tr", { className: cls || null }, [el("th", { scope: "row", text: label }),
        el("td", { className: "score", text: String(s.n) }),
        el("td", { className: "score", text: showMean(f, s.mean) }),
        el("td", { className: "score", text: showSpread(f, s.spread) })]);
    }
    var tb = el("tbody");
    f.groups.forEach(function (g) {
      var p = g.part && f.parts.filter(function (x) { return x.id === g.part; })[0];
      tb.appendChild(row(g.title, r.groups[g.id]));
      var next = f.groups[f.groups.indexOf(g) + 1];
      if (p && (!next || next.part !== g.part)) {
        tb.appendChild(row(T("total") + " " + (p.label || p.title), r.parts[p.id], "ww-results__subtotal"));
      }
    });
    t.appendChild(tb);
    t.appendChild(el("tfoot", null, row(T("total"), r.all)));
    return el("div", { className: "table-wrap ww-results__table-wrap", tabindex: "0", role: "region",
      "aria-label": T("team_groups_caption") }, t);
  }

  // Every item: answered, the distribution, mean, spread, lowest–highest.
  function itemTable(f, r) {
    var el = F.dom.el;
    var T = f.T;
    var lv = levels(f);
    var heads = [T("team_item"), T("team_answered")].concat(lv.map(function (v) { return levelLabel(f, v); }))
      .concat([T(f.isScale ? "col_average" : "team_pct_done"), T("team_spread"), T("team_range")]);
    var t = el("table", { className: "results ww-team__items", id: f.base + "-team-items" }, [
      el("caption", { text: T("team_items_caption") }),
      el("thead", null, el("tr", null, heads.map(function (h, i) {
        return el("th", { scope: "col", className: i ? "score" : null, text: h });
      }))),
    ]);
    f.groups.forEach(function (g) {
      var its = f.scored.filter(function (it) { return it.group === g.id; });
      if (!its.length) return;
      var tb = el("tbody", null, el("tr", { className: "ww-results__part" },
        el("th", { scope: "rowgroup", colspan: String(heads.length), text: g.title })));
      its.forEach(function (it) {
        var s = r.items[it.id];
        var cells = [el("th", { scope: "row", text: f.itemLabel(it, 120) }),
          el("td", { className: "score", text: String(s.n) })];
        lv.forEach(function (v) { cells.push(el("td", { className: "score", text: String(s.counts[v] || 0) })); });
        cells.push(el("td", { className: "score ww-team__mean", text: showMean(f, s.mean) }));
        cells.push(el("td", { className: "score ww-team__sd", text: showSpread(f, s.sd) }));
        cells.push(el("td", { className: "score", text: s.n ? levelShort(f, s.min) + "–" + levelShort(f, s.max) : T("no_score") }));
        tb.appendChild(el("tr", { "data-ww-team-item": it.id }, cells));
      });
      t.appendChild(tb);
    });
    return el("div", { className: "table-wrap ww-results__table-wrap", tabindex: "0", role: "region",
      "aria-label": T("team_items_caption") }, t);
  }

  function levelShort(f, v) {
    return f.isScale ? String(v) : v ? f.T("yes") : f.T("no");
  }

  // ---------------------------------------------------------------- CSV

  function exportCsv(f) {
    var t = f.team;
    var T = f.T;
    var sel = select(f, t);
    var r = compute(f, sel);
    var num = F.output.csvNum;
    var lv = levels(f);
    var mean = function (x) { return x === null ? "" : f.isScale ? num(x) : num(x * 100); };
    var heading = t.moment === LATEST ? T("team_moment_latest") : (momentsOf(f).filter(function (m) { return m.id === t.moment; })[0] || {}).label || "";
    var rows = [[f.def.title], [T("team"), heading], [T("team_files"), sel.used.length]];
    var ids = Object.keys(sel.moments);
    if (ids.length > 1) rows.push([T("team_mixed", ids.map(function (k) { return sel.moments[k].n + " × " + sel.moments[k].label; }).join(", "))]);
    if (t.showNames) rows.push([T("team_people")].concat(sel.used.map(function (u) { return who(f, u); })));
    rows.push([]);
    rows.push([T("team_part"), T("col_group"), T("team_number"), T("team_item"), T("team_answered")]
      .concat(lv.map(function (v) { return levelLabel(f, v); }))
      .concat([T(f.isScale ? "col_average" : "team_pct_done"), T("team_spread"), T("team_lowest_value"), T("team_highest_value")]));
    f.groups.forEach(function (g) {
      var part = g.part ? (f.parts.filter(function (p) { return p.id === g.part; })[0] || {}).title || "" : "";
      f.scored.forEach(function (it) {
        if (it.group !== g.id) return;
        var s = r.items[it.id];
        rows.push([part, g.title, it.number || "", it.text, s.n].concat(lv.map(function (v) { return s.counts[v] || 0; }))
          .concat([mean(s.mean), s.sd === null ? "" : f.isScale ? num(s.sd) : num(s.sd * 100),
            s.min === null ? "" : s.min, s.max === null ? "" : s.max]));
      });
      var gs = r.groups[g.id];
      rows.push([part, g.title, "", T("total") + " " + (g.label || g.title), gs.n].concat(lv.map(function (v) { return gs.counts[v] || 0; }))
        .concat([mean(gs.mean), gs.spread === null ? "" : f.isScale ? num(gs.spread) : num(gs.spread * 100), "", ""]));
    });
    rows.push(["", T("total"), "", "", r.all.n].concat(lv.map(function (v) { return r.all.counts[v] || 0; }))
      .concat([mean(r.all.mean), r.all.spread === null ? "" : f.isScale ? num(r.all.spread) : num(r.all.spread * 100), "", ""]));
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var name = "teamoverzicht-" + f.def.id + "-" + d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + ".csv";
    F.output.download(name, F.output.csv(rows), "text/csv;charset=utf-8");
    F.panel.announce(f, T("team_csv_done", name));
  }

  F.team = { stats: stats, readFiles: readFiles };
  F.addons = F.addons || [];
  // Her own answers changed: only whether an item is already her
  // development point shows here, so the overview is rebuilt only then.
  F.addons.push({ start: start, refresh: function (f) {
    if (!f.team || !f.team.files.length || !F.actions) return;
    var key = F.actions.adoptedKey(f);
    if (key === f.team.adoptedKey) return;
    f.team.adoptedKey = key;
    render(f);
  } });
})((window.Wegwijzer = window.Wegwijzer || {}));
