'use strict';
// The search widgets of the built handbook, opened by file:// (docs/search.md):
// - the header box loads search-index.js only once it is used, shows results
//   as a listbox, announces the count, and works with arrows, Enter and Escape;
// - a result leads to its page with the query words marked in <main>;
// - Enter without a chosen result opens zoeken.html?q=...;
// - the search page answers ?q= at once, with highlighted snippets;
// - query text never becomes markup;
// in Chromium, and the search page and the box in Firefox too.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const ww = require('./lib/browsers');

const skip = ww.skipReason() || false;

function optionsState() {
  const input = document.querySelector('#zoekvak-invoer');
  const list = document.querySelector('#zoekvak-resultaten');
  return {
    expanded: input.getAttribute('aria-expanded'),
    hidden: list.hidden,
    active: input.getAttribute('aria-activedescendant'),
    selected: [...list.querySelectorAll('[role=option][aria-selected=true]')].map((o) => o.id),
    options: [...list.querySelectorAll('[role=option]')].map((o) => o.textContent),
    status: document.querySelector('.zoekvak__status').textContent,
  };
}

function pageResults() {
  return {
    status: document.querySelector('.zoekpagina__status').textContent,
    titles: [...document.querySelectorAll('.zoekresultaat__titel a')].map((a) => a.getAttribute('href')),
    marks: [...document.querySelectorAll('.zoekresultaten mark')].map((m) => m.textContent),
    images: document.querySelectorAll('main img').length,
  };
}

test('search box in Chromium: lazy index, listbox, keyboard, marked target page', { skip }, async () => {
  const browser = await ww.launchChromium();
  try {
    const visit = await ww.openInChromium(browser, ww.pageUrl('index.html'));
    const page = visit.page;
    assert.deepEqual(visit.requests.filter((u) => /search-index\.js/.test(u)), [], 'index loaded before use');
    await page.focus('#zoekvak-invoer');
    await page.keyboard.type('leerlingbespreking');
    await page.waitForFunction(() => document.querySelectorAll('#zoekvak-resultaten [role=option]').length > 0);
    let st = await page.evaluate(optionsState);
    assert.equal(st.expanded, 'true');
    assert.equal(st.hidden, false);
    assert.ok(st.options.length <= 9);
    await page.waitForFunction(() => /\d+ resultaten?/.test(document.querySelector('.zoekvak__status').textContent));

    await page.keyboard.press('ArrowDown');
    st = await page.evaluate(optionsState);
    assert.equal(st.active, 'zoekvak-resultaten-0');
    assert.deepEqual(st.selected, ['zoekvak-resultaten-0']);
    await page.keyboard.press('ArrowUp');  // wraps to the last option
    st = await page.evaluate(optionsState);
    assert.equal(st.active, `zoekvak-resultaten-${st.options.length - 1}`);
    await page.keyboard.press('Escape');
    st = await page.evaluate(optionsState);
    assert.equal(st.expanded, 'false');
    assert.equal(st.hidden, true);
    assert.equal(st.active, null);

    await page.keyboard.press('ArrowDown');  // opens again
    await page.waitForFunction(() => !document.querySelector('#zoekvak-resultaten').hidden);
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.match(page.url(), /\?markeer=leerlingbespreking/);
    await page.waitForFunction(() => document.querySelectorAll('main mark.zoek-treffer').length > 0);
    const marks = await page.evaluate(() => [...document.querySelectorAll('main mark.zoek-treffer')].map((m) => m.textContent.toLowerCase()));
    // The word or its other spelling (leerlingenbespreking), as the results list marks it.
    assert.ok(marks.some((m) => /leerling(en)?bespreking/.test(m)), marks.join(', '));
    assert.deepEqual(visit.problems(), []);
    await visit.close();
  } finally {
    await browser.close();
  }
});

test('Enter without a chosen result opens the search page', { skip }, async () => {
  const browser = await ww.launchChromium();
  try {
    const visit = await ww.openInChromium(browser, ww.pageUrl('index.html'));
    await visit.page.focus('#zoekvak-invoer');
    await visit.page.keyboard.type('groepsplan');
    await Promise.all([visit.page.waitForNavigation(), visit.page.keyboard.press('Enter')]);
    assert.match(visit.page.url(), /zoeken\.html\?q=groepsplan$/);
    await visit.page.waitForFunction(() => document.querySelectorAll('.zoekresultaat').length > 0);
    assert.equal(await visit.page.inputValue('#zoekpagina-invoer'), 'groepsplan');
    assert.deepEqual(visit.problems(), []);
    await visit.close();
  } finally {
    await browser.close();
  }
});

test('search page in Chromium: ?q=, snippets with <mark>, compounds, no markup from the query', { skip }, async () => {
  const browser = await ww.launchChromium();
  try {
    const url = ww.pageUrl('zoeken.html');
    let visit = await ww.openInChromium(browser, `${url}?q=bespreking`);
    await visit.page.waitForFunction(() => document.querySelectorAll('.zoekresultaat').length > 0);
    let r = await visit.page.evaluate(pageResults);
    assert.match(r.status, /^\d+ resultaten?$/);
    assert.ok(r.marks.some((m) => /leerlingbespreking/i.test(m)), `compound part not marked: ${r.marks}`);
    assert.deepEqual(visit.problems(), []);
    await visit.close();

    visit = await ww.openInChromium(browser, `${url}?q=${encodeURIComponent('<img src=x onerror=alert(1)> groepsplan')}`);
    await visit.page.waitForFunction(() => document.querySelector('.zoekpagina__status').textContent !== '');
    r = await visit.page.evaluate(pageResults);
    assert.equal(r.images, 0);
    assert.deepEqual(visit.problems(), []);
    await visit.close();
  } finally {
    await browser.close();
  }
});

test('search page and box in Firefox', { skip }, async () => {
  const browser = await ww.launchFirefox();
  try {
    const visit = await ww.openInFirefox(browser, `${ww.pageUrl('zoeken.html')}?q=groepsplannen`);
    await visit.page.waitForFunction(() => document.querySelectorAll('.zoekresultaat').length > 0);
    const r = await visit.page.evaluate(pageResults);
    assert.ok(r.titles.length > 0);
    assert.ok(r.marks.some((m) => /groepsplan/i.test(m)));
    await visit.page.focus('#zoekvak-invoer');
    await visit.page.keyboard.type('leerl');
    await visit.page.waitForFunction(() => document.querySelectorAll('#zoekvak-resultaten [role=option]').length > 0);
    assert.deepEqual(visit.problems(), []);
    await visit.close();
  } finally {
    await browser.close();
  }
});
