/*
 * search-box.js: the search box in every page's header
 * (form[data-zoekvak], templates/partials/search-box.mustache): results drop
 * down while the reader types, as an ARIA combobox with a listbox, and Enter
 * goes to the full search page.
 *
 * The box loads nothing until it is used: on focus or input it asks
 * search-loader.js for the index. Needs search.js, search-loader.js and
 * search-ui.js loaded before it (the partial names them in that order).
 */
(function (root) {
  'use strict';

  var W = (root.Wegwijzer = root.Wegwijzer || {});
  if (W.searchBox) return;  // named twice by a template: bind each box once

  var U = W.searchUi, L = W.searchLoader, T = U.T;
  var el = U.el, appendSegments = U.appendSegments, resultHref = U.resultHref, announcer = U.announcer;
  var withIndex = L.withIndex;
  var BOX_RESULTS = 8;  // more is the search page's job ("Alle … resultaten")

  function SearchBox(form) {
    var rootPrefix = form.getAttribute('data-root') || '';
    var input = form.querySelector('input[type="search"]');
    var list = form.querySelector('[role="listbox"]');
    var say = announcer(form.querySelector('[role="status"]'));
    var active = -1, options = [];
    if (!input || !list) return;

    function open(on) {
      list.hidden = !on;
      input.setAttribute('aria-expanded', on ? 'true' : 'false');
      if (!on) setActive(-1);
    }
    function setActive(i) {
      if (active >= 0 && options[active]) options[active].setAttribute('aria-selected', 'false');
      active = i;
      if (i >= 0 && options[i]) {
        options[i].setAttribute('aria-selected', 'true');
        input.setAttribute('aria-activedescendant', options[i].id);
        if (options[i].scrollIntoView) options[i].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }
    function option(href, build) {
      var li = el('li', 'zoekvak__optie');
      li.id = list.id + '-' + options.length;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      var a = el('a');
      a.href = href;
      a.tabIndex = -1;
      build(a);
      li.appendChild(a);
      list.appendChild(li);
      options.push(li);
    }
    function clear() {
      list.textContent = '';
      options = [];
      active = -1;
      input.removeAttribute('aria-activedescendant');
    }
    // res: the result for query q, or null when the index could not load.
    function render(q, res) {
      if (q !== input.value) return;  // an answer to an older query
      clear();
      if (!q.trim()) { open(false); say(''); return; }
      if (!res) { open(false); say(L.failed() ? T.failed : T.loading, true); return; }
      if (!res.terms.length) { open(false); say(T.short); return; }
      res.results.forEach(function (r) {
        option(resultHref(rootPrefix, r.url, res.words), function (a) {
          var head = el('span', 'zoekvak__titel');
          appendSegments(head, r.titleParts);
          if (r.heading) {
            var kop = el('span', 'zoekvak__kop', ' \u203a ');
            appendSegments(kop, r.headingParts);
            head.appendChild(kop);
          }
          a.appendChild(head);
          var snip = el('span', 'zoekvak__fragment');
          appendSegments(snip, r.snippet);
          a.appendChild(snip);
        });
      });
      if (res.total > res.results.length) {
        option(rootPrefix + 'zoeken.html?q=' + encodeURIComponent(q), function (a) {
          a.className = 'zoekvak__alle';
          a.appendChild(document.createTextNode(T.all(res.total, q.trim())));
        });
      }
      open(options.length > 0);
      say(res.total ? T.count(res.total) : T.none(q.trim()));
    }
    function update() {
      var q = input.value;
      if (!q.trim()) { render(q, null); return; }
      L.search(rootPrefix, q, BOX_RESULTS, function (res) { render(q, res); });
    }

    input.addEventListener('focus', function () { withIndex(rootPrefix, function () {}); });
    input.addEventListener('input', update);
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        if (list.hidden) { update(); return; }
        if (!options.length) return;
        var step = e.key === 'ArrowDown' ? 1 : -1;
        setActive(active < 0 ? (step > 0 ? 0 : options.length - 1) : (active + step + options.length) % options.length);
      } else if (e.key === 'Enter' && active >= 0 && !list.hidden) {
        e.preventDefault();
        options[active].querySelector('a').click();
      } else if (e.key === 'Escape') {
        if (!list.hidden) { e.preventDefault(); open(false); }
        else if (input.value) { e.preventDefault(); input.value = ''; say(''); }
      }
    });
    list.addEventListener('mousedown', function (e) { e.preventDefault(); });  // keep focus in the box
    form.addEventListener('focusout', function (e) {
      if (!form.contains(e.relatedTarget)) open(false);
    });
    // The theme's CSP has form-action 'none': go to the search page ourselves.
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (input.value.trim()) location.href = rootPrefix + 'zoeken.html?q=' + encodeURIComponent(input.value.trim());
    });
  }

  W.searchBox = SearchBox;

  function start() {
    var boxes = document.querySelectorAll('form[data-zoekvak]');
    for (var i = 0; i < boxes.length; i++) SearchBox(boxes[i]);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})(window);
