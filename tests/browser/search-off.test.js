'use strict';
// A site may turn search off (site.toml: [search] enabled = false), and the
// sitemap ([sitemap] enabled = false; the feed too, but the handbook links to
// its feed, and such a link is an error then: tests/unit/build_test.cpp).
// This test builds the handbook so, opens its pages from file:// in Chromium and checks what a
// reader meets: no search box and no search script on any page, a search page
// that says search is off, nothing that tries to load a missing index, and
// still no axe-core violation and a keyboard path from the skip link.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const ww = require('./lib/browsers');

const repo = process.env.WW_REPO || path.join(__dirname, '..', '..');
const bin = process.env.WW_BIN || path.join(repo, 'build', 'wegwijzer');
const skip = ww.skipReason() || (fs.existsSync(bin) ? false : `no wegwijzer binary at ${bin} (set WW_BIN)`);
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

function buildWithout(tmp) {
  const site = path.join(tmp, 'site-src');
  fs.mkdirSync(site);
  fs.cpSync(path.join(repo, 'content'), path.join(site, 'content'), { recursive: true });
  // The handbook's own [search] and [sitemap] tables go (TOML allows a table once), then both off.
  const toml = fs.readFileSync(path.join(repo, 'site.toml'), 'utf8')
    .replace(/^\[(search|sitemap)\][^\n]*\n(?:(?!\[)[^\n]*\n)*/gm, '');
  fs.writeFileSync(path.join(site, 'site.toml'), toml + '\n[search]\nenabled = false\n\n[sitemap]\nenabled = false\n');
  const out = path.join(tmp, 'site');
  execFileSync(bin, ['build', '-q', '-s', site, '-d', out], { stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

test('a site without search and sitemap: no box, a plain message, nothing missing', { skip }, async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ww-search-off-'));
  const browser = await ww.launchChromium();
  try {
    const out = buildWithout(tmp);
    const files = fs.readdirSync(out);
    for (const f of files) assert.ok(!/^search-index/.test(f), `${f} was written although search is off`);
    assert.ok(files.includes('feed.xml'), 'feed.xml is missing although [feed] is on');
    assert.ok(!files.includes('sitemap.xml'), 'sitemap.xml was written although [sitemap] is off');

    const pages = ww.listPages(out).filter((p) => !ww.isRedirectPage(ww.pageSource(p, out)));
    assert.ok(pages.length >= 20, `only ${pages.length} pages`);
    for (const rel of pages) {
      const html = ww.pageSource(rel, out);
      assert.ok(!html.includes('data-zoekvak'), `${rel} still has a search box`);
      assert.ok(!html.includes('search.js'), `${rel} still loads search.js`);
      // nor the widgets beside it (search-box.js, search-page.js, …)
      const widget = html.match(/assets\/search-[\w-]+\.js/);
      assert.ok(!widget, `${rel} still loads ${widget}`);
    }

    const axe = ww.axeSource();
    for (const rel of ['index.html', 'zoeken.html']) {
      const visit = await ww.openInChromium(browser, ww.pageUrl(rel, out), { bypassCSP: true });
      try {
        const page = visit.page;
        if (rel === 'zoeken.html') {
          const note = await page.locator('.zoekpagina__uit').innerText();
          assert.match(note, /Zoeken staat uit op deze site/);
          assert.equal(await page.locator('input[type="search"]').count(), 0);
        }
        // The header still works without the box: skip link first, then the brand.
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement.className), 'site-brand');
        // (before axe-core, whose own reads of the style sheets file:// refuses)
        assert.deepEqual(visit.problems(), [], `${rel}: requests and errors`);
        await page.addScriptTag({ content: axe });
        const violations = await page.evaluate(async (tags) => {
          const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
          return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        }, TAGS);
        assert.deepEqual(violations, [], `${rel}: axe-core`);
      } finally {
        await visit.close();
      }
    }
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
