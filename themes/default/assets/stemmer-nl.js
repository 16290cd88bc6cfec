/*
 * stemmer-nl.js: the Snowball Dutch stemmer for search.js, written by hand in
 * plain JavaScript after the Snowball definition of the algorithm (the
 * "dutch" stemmer of Snowball 2.2, which Debian's libstemmer builds the
 * index with). tests/browser/search-stemmer.test.js checks that it gives
 * libstemmer's stems for every word in tests/fixtures/search-stems.tsv.
 *
 * Expects a folded word (lowercase, no diacritics: see search.js's fold).
 * Sets window.WegwijzerStemNL = function (word) -> stem.
 *
 * The algorithm:
 *   Copyright (c) 2001, Dr Martin Porter
 *   Copyright (c) 2004,2005, Richard Boulton
 *   Copyright (c) 2013, Yoshiki Shibukawa
 *   Copyright (c) 2006,2007,2009,2010,2011,2014-2019, Olly Betts
 *   All rights reserved.
 *
 *   Redistribution and use in source and binary forms, with or without
 *   modification, are permitted provided that the following conditions
 *   are met:
 *   1. Redistributions of source code must retain the above copyright
 *      notice, this list of conditions and the following disclaimer.
 *   2. Redistributions in binary form must reproduce the above copyright
 *      notice, this list of conditions and the following disclaimer in the
 *      documentation and/or other materials provided with the distribution.
 *   3. Neither the name of the Snowball project nor the names of its
 *      contributors may be used to endorse or promote products derived from
 *      this software without specific prior written permission.
 *
 *   THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS
 *   "AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT
 *   LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR
 *   A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT
 *   OWNER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL,
 *   SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT
 *   LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
 *   DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY
 *   THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT
 *   (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 *   OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
(function (root) {
  'use strict';

  var VOWELS = 'aeiouy\u00e8';
  var ACCENTS = { '\u00e4': 'a', '\u00e1': 'a', '\u00eb': 'e', '\u00e9': 'e', '\u00ef': 'i',
                  '\u00ed': 'i', '\u00f6': 'o', '\u00f3': 'o', '\u00fc': 'u', '\u00fa': 'u' };

  function utf8Length(ch) {
    var c = ch.charCodeAt(0);
    return c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xe000 ? 2 : 3;  // a surrogate pair: 2 + 2
  }

  function isV(ch) { return ch !== undefined && ch.length === 1 && VOWELS.indexOf(ch) >= 0; }

  function stem(word) {
    var w = [];
    var i, n;
    // prelude: accents off, then 'y' at the start, 'i' between vowels and
    // 'y' after a vowel become consonants 'I' and 'Y'.
    for (i = 0; i < word.length; i++) w.push(ACCENTS[word[i]] || word[i]);
    n = w.length;
    if (w[0] === 'y') w[0] = 'Y';
    for (var from = 0; ;) {
      var q = from, hit = false;
      for (; q < n; q++) {
        if (!isV(w[q])) continue;
        if (w[q + 1] === 'i' && isV(w[q + 2])) { w[q + 1] = 'I'; hit = true; break; }
        if (w[q + 1] === 'y') { w[q + 1] = 'Y'; hit = true; break; }
      }
      if (!hit) break;
      from = q;
    }

    // mark_regions: R1 starts after the first non-vowel that follows a
    // vowel, and not before the fourth byte of the word in UTF-8 (as in
    // libstemmer 2.2, which counts bytes there); R2 the same again from R1.
    var p1 = n, p2 = n;
    i = 0;
    while (i < n && !isV(w[i])) i++;
    while (++i < n && isV(w[i])) { /* past the vowels */ }
    if (i < n) {
      p1 = ++i;
      var min = 0;
      for (var bytes = 0; min < n && bytes < 3; min++) bytes += utf8Length(w[min]);
      if (p1 < min) p1 = min;
      while (i < n && !isV(w[i])) i++;
      while (++i < n && isV(w[i])) { /* past the vowels */ }
      if (i < n) p2 = i + 1;
    }

    var s = w.join('');
    var eFound = false;
    function ends(suffix) { return s.length >= suffix.length && s.slice(s.length - suffix.length) === suffix; }
    function nonVBefore(pos) { return pos > 0 && !isV(s[pos - 1]); }
    function cut(pos) { s = s.slice(0, pos); }
    function undouble() {
      if (ends('kk') || ends('dd') || ends('tt')) { cut(s.length - 1); return true; }
      return false;
    }
    function eEnding() {
      eFound = false;
      var pos = s.length - 1;
      if (!ends('e') || p1 > pos || !nonVBefore(pos)) return false;
      cut(pos);
      eFound = true;
      return undouble();
    }
    function enEnding(pos) {
      if (p1 > pos || !nonVBefore(pos) || s.slice(0, pos).slice(-3) === 'gem') return false;
      cut(pos);
      return undouble();
    }

    // Step 1
    var pos;
    if (ends('heden')) {
      pos = s.length - 5;
      if (p1 <= pos) s = s.slice(0, pos) + 'heid';
    } else if (ends('ene')) {
      enEnding(s.length - 3);
    } else if (ends('en')) {
      enEnding(s.length - 2);
    } else if (ends('se') || ends('s')) {
      pos = s.length - (ends('se') ? 2 : 1);
      if (p1 <= pos && nonVBefore(pos) && s[pos - 1] !== 'j') cut(pos);
    }
    // Step 2
    eEnding();
    // Step 3a
    if (ends('heid')) {
      pos = s.length - 4;
      if (p2 <= pos && s[pos - 1] !== 'c') {
        cut(pos);
        if (ends('en')) enEnding(s.length - 2);
      }
    }
    // Step 3b
    if (ends('end') || ends('ing')) {
      pos = s.length - 3;
      if (p2 <= pos) {
        cut(pos);
        if (ends('ig') && p2 <= s.length - 2 && s[s.length - 3] !== 'e') cut(s.length - 2);
        else undouble();
      }
    } else if (ends('ig')) {
      pos = s.length - 2;
      if (p2 <= pos && s[pos - 1] !== 'e') cut(pos);
    } else if (ends('lijk')) {
      pos = s.length - 4;
      if (p2 <= pos) { cut(pos); eEnding(); }
    } else if (ends('baar')) {
      pos = s.length - 4;
      if (p2 <= pos) cut(pos);
    } else if (ends('bar')) {
      pos = s.length - 3;
      if (p2 <= pos && eFound) cut(pos);
    }
    // Step 4: a double vowel before a final consonant loses one letter.
    var L = s.length;
    if (L >= 4 && !isV(s[L - 1]) && s[L - 1] !== 'I' && !isV(s[L - 4])) {
      var d = s.slice(L - 3, L - 1);
      if (d === 'aa' || d === 'ee' || d === 'oo' || d === 'uu') s = s.slice(0, L - 2) + s[L - 1];
    }
    // postlude
    return s.replace(/I/g, 'i').replace(/Y/g, 'y');
  }

  root.WegwijzerStemNL = stem;
  if (typeof module === 'object' && module.exports) module.exports = stem;
})(typeof window !== 'undefined' ? window : this);
