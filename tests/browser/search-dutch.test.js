'use strict';
// Dutch matching in the built handbook's search, in the browser from file://
// (docs/search.md; issue 20 item 1, issue 24):
// - "leerlingbespreking" finds the quality card's "Leerlingenbesprekingen"
//   and "leerlingenbespreking" the pages that write "leerlingbespreking",
//   with the matched word marked in the snippet;
// - an abbreviation finds the pages that write it out (content/zoekwoorden.toml);
// - a first query loads the manifest and only some of the term buckets and
//   doc chunks, never all of them;
// in Chromium, and the two spellings in Firefox too.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const ww = require('./lib/browsers');

const skip = ww.skipReason() || false;

function pageResults() {
  return {
    urls: [...document.querySelectorAll('.zoekresultaat__titel a')].map((a) => a.getAttribute('href').replace(/\?.*$/, '')),
    snippets: [...document.querySelectorAll('.zoekresultaat')].map((li) => ({
      url: li.querySelector('.zoekresultaat__titel a').getAttribute('href').replace(/\?.*$/, ''),
      marks: [...li.querySelectorAll('.zoekresultaat__fragment mark')].map((m) => m.textContent),
    })),
  };
}

async function searchPage(open, browser, q) {
  const visit = await open(browser, `${ww.pageUrl('zoeken.html')}?q=${encodeURIComponent(q)}`);
  await visit.page.waitForFunction(() => /\d+ resultaten?|Geen/.test(document.querySelector('.zoekpagina__status').textContent));
  const r = await visit.page.evaluate(pageResults);
  r.requests = visit.requests;
  assert.deepEqual(visit.problems(), []);
  await visit.close();
  return r;
}

// Both spellings of the compound find both sets of pages.
async function spellings(open, browser) {
  const joined = await searchPage(open, browser, 'leerlingbespreking');
  assert.ok(joined.urls.some((u) => u.startsWith('kwaliteitskaart/kaart.html')), `quality card missing: ${joined.urls}`);
  const card = joined.snippets.find((s) => s.url.startsWith('kwaliteitskaart/kaart.html'));
  assert.ok(card.marks.some((m) => /leerlingenbespreking/i.test(m)), `no marked word in the card's snippet: ${card.marks}`);
  const linked = await searchPage(open, browser, 'leerlingenbespreking');
  for (const u of ['rol/functiebeschrijving.html', '1-zorgroute/trajecten.html', 'kwaliteitskaart/kaart.html']) {
    assert.ok(linked.urls.some((x) => x.startsWith(u)), `${u} missing for leerlingenbespreking: ${linked.urls}`);
  }
  for (const s of linked.snippets.slice(0, 5)) assert.ok(s.marks.length > 0, `no mark in the snippet of ${s.url}`);
  return joined;
}

test('Chromium: both spellings of a compound, abbreviations, a first query loads a part of the index', { skip }, async () => {
  const browser = await ww.launchChromium();
  try {
    const joined = await spellings(ww.openInChromium, browser);
    const loaded = joined.requests.map((u) => u.replace(/^.*\//, '')).filter((f) => /^search-(terms|docs)-/.test(f));
    const site = fs.readdirSync(ww.siteDir());
    const all = site.filter((f) => /^search-(terms|docs)-\d+\.js$/.test(f));
    assert.ok(joined.requests.some((u) => /search-index\.js$/.test(u)), 'manifest not loaded');
    assert.ok(loaded.length > 0 && loaded.length < all.length, `loaded ${loaded.length} of ${all.length} index files`);

    const opp = await searchPage(ww.openInChromium, browser, 'OPP');
    assert.ok(opp.snippets.some((s) => s.marks.some((m) => /ontwikkelingsperspectie/i.test(m))),
      `OPP does not find "ontwikkelingsperspectief": ${JSON.stringify(opp.snippets)}`);
    const hgw = await searchPage(ww.openInChromium, browser, 'HGW');
    assert.ok(hgw.urls.some((u) => u.startsWith('1-zorgroute/doelen.html')), `HGW: ${hgw.urls}`);
    const toets = await searchPage(ww.openInChromium, browser, 'toets');
    assert.ok(toets.snippets.some((s) => s.marks.some((m) => /^toetsen$/i.test(m))), `toets does not find toetsen`);
  } finally {
    await browser.close();
  }
});

test('Firefox: both spellings of a compound', { skip }, async () => {
  const browser = await ww.launchFirefox();
  try {
    await spellings(ww.openInFirefox, browser);
  } finally {
    await browser.close();
  }
});
