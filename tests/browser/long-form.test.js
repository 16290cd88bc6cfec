'use strict';
// Long forms on a phone (issue 20): the compact bar of forms-panel.js keeps progress,
// Exporteren, Afdrukken and a way back to the panel in view while the reader fills in
// the longest form of the site; it never covers the field that has focus (WCAG 2.2,
// 2.4.11 "focus not obscured"); the two red "wissen" buttons are on a row of their own,
// away from Exporteren; the moment's name fits its field. Also the sub-items of a
// heading item keep its opening clause in the kans picker (plugins/form.lua).

const { test } = require('node:test');
const assert = require('node:assert/strict');
const ww = require('./lib/browsers');

const skip = ww.skipReason() || false;
const PHONE = { width: 390, height: 844 };

// The form page with the most scored items: the one a reader scrolls through longest.
function longestForm(site) {
  let best = null;
  let most = -1;
  for (const p of ww.layoutPages(ww.listPages(site), site)) {
    const html = ww.pageSource(p, site);
    if (!html.includes('data-ww-form')) continue;
    const n = (html.match(/data-ww-field="(score|done)"/g) || []).length;
    if (n > most) { most = n; best = p; }
  }
  return best;
}

function overlap(a, b) {
  return a.bottom > b.top && a.top < b.bottom && a.right > b.left && a.left < b.right;
}

test('the bar of a long form: in view while filling in, never over the focused field', { skip }, async () => {
  const site = ww.siteDir();
  const rel = longestForm(site);
  assert.ok(rel, 'no page with a form');
  const browser = await ww.launchChromium();
  try {
    const visit = await ww.openInChromium(browser, ww.pageUrl(rel, site), { viewport: PHONE, reducedMotion: 'reduce' });
    const { page } = visit;
    const base = await page.$eval('[data-ww-form]', (e) => e.id);
    const bar = `#${base}-bar`;
    await page.waitForSelector(`#${base}-panel:not([hidden])`);
    await page.$eval(`#${base}-panel`, (e) => e.scrollIntoView());
    await page.waitForSelector(bar, { state: 'hidden' });  // the panel's own buttons are in view

    // Far down the page: the bar is on the screen, with the panel's progress.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height > 4 * PHONE.height, `${rel} is only ${height} px long`);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
    await page.waitForSelector(bar, { state: 'visible' });
    let box = await page.$eval(bar, (e) => e.getBoundingClientRect().toJSON());
    assert.ok(box.top >= 0 && box.bottom <= PHONE.height + 1, `the bar is not on the screen: ${JSON.stringify(box)}`);
    for (const id of ['bar-export', 'bar-print']) assert.ok(await page.isVisible(`#${base}-${id}`), `${id} not shown`);

    // Scoring an item on screen updates the bar's progress as the panel's.
    const before = await page.textContent(`#${base}-bar-progress`);
    const option = await page.evaluateHandle(() => [...document.querySelectorAll('.rating__option input, .check-item input')]
      .find((i) => { const r = i.closest('label').getBoundingClientRect(); return r.top > 100 && r.bottom < 500; }));
    await option.asElement().evaluate((i) => i.closest('label').click());
    await page.waitForFunction(([b, old]) => document.querySelector(`#${b}-bar-progress`).textContent !== old,
      [base, before]);
    const after = await page.textContent(`#${base}-bar-progress`);
    assert.notEqual(after, before);
    assert.equal(after, await page.textContent(`#${base}-progress`));

    // Tab through twenty controls: none of them ends up under the bar.
    await page.focus(`#${base}-bar-export`);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 3));
    const start = await page.evaluateHandle(() => [...document.querySelectorAll('textarea, .rating__option input, .check-item input')]
      .find((e) => e.closest('label, .ww-note').getBoundingClientRect().top > 200));
    await start.asElement().focus();
    const covered = [];
    for (let k = 0; k < 20; k++) {
      await page.keyboard.press('Tab');
      const r = await page.evaluate((sel) => {
        const a = document.activeElement;
        const b = document.querySelector(sel);
        if (!a || b.hidden || b.contains(a)) return null;
        const t = (a.closest('label') || a).getBoundingClientRect();
        return { what: a.id || a.tagName, el: t.toJSON(), bar: b.getBoundingClientRect().toJSON() };
      }, bar);
      if (r && overlap(r.el, r.bar)) covered.push(`${r.what} at ${Math.round(r.el.top)}–${Math.round(r.el.bottom)}, bar from ${Math.round(r.bar.top)}`);
    }
    assert.deepEqual(covered, [], 'focused fields under the bar');

    // "Naar boven" leads back to the panel with all its tools.
    await page.click(`${bar} .ww-bar__top`);
    await page.waitForFunction((b) => {
      const r = document.getElementById(`${b}-panel`).getBoundingClientRect();
      return r.top < window.innerHeight && r.bottom > 0;
    }, base);
    box = await page.$eval(`#${base}-panel`, (e) => e.getBoundingClientRect().toJSON());
    assert.ok(box.top < PHONE.height, 'the panel is not in view after Naar boven');

    // The red buttons are on a row of their own, not beside Exporteren.
    const rows = await page.evaluate((b) => ['export', 'reset', 'clear-all'].map((id) =>
      document.getElementById(`${b}-${id}`).closest('.button-row').className), base);
    assert.notEqual(rows[1], rows[0], 'Formulier wissen is beside Exporteren');
    assert.notEqual(rows[2], rows[0], 'Alles wissen is beside Exporteren');
    assert.deepEqual(visit.problems(), []);
    await visit.close();

    // Every moment's name fits the moment field (it was cut to "Oriënterend gespre").
    for (const p of ww.layoutPages(ww.listPages(site), site)) {
      if (!ww.pageSource(p, site).includes('data-ww-form')) continue;
      for (const vp of [PHONE, { width: 1280, height: 900 }]) {
        const v = await ww.openInChromium(browser, ww.pageUrl(p, site), { viewport: vp });
        const cut = await v.page.evaluate(() => {
          const out = [];
          for (const sel of document.querySelectorAll('.ww-panel__fields select')) {
            const span = document.createElement('span');
            span.style.font = getComputedStyle(sel).font;
            span.style.position = 'absolute';
            span.style.whiteSpace = 'nowrap';
            document.body.appendChild(span);
            for (const o of sel.options) {
              span.textContent = o.textContent;
              // the text plus the arrow and the padding of a select
              if (span.getBoundingClientRect().width + 36 > sel.clientWidth) out.push(`${sel.id}: ${o.textContent}`);
            }
            span.remove();
          }
          return out;
        });
        assert.deepEqual(cut, [], `${p} at ${vp.width} px: moment names cut off`);
        await v.close();
      }
    }
  } finally {
    await browser.close();
  }
});

