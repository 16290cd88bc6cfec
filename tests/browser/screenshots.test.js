'use strict';
// Screenshots for people to look at: the home page, a long content page, a form page
// and the calculator page (the first pages whose HTML holds data-ww-form and
// data-ww-calculator; skipped when there is none), at phone (390×844) and desktop
// (1280×900) size, light and dark, plus each page's print view as a PDF.
// Written to tests/browser/out/screenshots/ (not committed). Fails only when a page
// cannot be opened or rendered.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const ww = require('./lib/browsers');

const skip = ww.skipReason() || false;
const SIZES = [{ width: 390, height: 844 }, { width: 1280, height: 900 }];
const SCHEMES = ['light', 'dark'];

test('screenshots of the sample pages', { skip }, async (t) => {
  const site = ww.siteDir();
  const s = ww.samplePages(ww.listPages(site), site);
  const dir = path.join(ww.outDir(), 'screenshots');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const browser = await ww.launchChromium();
  const written = [];
  try {
    const kinds = [
      ['home', s.home, 'no home page'],
      ['long', s.long, 'no content page besides home'],
      ['form', s.form, 'no page with data-ww-form'],
      ['calculator', s.calculator, 'no page with data-ww-calculator'],
    ];
    for (const [kind, rel, why] of kinds) {
      await t.test(`${kind}${rel ? `: ${rel}` : ''}`, { skip: rel ? false : why }, async () => {
        for (const scheme of SCHEMES) {
          for (const vp of SIZES) {
            const visit = await ww.openInChromium(browser, ww.pageUrl(rel, site), {
              viewport: vp, colorScheme: scheme, reducedMotion: 'reduce',
            });
            try {
              const file = path.join(dir, `${kind}-${vp.width}x${vp.height}-${scheme}.png`);
              await visit.page.screenshot({ path: file, fullPage: true });
              written.push(file);
            } finally {
              await visit.close();
            }
          }
        }
        const visit = await ww.openInChromium(browser, ww.pageUrl(rel, site), { media: 'print' });
        try {
          const file = path.join(dir, `${kind}-print.pdf`);
          await visit.page.pdf({ path: file, format: 'A4', printBackground: true });
          written.push(file);
        } finally {
          await visit.close();
        }
      });
    }
  } finally {
    await browser.close();
  }
  for (const f of written) assert.ok(fs.statSync(f).size > 0, `${f} is empty`);
  console.log(`screenshots: ${written.length} files written to ${dir}`);
});
