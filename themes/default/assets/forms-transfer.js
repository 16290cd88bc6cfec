/* Wegwijzer forms, export and import: the answers as a JSON file the reader
 * keeps (format "wegwijzer-form", docs/forms.md), and that file read back.
 * Export works even when storage is refused: it is how answers move to
 * another computer or browser, or survive a cleared browser.
 *
 * An import is checked (forms-answers.js sanitize) and then confirmed, with
 * a list of what it changes; nothing is replaced before the reader agrees.
 *
 * Part of the forms scripts (window.Wegwijzer.forms); see forms.js.
 */
(function (W) {
  "use strict";

  var F = (W.forms = W.forms || {});
  // Far above any real export; the bound keeps a wrong file (a photo, a
  // backup) from freezing the page.
  var MAX_IMPORT_BYTES = 2 * 1024 * 1024;
  // Moments in one import: far above any real use (a few a year). A file of
  // tens of thousands froze the tab, as each is checked against the others
  // and listed; such a file is refused before any of that.
  var MAX_IMPORT_MOMENTS = 500;

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function isoDate(d) {
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  // Saves the file through a temporary download link (F.output.download): file:// allows no
  // other way to write a file.
  function exportFile(f) {
    F.answers.rememberTexts(f);
    var data = F.answers.serialise(f, { exported: new Date().toISOString() });
    var name = "wegwijzer-" + f.def.id + "-" + isoDate(new Date()) + ".json";
    F.output.download(name, JSON.stringify(data, null, 2) + "\n", "application/json");
    F.panel.showError(f, "");
    F.panel.announce(f, f.T("exported", name));
    F.panel.setStatus(f, f.T("exported", name));
  }

  function importFile(f, file) {
    var T = f.T;
    F.panel.showError(f, "");
    if (file.size > MAX_IMPORT_BYTES) {
      fail(f, T("import_too_big", file.name));
      return;
    }
    var reader = new FileReader();
    reader.onerror = function () {
      fail(f, T("import_not_json", file.name));
    };
    reader.onload = function () {
      var obj;
      try {
        obj = JSON.parse(String(reader.result));
      } catch (e) {
        fail(f, T("import_not_json", file.name));
        return;
      }
      if (obj && Array.isArray(obj.moments) && obj.moments.length > MAX_IMPORT_MOMENTS) {
        fail(f, T("import_too_many", file.name, obj.moments.length, MAX_IMPORT_MOMENTS));
        return;
      }
      var incoming;
      try {
        incoming = F.answers.sanitize(f, obj, file.name);
      } catch (e) {
        fail(f, e.message);
        return;
      }
      var changes = diff(f, f.state, incoming);
      var shown = changes.slice(0, 12);
      if (changes.length > shown.length) shown.push(T("changes_more", changes.length - shown.length));
      // Answers to items not on this page: imported and kept aside (forms-results.js).
      var kept = 0;
      incoming.moments.forEach(function (m) {
        Object.keys(m.answers).forEach(function (id) { if (!f.itemById[id]) kept++; });
      });
      F.dialog.confirm(f, {
        title: T("import_title"),
        text: changes.length ? T("import_intro", file.name) : T("import_same"),
        list: shown,
        after: kept ? T("change_kept", kept) : "",
        confirm: T("import_confirm"),
        onConfirm: function () {
          f.state = incoming;
          F.answers.ensureMoment(f, f.state.current);
          f.save();
          f.apply();
          F.panel.announce(f, T("imported", file.name));
          F.panel.setStatus(f, T("imported", file.name));
        },
        onCancel: function () {
          F.panel.announce(f, T("import_cancelled"));
        },
      });
    };
    reader.readAsText(file);
  }

  function fail(f, text) {
    F.panel.showError(f, text);
    F.panel.announce(f, text);
  }

  // One answer in a line of the change list.
  function describeValue(f, a) {
    var T = f.T;
    if (!a) return T("empty");
    var bits = [];
    if (a.score) bits.push(f.scaleLabel(a.score));
    if (a.done) bits.push(T("done_label"));
    if (a.action) bits.push(T("action"));
    if (a.note) bits.push(T("note") + " “" + F.dom.shorten(a.note, 40) + "”");
    return bits.join(", ") || T("empty");
  }

  // What importing `b` over `a` changes, one line per change, in the order
  // of the items on the page.
  function diff(f, a, b) {
    var T = f.T;
    var shorten = F.dom.shorten;
    var findMoment = F.answers.findMoment;
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
      // A moment with nothing in it yet: one line for all it brings.
      if (!ma || !Object.keys(aa).length) {
        if (mb && Object.keys(ab).length) {
          out.push(T("change_moment_new", label, Object.keys(ab).length));
          return;
        }
      }
      var keys = {};
      Object.keys(aa).concat(Object.keys(ab)).forEach(function (k) { keys[k] = true; });
      var order = f.items.map(function (it) { return it.id; }).filter(function (k) { return keys[k]; });
      Object.keys(keys).forEach(function (k) { if (order.indexOf(k) < 0) order.push(k); });
      order.forEach(function (k) {
        var x = describeValue(f, aa[k]);
        var y = describeValue(f, ab[k]);
        if (x === y && (aa[k] || {}).note === (ab[k] || {}).note) return;
        var it = f.itemById[k];
        var text = it ? f.itemLabel(it, 50) : shorten(((b.items[k] || a.items[k] || {}).text) || k, 50);
        out.push(T("change_answer", label, text, x, y));
      });
      var ra = (ma && ma.reflection) || F.answers.emptyReflection();
      var rb = (mb && mb.reflection) || F.answers.emptyReflection();
      if (JSON.stringify(ra) !== JSON.stringify(rb)) {
        out.push(T("change_answer", label, f.S.kracht_heading + " / " + f.S.leervraag_heading,
          ra.kracht || ra.leervraag.text ? "…" : T("empty"), rb.kracht || rb.leervraag.text ? "…" : T("empty")));
      }
      // The action plan (forms-actions.js), as one line.
      var pa = JSON.stringify((ma && ma.plan) || {});
      var pb = JSON.stringify((mb && mb.plan) || {});
      if (pa !== pb) out.push(T("change_answer", label, T("plan"), pa === "{}" ? T("empty") : "…", pb === "{}" ? T("empty") : "…"));
    });
    return out;
  }

  F.transfer = { exportFile: exportFile, importFile: importFile };
})((window.Wegwijzer = window.Wegwijzer || {}));
