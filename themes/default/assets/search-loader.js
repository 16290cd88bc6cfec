/*
 * search-loader.js: brings in the stemmer and the parts of the search index
 * that a query needs, and hands the widgets one shared index.
 *
 * file:// allows no fetch, XHR, modules or workers, so the index and
 * stemmer-nl.js are plain scripts that set globals; they are added as
 * <script src> here, on first use only, so a page that is just read loads
 * none of them. First search-index.js (the manifest), then for each query
 * the term buckets its words need (search-terms-K.js) and the doc chunks its
 * shown results need (search-docs-K.js); what is loaded stays. Needs
 * search.js (window.Wegwijzer.search) loaded before it.
 */
(function (root) {
  'use strict';

  var W = (root.Wegwijzer = root.Wegwijzer || {});
  if (W.searchLoader) return;  // named twice by a template: one loader, one index

  // One index for every widget on the page: the box and the search page
  // must not each load it.
  var state = { site: null, failed: false, waiting: [], started: false };
  var files = {};  // file name → {done, ok, waiting: []}

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

  // Loads each script once, whoever asks; calls back when all of `srcs` are
  // in, with whether they all loaded.
  function loadAll(srcs, done) {
    var pending = srcs.length, ok = true;
    if (!pending) return done(true);
    srcs.forEach(function (src) {
      var f = files[src];
      var one = function (loaded) { ok = ok && loaded; if (--pending === 0) done(ok); };
      if (f && f.done) return one(f.ok);
      if (f) { f.waiting.push(one); return; }
      f = files[src] = { done: false, ok: false, waiting: [one] };
      addScript(src, function (loaded) {
        f.done = true;
        f.ok = loaded;
        f.waiting.forEach(function (cb) { cb(loaded); });
        f.waiting = [];
      });
    });
  }

  // Calls back with the Site once the stemmer and search-index.js are in
  // (null if they could not be loaded; failed() then says so for good).
  function withIndex(rootPrefix, callback) {
    if (state.site) return callback(state.site);
    if (state.failed) return callback(null);
    state.waiting.push(callback);
    if (state.started) return;
    state.started = true;
    var srcs = [];
    if (!root.WegwijzerStemNL) srcs.push(scriptNear('stemmer-nl.js'));
    if (!root.WEGWIJZER_SEARCH) srcs.push(rootPrefix + 'search-index.js');
    loadAll(srcs, function (ok) {
      var data = root.WEGWIJZER_SEARCH;
      if (ok && data && data.v === 4 && root.WegwijzerStemNL) state.site = W.search.Site.fromWindow(root);
      else state.failed = true;
      var w = state.waiting;
      state.waiting = [];
      w.forEach(function (cb) { cb(state.site); });
    });
  }

  // Searches once the parts of the index the query needs are in: calls back
  // with search.js's result ({terms, words, results, total}), or null when
  // the index could not be loaded.
  function search(rootPrefix, query, limit, callback) {
    withIndex(rootPrefix, function (site) {
      if (!site) return callback(null);
      var rounds = 0;
      var fail = function () { state.failed = true; callback(null); };
      (function step() {
        // A compound's parts may lie in other buckets: a few rounds at most.
        var plan = site.plan(query);
        if (plan.missing.length && rounds++ < 6) {
          return loadAll(plan.missing.map(function (k) { return rootPrefix + site.termFile(k); }), function (ok) {
            var t = root.WEGWIJZER_SEARCH_TERMS || {};
            plan.missing.forEach(function (k) { if (t[k]) site.addTerms(k, t[k]); });
            if (!ok) return fail();
            step();
          });
        }
        var ranked = site.rank(plan, limit);
        var need = site.docsFor(ranked, limit);
        loadAll(need.map(function (k) { return rootPrefix + site.docFile(k); }), function (ok) {
          var d = root.WEGWIJZER_SEARCH_DOCS || {};
          need.forEach(function (k) { if (d[k]) site.addDocs(k, d[k]); });
          if (!ok) return fail();
          callback(site.finish(plan, ranked, limit));
        });
      })();
    });
  }

  W.searchLoader = {
    withIndex: withIndex,
    search: search,
    failed: function () { return state.failed; },
    addScript: addScript,
    scriptNear: scriptNear,
  };
})(window);
