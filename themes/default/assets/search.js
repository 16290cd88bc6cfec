/*
 * search.js: the search engine of the handbook's offline search
 * (docs/search.md), shared by the search widgets and by the Node tests.
 *
 * It reads the index that core/search/ writes (search-index.js, and its
 * shards search-index-N.js: core/search/search_script.cpp), folds and splits
 * the query the same way, and ranks the matching pages. It touches no page: the
 * widgets that do are separate scripts, loaded after this one, which find
 * this code as window.Wegwijzer.search:
 *   search-loader.js  adds the stemmer and the index as <script src> on first use
 *   search-ui.js      the texts, result pieces and styles the widgets share
 *   search-box.js     the box in every page's header (form[data-zoekvak])
 *   search-mark.js    ?markeer=woord+woord: marks the words on the page
 *   search-page.js    the full search page (zoeken.html, [data-zoekpagina])
 * In Node, require() gives the same object (tests/browser/search-*.test.js).
 */
(function (root) {
  'use strict';

  // ---------------------------------------------------------------- text
  // Folding and word splitting mirror FoldCase and Tokenize in
  // core/search/search_words.cpp, and FOLD is core/fold.cpp's table: change
  // both together.
  // U+00C0..U+017F: a letter is the folded form, '*' keeps the character, a
  // digit stands for two letters.
  var FOLD =
    'aaaaaa3ceeeeiiiidnooooo*ouuuuy45aaaaaa3ceeeeiiiidnooooo*ouuuuy4y' +
    'aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii11jjkkklllllll' +
    'lllnnnnnnnnnoooooo22rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs';
  var PAIRS = ['ij', 'oe', 'ae', 'th', 'ss'];

  function foldCode(cp, ch) {
    if (cp < 0x80) return cp >= 65 && cp <= 90 ? String.fromCharCode(cp + 32) : ch;
    if (cp >= 0x300 && cp <= 0x36f) return '';
    if (cp >= 0xc0 && cp <= 0x17f) {
      var f = FOLD.charAt(cp - 0xc0);
      if (f === '*') return ch;
      if (f >= '1' && f <= '5') return PAIRS[f.charCodeAt(0) - 49];
      return f;
    }
    return ch;
  }

  function isWordCode(cp) {
    if (cp < 0x80) return (cp >= 97 && cp <= 122) || (cp >= 48 && cp <= 57);
    if (cp < 0xc0 || cp === 0xd7 || cp === 0xf7) return false;
    if (cp >= 0x2000 && cp <= 0x2bff) return false;
    if (cp >= 0x3000 && cp <= 0x303f) return false;
    if (cp >= 0xd800 && cp <= 0xf8ff) return false;
    if (cp >= 0xfe00 && cp <= 0xfe0f) return false;
    if (cp >= 0xfff0 && cp <= 0xffff) return false;
    return cp < 0x1f000;
  }

  function fold(text) {
    var out = '';
    for (var i = 0; i < text.length;) {
      var cp = text.codePointAt(i), n = cp > 0xffff ? 2 : 1;
      out += foldCode(cp, text.substr(i, n));
      i += n;
    }
    return out;
  }

  // The words of `text` with their place in it: [{start, end, word}], word
  // folded. A combining mark belongs to the word it follows.
  function wordSpans(text) {
    var spans = [], start = -1, word = '';
    for (var i = 0; i < text.length;) {
      var cp = text.codePointAt(i), n = cp > 0xffff ? 2 : 1;
      var f = foldCode(cp, text.substr(i, n));
      var inWord = f === '' ? start >= 0 && cp >= 0x300 && cp <= 0x36f
                            : isWordCode(f.codePointAt(0));
      if (inWord) {
        if (start < 0) { start = i; word = ''; }
        word += f;
      } else if (start >= 0) {
        spans.push({ start: start, end: i, word: word });
        start = -1;
      }
      i += n;
    }
    if (start >= 0) spans.push({ start: start, end: text.length, word: word });
    return spans;
  }

  function words(text) {
    return wordSpans(text).map(function (s) { return s.word; });
  }

  function stemmer() {
    return root.WegwijzerStemNL || (typeof require === 'function' ? require('./stemmer-nl.js') : null);
  }

  // ------------------------------------------------------------- numbers
  // Posting lists (docs/search.md): base-64 digits, 0..31 end a number and
  // 32..63 carry five more bits. "!" starts a bitmap: the first id, then six
  // ids per digit.
  var DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var CODE = new Int8Array(128).fill(-1);
  for (var d = 0; d < 64; d++) CODE[DIGITS.charCodeAt(d)] = d;

  function decodeVarints(str) {
    var out = [], acc = 0;
    for (var i = 0; i < str.length; i++) {
      var v = CODE[str.charCodeAt(i)];
      if (v >= 32) { acc = acc * 32 + (v - 32); } else { out.push(acc * 32 + v); acc = 0; }
    }
    return out;
  }

  // Into an Int32Array sized up front: growing arrays with push() is the
  // slow part of a search over dense lists.
  var NO_IDS = new Int32Array(0);
  function decodeIds(str) {
    var i = 0, acc = 0, v, count = 0, k = 0, out;
    if (!str) return NO_IDS;
    if (str.charCodeAt(0) === 33) {
      for (i = 1; (v = CODE[str.charCodeAt(i++)]) >= 32;) acc = acc * 32 + (v - 32);
      var base = acc * 32 + v, from = i;
      for (; i < str.length; i++) for (v = CODE[str.charCodeAt(i)]; v !== 0; v &= v - 1) count++;
      out = new Int32Array(count);
      for (i = from; i < str.length; i++, base += 6) {
        var bits = CODE[str.charCodeAt(i)];
        for (var b = 0; bits !== 0; b++, bits >>= 1) if (bits & 1) out[k++] = base + b;
      }
      return out;
    }
    for (i = 0; i < str.length; i++) if (CODE[str.charCodeAt(i)] < 32) count++;
    out = new Int32Array(count);
    var prev = -1;
    for (i = 0; i < str.length; i++) {
      v = CODE[str.charCodeAt(i)];
      if (v >= 32) { acc = acc * 32 + (v - 32); continue; }
      prev = prev < 0 ? acc * 32 + v : prev + acc * 32 + v + 1;
      out[k++] = prev;
      acc = 0;
    }
    return out;
  }

  // Display text: word numbers in letters ('A'-'Z' carry, 'a'-'z' end a
  // number) into the list of words as written, one space implied between two
  // numbers, anything else as it is (see DisplayWords in
  // core/search/display_words.cpp).
  function decodeText(enc, vocab) {
    var out = '', acc = 0, afterWord = false;
    for (var i = 0; i < enc.length; i++) {
      var c = enc.charCodeAt(i);
      if (c >= 97 && c <= 122) {
        if (afterWord) out += ' ';
        out += vocab[acc * 26 + c - 97];
        acc = 0;
        afterWord = true;
      } else if (c >= 65 && c <= 90) {
        acc = acc * 26 + c - 65;
      } else {
        out += enc.charAt(i);
        afterWord = false;
      }
    }
    return out;
  }

  // The anchor of a heading when the index stores none (DerivedAnchor).
  function derivedAnchor(heading) {
    return fold(heading).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  }

  // --------------------------------------------------------------- index
  var WEIGHT_TITLE = 10, WEIGHT_HEADING = 5, WEIGHT_BODY = 1;
  var KIND_EXACT = 1, KIND_PREFIX = 0.5;
  var MAX_EXPANSIONS = 100;
  var COVER = 1e6;  // a page's rank key: words matched * COVER + score

  function lowerBound(arr, key) {
    var lo = 0, hi = arr.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (arr[mid] < key) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  function Index(data) {
    this.urls = data.u;
    this.words = data.dw ? data.dw.split(' ') : [];
    this.enc = { t: data.t, h: data.h, x: data.x };
    this.anchorOf = data.a || {};
    this.stems = data.s ? data.s.split(' ') : [];
    this.surface = data.w ? data.w.split(' ') : [];
    this.surfaceStem = decodeVarints(data.ws || '');
    this.pt = data.pt;
    this.ph = data.ph;
    this.pb = data.pb;
    this.stop = {};
    var stop = (data.stop || '').split(' ');
    for (var i = 0; i < stop.length; i++) this.stop[stop[i]] = true;
    var counts = decodeVarints(data.c);
    var pages = counts.length;
    this.pageFirst = new Int32Array(pages + 1);
    for (i = 0; i < pages; i++) this.pageFirst[i + 1] = this.pageFirst[i] + counts[i];
    var n = this.sectionCount = this.pageFirst[pages];
    this.sectionPage = new Int32Array(n);
    for (var p = 0; p < pages; p++) this.sectionPage.fill(p, this.pageFirst[p], this.pageFirst[p + 1]);
    // Work arrays of search(), kept zeroed between searches.
    this.score_ = new Float64Array(n);
    this.best = new Float64Array(n);
    this.cover = new Uint8Array(n);
    this.pageBest = new Int32Array(pages).fill(-1);
    this.termTouched = new Int32Array(n);  // sections a query word reached
    this.touched = new Int32Array(n);      // sections any query word reached
    this.pageList = new Int32Array(pages);
    this.cache = new Map();
  }

  Index.prototype.title = function (p) { return decodeText(this.enc.t[p], this.words); };
  Index.prototype.heading = function (s) { return decodeText(this.enc.h[s], this.words); };
  Index.prototype.snippet = function (s) { return decodeText(this.enc.x[s], this.words); };
  Index.prototype.anchor = function (s) {
    var a = this.anchorOf[s];
    return a !== undefined ? a : derivedAnchor(this.heading(s));
  };

  Index.prototype.list = function (field, id) {
    var key = field + id, ids = this.cache.get(key);
    if (!ids) {
      ids = decodeIds(this[field][id]);
      this.cache.set(key, ids);
    }
    return ids;
  };

  // The query words the index can use: folded, no stop words, no repeats.
  Index.prototype.terms = function (query) {
    var seen = {}, out = [];
    var ws = words(query);
    for (var i = 0; i < ws.length; i++) {
      var w = ws[i];
      if (w.length < 2 || w.length > 40 || this.stop[w] || seen[w]) continue;
      seen[w] = true;
      out.push(w);
    }
    return out;
  };

  // Stem ids a query word stands for, with how well each matches: its own
  // stem, and stems and words that start with it (for half-typed words).
  Index.prototype.expand = function (term) {
    var found = new Map();
    var stem = stemmer()(term);
    var at = lowerBound(this.stems, stem);
    if (this.stems[at] === stem) found.set(at, KIND_EXACT);
    var end = term + '\uffff', i, n = 0;
    for (i = lowerBound(this.stems, term); i < this.stems.length && this.stems[i] < end && n < MAX_EXPANSIONS; i++, n++) {
      if (!found.has(i)) found.set(i, KIND_PREFIX);
    }
    for (i = lowerBound(this.surface, term); i < this.surface.length && this.surface[i] < end && n < 2 * MAX_EXPANSIONS; i++, n++) {
      var id = this.surfaceStem[i];
      if (!found.has(id)) found.set(id, KIND_PREFIX);
    }
    return found;
  };

  // Results grouped by page, best first: [{page, section, url, title,
  // heading, snippet, score, cover, also: [{heading, url}]}]. `total` counts
  // all matching pages. Pages that match every query word come first (and
  // alone, if there are any); then the score: per query word the best of
  // title 10, heading 5, body 1, times 0.5 for a prefix match, times the
  // word's idf. One index is a site of one shard (see MultiIndex).
  Index.prototype.search = function (query, limit) {
    return new MultiIndex([this]).search(query, limit);
  };

  // Scores every section for the query words (expansions[t] is
  // this.expand(term t)); idf(stem) weighs a stem. Fills the work arrays and
  // appends {shard, page, key, cover} for every page that matched to `out`.
  // reset() must follow.
  Index.prototype.score = function (expansions, idf, shard, out) {
    var score = this.score_, best = this.best, cover = this.cover;
    var pageFirst = this.pageFirst, sectionPage = this.sectionPage, pageBest = this.pageBest;
    var touched = this.touched, termTouched = this.termTouched, pages = this.pageList;
    var nTouched = 0, nTerm = 0, nPages = 0, self = this, i, s, p;
    for (var t = 0; t < expansions.length; t++) {
      expansions[t].forEach(function (kind, id) {
        var pb = self.list('pb', id), ph = self.list('ph', id), pt = self.list('pt', id);
        var f = idf(self.stems[id]);
        var w = WEIGHT_BODY * kind * f, j, sec;
        for (j = 0; j < pb.length; j++) {
          sec = pb[j];
          if (best[sec] === 0) termTouched[nTerm++] = sec;
          if (w > best[sec]) best[sec] = w;
        }
        w = WEIGHT_HEADING * kind * f;
        for (j = 0; j < ph.length; j++) {
          sec = ph[j];
          if (best[sec] === 0) termTouched[nTerm++] = sec;
          if (w > best[sec]) best[sec] = w;
        }
        w = WEIGHT_TITLE * kind * f;
        for (j = 0; j < pt.length; j++) {
          for (sec = pageFirst[pt[j]]; sec < pageFirst[pt[j] + 1]; sec++) {
            if (best[sec] === 0) termTouched[nTerm++] = sec;
            if (w > best[sec]) best[sec] = w;
          }
        }
      });
      for (i = 0; i < nTerm; i++) {
        s = termTouched[i];
        if (cover[s] === 0) touched[nTouched++] = s;
        cover[s]++;
        score[s] += best[s];
        best[s] = 0;
      }
      nTerm = 0;
    }
    this.nTouched = nTouched;
    // The best section of each page.
    for (i = 0; i < nTouched; i++) {
      s = touched[i];
      p = sectionPage[s];
      var cur = pageBest[p];
      if (cur < 0) pages[nPages++] = p;
      if (cur < 0 || cover[s] > cover[cur] ||
          (cover[s] === cover[cur] && (score[s] > score[cur] || (score[s] === score[cur] && s < cur)))) {
        pageBest[p] = s;
      }
    }
    for (i = 0; i < nPages; i++) {
      p = pages[i];
      s = pageBest[p];
      out.push({ shard: shard, page: p, key: cover[s] * COVER + score[s], cover: cover[s] });
    }
  };

  // The result entry of page p after score().
  Index.prototype.result = function (p, matcher) {
    var score = this.score_, cover = this.cover, self = this;
    var sec = this.pageBest[p], also = [];
    for (var o = this.pageFirst[p]; o < this.pageFirst[p + 1]; o++) {
      if (o !== sec && cover[o] === cover[sec] && this.enc.h[o]) also.push(o);
    }
    also.sort(function (a, b) { return score[b] - score[a] || a - b; });
    var title = this.title(p), heading = this.heading(sec);
    return {
      page: p,
      section: sec,
      url: this.sectionUrl(sec),
      title: title,
      heading: heading,
      titleParts: segments(title, matcher),
      headingParts: segments(heading, matcher),
      snippet: segments(this.snippet(sec), matcher),
      score: score[sec],
      cover: cover[sec],
      also: also.slice(0, 3).map(function (o) {
        return { heading: self.heading(o), url: self.sectionUrl(o) };
      }),
    };
  };

  // Zeroes the work arrays score() used.
  Index.prototype.reset = function () {
    for (var i = 0; i < this.nTouched; i++) {
      var s = this.touched[i];
      this.score_[s] = 0;
      this.cover[s] = 0;
      this.pageBest[this.sectionPage[s]] = -1;
    }
    this.nTouched = 0;
  };

  // The site's index in shards (search-index-N.js, one per part of the site,
  // so a rebuild after one edit rewrites one shard, not the whole index),
  // searched as one: a word's idf counts its sections in every shard, and
  // the ranking is the one a single index would give, ties in URL order.
  function MultiIndex(shards) {
    this.shards = shards;
    this.sectionCount = 0;
    for (var k = 0; k < shards.length; k++) this.sectionCount += shards[k].sectionCount;
  }

  MultiIndex.prototype.search = function (query, limit) {
    limit = limit || 10;
    var shards = this.shards, n = this.sectionCount;
    var terms = shards.length ? shards[0].terms(query) : [];
    var result = { terms: terms, results: [], total: 0 };
    if (!terms.length) return result;
    // Per shard the stems each query word stands for; per stem its number
    // of sections (body or heading) over all shards.
    var df = new Map();
    var expansions = shards.map(function (sh) {
      return terms.map(function (term) {
        var found = sh.expand(term);
        found.forEach(function (kind, id) {
          var st = sh.stems[id];
          df.set(st, (df.get(st) || 0) + sh.list('pb', id).length + sh.list('ph', id).length);
        });
        return found;
      });
    });
    var idf = function (stem) { return Math.log(1 + n / Math.max(1, df.get(stem) || 0)); };
    var found = [];
    shards.forEach(function (sh, k) { sh.score(expansions[k], idf, k, found); });
    var maxCover = 0, i;
    for (i = 0; i < found.length; i++) if (found[i].cover > maxCover) maxCover = found[i].cover;
    if (maxCover === terms.length) found = found.filter(function (c) { return c.cover === maxCover; });
    result.total = found.length;
    found.sort(function (a, b) { return b.key - a.key || a.shard - b.shard || a.page - b.page; });
    var matcher = wordMatcher(terms);
    for (i = 0; i < found.length && i < limit; i++) {
      result.results.push(shards[found[i].shard].result(found[i].page, matcher));
    }
    shards.forEach(function (sh) { sh.reset(); });
    return result;
  };

  // The first section of a page links to the page itself: it is at the top.
  Index.prototype.sectionUrl = function (s) {
    var page = this.sectionPage[s], a = s === this.pageFirst[page] ? '' : this.anchor(s);
    return this.urls[page] + (a ? '#' + a : '');
  };

  // Whether a folded word of a text should be marked for these query words:
  // same stem, starts with a query word, or holds its stem (compounds).
  function wordMatcher(terms) {
    var stem = stemmer();
    var stems = terms.map(function (t) { return stem(t); });
    return function (w) {
      for (var i = 0; i < terms.length; i++) {
        if (w.lastIndexOf(terms[i], 0) === 0) return true;
        if (stems[i].length >= 4 ? w.indexOf(stems[i]) >= 0 : stem(w) === stems[i]) return true;
      }
      return false;
    };
  }

  // Text cut into [{text, mark}] pieces around the matching words.
  function segments(text, match) {
    var out = [], at = 0, spans = wordSpans(text || '');
    for (var i = 0; i < spans.length; i++) {
      if (!match(spans[i].word)) continue;
      if (spans[i].start > at) out.push({ text: text.slice(at, spans[i].start), mark: false });
      out.push({ text: text.slice(spans[i].start, spans[i].end), mark: true });
      at = spans[i].end;
    }
    if (at < (text || '').length) out.push({ text: text.slice(at), mark: false });
    return out;
  }

  var api = {
    fold: fold, words: words, wordSpans: wordSpans, decodeIds: decodeIds,
    decodeVarints: decodeVarints, decodeText: decodeText, derivedAnchor: derivedAnchor, Index: Index, MultiIndex: MultiIndex, segments: segments, wordMatcher: wordMatcher,
  };
  if (typeof module === 'object' && module.exports) module.exports = api;
  if (typeof document === 'undefined') return;
  // A second copy (a template that names this script twice) changes nothing.
  var W = (root.Wegwijzer = root.Wegwijzer || {});
  if (!W.search) W.search = api;
  // Its name before window.Wegwijzer, which bench/search_bench.js still reads.
  if (!root.WegwijzerSearch) root.WegwijzerSearch = W.search;
})(typeof window !== 'undefined' ? window : this);
