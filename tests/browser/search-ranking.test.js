'use strict';
// Ranking and matching of search.js over the index that core/search/ writes
// for a small handbook (tests/fixtures/search-index.fixture.js, which
// tests/unit/search/search_index_test.cpp keeps current). No browser needed.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const search = require(path.join(__dirname, '..', '..', 'themes', 'default', 'assets', 'search.js'));

function loadIndex(file) {
  const window = {};
  vm.runInNewContext(fs.readFileSync(file, 'utf8'), { window });
  return new search.Index(window.WEGWIJZER_SEARCH);
}
const index = loadIndex(path.join(__dirname, '..', 'fixtures', 'search-index.fixture.js'));
const urls = (q) => index.search(q, 20).results.map((r) => r.url);
const marked = (segs) => segs.filter((s) => s.mark).map((s) => s.text);

test('a compound is found by each of its parts', () => {
  assert.deepEqual(urls('bespreking'), ['rol/leerlingbespreking.html', 'starten/checklist.html']);
  assert.equal(urls('leerling')[0], 'rol/leerlingbespreking.html');
  assert.ok(urls('plannen').includes('zorgroute/groepsplan.html#groepsplannen-evalueren'));
});

test('title matches rank above headings, headings above body text', () => {
  const r = index.search('groepsplan', 20).results;
  assert.deepEqual(r.map((x) => x.url), ['zorgroute/groepsplan.html', 'zorgroute/cyclus.html#stap-4']);
  assert.ok(r[0].score > r[1].score);
  assert.equal(r[1].heading, 'Stap 4: het groepsplan opstellen');
  // "leraar" is only in body text; "voorbereiding" is a heading.
  assert.equal(urls('voorbereiding')[0], 'rol/leerlingbespreking.html#voorbereiding');
});

test('inflections meet at the stem', () => {
  assert.deepEqual(urls('groepsplannen'), ['zorgroute/groepsplan.html#groepsplannen-evalueren']);
  assert.ok(urls('besprekingen').includes('starten/checklist.html'));
  assert.ok(urls('maand').includes('starten/checklist.html'));
});

test('half-typed words match by prefix', () => {
  assert.equal(urls('groepspl')[0], 'zorgroute/groepsplan.html');
  assert.deepEqual(urls('besprekin'), ['rol/leerlingbespreking.html', 'starten/checklist.html']);
  assert.equal(urls('le').length > 0, true);
  assert.deepEqual(urls('groepsplan evalu'), ['zorgroute/groepsplan.html#groepsplannen-evalueren']);
});

test('case and diacritics do not matter', () => {
  assert.deepEqual(urls('FINANCIELE'), ['over/colofon.html']);
  assert.deepEqual(urls('financiële coördinatie'), ['over/colofon.html']);
  assert.deepEqual(urls('geevalueerd'), ['zorgroute/groepsplan.html#groepsplannen-evalueren']);
});

test('pages with every query word come first, and alone', () => {
  assert.deepEqual(urls('groepsplan team'), ['zorgroute/groepsplan.html#groepsplannen-evalueren']);
  // no page has both: pages with either, best first
  const either = urls('colofon voorbereiding');
  assert.deepEqual(either.slice().sort(), ['over/colofon.html', 'rol/leerlingbespreking.html#voorbereiding']);
});

test('stop words and one-letter words are ignored', () => {
  const r = index.search('de het een', 10);
  assert.deepEqual(r.terms, []);
  assert.deepEqual(r.results, []);
  assert.deepEqual(index.search('het groepsplan', 10).terms, ['groepsplan']);
  assert.equal(index.search('onbekendwoord', 10).total, 0);
});

test('snippets mark the matching words and results carry their other sections', () => {
  const r = index.search('leerling', 10).results[0];
  assert.equal(r.url, 'rol/leerlingbespreking.html');
  assert.deepEqual(marked(r.snippet), ['leerlingbespreking', 'leerling']);
  assert.equal(r.snippet.map((s) => s.text).join(''), index.snippet(r.section));
  const g = index.search('groepsplan', 10).results[0];
  assert.deepEqual(g.also.map((a) => a.url), ['zorgroute/groepsplan.html#groepsplannen-evalueren']);
  const c = index.search('coördinatie', 10).results[0];
  assert.deepEqual(marked(c.snippet), ['Coördinatie']);
});

test('posting lists decode as documented', () => {
  assert.deepEqual([...search.decodeIds('')], []);
  assert.deepEqual([...search.decodeIds('DAhD')], [3, 4, 40]);          // 3, gap 0, gap 35
  assert.deepEqual([...search.decodeIds('!A_B')], [0, 1, 2, 3, 4, 5, 6]); // bitmap from 0
  assert.deepEqual([...search.decodeIds('!hA_')], [32, 33, 34, 35, 36, 37]);
  assert.deepEqual(search.decodeVarints('BChA'), [1, 2, 32]);
});
