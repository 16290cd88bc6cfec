/* Wegwijzer forms, the answers: their shape (the state of a form, which is
 * also the export format "wegwijzer-form", docs/forms.md), the moments they
 * are kept under, and the checks on anything read back from storage or an
 * imported file.
 *
 * The state: {format, schema, form, title, name, current, compare,
 * moments: [{id, label, date, updated, answers: {<item id>: {score, note,
 * action, done}}, reflection}], items: {<item id>: {text, group}}}.
 * `current` is the moment being filled in, `compare` the one shown beside it.
 *
 * Part of the forms scripts (window.Wegwijzer.forms); see forms.js.
 */
(function (W) {
  "use strict";

  var F = (W.forms = W.forms || {});
  var FORMAT = "wegwijzer-form";
  var SCHEMA = 1; // raise when old exports can no longer be read as they are

  function list(x) {
    return F.definition.list(x);
  }

  function isObject(x) {
    return x !== null && typeof x === "object" && !Array.isArray(x);
  }

  function emptyReflection() {
    return { kracht: "", kans: [{ item: "", text: "" }, { item: "", text: "" }, { item: "", text: "" }],
      leervraag: { choice: 0, text: "" } };
  }

  function newMoment(id, label) {
    return { id: id, label: label, date: "", updated: "", answers: {}, reflection: emptyReflection() };
  }

  function fresh(f) {
    var first = list(f.def.moments)[0] || { id: "moment-1", label: "Moment 1" };
    return {
      format: FORMAT,
      schema: SCHEMA,
      form: f.def.id,
      title: f.def.title,
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

  function momentLabel(f, id) {
    var m = findMoment(f.state, id);
    if (m) return m.label;
    var d = list(f.def.moments).filter(function (x) {
      return x.id === id;
    })[0];
    return d ? d.label : id;
  }

  // The moment, made when it has no answers yet: choosing a moment in the
  // panel starts it.
  function ensureMoment(f, id) {
    var m = findMoment(f.state, id);
    if (!m) {
      m = newMoment(id, momentLabel(f, id));
      f.state.moments.push(m);
    }
    return m;
  }

  // The moments to choose from: the form's, then any others the stored or
  // imported answers have.
  function allMoments(f) {
    var out = list(f.def.moments).map(function (m) {
      return { id: m.id, label: m.label };
    });
    f.state.moments.forEach(function (m) {
      if (!out.some(function (x) { return x.id === m.id; })) out.push({ id: m.id, label: m.label });
    });
    return out;
  }

  function isEmpty(a) {
    return !a || (!a.score && !a.note && !a.action && !a.done);
  }

  // Checks a stored or imported object and returns a clean state; throws an
  // Error whose message says what is wrong, for the reader. Only what is
  // known is copied, so a crafted file cannot add fields or odd types.
  function sanitize(f, obj, fileName) {
    var T = f.T;
    var def = f.def;
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
    var out = fresh(f);
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
              (f.scaleMax && a.score > f.scaleMax)) bad("answers." + id + ".score");
          c.score = a.score;
        }
        if (a.note) c.note = str(a.note, "answers." + id + ".note");
        if (a.action !== undefined && typeof a.action !== "boolean") bad("answers." + id + ".action");
        if (a.action) c.action = true;
        if (a.done !== undefined && typeof a.done !== "boolean") bad("answers." + id + ".done");
        if (a.done) c.done = true;
        if (!isEmpty(c)) clean.answers[id] = c;
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
      // The action plan of the werkpunten (forms-actions.js).
      if (m.plan !== undefined && F.actions) clean.plan = F.actions.sanitizePlan(m.plan, bad);
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

  // The stored answers, or a fresh state when there are none or storage is
  // refused.
  function load(f) {
    var raw = f.canStore ? F.store.get(f.key) : null;
    if (!raw) return fresh(f);
    try {
      return sanitize(f, JSON.parse(raw), "");
    } catch (e) {
      // Never lose what was there: keep the unreadable value under another key.
      F.store.set(f.key + ":onleesbaar:" + Date.now(), raw);
      return fresh(f);
    }
  }

  // The state as stored and exported; `extra` fields (such as "exported")
  // come right after the header.
  function serialise(f, extra) {
    var s = f.state;
    var out = {
      format: FORMAT,
      schema: SCHEMA,
      form: f.def.id,
      title: f.def.title,
    };
    if (extra) for (var k in extra) out[k] = extra[k];
    out.name = s.name;
    out.current = s.current;
    out.compare = s.compare;
    out.moments = s.moments;
    out.items = s.items;
    return out;
  }

  // The text of every answered item, so that answers to items that later
  // leave the page can still be shown with their question.
  function rememberTexts(f) {
    var s = f.state;
    s.moments.forEach(function (m) {
      Object.keys(m.answers).forEach(function (id) {
        var it = f.itemById[id];
        if (it) s.items[id] = { text: f.itemLabel(it), group: (f.groupById[it.group] || {}).title || "" };
      });
      m.reflection.kans.forEach(function (k) {
        var it = f.itemById[k.item];
        if (it) s.items[k.item] = { text: f.itemLabel(it), group: (f.groupById[it.group] || {}).title || "" };
      });
    });
  }

  F.answers = {
    emptyReflection: emptyReflection,
    fresh: fresh,
    findMoment: findMoment,
    momentLabel: momentLabel,
    ensureMoment: ensureMoment,
    allMoments: allMoments,
    isEmpty: isEmpty,
    sanitize: sanitize,
    load: load,
    serialise: serialise,
    rememberTexts: rememberTexts,
  };
})((window.Wegwijzer = window.Wegwijzer || {}));
