/*
 * search-mark.js: a search result leads to page.html?markeer=woord+woord;
 * on that page this script marks the query words (<mark class="zoek-treffer">)
 * in <main> and scrolls to the first, so the reader sees where it matched.
 *
 * It matches words as the results list does (search.js's wordMatcher), which
 * needs the stemmer: it adds stemmer-nl.js only when the address asks for
 * marks, and never loads the index. Needs search.js, search-loader.js and
 * search-ui.js loaded before it.
 */
(function (root) {
  'use strict';

  var W = (root.Wegwijzer = root.Wegwijzer || {});
  if (W.searchMark) return;  // named twice by a template: mark the words once

  var S = W.search, L = W.searchLoader, el = W.searchUi.el;
  var wordMatcher = S.wordMatcher, segments = S.segments;

  // Never inside what is not running text, nor in forms (a mark there would
  // change what the reader fills in), nor in a mark already made.
  var SKIP = { SCRIPT: 1, STYLE: 1, NOSCRIPT: 1, TEXTAREA: 1, INPUT: 1, SELECT: 1, MARK: 1, FORM: 1 };
  var MAX_MARKS = 300;  // a common word must not make a long page slow

  function markPage(terms) {
    var scope = document.querySelector('main') || document.body;
    var match = wordMatcher(terms), nodes = [], first = null, count = 0;
    var walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        for (var p = n.parentNode; p && p !== scope; p = p.parentNode) {
          if (SKIP[p.nodeName]) return NodeFilter.FILTER_REJECT;
        }
        return /\S/.test(n.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      },
    });
    while (walker.nextNode()) nodes.push(walker.currentNode);
    for (var i = 0; i < nodes.length && count < MAX_MARKS; i++) {
      var segs = segments(nodes[i].nodeValue, match);
      if (segs.length < 2 && !(segs[0] && segs[0].mark)) continue;
      var frag = document.createDocumentFragment();
      for (var k = 0; k < segs.length; k++) {
        if (!segs[k].mark) { frag.appendChild(document.createTextNode(segs[k].text)); continue; }
        var m = el('mark', 'zoek-treffer', segs[k].text);
        frag.appendChild(m);
        if (!first) first = m;
        count++;
      }
      nodes[i].parentNode.replaceChild(frag, nodes[i]);
    }
    if (first && !location.hash && first.scrollIntoView) first.scrollIntoView({ block: 'center' });
  }

  W.searchMark = markPage;

  function start() {
    var mark = new URLSearchParams(location.search).get('markeer');
    if (mark) {
      var terms = S.words(mark).filter(function (w) { return w.length >= 2; });
      var go = function () { if (root.WegwijzerStemNL) markPage(terms); };
      if (terms.length) { if (root.WegwijzerStemNL) go(); else L.addScript(L.scriptNear('stemmer-nl.js'), go); }
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})(window);
