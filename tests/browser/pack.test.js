'use strict';
// The offline pack (issue 8): `wegwijzer pack` writes one ZIP of the handbook; unpacked
// into a fresh temporary folder and opened by file:// in Chromium, its start page works
// with no network: the menu and the pager lead to other pages, the search finds a page
// and opens it, and a form keeps an answer across a reload.
//
// Needs the engine: WW_BIN (ctest passes the built binary), else <repo>/build/wegwijzer;
// the site it packs is WW_REPO (default: this repository). The ZIP is unpacked with
// python3's zipfile module (python3 comes with `make test-deps`).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { pathToFileURL } = require('node:url');
const ww = require('./lib/browsers');

const REPO = path.resolve(process.env.WW_REPO || ww.REPO);
const BIN = path.resolve(process.env.WW_BIN || path.join(REPO, 'build', 'wegwijzer'));

function skipReason() {
  if (fs.existsSync(BIN)) return false;
  const msg = `no wegwijzer binary at ${BIN}: build it with 'make build' (or set WW_BIN)`;
  if (process.env.WW_REQUIRE_SITE === '1') throw new Error(msg);
  return msg;
}
const skip = skipReason();

let tmp;
let unpacked;
let browser;

before(async () => {
  if (skip) return;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ww-pack-'));
  const zip = path.join(tmp, 'handboek.zip');
  const out = execFileSync(BIN, ['pack', '-s', REPO, '-d', path.join(tmp, 'gebouwd'), '-o', zip], { encoding: 'utf8' });
  assert.match(out, /handboek\.zip holds \d+ files/);
  // Unpacked somewhere else than where it was built, under a name with a space.
  unpacked = path.join(tmp, 'uitgepakt op usb');
  execFileSync('python3', ['-m', 'zipfile', '-e', zip, unpacked]);
  fs.rmSync(path.join(tmp, 'gebouwd'), { recursive: true, force: true });
  browser = await ww.launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function url(rel) {
  return pathToFileURL(path.join(unpacked, rel)).href;
}

// The page's path in the unpacked folder ("rol/index.html").
function relOf(page) {
  return path.relative(unpacked, decodeURIComponent(new URL(page.url()).pathname)).split(path.sep).join('/');
}

test('the ZIP has its start page at the root and every page of the site', { skip }, () => {
  assert.ok(fs.statSync(path.join(unpacked, 'index.html')).isFile(), 'index.html at the root of the ZIP');
  const pages = ww.listPages(unpacked);
  for (const p of ['zoeken.html', 'print.html', 'search-index.js', 'assets/style.css', 'assets/search.js',
    'assets/search-box.js', 'assets/search-page.js']) {
    assert.ok(fs.existsSync(path.join(unpacked, p)), `${p} is in the ZIP`);
  }
  assert.ok(pages.length >= 20, `only ${pages.length} pages in the ZIP`);
  console.log(`pack: ${pages.length} pages unpacked into ${unpacked}`);
});

test('unpacked by file://: the start page, the menu and the pager lead to other pages', { skip }, async () => {
  const visit = await ww.openInChromium(browser, url('index.html'), { viewport: { width: 1280, height: 900 } });
  const { page } = visit;
  try {
    assert.match(await page.title(), /Wegwijzer/);
    // The first item of the main menu: a section page.
    const first = page.locator('#site-nav a').nth(1);
    const label = (await first.textContent()).trim();
    await Promise.all([page.waitForNavigation(), first.click()]);
    const section = relOf(page);
    assert.match(section, /\/index\.html$/, `the menu item "${label}" led to ${section}`);
    assert.equal((await page.locator('h1').first().textContent()).trim(), label);
    // On a section page the pager's "Volgende" leads on in reading order.
    const next = page.locator('a[rel="next"]');
    const nextTitle = (await next.locator('.pager__title').textContent()).trim();
    await Promise.all([page.waitForNavigation(), next.click()]);
    assert.notEqual(relOf(page), section);
    assert.equal((await page.locator('h1').first().textContent()).trim(), nextTitle);
    // Breadcrumbs lead back home.
    await Promise.all([page.waitForNavigation(), page.locator('.breadcrumbs a').first().click()]);
    assert.equal(relOf(page), 'index.html');
    assert.deepEqual(visit.problems(), [], 'console errors, page errors or network requests');
  } finally {
    await visit.close();
  }
});

test('unpacked by file://: the search finds a page and opens it', { skip }, async () => {
  const visit = await ww.openInChromium(browser, url('index.html'));
  const { page } = visit;
  try {
    await page.focus('#zoekvak-invoer');
    await page.keyboard.type('leerlingbespreking');
    await page.waitForFunction(() => document.querySelectorAll('#zoekvak-resultaten [role=option]').length > 0);
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.notEqual(relOf(page), 'index.html');
    await page.waitForFunction(() => document.querySelectorAll('main mark.zoek-treffer').length > 0);
    // The search page answers ?q= too.
    await page.goto(`${url('zoeken.html')}?q=groepsplan`);
    await page.waitForFunction(() => document.querySelectorAll('.zoekresultaat').length > 0);
    assert.deepEqual(visit.problems(), [], 'console errors, page errors or network requests');
  } finally {
    await visit.close();
  }
});

test('unpacked by file://: a form keeps its answers across a reload', { skip }, async () => {
  const form = ww.listPages(unpacked).find((p) => /data-ww-form/.test(ww.pageSource(p, unpacked)));
  assert.ok(form, 'no page with a form in the ZIP');
  const visit = await ww.openInChromium(browser, url(form));
  const { page } = visit;
  try {
    await page.waitForSelector('.ww-panel');
    // The form's first free-text field and its first choice (controls are named after the form's id).
    const fid = await page.getAttribute('[data-ww-form]', 'data-ww-form');
    const text = page.locator(`input[type="text"][id^="ww-${fid}-"], textarea[id^="ww-${fid}-"]`).first();
    const choice = page.locator(`input[type="radio"][id^="ww-${fid}-"], input[type="checkbox"][id^="ww-${fid}-"]`).first();
    const id = await choice.getAttribute('id');
    await text.fill('Besproken met de directeur, 12 maart');
    await choice.check();
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('.ww-panel');
    assert.equal(await text.inputValue(), 'Besproken met de directeur, 12 maart');
    assert.equal(await page.locator(`[id="${id}"]`).isChecked(), true);
    assert.deepEqual(visit.problems(), [], 'console errors, page errors or network requests');
  } finally {
    await visit.close();
  }
});
