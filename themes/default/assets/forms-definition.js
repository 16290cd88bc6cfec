/* Wegwijzer forms, the definition: what plugins/form.lua wrote about one
 * form in <script type="application/json" id="ww-<id>-def"> (groups, parts,
 * items, scale, moments, advice, and the UI strings in the page's language;
 * the schema is in docs/forms.md), read once into the form's context.
 *
 * The context `f` that read() returns is what every forms script is handed:
 * the definition with its lookups, and the form's words (T, num, itemLabel,
 * scaleLabel). forms.js adds the answers (f.state), the panel's elements
 * (f.ui) and the form's actions to it.
 *
 * Part of the forms scripts (window.Wegwijzer.forms); see forms.js.
 */
(function (W) {
  "use strict";

  var F = (W.forms = W.forms || {});

  // Parts of the definition may be absent: read them as empty lists.
  function list(x) {
    return Array.isArray(x) ? x : [];
  }

  // Throws when the definition is missing or no JSON; forms.js then leaves
  // the page as the plain document it is.
  function read(root) {
    var base = root.id;
    var defNode = document.getElementById(base + "-def");
    var def = JSON.parse(defNode.textContent);
    var S = def.strings || {};
    var lang = def.lang || document.documentElement.lang || "nl";
    var items = list(def.items);
    var groups = list(def.groups);
    var f = {
      root: root,
      base: base, // every id the scripts make starts with base + "-"
      def: def,
      S: S,
      lang: lang,
      key: F.store.KEY_PREFIX + def.id,
      scaleMax: list(def.scale).length,
      isScale: def.type === "scale", // else a checklist: ticks, not scores
      items: items,
      // Headings are items too (they carry sub-items) but get no answer.
      scored: items.filter(function (it) {
        return !it.heading;
      }),
      itemById: {},
      groups: groups,
      groupById: {},
      parts: list(def.parts),
    };
    items.forEach(function (it) {
      f.itemById[it.id] = it;
    });
    groups.forEach(function (g) {
      f.groupById[g.id] = g;
    });

    var numberFormat = (function () {
      try {
        return new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
      } catch (e) {
        return { format: function (n) { return n.toFixed(1); } };
      }
    })();

    // A UI string with its %s/%d filled in order; an unknown name shows
    // itself, so a missing string is seen, not silently blank.
    f.T = function (name) {
      var s = S[name] !== undefined ? String(S[name]) : name;
      var args = Array.prototype.slice.call(arguments, 1);
      var i = 0;
      return s.replace(/%[sd]/g, function () {
        return i < args.length ? String(args[i++]) : "";
      });
    };

    // Averages with one decimal, in the page's language ("3,5" in Dutch).
    f.num = function (n) {
      return numberFormat.format(n);
    };

    // A sub-item keeps its opening clause (it.lead, its heading item's text):
    // whole where there is room (n not given: the printout), else its start
    // and end (plugins/form.lua, lead_in).
    f.itemLabel = function (it, n) {
      var text = n ? F.dom.shorten(it.text, n) : it.text;
      if (it.lead) text = (n ? leadIn(it.lead) : it.lead) + " " + text;
      return (it.number ? it.number + ". " : "") + text;
    };

    f.scaleLabel = function (v) {
      var l = list(def.scale)[v - 1];
      return l === undefined ? String(v) : String(l);
    };

    return f;
  }

  function leadIn(s) {
    s = String(s);
    if (s.length <= 80) return s;
    var head = s.slice(0, 50).replace(/\s+\S*$/, "");
    var tail = s.slice(-28).replace(/^\S*\s+/, "");
    return head + " \u2026 " + tail;
  }

  F.definition = { read: read, list: list };
})((window.Wegwijzer = window.Wegwijzer || {}));
