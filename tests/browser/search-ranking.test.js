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
  return search.Site.fromWindow(window);
}
const index = loadIndex(path.join(__dirname, '..', 'fixtures', 'search-index.fixture.js'));
const urls = (q) => index.search(q, 20).results.map((r) => r.url);
const marked = (segs) => segs.filter((s) => s.mark).map((s) => s.text);

test('a compound is found by each of its parts', () => {
  assert.deepEqual(urls('bespreking'), ['rol/leerlingbespreking.html', 'kwaliteit/kaart.html', 'starten/checklist.html']);
  assert.equal(urls('leerling')[0], 'rol/leerlingbespreking.html');
  assert.ok(urls('plannen').includes('zorgroute/groepsplan.html'));
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
  // "groepsplannen" meets "groepsplan" (key groepsplan: Snowball's "groepsplann" made single).
  assert.deepEqual(urls('groepsplannen'), ['zorgroute/groepsplan.html', 'zorgroute/cyclus.html#stap-4']);
  assert.ok(urls('besprekingen').includes('starten/checklist.html'));
  assert.ok(urls('maand').includes('starten/checklist.html'));
});

test('half-typed words match by prefix', () => {
  assert.equal(urls('groepspl')[0], 'zorgroute/groepsplan.html');
  assert.deepEqual(urls('besprekin'), ['rol/leerlingbespreking.html', 'kwaliteit/kaart.html', 'starten/checklist.html']);
  assert.equal(urls('le').length > 0, true);
  assert.deepEqual(urls('groepsplan evalu'), ['zorgroute/groepsplan.html#groepsplannen-evalueren']);
});

test('case and diacritics do not matter', () => {
  assert.deepEqual(urls('FINANCIELE'), ['over/colofon.html']);
  assert.deepEqual(urls('financiële coördinatie'), ['over/colofon.html']);
  assert.deepEqual(urls('geevalueerd'), ['zorgroute/groepsplan.html#groepsplannen-evalueren']);
});

test('pages with every query word come first', () => {
  // Two words: "most" of them is both.
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
  assert.equal(r.snippet.map((s) => s.text).join(''), index.text(r.section));
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

test('both spellings of a compound meet, with and without a linking -en-', () => {
  assert.ok(urls('leerlingbespreking').includes('kwaliteit/kaart.html'));  // "Leerlingenbesprekingen"
  const linked = urls('leerlingenbespreking');
  assert.ok(linked.includes('rol/leerlingbespreking.html'), linked.join(' '));
  assert.ok(linked.includes('kwaliteit/kaart.html'), linked.join(' '));
  const r = index.search('leerlingbespreking', 20).results.find((x) => x.url === 'kwaliteit/kaart.html');
  assert.deepEqual(marked(r.snippet), ['Leerlingenbesprekingen']);
});

test('a compound the text has only in parts is found by its parts', () => {
  // No page has "voortgangsbespreking", the cyclus page has "bespreekt de voortgang".
  assert.equal(search.variants('bespreekt').includes('bespreek'), true);
  const parts = index.plan('leraarsgroep').terms[0].alts.map((a) => a.words.join('+'));
  assert.deepEqual(parts, ['leraarsgroep', 'leraar+groep']);
  assert.ok(urls('leraarsgroep').includes('zorgroute/cyclus.html#stap-4'));
});

test('plural and singular meet in both directions', () => {
  assert.ok(urls('toets').includes('kwaliteit/kaart.html'));
  assert.ok(urls('toetsen').includes('kwaliteit/kaart.html'));
  const r = index.search('toets', 10).results.find((x) => x.url === 'kwaliteit/kaart.html');
  assert.deepEqual(marked(r.snippet), ['toetsen', 'toets']);
  assert.ok(urls('groepsplannen').includes('zorgroute/groepsplan.html'));
  assert.ok(urls('periodes').includes('zorgroute/groepsplan.html'));
});

test('a multi-word query shows pages with all words first, then those with most of them', () => {
  const r = index.search('leraar groepsplan team', 20).results;
  assert.ok(r[0].url.startsWith('zorgroute/groepsplan.html'), r[0].url);
  assert.equal(r[0].cover, 3);
  const cyclus = r.find((x) => x.url.startsWith('zorgroute/cyclus.html'));
  assert.ok(cyclus && cyclus.cover === 2, 'a page with two of the three words is shown after');
  assert.ok(!r.some((x) => x.cover < 2), 'pages with less than most of the words are left out');
});

test('synonyms and abbreviations from the manifest', () => {
  const window = {};
  vm.runInNewContext(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'search-index.fixture.js'), 'utf8'), { window });
  window.WEGWIJZER_SEARCH.syn = [["IB'er", 'intern begeleider']];
  const site = search.Site.fromWindow(window);
  const ib = site.search("IB'ers", 20);
  assert.deepEqual(ib.terms, ['ib']);
  const found = ib.results.map((r) => r.url);
  for (const u of ['kwaliteit/kaart.html', 'rol/leerlingbespreking.html', 'starten/checklist.html']) assert.ok(found.includes(u), u);
  const back = site.search('intern begeleider', 20).results.map((r) => r.url);
  assert.ok(back.includes('kwaliteit/kaart.html'), 'the written-out form finds the abbreviation');
  const r = ib.results.find((x) => x.url === 'starten/checklist.html');
  assert.deepEqual(marked(r.snippet), ['intern', 'begeleider']);
});

test('a snippet starts near its first matched word', () => {
  const text = 'Aanloop '.repeat(60) + 'Hier staat het gezochte woord groepsplan. ' + 'Rest '.repeat(60);
  const match = search.wordMatcher(['groepsplan']);
  const snip = search.snippetAround(text, match);
  assert.ok(snip.startsWith('\u2026 '), snip);
  assert.ok(snip.includes('groepsplan'), snip);
  assert.ok(snip.length <= 210, `${snip.length}`);
  assert.equal(search.snippetAround('kort', match), 'kort');
});
