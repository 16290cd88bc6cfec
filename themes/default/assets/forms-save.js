/* Wegwijzer forms, output the reader asks for beyond the JSON export: a file
 * the page makes (CSV of the team overview, a form as one HTML file), and the
 * printout of one part of the page alone (the team overview, the action plan,
 * the conversation summary).
 *
 * Files are saved through a temporary download link to a Blob: file:// allows
 * no other way to write one, and nothing leaves the computer. CSV is written
 * for Dutch spreadsheets as the trajectory calculator writes it: `;` between
 * fields, a decimal comma, a byte-order mark and CRLF line ends.
 *
 * Part of the forms scripts (window.Wegwijzer.forms); see forms.js.
 */
(function (W) {
  "use strict";

  var F = (W.forms = W.forms || {});

  function download(name, text, type) {
    var blob = new Blob([text], { type: type });
    var url = URL.createObjectURL(blob);
    var a = F.dom.el("a", { href: url, download: name, className: "ww-file" });
    document.body.appendChild(a);
    a.click();
    a.parentNode.removeChild(a);
    // Later, not at once: some browsers start the download after click() returns.
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function csvField(v) {
    var s = v === undefined || v === null ? "" : String(v);
    return /[";\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  // rows: arrays of cells (numbers already written with a decimal comma).
  function csv(rows) {
    return "\ufeff" + rows.map(function (r) { return r.map(csvField).join(";"); }).join("\r\n") + "\r\n";
  }

  // A number for a spreadsheet cell: two decimals at most, a decimal comma.
  function csvNum(x) {
    return x === null || x === undefined || isNaN(x) ? "" : String(Math.round(x * 100) / 100).replace(".", ",");
  }

  // Prints only the part of the page marked `cls` (forms-team.css hides the
  // rest when <html> has the class). The class goes again after printing
  // ("afterprint"), so Ctrl+P later prints the whole form again.
  function printOnly(cls) {
    var html = document.documentElement;
    ["ww-print-team", "ww-print-plan", "ww-print-summary"].forEach(function (c) { html.classList.remove(c); });
    html.classList.add("ww-print-only", cls);
    function done() {
      html.classList.remove("ww-print-only", cls);
      window.removeEventListener("afterprint", done);
    }
    window.addEventListener("afterprint", done);
    window.print();
  }

  // A second chart on the page (the summary, the team overview) gets ids of
  // its own: forms-chart.js names its <title> after the form.
  function ownChart(fig, suffix) {
    var svg = fig.querySelector("svg");
    var title = fig.querySelector("title");
    if (svg && title && title.id) {
      title.id = title.id + "-" + suffix;
      svg.setAttribute("aria-labelledby", title.id);
    }
    return fig;
  }

  F.output = { download: download, csv: csv, csvNum: csvNum, printOnly: printOnly, ownChart: ownChart };
})((window.Wegwijzer = window.Wegwijzer || {}));
