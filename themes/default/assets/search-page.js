/*
 * search-page.js: the full search page (zoeken.html, [data-zoekpagina] in
 * templates/search.mustache). It reads ?q= from the address, lists every
 * result in steps of PAGE_STEP, and keeps ?q= up to date so that Back and a
 * bookmark return to the same results.
 *
 * Only the search page loads this script (search.mustache names it). Needs
 * search.js, search-loader.js and search-ui.js, which the page's header box
 * loads before it.
 */
(function (root) {
  'use strict';

  var W = (root.Wegwijzer = root.Wegwijzer || {});
  // Named twice by a template: bind the page once. Without the header box's
  // scripts (a header that leaves the box out) there is nothing to search with.
  if (W.searchPage || !W.searchUi || !W.searchLoader) return;

  var U = W.searchUi, L = W.searchLoader, T = U.T;
  var el = U.el, appendSegments = U.appendSegments, resultHref = U.resultHref, announcer = U.announcer;
  var PAGE_STEP = 50;

  function SearchPage(box) {
    var rootPrefix = box.getAttribute('data-root') || '';
    var form = box.querySelector('form');
    var input = box.querySelector('input[type="search"]');
    var list = box.querySelector('.zoekresultaten');
    var say = announcer(box.querySelector('[role="status"]'));
    var shown = PAGE_STEP;
    if (!form || !input || !list) return;

    // res: the result for query q, or null when the index could not load.
    function render(q, res, now, then) {
      if (q !== input.value) return;  // an answer to an older query
      list.textContent = '';
      var old = box.querySelector('.zoekpagina__meer');
      if (old) old.parentNode.removeChild(old);
      if (!q.trim()) { say('', now); return; }
      if (!res) { say(L.failed() ? T.failed : T.loading, true); return; }
      if (!res.terms.length) { say(T.short, now); return; }
      res.results.forEach(function (r) {
        var li = el('li', 'zoekresultaat');
        var h = el('h2', 'zoekresultaat__titel');
        var a = el('a');
        a.href = resultHref(rootPrefix, r.url, res.words);
        appendSegments(a, r.titleParts);
        if (r.heading) {
          var kop = el('span', 'zoekresultaat__kop', ' \u203a ');
          appendSegments(kop, r.headingParts);
          a.appendChild(kop);
        }
        h.appendChild(a);
        li.appendChild(h);
        var p = el('p', 'zoekresultaat__fragment');
        appendSegments(p, r.snippet);
        li.appendChild(p);
        if (r.also.length) {
          var more = el('p', 'zoekresultaat__ook', T.alsoIn);
          r.also.forEach(function (o, i) {
            if (i) more.appendChild(document.createTextNode(', '));
            var l = el('a', null, o.heading);
            l.href = resultHref(rootPrefix, o.url, res.words);
            more.appendChild(l);
          });
          li.appendChild(more);
        }
        list.appendChild(li);
      });
      if (res.total > res.results.length) {
        var btn = el('button', 'zoekpagina__meer', T.more);
        btn.type = 'button';
        btn.addEventListener('click', function () {
          var first = res.results.length;
          shown += PAGE_STEP;
          search(true, function () {
            var next = list.children[first] && list.children[first].querySelector('a');
            if (next) next.focus();
          });
        });
        list.parentNode.insertBefore(btn, list.nextSibling);
      }
      say(res.total ? T.count(res.total) : T.none(q.trim()), now);
      if (then) then();
    }
    function search(now, then) {
      var q = input.value;
      if (!q.trim()) { render(q, null, now); return; }
      L.search(rootPrefix, q, shown, function (res) { render(q, res, now, then); });
    }
    function update(now) {
      shown = PAGE_STEP;
      search(now);
    }
    function remember() {
      try {
        history.replaceState(null, '', '?q=' + encodeURIComponent(input.value));
      } catch (e) { /* some browsers refuse this on file:// */ }
    }

    var params = new URLSearchParams(location.search);
    input.value = params.get('q') || '';
    input.addEventListener('input', function () { update(false); });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      remember();
      update(true);
    });
    update(true);
  }

  W.searchPage = SearchPage;

  function start() {
    var page = document.querySelector('[data-zoekpagina]');
    if (page) SearchPage(page);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})(window);
