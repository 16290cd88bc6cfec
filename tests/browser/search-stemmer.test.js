'use strict';
// The browser's Dutch stemmer and folding (themes/default/assets/stemmer-nl.js,
// search.js) against libstemmer and core/search/search_words.cpp: every line of
// tests/fixtures/search-stems.tsv is "word, FoldCase(word), libstemmer stem",
// checked on the C++ side by tests/unit/search/search_words_test.cpp.
// Needs no browser and no built site: `node --test tests/browser/search-stemmer.test.js`.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const assets = path.join(__dirname, '..', '..', 'themes', 'default', 'assets');
const stem = require(path.join(assets, 'stemmer-nl.js'));
const search = require(path.join(assets, 'search.js'));

const rows = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'search-stems.tsv'), 'utf8')
  .split('\n').filter(Boolean).map((line) => line.split('\t'));

test('the fixture holds several hundred Dutch words', () => {
  assert.ok(rows.length > 500, `${rows.length} rows`);
  for (const r of rows) assert.equal(r.length, 3, `bad row ${r.join('|')}`);
});

test('fold() matches FoldCase for every fixture word', () => {
  const bad = rows.filter(([word, folded]) => search.fold(word) !== folded);
  assert.deepEqual(bad.slice(0, 10), []);
});

test('stem() matches libstemmer for every fixture word', () => {
  const bad = rows.filter(([, folded, expected]) => stem(folded) !== expected)
    .map(([word, folded, expected]) => `${word}: ${stem(folded)} != ${expected}`);
  assert.deepEqual(bad.slice(0, 20), []);
});

test('known stems', () => {
  assert.equal(stem('leerlingen'), 'leerling');
  assert.equal(stem('besprekingen'), 'besprek');
  assert.equal(stem('mogelijkheden'), 'mogelijk');
  assert.equal(stem('koeien'), 'koei');
  assert.equal(stem(''), '');
});

test('words() splits as Tokenize does', () => {
  assert.deepEqual(search.words("Leerling-gegevens, auto's en de 1-zorgroute!"),
    ['leerling', 'gegevens', 'auto', 's', 'en', 'de', '1', 'zorgroute']);
  assert.deepEqual(search.words('  Ideeën\u2014over \u201cé\u00e9n\u201d \u00bduur '), ['ideeen', 'over', 'een', 'uur']);
  assert.deepEqual(search.words('e\u0301e Straße \u0132sbeer'), ['ee', 'strasse', 'ijsbeer']);
  assert.deepEqual(search.words('— … !'), []);
});

test('wordSpans() keeps the place of each word in the original text', () => {
  const text = 'De Coördinatie, één keer.';
  const spans = search.wordSpans(text);
  assert.deepEqual(spans.map((s) => text.slice(s.start, s.end)), ['De', 'Coördinatie', 'één', 'keer']);
  assert.deepEqual(spans.map((s) => s.word), ['de', 'coordinatie', 'een', 'keer']);
});