test('a sub-item keeps its opening clause in the kans picker', { skip }, async () => {
  const site = ww.siteDir();
  const page = ww.layoutPages(ww.listPages(site), site).find((p) => ww.pageSource(p, site).includes('data-ww-field="kans-item"'));
  if (!page) return;
  const html = ww.pageSource(page, site);
  const def = JSON.parse(html.match(/<script type="application\/json" id="[^"]*-def">([\s\S]*?)<\/script>/)[1]);
  const subs = def.items.filter((it) => it.parent);
  assert.ok(subs.length > 0, `${page}: no sub-items`);
  for (const it of subs) {
    assert.ok(it.lead, `${it.id} has no lead`);
    const option = html.match(new RegExp(`<option value="${it.id}">([^<]*)</option>`));
    assert.ok(option, `${it.id} is not in the kans picker`);
    const firstWords = it.lead.split(/\s+/).slice(0, 4).join(' ');
    assert.ok(option[1].startsWith(firstWords), `${it.id}: "${option[1]}" does not start with "${firstWords}"`);
  }
});

test('comparing two moments on a wide screen: the overview table shows every column, Verschil too', { skip }, async () => {
  const site = ww.siteDir();
  const forms = ww.layoutPages(ww.listPages(site), site).filter((p) => ww.pageSource(p, site).includes('data-ww-form'));
  const browser = await ww.launchChromium();
  try {
    for (const rel of forms) for (const vp of [{ width: 1280, height: 900 }, PHONE]) {
      const visit = await ww.openInChromium(browser, ww.pageUrl(rel, site), { viewport: vp });
      const { page } = visit;
      const base = await page.$eval('[data-ww-form]', (e) => e.id);
      // A second moment to compare with: the moment field offers the form's moments.
      const other = await page.$eval(`#${base}-moment`, (sel) => [...sel.options].map((o) => o.value).find((v) => v && v !== sel.value));
      if (!other) { await visit.close(); continue; }  // a form with one moment compares nothing
      const first = await page.$eval(`#${base}-moment`, (sel) => sel.value);
      await page.selectOption(`#${base}-moment`, other);
      await page.selectOption(`#${base}-compare`, first);
      await page.waitForFunction((b) => [...document.querySelectorAll(`#${b}-results thead th`)]
        .some((th) => th.textContent === 'Verschil'), base);
      const r = await page.$eval(`#${base}-results .ww-results__table-wrap`, (w) => {
        const last = [...w.querySelectorAll('thead th')].pop();
        const cells = [...w.querySelectorAll('tbody td')];
        return {
          scroll: w.scrollWidth, width: w.clientWidth, head: last.textContent,
          cut: cells.filter((c) => c.getBoundingClientRect().right > w.getBoundingClientRect().right + 1).length,
        };
      });
      assert.equal(r.head, 'Verschil');
      assert.ok(r.scroll <= r.width + 1, `${rel} at ${vp.width} px: the table scrolls sideways (${r.scroll} px in ${r.width} px)`);
      assert.equal(r.cut, 0, `${rel} at ${vp.width} px: ${r.cut} cells are cut off`);
      assert.deepEqual(visit.problems(), []);
      await visit.close();
    }
  } finally {
    await browser.close();
  }
});
