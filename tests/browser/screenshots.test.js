'use strict';
// Screenshots for people to look at (issue 10): the home page, the longest page of text,
// the first page with a form (data-ww-form) and the first with the calculator
// (data-ww-calculator), each at phone (390×844) and desktop (1280×900) width, light and
// dark, full page; and each page's print view (print media emulated, A4 width) as a PNG.
// Written to $WW_SCREENSHOTS (ctest: <build>/screenshots), else tests/browser/out/screenshots;
// the last line says where ("screenshots in …").
//
// Besides making pictures it fails when a page cannot be opened, logs an error or a
// network request, or is wider than the screen (the reader would have to scroll sideways).

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const ww = require('./lib/browsers');

const skip = ww.skipReason() || false;
const SIZES = [{ width: 390, height: 844 }, { width: 1280, height: 900 }];
const SCHEMES = ['light', 'dark'];
const A4 = { width: 794, height: 1123 };  // 210 × 297 mm at 96 px per inch

function outDir() {
  return process.env.WW_SCREENSHOTS ? path.resolve(process.env.WW_SCREENSHOTS) : path.join(ww.outDir(), 'screenshots');
}

test('screenshots of the sample pages', { skip }, async (t) => {
  const site = ww.siteDir();
  const s = ww.samplePages(ww.listPages(site), site);
  // The longest page of plain text: forms and the calculator have pictures of their own.
  let longest = -1;
  for (const p of ww.layoutPages(ww.listPages(site), site)) {
    const html = ww.pageSource(p, site);
    if (p === s.home || /data-ww-(form|calculator)/.test(html)) continue;
    const m = html.match(/<main[\s\S]*<\/main>/i);
    const size = (m ? m[0] : html).replace(/<[^>]*>/g, '').length;
    if (size > longest) { longest = size; s.long = p; }
  }
  const dir = outDir();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const browser = await ww.launchChromium();
  const written = [];
  const kinds = [
    ['home', s.home, 'no home page'],
    ['long', s.long, 'no content page besides home'],
    ['form', s.form, 'no page with data-ww-form'],
    ['calculator', s.calculator, 'no page with data-ww-calculator'],
  ];
  try {
    for (const [kind, rel, why] of kinds) {
      await t.test(`${kind}${rel ? `: ${rel}` : ''}`, { skip: rel ? false : why }, async () => {
        const shots = [];
        for (const scheme of SCHEMES) {
          for (const vp of SIZES) shots.push({ scheme, vp, file: `${kind}-${vp.width}-${scheme}.png` });
        }
        shots.push({ scheme: 'light', vp: A4, media: 'print', file: `${kind}-print.png` });
        for (const shot of shots) {
          const visit = await ww.openInChromium(browser, ww.pageUrl(rel, site), {
            viewport: shot.vp, colorScheme: shot.scheme, reducedMotion: 'reduce', media: shot.media, locale: 'nl-NL',
          });
          try {
            const width = await visit.page.evaluate(() => document.documentElement.scrollWidth);
            assert.ok(width <= shot.vp.width, `${shot.file}: the page is ${width} px wide on a ${shot.vp.width} px screen`);
            const file = path.join(dir, shot.file);
            await visit.page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
            written.push(file);
            assert.deepEqual(visit.problems(), [], `${shot.file}: console errors, page errors or network requests`);
          } finally {
            await visit.close();
          }
        }
      });
    }
  } finally {
    await browser.close();
  }
  for (const f of written) assert.ok(fs.statSync(f).size > 0, `${f} is empty`);
  console.log(`screenshots: ${written.length} pictures of ${kinds.filter((k) => k[1]).length} pages`);
  console.log(`screenshots in ${dir}`);
});
