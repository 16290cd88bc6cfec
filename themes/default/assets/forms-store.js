/* Wegwijzer forms, storage: the answers stay in the reader's own browser, in
 * localStorage, one key per form ("wegwijzer:form:<form id>").
 *
 * Storage can be refused (private windows, blocked cookies, Safari on
 * file://), and then any access may throw. Every call here is wrapped in
 * try/catch and answers null, false or [] instead, so a form still works,
 * says that nothing is kept, and can still be exported.
 *
 * Part of the forms scripts (window.Wegwijzer.forms); forms.js, loaded last,
 * binds them to the page. The plugin (plugins/form.lua) names them in order.
 */
(function (W) {
  "use strict";

  var F = (W.forms = W.forms || {});

  F.store = {
    KEY_PREFIX: "wegwijzer:form:",
    // Every key this site writes starts with one of these: what "Alles wissen"
    // removes (the forms, and settings such as the dark mode).
    SITE_PREFIXES: ["wegwijzer:", "wegwijzer-"],

    get: function (key) {
      try {
        return window.localStorage.getItem(key);
      } catch (e) {
        return null;
      }
    },
    set: function (key, value) {
      try {
        window.localStorage.setItem(key, value);
        return true;
      } catch (e) {
        return false;
      }
    },
    remove: function (key) {
      try {
        window.localStorage.removeItem(key);
        return true;
      } catch (e) {
        return false;
      }
    },
    keys: function () {
      var out = [];
      try {
        var s = window.localStorage;
        for (var i = 0; i < s.length; i++) out.push(s.key(i));
      } catch (e) {
        /* refused: nothing to list */
      }
      return out;
    },
    // Whether this page may store anything at all. A write can be refused
    // while reads work (a full or read-only store), so it writes a probe.
    works: function () {
      try {
        var s = window.localStorage;
        if (!s) return false;
        var k = "wegwijzer:probe";
        s.setItem(k, "1");
        var ok = s.getItem(k) === "1";
        s.removeItem(k);
        return ok;
      } catch (e) {
        return false;
      }
    },
  };
})((window.Wegwijzer = window.Wegwijzer || {}));
