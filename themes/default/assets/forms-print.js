/* Wegwijzer forms, print: what a printed form shows beyond the page itself.
 *   - a header above the title with the name, the moment and its date, and
 *     the day it was printed, so a sheet on paper says whose and when;
 *   - the typed text as plain text: a textarea prints clipped to its box,
 *     so each field has a print-only copy (data-ww-mirror, from the plugin)
 *     that holds its text. forms.css shows the copies only in print.
 *
 * Part of the forms scripts (window.Wegwijzer.forms); see forms.js.
 */
(function (W) {
  "use strict";

  var F = (W.forms = W.forms || {});

  // Also on "beforeprint": the printed date is the day of printing.
  function update(f) {
    var el = F.dom.el;
    var ui = f.ui;
    if (!ui.printHeader) return;
    var m = f.current();
    F.dom.clearChildren(ui.printHeader);
    var date = m.date ? new Date(m.date + "T12:00:00") : null; // noon: the same day in every time zone
    var fmtDate = function (d) {
      return d.toLocaleDateString(f.lang, { day: "numeric", month: "long", year: "numeric" });
    };
    var rows = [];
    if (f.def.name_field) rows.push([f.def.name_field, f.state.name || "…………………………"]);
    rows.push([f.T("print_moment"), m.label]);
    rows.push([f.T("print_date"), date && !isNaN(date) ? fmtDate(date) : "…………………………"]);
    var dl = el("dl", { className: "ww-print-header__list" });
    rows.forEach(function (r) {
      F.dom.append(dl, [el("dt", { text: r[0] }), el("dd", { text: r[1] })]);
    });
    F.dom.append(ui.printHeader, [dl, el("p", { className: "ww-print-header__printed",
      text: f.T("print_printed", fmtDate(new Date())) })]);
  }

  // Fills every print-only copy of this form's fields. A development point
  // (kans) is the chosen item and the own words together; the boxes of the
  // reflection stay visible when empty, as space to write in by hand.
  function mirrors(f) {
    var r = f.current().reflection;
    Array.prototype.forEach.call(document.querySelectorAll("[data-ww-mirror]"), function (mirror) {
      var target = mirror.getAttribute("data-ww-mirror");
      if (target.indexOf(f.base + "-") !== 0) return;
      var text = "";
      var kans = target.match(/-kans-(\d)$/);
      if (kans) {
        var k = r.kans[Number(kans[1]) - 1];
        var it = f.itemById[k.item];
        text = [it ? f.itemLabel(it) : "", k.text].filter(Boolean).join(" — ");
      } else {
        var field = document.getElementById(target);
        text = field ? field.value : "";
      }
      if (text && /-note$/.test(target)) text = f.T("note") + ": " + text;
      mirror.textContent = text;
      var box = /-(kracht|leervraag)$/.test(target) || !!kans;
      mirror.hidden = !text && !box;
      mirror.classList.toggle("ww-print-text--box", box);
    });
  }

  F.print = { update: update, mirrors: mirrors };
})((window.Wegwijzer = window.Wegwijzer || {}));
