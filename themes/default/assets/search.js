/*
 * search.js: the search engine of the handbook's offline search
 * (docs/search.md), shared by the search widgets and by the Node tests.
 *
 * It reads the index that core/search/ writes (the manifest search-index.js,
 * the term buckets search-terms-K.js and the page chunks search-docs-K.js:
 * core/search/search_script.cpp), folds and splits
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
  var KIND_EXACT = 1, KIND_VARIANT = 0.9, KIND_PREFIX = 0.5;
  var FACTOR_SYNONYM = 0.9, FACTOR_PARTS = 0.8;
  var MAX_EXPANSIONS = 100, MAX_TERMS = 12;
  var MIN_PART = 4;  // SearchIndex::kMinCompoundPart (bytes)
  var COVER = 1e6;   // a page's rank key: words matched * COVER + score
  var SNIPPET_CHARS = 200;

  function lowerBound(arr, key) {
    var lo = 0, hi = arr.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (arr[mid] < key) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // The term bucket of a folded word: a hash of its first two characters
  // (SearchBucketOf in core/search/search_script.cpp).
  function bucketOf(w, buckets) {
    var h = 0, i = 0;
    for (var k = 0; k < 2 && i < w.length; k++) {
      var cp = w.codePointAt(i);
      h = (Math.imul(h, 31) + cp) >>> 0;
      i += cp > 0xffff ? 2 : 1;
    }
    return h % buckets;
  }

  // The key a stem is indexed under (SearchKey in search_script.cpp): a
  // final double consonant made single.
  function searchKey(stem) {
    var n = stem.length;
    if (n >= 4 && stem.charCodeAt(n - 1) === stem.charCodeAt(n - 2) && /[b-df-hj-np-tv-z]/.test(stem.charAt(n - 1))) {
      return stem.slice(0, -1);
    }
    return stem;
  }

  function keyOf(w) { return searchKey(stemmer()(w)); }

  function utf8Length(w) {
    var n = 0;
    for (var i = 0; i < w.length; i++) {
      var c = w.charCodeAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
    }
    return n;
  }

  // Forms of a Dutch word that a reader means by it: plural, singular,
  // diminutive, verb forms. Snowball gives some of them other stems than the
  // word ("toets" → "toet", "toetsen" → "toets"), so a query also looks for
  // the stems of these forms. Guesses that are no word of the site find
  // nothing. The word itself comes first.
  function variants(w) {
    var out = [w];
    if (w.length < 4 || /[0-9]/.test(w)) return out;
    var bases = [w], m;
    var add = function (list, x) { if (x.length >= 3 && list.indexOf(x) < 0) list.push(x); };
    if ((m = /^(.+?)(eren|en)$/.exec(w)) && m[1].length >= 3) {
      var b = w.slice(0, -2);
      add(bases, b);
      if (m[2] === 'eren') add(bases, m[1]);
      if (/([^aeiou])\1$/.test(b)) add(bases, b.slice(0, -1));                 // lessen → les
      else if (/(^|[^aeiou])[aeou][^aeiouwj]$/.test(b)) add(bases, b.slice(0, -1) + b.slice(-2));  // bomen → boom
    }
    if ((m = /^(.+?)(etjes|etje|tjes|tje|pjes|pje|jes|je)$/.exec(w)) && m[1].length >= 3) add(bases, m[1]);
    if (/[^s']s$/.test(w) && w.length >= 5) add(bases, w.slice(0, -1));
    if ((m = /^(.+?)(ten|den|te|de|t|d)$/.exec(w)) && m[1].length >= 3) add(bases, m[1]);
    if ((m = /^ge(.{3,})[td]$/.exec(w))) add(bases, m[1]);
    for (var i = 0; i < bases.length; i++) {
      b = bases[i];
      add(out, b);
      ['en', 's', 'e', 'je', 'tje', 'jes', 't', 'eren'].forEach(function (end) { add(out, b + end); });
      if (/(^|[^aeiou])[aeiou][^aeiouwj]$/.test(b)) add(out, b + b.slice(-1) + 'en');   // plan → plannen
      if ((m = /^(.*)([aeou])\2([^aeiouwj])$/.exec(b))) add(out, m[1] + m[2] + m[3] + 'en');  // boom → bomen
    }
    return out;
  }

  // Query words: folded, no stop words, no repeats; "'s", "'er", "'ers"
  // after an apostrophe belong to the word before (IB'er → ib).
  function queryWords(query, stop) {
    var spans = wordSpans(query), out = [], seen = {};
    for (var i = 0; i < spans.length; i++) {
      var w = spans[i].word, before = query.charAt(spans[i].start - 1);
      if ((before === "'" || before === '\u2019') && /^(s|er|ers|tje|tjes|je|jes)$/.test(w)) continue;
      if (w.length < 2 || w.length > 40 || stop[w] || seen[w]) continue;
      seen[w] = true;
      out.push(w);
    }
    return out;
  }

  // ---------------------------------------------------------- the site
  // The site's index: search-index.js (the manifest) and whichever term
  // buckets (search-terms-K.js) and doc chunks (search-docs-K.js) are loaded.
  // A query first asks plan() which buckets it needs, then rank(), then
  // docsFor() which chunks its results need, then results(). search() does
  // all four with what is loaded (the Node tests load every file).
  function Site(manifest) {
    this.m = manifest;
    this.bucketCount = manifest.tn || 1;
    this.stop = {};
    var stop = (manifest.stop || '').split(' '), i;
    for (i = 0; i < stop.length; i++) this.stop[stop[i]] = true;
    var counts = decodeVarints(manifest.c || '');
    var pages = this.pageCount = counts.length;
    this.docPages = manifest.dp || 1;
    this.pageFirst = new Int32Array(pages + 1);
    for (i = 0; i < pages; i++) this.pageFirst[i + 1] = this.pageFirst[i] + counts[i];
    var n = this.sectionCount = this.pageFirst[pages];
    this.sectionPage = new Int32Array(n);
    for (var p = 0; p < pages; p++) this.sectionPage.fill(p, this.pageFirst[p], this.pageFirst[p + 1]);
    var stopWords = this.stop;
    this.synonyms = (manifest.syn || []).map(function (group) {
      return group.map(function (member) { return queryWords(member, stopWords); }).filter(function (ws) { return ws.length; });
    });
    this.buckets = [];  // by number, once loaded
    this.docs = [];     // by chunk, once loaded
    // Work arrays of rank(), kept zeroed between queries.
    this.score_ = new Float64Array(n);
    this.best = new Float64Array(n);
    this.cover = new Uint8Array(n);
    this.termTouched = new Int32Array(n);
    this.touched = new Int32Array(n);
    this.pageMask = new Int32Array(pages);
    this.pageBest = new Int32Array(pages).fill(-1);
    this.pageList = new Int32Array(pages);
  }

  // A site from the globals the scripts set, with every file that is loaded.
  Site.fromWindow = function (win) {
    var site = new Site(win.WEGWIJZER_SEARCH);
    var t = win.WEGWIJZER_SEARCH_TERMS || {}, d = win.WEGWIJZER_SEARCH_DOCS || {};
    Object.keys(t).forEach(function (k) { site.addTerms(+k, t[k]); });
    Object.keys(d).forEach(function (k) { site.addDocs(+k, d[k]); });
    return site;
  };

  Site.prototype.addTerms = function (k, data) {
    if (this.buckets[k]) return;
    var ws = data.ws ? data.ws.split(' ') : [];
    var words = data.w ? data.w.split(' ') : [];
    this.buckets[k] = {
      stems: data.s ? data.s.split(' ') : [], words: words,
      wordStem: ws.map(function (s, i) { return s === '=' ? words[i] : s; }),
      pt: data.pt, ph: data.ph, pb: data.pb, cache: {},
    };
  };

  Site.prototype.addDocs = function (k, data) {
    if (this.docs[k]) return;
    this.docs[k] = { words: data.dw ? data.dw.split(' ') : [], u: data.u, t: data.t, h: data.h, x: data.x, a: data.a || {} };
  };

  Site.prototype.termFile = function (k) { return 'search-terms-' + k + '.js'; };
  Site.prototype.docFile = function (k) { return 'search-docs-' + k + '.js'; };

  // The loaded bucket a word or stem belongs in; undefined (and `missing`
  // gets its number) when not loaded.
  Site.prototype.bucket = function (w, missing) {
    var k = bucketOf(w, this.bucketCount);
    if (!this.buckets[k]) { if (missing) missing[k] = true; return undefined; }
    return this.buckets[k];
  };

  function decodedList(b, field, i) {
    var key = field + i, ids = b.cache[key];
    if (!ids) ids = b.cache[key] = decodeIds(b[field][i]);
    return ids;
  }

  // Adds stem `s` to `found` (stem → {b, i, kind}) with the better kind.
  Site.prototype.addStem = function (found, s, kind, missing) {
    var b = this.bucket(s, missing);
    if (!b) return;
    var i = lowerBound(b.stems, s);
    if (b.stems[i] !== s) return;
    var had = found.get(s);
    if (!had || had.kind < kind) found.set(s, { b: b, i: i, kind: kind });
  };

  // The stems a query word stands for: its own, those of its forms
  // (variants), and, when `prefix` and the word itself is none of the site's
  // (a half-typed word), stems and words that start with it.
  Site.prototype.expand = function (w, prefix, missing) {
    var found = new Map(), self = this;
    variants(w).forEach(function (v, i) { self.addStem(found, keyOf(v), i ? KIND_VARIANT : KIND_EXACT, missing); });
    if (!prefix || found.size) return found;
    var b = this.bucket(w, missing), end = w + '\uffff', j, n = 0;
    if (!b) return found;
    for (j = lowerBound(b.stems, w); j < b.stems.length && b.stems[j] < end && n < MAX_EXPANSIONS; j++, n++) {
      this.addStem(found, b.stems[j], KIND_PREFIX, missing);
    }
    for (j = lowerBound(b.words, w); j < b.words.length && b.words[j] < end && n < 2 * MAX_EXPANSIONS; j++, n++) {
      this.addStem(found, b.wordStem[j], KIND_PREFIX, missing);
    }
    return found;
  };

  // Whether `w` is a word of the site that compounds are split into.
  Site.prototype.isPart = function (w, missing) {
    if (utf8Length(w) < MIN_PART || /[0-9]/.test(w)) return false;
    var b = this.bucket(w, missing);
    if (!b) return false;
    var i = lowerBound(b.words, w);
    return b.words[i] === w;
  };

  // The split of a query word into words of the site, with linking s, e or
  // en between them (SplitCompound in core/search/search_words.cpp): fewest
  // parts, then fewest linking letters; the last part may carry an ending. Only parts that can start where
  // the last one ended are looked up, so few buckets are needed.
  Site.prototype.split = function (w, missing) {
    var n = w.length, LINKS = ['', 's', 'e', 'en'];
    if (utf8Length(w) < 2 * MIN_PART) return null;
    var best = [{ parts: 0, links: 0, from: -1, end: 0 }];
    for (var i = 0; i < n; i++) {
      var at = best[i];
      if (!at) continue;
      for (var end = i + 2; end <= n; end++) {
        if ((i === 0 && end === n) || !this.isPart(w.slice(i, end), missing)) continue;
        // The last part may carry an ending its known word lacks
        // ("besprekingen" with only "bespreking" known), as in the index.
        var rest = w.slice(end);
        if (i > 0 && (rest === 'en' || rest === 's' || rest === 'e')) {
          var e = { parts: at.parts + 1, links: at.links + rest.length, from: i, end: n };
          var was = best[n];
          if (!was || e.parts < was.parts || (e.parts === was.parts && e.links < was.links)) best[n] = e;
        }
        for (var l = 0; l < LINKS.length; l++) {
          var next = end + LINKS[l].length;
          if (next > n || w.substr(end, LINKS[l].length) !== LINKS[l] || (next === n && l > 0)) continue;
          var c = { parts: at.parts + 1, links: at.links + LINKS[l].length, from: i, end: end };
          var had = best[next];
          if (!had || c.parts < had.parts || (c.parts === had.parts && c.links < had.links)) best[next] = c;
        }
      }
    }
    if (!best[n] || best[n].parts < 2) return null;
    var parts = [];
    for (var k = n; k > 0; k = best[k].from) parts.unshift(w.slice(best[k].from, best[k].end));
    return parts;
  };

  // What a query asks for: its terms, each with alternatives that match it
  // (the word itself, the parts of a compound, synonyms), and which buckets
  // are still missing for that: {terms: [{text, alts: [{words, factor,
  // prefix, stems}]}], missing: [bucket numbers], words: words to mark}.
  Site.prototype.plan = function (query) {
    var ws = queryWords(query, this.stop).slice(0, MAX_TERMS), missing = {}, self = this, terms = [];
    for (var i = 0; i < ws.length; i++) {
      var syn = this.synonymAt(ws, i);
      if (syn) {
        terms.push({ text: syn.member.join(' '), alts: syn.alts });
        i += syn.member.length - 1;
        continue;
      }
      terms.push({ text: ws[i], alts: [{ words: [ws[i]], factor: 1, prefix: true, parts: this.split(ws[i], missing) }] });
    }
    var mark = [];
    terms.forEach(function (t) {
      t.alts.forEach(function (a) {
        a.stems = a.words.map(function (w) { return self.expand(w, a.prefix, missing); });
        a.words.forEach(function (w) { if (mark.indexOf(w) < 0) mark.push(w); });
        if (!a.parts) return;
        // A compound meets the site's compounds of the same parts, whatever
        // their linking letters, at the parts' keys joined (as the index
        // keeps them); when the site has no such compound, at its parts
        // anywhere in a section.
        self.addStem(a.stems[0], a.parts.map(keyOf).join(''), KIND_VARIANT, missing);
        var found = false;
        a.stems[0].forEach(function (e) { if (e.kind >= KIND_VARIANT) found = true; });
        a.parts.forEach(function (w) { if (mark.indexOf(w) < 0) mark.push(w); });
        if (found) return;
        var parts = { words: a.parts, factor: FACTOR_PARTS };
        parts.stems = a.parts.map(function (w) { return self.expand(w, false, missing); });
        t.alts.push(parts);
      });
    });
    return { terms: terms, words: ws, mark: mark, missing: Object.keys(missing).map(Number) };
  };

  // A synonym group member that the query words hold from position i on:
  // the term it makes, with the group's other members as alternatives.
  Site.prototype.synonymAt = function (ws, i) {
    for (var g = 0; g < this.synonyms.length; g++) {
      var group = this.synonyms[g];
      for (var m = 0; m < group.length; m++) {
        var member = group[m], ok = i + member.length <= ws.length;
        for (var j = 0; ok && j < member.length; j++) ok = ws[i + j] === member[j];
        if (!ok) continue;
        var alts = [{ words: member, factor: 1, prefix: member.length === 1 }];
        group.forEach(function (other, o) { if (o !== m) alts.push({ words: other, factor: FACTOR_SYNONYM }); });
        return { member: member, alts: alts };
      }
    }
    return null;
  };

  // Per section, the best weight of one word's stems (idf included), into
  // `into` (a Map section → weight) or, without it, into this.best (then
  // this.termTouched lists the sections it reached). Plain loops: a common
  // word's lists hold most sections of the site.
  Site.prototype.wordWeights = function (stems, factor, into) {
    var best = this.best, touched = this.termTouched, pageFirst = this.pageFirst, self = this;
    stems.forEach(function (e) {
      var pb = decodedList(e.b, 'pb', e.i), ph = decodedList(e.b, 'ph', e.i), pt = decodedList(e.b, 'pt', e.i);
      var f = e.kind * factor * Math.log(1 + self.sectionCount / Math.max(1, pb.length + ph.length));
      var lists = [pb, ph], weights = [WEIGHT_BODY * f, WEIGHT_HEADING * f], j, sec, w, list, n = self.nTerm;
      for (var l = 0; l < 2; l++) {
        list = lists[l];
        w = weights[l];
        if (into) {
          for (j = 0; j < list.length; j++) if (!(into.get(list[j]) >= w)) into.set(list[j], w);
          continue;
        }
        for (j = 0; j < list.length; j++) {
          sec = list[j];
          if (best[sec] === 0) touched[n++] = sec;
          if (w > best[sec]) best[sec] = w;
        }
      }
      w = WEIGHT_TITLE * f;
      for (j = 0; j < pt.length; j++) {
        for (sec = pageFirst[pt[j]]; sec < pageFirst[pt[j] + 1]; sec++) {
          if (into) { if (!(into.get(sec) >= w)) into.set(sec, w); continue; }
          if (best[sec] === 0) touched[n++] = sec;
          if (w > best[sec]) best[sec] = w;
        }
      }
      self.nTerm = n;
    });
  };

  // Scores sections and pages for a plan: [{page, section, key, cover,
  // score}], best first (and the cover and score of the sections of the
  // first `limit` pages, for results()). Pages with every term come first,
  // then those with most of them (more than half); when no page has them
  // all, every page with any of them is kept, most terms first.
  Site.prototype.rank = function (plan, limit) {
    var score = this.score_, best = this.best, cover = this.cover, touched = this.touched;
    var sectionPage = this.sectionPage, pageMask = this.pageMask, pageBest = this.pageBest, pages = this.pageList;
    var nTouched = 0, nPages = 0, self = this, i, s, p, t;
    this.nTerm = 0;
    for (t = 0; t < plan.terms.length; t++) {
      plan.terms[t].alts.forEach(function (alt) {
        if (alt.words.length === 1) { self.wordWeights(alt.stems[0], alt.factor); return; }
        // Every word of the alternative in the section: the weakest counts.
        var all = null;
        alt.stems.forEach(function (stems) {
          var m = new Map();
          self.wordWeights(stems, alt.factor, m);
          if (!all) { all = m; return; }
          var both = new Map();
          m.forEach(function (w, sec) { if (all.has(sec)) both.set(sec, Math.min(w, all.get(sec))); });
          all = both;
        });
        all.forEach(function (w, sec) {
          if (best[sec] === 0) self.termTouched[self.nTerm++] = sec;
          if (w > best[sec]) best[sec] = w;
        });
      });
      for (i = 0; i < this.nTerm; i++) {
        s = this.termTouched[i];
        if (cover[s] === 0) touched[nTouched++] = s;
        cover[s]++;
        score[s] += best[s];
        best[s] = 0;
        pageMask[sectionPage[s]] |= 1 << t;
      }
      this.nTerm = 0;
    }
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
    var found = [], maxCover = 0;
    for (i = 0; i < nPages; i++) {
      p = pages[i];
      s = pageBest[p];
      var c = popCount(pageMask[p]);
      if (c > maxCover) maxCover = c;
      found.push({ page: p, section: s, cover: c, score: score[s], key: c * COVER + score[s] });
    }
    var terms = plan.terms.length;
    if (maxCover === terms) found = found.filter(function (f) { return 2 * f.cover > terms; });
    found.sort(function (a, b) { return b.key - a.key || a.page - b.page; });
    // results() shows a page's other sections that match as well: their
    // cover and score go with the ranking (rank() may run again meanwhile).
    var kept = found.sections = new Map();
    for (i = 0; i < found.length && i < (limit || 1000); i++) {
      p = found[i].page;
      for (s = this.pageFirst[p]; s < this.pageFirst[p + 1]; s++) if (cover[s]) kept.set(s, [cover[s], score[s]]);
    }
    for (i = 0; i < nTouched; i++) {
      s = touched[i];
      score[s] = 0;
      cover[s] = 0;
      pageMask[sectionPage[s]] = 0;
      pageBest[sectionPage[s]] = -1;
    }
    return found;
  };

  function popCount(v) { var n = 0; for (; v; v &= v - 1) n++; return n; }

  // The doc chunks that the first `limit` ranked pages need and that are not
  // loaded.
  Site.prototype.docsFor = function (ranked, limit) {
    var need = [];
    for (var i = 0; i < ranked.length && i < limit; i++) {
      var k = Math.floor(ranked[i].page / this.docPages);
      if (!this.docs[k] && need.indexOf(k) < 0) need.push(k);
    }
    return need;
  };

  // Texts of pages and sections, from their doc chunk (which must be loaded).
  Site.prototype.doc = function (page) { return this.docs[Math.floor(page / this.docPages)]; };
  Site.prototype.local = function (s) {
    var page = this.sectionPage[s];
    return s - this.pageFirst[Math.floor(page / this.docPages) * this.docPages];
  };
  Site.prototype.url = function (p) { return this.doc(p).u[p % this.docPages]; };
  Site.prototype.title = function (p) { var d = this.doc(p); return decodeText(d.t[p % this.docPages], d.words); };
  Site.prototype.heading = function (s) {
    var d = this.doc(this.sectionPage[s]);
    return decodeText(d.h[this.local(s)], d.words);
  };
  Site.prototype.text = function (s) {
    var d = this.doc(this.sectionPage[s]);
    return decodeText(d.x[this.local(s)], d.words);
  };
  Site.prototype.anchor = function (s) {
    var a = this.doc(this.sectionPage[s]).a[this.local(s)];
    return a !== undefined ? a : derivedAnchor(this.heading(s));
  };
  // The first section of a page links to the page itself: it is at the top.
  Site.prototype.sectionUrl = function (s) {
    var page = this.sectionPage[s], a = s === this.pageFirst[page] ? '' : this.anchor(s);
    return this.url(page) + (a ? '#' + a : '');
  };

  // Result entries for the first `limit` ranked pages (their doc chunks
  // loaded): {page, section, url, title, heading, titleParts, headingParts,
  // snippet, score, cover, also: [{heading, url}]}.
  Site.prototype.results = function (plan, ranked, limit) {
    var matcher = wordMatcher(plan.mark), out = [], self = this, kept = ranked.sections;
    for (var i = 0; i < ranked.length && i < limit; i++) {
      var r = ranked[i], p = r.page, sec = r.section, also = [];
      if (!this.doc(p)) break;
      var mine = kept.get(sec) || [0, 0];
      for (var o = this.pageFirst[p]; o < this.pageFirst[p + 1]; o++) {
        var c = kept.get(o);
        if (o !== sec && c && c[0] === mine[0] && this.heading(o)) also.push(o);
      }
      also.sort(function (a, b) { return kept.get(b)[1] - kept.get(a)[1] || a - b; });
      var title = this.title(p), heading = this.heading(sec);
      out.push({
        page: p, section: sec, url: this.sectionUrl(sec), title: title, heading: heading,
        titleParts: segments(title, matcher), headingParts: segments(heading, matcher),
        snippet: segments(snippetAround(this.text(sec), matcher), matcher),
        score: r.score, cover: r.cover,
        also: also.slice(0, 3).map(function (o) { return { heading: self.heading(o), url: self.sectionUrl(o) }; }),
      });
    }
    return out;
  };

  // All four steps with what is loaded: {terms, words, results, total}.
  Site.prototype.search = function (query, limit) {
    var plan = this.plan(query);
    return this.finish(plan, this.rank(plan, limit || 10), limit || 10);
  };

  Site.prototype.finish = function (plan, ranked, limit) {
    return {
      terms: plan.terms.map(function (t) { return t.text; }),
      words: plan.mark,
      results: plan.terms.length ? this.results(plan, ranked, limit) : [],
      total: ranked.length,
    };
  };

  // About SNIPPET_CHARS of a section's text, around its first matching word
  // (or from its start), cut at words and marked with "…" where cut.
  function snippetAround(text, match) {
    if (text.length <= SNIPPET_CHARS) return text;
    var spans = wordSpans(text), first = -1, i;
    for (i = 0; i < spans.length; i++) if (match(spans[i].word)) { first = i; break; }
    var from = 0;
    if (first >= 0 && spans[first].end > SNIPPET_CHARS - 40) {
      // A few words before the match, for context.
      var k = first;
      while (k > 0 && spans[first].start - spans[k - 1].start < 60) k--;
      from = spans[k].start;
    }
    var to = from + SNIPPET_CHARS;
    if (to >= text.length) { to = text.length; if (from > 0) from = Math.max(0, to - SNIPPET_CHARS); }
    // Both ends at a word's edge.
    for (i = 0; i < spans.length; i++) if (spans[i].start >= from) { from = spans[i].start; break; }
    var cut = to;
    if (to < text.length) {
      for (i = spans.length - 1; i >= 0; i--) if (spans[i].end <= to) { cut = spans[i].end; break; }
    }
    var body = text.slice(from, cut).replace(/\u2026$/, '');
    return (from > 0 ? '\u2026 ' : '') + body + (cut < text.length ? ' \u2026' : '');
  }

  // Whether a folded word of a text should be marked for these query words:
  // the same key as one of their forms, starts with a query word (typing),
  // or holds a key of four letters or more (compounds).
  function wordMatcher(terms) {
    var keys = new Set(), own = [];
    terms.forEach(function (t) {
      variants(t).forEach(function (v) { keys.add(keyOf(v)); });
      var k = keyOf(t);
      if (k.length >= 4) own.push(k);
    });
    var cache = new Map();
    return function (w) {
      var hit = cache.get(w);
      if (hit !== undefined) return hit;
      hit = keys.has(keyOf(w));
      for (var i = 0; !hit && i < terms.length; i++) hit = w.lastIndexOf(terms[i], 0) === 0;
      for (i = 0; !hit && i < own.length; i++) hit = w.indexOf(own[i]) >= 0;
      cache.set(w, hit);
      return hit;
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
    decodeVarints: decodeVarints, decodeText: decodeText, derivedAnchor: derivedAnchor, Site: Site,
    segments: segments, wordMatcher: wordMatcher, variants: variants, searchKey: searchKey, keyOf: keyOf,
    bucketOf: bucketOf, queryWords: queryWords, snippetAround: snippetAround,
  };
  if (typeof module === 'object' && module.exports) module.exports = api;
  if (typeof document === 'undefined') return;
  // A second copy (a template that names this script twice) changes nothing.
  var W = (root.Wegwijzer = root.Wegwijzer || {});
  if (!W.search) W.search = api;
  // Its name before window.Wegwijzer, which bench/search_bench.js still reads.
  if (!root.WegwijzerSearch) root.WegwijzerSearch = W.search;
})(typeof window !== 'undefined' ? window : this);
