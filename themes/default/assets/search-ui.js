/*
 * search-ui.js: what the search widgets (search-box.js, search-page.js,
 * search-mark.js) share on the page: the texts they write, the pieces of a
 * result, the live region, and the few styles they need.
 *
 * Results are built from DOM nodes and text nodes only: a page title or a
 * query never reaches the page as HTML. Loaded after search.js and
 * search-loader.js, before the widgets; it reads its texts from the first
 * search box (data-t-*) before any widget starts.
 */
(function (root) {
  'use strict';

  var W = (root.Wegwijzer = root.Wegwijzer || {});
  if (W.searchUi) return;  // named twice by a template: the widgets hold the first

  // ---------------------------------------------------------------- texts
  // UI strings: Dutch here, replaced by the theme's i18n (data-t-* on the search
  // box, see useTexts) so an English site searches in English too.
  var T = {
    loading: 'Zoekindex laden\u2026',
    failed: 'De zoekindex kon niet worden geladen.',
    short: 'Typ minstens twee letters.',
    none: function (q) { return 'Geen resultaten voor \u201c' + q + '\u201d.'; },
    count: function (n) { return n === 1 ? '1 resultaat' : n + ' resultaten'; },
    all: function (n, q) { return 'Alle ' + n + ' resultaten voor \u201c' + q + '\u201d'; },
    more: 'Meer resultaten tonen',
    alsoIn: 'Ook in: ',
  };

  // data-t-loading="…" etc.; {n} is a number, {q} the query.
  function useTexts(form) {
    var d = form && form.dataset;
    if (!d) return;
    var fill = function (s, n, q) { return s.replace('{n}', n).replace('{q}', q); };
    if (d.tLoading) T.loading = d.tLoading;
    if (d.tFailed) T.failed = d.tFailed;
    if (d.tShort) T.short = d.tShort;
    if (d.tMore) T.more = d.tMore;
    if (d.tAlsoIn) T.alsoIn = d.tAlsoIn + ' ';
    if (d.tNone) T.none = function (q) { return fill(d.tNone, '', q); };
    if (d.tCountOne && d.tCount) T.count = function (n) { return n === 1 ? d.tCountOne : fill(d.tCount, n, ''); };
    if (d.tAll) T.all = function (n, q) { return fill(d.tAll, n, q); };
  }

  // ------------------------------------------------------ result pieces
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.appendChild(document.createTextNode(text));
    return e;
  }

  function appendSegments(parent, segs) {
    for (var i = 0; i < segs.length; i++) {
      var node = document.createTextNode(segs[i].text);
      if (segs[i].mark) {
        var m = document.createElement('mark');
        m.appendChild(node);
        node = m;
      }
      parent.appendChild(node);
    }
  }

  // A result's link carries the query words (?markeer=), so that
  // search-mark.js marks them on the page it opens.
  function resultHref(rootPrefix, url, terms) {
    var hash = url.indexOf('#'), path = hash < 0 ? url : url.slice(0, hash);
    var mark = terms.length ? '?markeer=' + encodeURIComponent(terms.join(' ')) : '';
    return rootPrefix + path + mark + (hash < 0 ? '' : url.slice(hash));
  }

  // A live region that says the count once typing pauses, not per letter.
  function announcer(node) {
    var timer = 0;
    return function (text, now) {
      clearTimeout(timer);
      if (now) { node.textContent = text; return; }
      timer = setTimeout(function () { node.textContent = text; }, 500);
    };
  }

  // ------------------------------------------------------------- styles
  // What the widgets need to work (a list that drops down over the page),
  // as a constructed style sheet: the theme's Content-Security-Policy allows
  // no <style> element. :where() keeps these rules weaker than the theme's.
  var CSS =
    ':where(.zoekvak){position:relative;display:flex;gap:.5rem;align-items:stretch}' +
    ':where(.zoekvak__invoer){flex:1 1 auto;min-width:0}' +
    ':where(.zoekvak__knop,.zoekpagina__knop){flex:0 0 auto}' +
    ':where(.zoekvak__resultaten){position:absolute;z-index:20;left:0;right:0;top:100%;margin:.25rem 0 0;' +
    'padding:0;list-style:none;max-height:70vh;overflow:auto;min-width:min(22rem,90vw);' +
    'background:var(--c-surface,#fff);color:var(--c-text,#1a1a1a);border:1px solid var(--c-border,#767676);' +
    'border-radius:.25rem;box-shadow:0 .25rem 1rem rgba(0,0,0,.25)}' +
    ':where(.zoekvak__optie a){display:block;padding:.5rem .75rem;color:inherit;text-decoration:none}' +
    ':where(.zoekvak__optie[aria-selected=true] a,.zoekvak__optie a:hover){' +
    'outline:2px solid var(--c-focus,var(--c-link,#1d5e8c));outline-offset:-2px}' +
    ':where(.zoekvak__titel){display:block;font-weight:600}' +
    ':where(.zoekvak__kop){font-weight:400}' +
    ':where(.zoekvak__fragment){display:block;font-size:.875em}' +
    ':where(.zoekvak__alle){font-style:italic}' +
    ':where(.zoekpagina__veld){display:flex;gap:.5rem;max-width:36rem}' +
    ':where(.zoekpagina__invoer){flex:1 1 auto;min-width:0}' +
    ':where(.zoekresultaten){padding:0;margin:1rem 0;list-style:none;max-width:48rem}' +
    ':where(.zoekresultaat){margin:0 0 1.5rem}' +
    // one class more than the theme's ".prose h2", so a result title is no section heading
    '.zoekresultaten .zoekresultaat__titel{font-size:1.125rem;line-height:1.4;margin:0 0 .25rem;padding:0;border:0}' +
    '.zoekresultaten .zoekresultaat__titel::before{content:none}' +
    ':where(.zoekresultaat__kop){font-weight:400}' +
    ':where(.zoekresultaat__fragment,.zoekresultaat__ook){margin:0 0 .25rem}';

  function addStyles() {
    if (addStyles.done || typeof CSSStyleSheet !== 'function' || !('adoptedStyleSheets' in document)) return;
    addStyles.done = true;
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      document.adoptedStyleSheets = [sheet].concat(document.adoptedStyleSheets);
    } catch (e) { /* unstyled, still usable */ }
  }

  W.searchUi = {
    T: T,
    el: el,
    appendSegments: appendSegments,
    resultHref: resultHref,
    announcer: announcer,
  };

  // Before the widgets: deferred scripts run in document order, and so do
  // DOMContentLoaded listeners, so the texts are in place when they start.
  function start() {
    addStyles();
    useTexts(document.querySelector('form[data-zoekvak]'));
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})(window);
