'use strict';
// Phones (issue 20): no page of the built site scrolls sideways at 320, 360 and 390 px,
// and nothing on it hides what matters in a box that scrolls sideways (a table
// whose numbers are out of sight, a chart cut off at the right). Checked on
// every page in the site's layout and every print edition (print.html,
// print-SECTION.html), as the page opens; and the page's width again, where the
// page has them, with the header search list open, with the Menu open, and with
// a form's confirmation dialog open.
//
// A box "scrolls sideways" when its overflow-x is auto or scroll and its content
// is wider than the box; the page scrolls sideways when the document is wider
// than the screen. Both are measured in Chromium; the search list and the menu
// are opened as a reader would (typing, pressing the button).

const { test } = require('node:test');
const assert = require('node:assert/strict');
const ww = require('./lib/browsers');

const skip = ww.skipReason() || false;
const JOBS = Number(process.env.WW_JOBS || 2);
const WIDTHS = [320, 360, 390];

// What is wider than the screen, and which boxes scroll sideways: at most a
// few of each, named so that a failure says where to look.
function measure() {
  const W = document.documentElement.clientWidth;
  const name = (e) => {
    const cls = typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : '';
    return `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${cls}`;
  };
  const scrolling = [];
  for (const e of document.querySelectorAll('body *')) {
    const cs = getComputedStyle(e);
    if (!/(auto|scroll)/.test(cs.overflowX) || e.clientWidth === 0) continue;
    if (e.scrollWidth > e.clientWidth + 1) scrolling.push(`${name(e)} (${e.scrollWidth} px in ${e.clientWidth} px)`);
  }
  let widest = null;
  if (document.documentElement.scrollWidth > W) {
    for (const e of document.querySelectorAll('body *')) {
      const r = e.getBoundingClientRect();
      if (r.width > 0 && r.right > W + 0.5 && (!widest || r.right > widest.right)) {
        widest = { what: name(e), right: Math.round(r.right) };
      }
    }
  }
  return { page: document.documentElement.scrollWidth, screen: W, widest, scrolling: scrolling.slice(0, 5) };
}

function problemsOf(m, where, boxes = true) {
  const out = [];
  if (m.page > m.screen) {
    out.push(`${where}: the page is ${m.page} px wide on a ${m.screen} px screen` +
      (m.widest ? ` (${m.widest.what} ends at ${m.widest.right} px)` : ''));
  }
  if (boxes) for (const s of m.scrolling) out.push(`${where}: scrolls sideways: ${s}`);
  return out;
}

test('no page scrolls sideways on a phone, with the search list, menu or a dialog open', { skip }, async () => {
  const site = ww.siteDir();
  const all = ww.listPages(site);
  const layout = ww.layoutPages(all, site);
  const prints = all.filter((p) => !layout.includes(p) && !ww.isRedirectPage(ww.pageSource(p, site)));
  const pages = layout.concat(prints);
  assert.ok(layout.length > 0, `no page in the site's layout in ${site}`);
  const jobs = [];
  for (const width of WIDTHS) for (const rel of pages) jobs.push({ width, rel });
  const browser = await ww.launchChromium();
  const problems = [];
  const opened = { search: 0, menu: 0, dialog: 0 };
  try {
    await ww.mapLimit(jobs, JOBS, async ({ width, rel }) => {
      const visit = await ww.openInChromium(browser, ww.pageUrl(rel, site), {
        viewport: { width, height: 800 }, reducedMotion: 'reduce', locale: 'nl-NL',
      });
      const page = visit.page;
      const at = `${rel} at ${width} px`;
      try {
        problems.push(...problemsOf(await page.evaluate(measure), at));
        // The header search list, filled by a query that finds many pages.
        if (await page.$('#zoekvak-invoer')) {
          await page.fill('#zoekvak-invoer', 'leerling');
          await page.waitForFunction(() => document.querySelectorAll('#zoekvak-resultaten [role=option]').length > 0);
          opened.search++;
          problems.push(...problemsOf(await page.evaluate(measure), `${at}, search list open`, false));
          await page.keyboard.press('Escape');
        }
        // The Menu button (phones only).
        const menu = await page.$('.nav-toggle');
        if (menu && await menu.isVisible()) {
          await menu.click();
          opened.menu++;
          problems.push(...problemsOf(await page.evaluate(measure), `${at}, menu open`, false));
          await menu.click();
        }
        // A form's confirmation dialog (Formulier wissen asks first).
        const reset = await page.$('[id$="-reset"].button');
        if (reset && await reset.isVisible()) {
          await reset.click();
          await page.waitForSelector('dialog[open]');
          opened.dialog++;
          problems.push(...problemsOf(await page.evaluate(measure), `${at}, dialog open`, false));
          await page.keyboard.press('Escape');
        }
        for (const p of visit.problems()) problems.push(`${at}: ${p}`);
      } finally {
        await visit.close();
      }
    });
  } finally {
    await browser.close();
  }
  console.log(`narrow: ${pages.length} pages at ${WIDTHS.join(', ')} px; search list opened ${opened.search}×, ` +
    `menu ${opened.menu}×, dialog ${opened.dialog}×; ${problems.length} problems`);
  // The test must have seen what it claims to check.
  if (ww.pageSource('index.html', site).includes('id="zoekvak-invoer"')) assert.ok(opened.search > 0, 'no search list opened');
  if (pages.some((p) => ww.pageSource(p, site).includes('data-ww-form'))) assert.ok(opened.dialog > 0, 'no dialog opened');
  problems.sort();
  assert.deepEqual(problems.slice(0, 60), [], `${problems.length} problems`);
});
