/*
 * search-loader.js: brings in the stemmer and the search index when a search
 * widget first needs them, and hands the widgets one shared index.
 *
 * file:// allows no fetch, XHR, modules or workers, so the index
 * (search-index.js at the site root, and the shards it names) and
 * stemmer-nl.js are plain scripts that set globals; they are added as
 * <script src> here, on first use only, so a page that is just read loads
 * none of them. Needs search.js (window.Wegwijzer.search) loaded before it.
 */
(function (root) {
  'use strict';

  var W = (root.Wegwijzer = root.Wegwijzer || {});
  if (W.searchLoader) return;  // named twice by a template: one loader, one index

  // One index for every widget on the page: the box and the search page
  // must not each load it.
  var state = { index: null, failed: false, waiting: [], started: false };

  function scriptNear(name) {  // search.js's folder, for stemmer-nl.js
    var s = document.querySelector('script[src$="assets/search.js"]');
    return s ? s.getAttribute('src').replace(/search\.js$/, name) : 'assets/' + name;
  }

  function addScript(src, done) {
    var s = document.createElement('script');
    s.src = src;
    s.async = true;
    s.onload = function () { done(true); };
    s.onerror = function () { done(false); };
    document.head.appendChild(s);
  }

  // Calls back with the Index once the stemmer and search-index.js are in
  // (null if they could not be loaded; failed() then says so for good).
  function withIndex(rootPrefix, callback) {
    if (state.index) return callback(state.index);
    if (state.failed) return callback(null);
    state.waiting.push(callback);
    if (state.started) return;
    state.started = true;
    var pending = 2, ok = true;
    function one(loaded) {
      ok = ok && loaded;
      if (--pending > 0) return;
      var data = root.WEGWIJZER_SEARCH;
      if (ok && data && data.v === 3 && data.shards > 0 && !shardsAsked) {
        // The manifest is in: now its shards, all at once.
        shardsAsked = true;
        pending = data.shards;
        for (var k = 0; k < data.shards; k++) addScript(rootPrefix + 'search-index-' + k + '.js', one);
        return;
      }
      var shards = root.WEGWIJZER_SEARCH_SHARDS || {};
      var S = W.search;
      if (ok && data && data.v === 2 && root.WegwijzerStemNL) {
        state.index = new S.Index(data);
      } else if (ok && data && data.v === 3 && root.WegwijzerStemNL) {
        var list = [];
        for (var j = 0; j < data.shards; j++) {
          if (!shards[j] || shards[j].v !== 2) { ok = false; break; }
          list.push(new S.Index(shards[j]));
        }
        if (ok) state.index = new S.MultiIndex(list);
      }
      if (!state.index) state.failed = true;
      var w = state.waiting;
      state.waiting = [];
      w.forEach(function (cb) { cb(state.index); });
    }
    var shardsAsked = false;
    // The stemmer and the manifest first; the manifest then names the shards.
    if (root.WegwijzerStemNL) one(true); else addScript(scriptNear('stemmer-nl.js'), one);
    if (root.WEGWIJZER_SEARCH) one(true); else addScript(rootPrefix + 'search-index.js', one);
  }

  W.searchLoader = {
    withIndex: withIndex,
    failed: function () { return state.failed; },
    addScript: addScript,
    scriptNear: scriptNear,
  };
})(window);
