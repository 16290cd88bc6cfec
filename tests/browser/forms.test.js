'use strict';
// The interactive forms (plugins/form.lua + assets/forms*.js) in real browsers, opened
// by file:// from the built site: fill every form, reload and find the answers and
// averages again, switch and compare moments, export (the download), wipe, import with
// the in-page confirmation, print to PDF, storage refused, "Alles wissen", answers to
// items that left the page, the advice of the success indicators, the action points of
// the quality card, keyboard use, the page without JavaScript, axe-core with answers
// filled in, and one form in Firefox.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const ww = require('./lib/browsers');

const skip = ww.skipReason() || false;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// The form pages of the handbook, by form id.
const FORMS = {
  'c1-competenties': { page: '1-zorgroute/c1-competenties.html', type: 'scale', groups: 6, scored: 30 },
  'ib-competenties': { page: 'rol/competenties.html', type: 'scale', groups: 4, scored: 38 },
  'kwaliteitskaart-ogw': { page: 'kwaliteitskaart/kaart.html', type: 'scale', groups: 13, scored: 66 },
  succesindicatoren: { page: '1-zorgroute/succesindicatoren.html', type: 'scale', groups: 1, scored: 20 },
  startchecklist: { page: 'starten/checklist.html', type: 'checklist', groups: 6, scored: 20 },
};

let browser;
const tmp = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'ww-forms-'));

before(async () => {
  if (!skip) browser = await ww.launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function url(id) {
  return ww.pageUrl(FORMS[id].page);
}

function assertClean(visit, what) {
  assert.deepEqual(visit.problems(), [], `${what}: console errors, page errors or network requests`);
}

// The form's definition as the plugin wrote it.
async function definition(page) {
  return page.evaluate(() => {
    const root = document.querySelector('[data-ww-form]');
    return JSON.parse(document.getElementById(`${root.id}-def`).textContent);
  });
}

function scoredItems(def) {
  const items = Array.isArray(def.items) ? def.items : [];
  return items.filter((it) => !it.heading);
}

// A deterministic score for item i on a scale of n: spreads over 1..n.
function pick(i, n, shift = 0) {
  return ((i * 7 + shift) % n) + 1;
}

// Ticks, in the page, what `answers` says: {itemId: score} (scale) or {itemId: true}.
async function fill(page, def, answers) {
  await page.evaluate(({ base, answers, type }) => {
    for (const [id, v] of Object.entries(answers)) {
      if (type === 'scale') document.getElementById(`${base}-${id}-${v}`).click();
      else {
        const box = document.getElementById(`${base}-${id}-done`);
        if (box.checked !== v) box.click();
      }
    }
  }, { base: `ww-${def.id}`, answers, type: def.type });
}

// What the page's controls show now, in the same shape.
async function shown(page, def) {
  return page.evaluate(({ base, ids, type }) => {
    const out = {};
    for (const id of ids) {
      if (type === 'scale') {
        const c = document.querySelector(`input[name="${base}-${id}"]:checked`);
        if (c) out[id] = Number(c.value);
      } else if (document.getElementById(`${base}-${id}-done`).checked) {
        out[id] = true;
      }
    }
    return out;
  }, { base: `ww-${def.id}`, ids: scoredItems(def).map((it) => it.id), type: def.type });
}

// The results table: {rowLabel: [cells…]} with the total under "Totaal".
async function resultsTable(page) {
  return page.evaluate(() => {
    const out = {};
    for (const tr of document.querySelectorAll('.ww-results__table tr')) {
      const th = tr.querySelector('th[scope="row"]');
      if (!th) continue;
      out[th.textContent.trim()] = [...tr.querySelectorAll('td')].map((td) => td.textContent.trim());
    }
    return out;
  });
}

function nl(n) {
  return n.toFixed(1).replace('.', ',');
}

// Expected averages per group title and overall for {itemId: score}.
function averages(def, answers) {
  const per = {};
  let sum = 0;
  let n = 0;
  for (const it of scoredItems(def)) {
    const v = answers[it.id];
    if (!v) continue;
    const g = (def.groups || []).find((x) => x.id === it.group);
    per[g.title] = per[g.title] || { sum: 0, n: 0 };
    per[g.title].sum += v;
    per[g.title].n++;
    sum += v;
    n++;
  }
  const out = {};
  for (const [k, v] of Object.entries(per)) out[k] = nl(v.sum / v.n);
  out.Totaal = n ? nl(sum / n) : '–';
  return out;
}

async function open(id, options = {}) {
  const visit = await ww.openInChromium(browser, url(id), options);
  await visit.page.waitForSelector('.ww-panel');
  return visit;
}

async function reload(page) {
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('.ww-panel');
}

async function runAxe(page) {
  // Evaluated over the DevTools protocol, which the page's CSP (script-src 'self')
  // does not govern, so the forms run under their real CSP while axe looks.
  await page.evaluate(ww.axeSource());
  return page.evaluate(async (tags) => {
    // preload: false keeps axe from fetching the stylesheets again, which the CSP refuses.
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, preload: false });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, TAGS);
}

// Starts a download with `action` and returns its saved path and parsed JSON.
async function download(page, action, name) {
  const [dl] = await Promise.all([page.waitForEvent('download'), action()]);
  const file = path.join(tmp, name || dl.suggestedFilename());
  await dl.saveAs(file);
  return { file, name: dl.suggestedFilename(), json: JSON.parse(fs.readFileSync(file, 'utf8')) };
}

async function chooseImport(page, file) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('.ww-panel button[id$="-import"]')]);
  await chooser.setFiles(file);
}

let summary = { filled: 0, reloaded: 0, axe: 0 };

test('every form page: fill every item, reload, answers and averages are restored; axe-core clean when filled', { skip }, async () => {
  for (const [id, f] of Object.entries(FORMS)) {
    const visit = await open(id, { bypassCSP: false });
    const { page } = visit;
    try {
      const def = await definition(page);
      assert.equal(def.id, id);
      assert.equal(def.type, f.type, `${id}: type`);
      assert.equal((def.groups || []).length, f.groups, `${id}: groups`);
      const items = scoredItems(def);
      assert.equal(items.length, f.scored, `${id}: scored items`);
      assert.equal(new Set(items.map((it) => it.id)).size, items.length, `${id}: item ids are unique`);

      const answers = {};
      items.forEach((it, i) => {
        if (f.type === 'scale') answers[it.id] = pick(i, def.scale.length);
        else if (i % 3 !== 1) answers[it.id] = true;
      });
      await fill(page, def, answers);
      if (def.name_field) await page.fill(`#ww-${id}-name`, 'Anna de Vries');
      if (def.note) await page.fill(`#ww-${id}-${items[0].id}-note`, 'Staat in de <b>map</b> van de IB');
      if (def.action) await page.check(`#ww-${id}-${items[2].id}-action`);
      if (def.reflection) {
        await page.fill(`#ww-${id}-kracht`, 'Gesprekken voeren met ouders.');
        await page.selectOption(`#ww-${id}-kans-1-item`, items[1].id);
        await page.fill(`#ww-${id}-kans-2-text`, 'Data-analyse');
        await page.check(`#ww-${id}-leervraag-2`);
        await page.fill(`#ww-${id}-leervraag`, 'Hoe analyseer ik toetsgegevens met het team?');
      }
      summary.filled++;
      assert.deepEqual(await shown(page, def), answers, `${id}: answers shown before reload`);

      await reload(page);
      assert.deepEqual(await shown(page, def), answers, `${id}: answers restored after reload`);
      summary.reloaded++;
      if (def.name_field) assert.equal(await page.inputValue(`#ww-${id}-name`), 'Anna de Vries');
      if (def.note) {
        assert.equal(await page.inputValue(`#ww-${id}-${items[0].id}-note`), 'Staat in de <b>map</b> van de IB');
        // User text is text: the note's mirror for print holds it as text, never as markup.
        const mirror = await page.$eval(`[data-ww-mirror="ww-${id}-${items[0].id}-note"]`, (e) => ({
          text: e.textContent, html: e.innerHTML,
        }));
        assert.match(mirror.text, /<b>map<\/b>/);
        assert.ok(!/<b>/.test(mirror.html), 'note must not become HTML');
      }
      if (def.action) assert.equal(await page.isChecked(`#ww-${id}-${items[2].id}-action`), true);
      if (def.reflection) {
        assert.equal(await page.inputValue(`#ww-${id}-kracht`), 'Gesprekken voeren met ouders.');
        assert.equal(await page.inputValue(`#ww-${id}-kans-1-item`), items[1].id);
        assert.equal(await page.inputValue(`#ww-${id}-kans-2-text`), 'Data-analyse');
        assert.equal(await page.isChecked(`#ww-${id}-leervraag-2`), true);
        const point = await page.$eval(`#ww-${id}-leervraag-2`, (e) => e.closest('label').textContent);
        assert.match(point, /Data-analyse/, 'the leervraag choice names the development point');
      }

      const progress = await page.textContent(`#ww-${id}-progress`);
      assert.match(progress, new RegExp(`^${Object.keys(answers).length} van ${items.length} `), `${id}: progress`);
      const table = await resultsTable(page);
      if (f.type === 'scale') {
        const want = averages(def, answers);
        for (const [title, avg] of Object.entries(want)) {
          assert.ok(table[title], `${id}: results row for ${title}`);
          assert.equal(table[title][0], avg, `${id}: average of ${title}`);
        }
        assert.equal(table.Totaal[1], `${items.length} van ${items.length}`);
      } else {
        const done = Object.keys(answers).length;
        assert.equal(table.Totaal[0], `${done}/${items.length} (${Math.round((100 * done) / items.length)}%)`);
      }
      // The chart: one bar per group, an accessible name, and the table beside it.
      const chart = await page.$eval('.ww-chart svg', (s) => ({
        bars: s.querySelectorAll('rect.chart__bar--1').length,
        role: s.getAttribute('role'),
        title: s.querySelector('title') && s.querySelector('title').textContent,
      }));
      assert.equal(chart.bars, f.groups, `${id}: one bar per group`);
      assert.equal(chart.role, 'img');
      assert.ok(chart.title);

      const violations = await runAxe(page);
      assert.deepEqual(violations, [], `${id}: axe-core violations with answers filled in`);
      await page.emulateMedia({ colorScheme: 'dark' });
      const dark = await page.evaluate(async (tags) => {
        const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, preload: false });
        return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      }, TAGS);
      assert.deepEqual(dark, [], `${id}: axe-core violations with answers filled in (dark)`);
      summary.axe++;
      assertClean(visit, id);
    } finally {
      await visit.close();
    }
  }
  console.log(`forms: ${summary.filled} forms filled, ${summary.reloaded} restored after reload, ${summary.axe} axe-clean`);
});

test('moments: a second moment is filled separately and compared in chart and table', { skip }, async () => {
  const id = 'c1-competenties';
  const visit = await open(id);
  const { page } = visit;
  try {
    const def = await definition(page);
    const items = scoredItems(def);
    const first = {};
    const second = {};
    items.forEach((it, i) => {
      first[it.id] = pick(i, 4);
      second[it.id] = Math.min(4, first[it.id] + 1);
    });
    await fill(page, def, first);
    const moments = await page.$$eval(`#ww-${id}-moment option`, (os) => os.map((o) => o.textContent));
    assert.deepEqual(moments, ['Begin schooljaar', 'Eind schooljaar']);
    await page.selectOption(`#ww-${id}-moment`, 'eind-schooljaar');
    assert.deepEqual(await shown(page, def), {}, 'a new moment starts empty');
    await page.fill(`#ww-${id}-date`, '2025-06-30');
    await fill(page, def, second);
    await page.selectOption(`#ww-${id}-compare`, 'begin-schooljaar');

    await reload(page);
    assert.equal(await page.inputValue(`#ww-${id}-moment`), 'eind-schooljaar');
    assert.equal(await page.inputValue(`#ww-${id}-date`), '2025-06-30');
    assert.deepEqual(await shown(page, def), second);
    const table = await resultsTable(page);
    const a2 = averages(def, second);
    const a1 = averages(def, first);
    assert.equal(table.Totaal[0], a2.Totaal);
    assert.equal(table.Totaal[2], a1.Totaal, 'the compared moment is in the table');
    assert.match(table.Totaal[3], /^[+−±]\d,\d$/, 'the difference is shown');
    const heads = await page.$$eval('.ww-results__table thead th', (ths) => ths.map((t) => t.textContent));
    assert.ok(heads.some((h) => /Eind schooljaar/.test(h)) && heads.some((h) => /Begin schooljaar/.test(h)));
    const bars2 = await page.$$eval('.ww-chart rect.chart__bar--2', (r) => r.length);
    assert.equal(bars2, def.groups.length, 'the compared moment is in the chart');
    const legend = await page.$$eval('.ww-chart .chart__legend li', (l) => l.map((x) => x.textContent));
    assert.deepEqual(legend, ['Eind schooljaar', 'Begin schooljaar']);

    await page.selectOption(`#ww-${id}-moment`, 'begin-schooljaar');
    assert.deepEqual(await shown(page, def), first, 'switching back shows the first moment');
    assertClean(visit, 'moments');
  } finally {
    await visit.close();
  }
});

test('export, wipe with confirmation, import with confirmation (and cancel, and wrong files)', { skip }, async () => {
  const id = 'kwaliteitskaart-ogw';
  const visit = await open(id);
  const { page } = visit;
  try {
    const def = await definition(page);
    const items = scoredItems(def);
    const answers = {};
    items.slice(0, 10).forEach((it, i) => { answers[it.id] = pick(i, 4); });
    await fill(page, def, answers);
    await page.fill(`#ww-${id}-${items[3].id}-note`, 'Bespreken in teamvergadering');
    await page.check(`#ww-${id}-${items[3].id}-action`);
    await page.fill(`#ww-${id}-name`, 'De Regenboog');

    const exp = await download(page, () => page.click(`#ww-${id}-export`));
    assert.match(exp.name, new RegExp(`^wegwijzer-${id}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
    const j = exp.json;
    assert.equal(j.format, 'wegwijzer-form');
    assert.equal(j.schema, 1);
    assert.equal(j.form, id);
    assert.equal(j.name, 'De Regenboog');
    assert.ok(j.exported);
    const m = j.moments.find((x) => x.id === j.current);
    for (const [iid, v] of Object.entries(answers)) assert.equal(m.answers[iid].score, v);
    assert.equal(m.answers[items[3].id].note, 'Bespreken in teamvergadering');
    assert.equal(m.answers[items[3].id].action, true);
    assert.ok(j.items[items[0].id].text.length > 10, 'exported answers carry their item text');
    assert.match(await page.textContent(`#ww-${id}-live`).catch(() => ''), /|/); // live region exists

    // Wipe: asks first; cancel keeps everything.
    await page.click(`#ww-${id}-reset`);
    await page.waitForSelector('dialog.ww-dialog[open]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog.ww-dialog', { state: 'detached' });
    assert.deepEqual(await shown(page, def), answers, 'Escape cancels the wipe');
    await page.click(`#ww-${id}-reset`);
    await page.click('dialog.ww-dialog [id$="-confirm"]');
    assert.deepEqual(await shown(page, def), {}, 'wiped');
    await reload(page);
    assert.deepEqual(await shown(page, def), {}, 'still wiped after reload');
    assert.equal(await page.inputValue(`#ww-${id}-name`), '');

    // Import: shows what changes, and cancel changes nothing.
    await chooseImport(page, exp.file);
    await page.waitForSelector('dialog.ww-dialog[open]');
    const lines = await page.$$eval('dialog.ww-dialog li', (ls) => ls.map((l) => l.textContent));
    assert.ok(lines.some((l) => /Naam: \(leeg\) → De Regenboog/.test(l)), `name change listed: ${lines.join(' | ')}`);
    assert.ok(lines.some((l) => /Begin schooljaar/.test(l)));
    assert.equal(await page.evaluate(() => document.activeElement.id), `ww-${id}-dialog-cancel`,
      'focus starts on Annuleren: nothing is overwritten by pressing Enter');
    await page.click('dialog.ww-dialog [id$="-cancel"]');
    assert.deepEqual(await shown(page, def), {}, 'cancelled import changes nothing');

    await chooseImport(page, exp.file);
    await page.waitForSelector('dialog.ww-dialog[open]');
    await page.click('dialog.ww-dialog [id$="-confirm"]');
    assert.deepEqual(await shown(page, def), answers, 'imported answers shown');
    assert.equal(await page.inputValue(`#ww-${id}-${items[3].id}-note`), 'Bespreken in teamvergadering');
    await page.waitForFunction((sel) => /geïmporteerd/.test(document.querySelector(sel).textContent), `#ww-${id}-live`);
    await reload(page);
    assert.deepEqual(await shown(page, def), answers, 'imported answers are saved');
    assert.equal(await page.inputValue(`#ww-${id}-name`), 'De Regenboog');

    // Wrong files are refused with a message, and nothing changes.
    const other = { ...j, form: 'c1-competenties', title: 'C.1 Competenties' };
    const wrong = [
      ['other-form.json', JSON.stringify(other), /ander formulier/],
      ['not-json.json', '{ dit is geen json', /geen JSON/],
      ['not-ours.json', JSON.stringify({ hello: 1 }), /geen export van een Wegwijzer-formulier/],
      ['newer.json', JSON.stringify({ ...j, schema: 99 }), /nieuwere versie/],
      ['broken.json', JSON.stringify({ ...j, moments: [{ id: 'x', answers: { a: { score: 9 } } }] }), /beschadigd/],
    ];
    for (const [name, body, re] of wrong) {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, body);
      await chooseImport(page, file);
      await page.waitForSelector(`#ww-${id}-error:not([hidden])`);
      assert.match(await page.textContent(`#ww-${id}-error`), re, name);
      assert.equal(await page.$('dialog.ww-dialog'), null, `${name}: no confirmation for a refused file`);
    }
    assert.deepEqual(await shown(page, def), answers, 'refused files change nothing');
    assertClean(visit, 'export/import');
  } finally {
    await visit.close();
  }
});

test('print: the print view shows name, moment, scores, results and reflection; page.pdf() makes an A4 PDF', { skip }, async () => {
  const id = 'c1-competenties';
  const visit = await open(id);
  const { page } = visit;
  try {
    const def = await definition(page);
    const items = scoredItems(def);
    const answers = {};
    items.forEach((it, i) => { answers[it.id] = pick(i, 4); });
    await fill(page, def, answers);
    await page.fill(`#ww-${id}-name`, 'Anna de Vries');
    await page.fill(`#ww-${id}-date`, '2025-09-15');
    await page.fill(`#ww-${id}-kracht`, 'Coachen van leraren');
    await page.fill(`#ww-${id}-leervraag`, 'Hoe begeleid ik groepsbesprekingen?');
    await page.emulateMedia({ media: 'print' });
    const view = await page.evaluate((base) => {
      const vis = (sel) => {
        const e = document.querySelector(sel);
        return !!e && getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().height > 0;
      };
      return {
        header: vis('.ww-print-header'),
        headerText: document.querySelector('.ww-print-header').textContent,
        panel: vis('.ww-form__panel'),
        chart: vis('.ww-chart svg'),
        table: vis('.ww-results__table'),
        kracht: vis(`[data-ww-mirror="${base}-kracht"]`),
        krachtText: document.querySelector(`[data-ww-mirror="${base}-kracht"]`).textContent,
        leervraag: vis(`[data-ww-mirror="${base}-leervraag"]`),
        nav: vis('.site-nav'),
      };
    }, `ww-${id}`);
    assert.ok(view.header, 'print header shown');
    assert.match(view.headerText, /Anna de Vries/);
    assert.match(view.headerText, /Begin schooljaar/);
    assert.match(view.headerText, /15 september 2025/);
    assert.equal(view.panel, false, 'the buttons are not printed');
    assert.ok(view.chart && view.table, 'chart and table printed');
    assert.ok(view.kracht && view.leervraag, 'reflection printed as text');
    assert.equal(view.krachtText, 'Coachen van leraren');
    assert.equal(view.nav, false);
    const pdf = path.join(tmp, 'c1.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    const bytes = fs.readFileSync(pdf);
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    const pages = (bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.ok(pages >= 2 && pages < 40, `a sensible number of A4 pages (${pages})`);
    console.log(`forms: print PDF of ${id}: ${pages} pages, ${bytes.length} bytes`);

    // The Afdrukken button calls window.print().
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
    await page.click(`#ww-${id}-print`);
    assert.equal(await page.evaluate(() => window.__printed), 1);
    assertClean(visit, 'print');
  } finally {
    await visit.close();
  }
});

test('storage refused: the page says so, the form still works and export still works', { skip }, async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  await context.route((u) => !ww.isLocalUrl(u.href), (r) => r.abort('blockedbyclient'));
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
    });
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  try {
    const id = 'ib-competenties';
    await page.goto(url(id));
    await page.waitForSelector('.ww-panel');
    const msg = await page.textContent(`#ww-${id}-storage`);
    assert.match(msg, /niet toe dat de pagina je antwoorden bewaart/);
    assert.equal(await page.isVisible(`#ww-${id}-storage`), true);
    assert.equal(await page.getAttribute(`#ww-${id}-storage`, 'role'), 'alert');
    const def = await definition(page);
    const items = scoredItems(def);
    const answers = { [items[0].id]: 3, [items[5].id]: 1 };
    await fill(page, def, answers);
    const table = await resultsTable(page);
    assert.equal(table.Totaal[0], '2,0', 'results work without storage');
    const exp = await download(page, () => page.click(`#ww-${id}-export`), 'refused.json');
    const m = exp.json.moments.find((x) => x.id === exp.json.current);
    assert.equal(m.answers[items[0].id].score, 3);
    // "Alles wissen" does not break either.
    await page.click(`#ww-${id}-clear-all`);
    await page.waitForSelector('dialog.ww-dialog[open]');
    assert.match(await page.textContent('dialog.ww-dialog'), /niets in deze browser bewaard/);
    await page.keyboard.press('Escape');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }

  // A setItem that throws (quota, Safari) is reported the moment a save fails.
  const visit = await ww.openInChromium(browser, url('startchecklist'));
  try {
    const { page: p } = visit;
    await p.waitForSelector('.ww-panel');
    await p.evaluate(() => { Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); }; });
    const def = await definition(p);
    await fill(p, def, { [scoredItems(def)[0].id]: true });
    assert.match(await p.textContent('#ww-startchecklist-storage'), /konden niet worden bewaard/);
    assertClean(visit, 'quota');
  } finally {
    await visit.close();
  }
});

test('"Alles wissen" removes every Wegwijzer key (all forms, settings) after confirmation, and nothing else', { skip }, async () => {
  const visit = await open('startchecklist');
  const { page } = visit;
  try {
    const def = await definition(page);
    await fill(page, def, { [scoredItems(def)[0].id]: true });
    await page.evaluate(() => {
      localStorage.setItem('wegwijzer:form:c1-competenties', JSON.stringify({ format: 'wegwijzer-form', title: 'C.1 test' }));
      localStorage.setItem('wegwijzer-kleurenschema', 'dark');
      localStorage.setItem('iets-anders', 'blijft');
    });
    await page.click('#ww-startchecklist-clear-all');
    await page.waitForSelector('dialog.ww-dialog[open]');
    const lines = await page.$$eval('dialog.ww-dialog li', (ls) => ls.map((l) => l.textContent));
    assert.ok(lines.includes('C.1 test'), lines.join(' | '));
    assert.ok(lines.some((l) => /Checklist startende/.test(l)));
    await page.click('dialog.ww-dialog [id$="-confirm"]');
    const left = await page.evaluate(() => Object.keys(localStorage).sort());
    assert.deepEqual(left, ['iets-anders']);
    assert.deepEqual(await shown(page, def), {});
    assertClean(visit, 'clear all');
  } finally {
    await visit.close();
  }
});

test('answers to items that are no longer on the page are kept aside, shown, exported and can be discarded', { skip }, async () => {
  const id = 'succesindicatoren';
  const visit = await open(id);
  const { page } = visit;
  try {
    const def = await definition(page);
    const items = scoredItems(def);
    const moment = def.moments[0];
    await page.evaluate(({ id, keep, moment }) => {
      localStorage.setItem(`wegwijzer:form:${id}`, JSON.stringify({
        format: 'wegwijzer-form', schema: 1, form: id, title: 'x', name: '', current: moment.id, compare: '',
        moments: [{ id: moment.id, label: moment.label, answers: {
          [keep]: { score: 5 }, 'weg-0000abcd': { score: 2, note: 'oude notitie' },
        } }],
        items: { 'weg-0000abcd': { text: '12. Een indicator die van de pagina is gehaald', group: 'Indicatoren' } },
      }));
    }, { id, keep: items[0].id, moment });
    await reload(page);
    assert.deepEqual(await shown(page, def), { [items[0].id]: 5 });
    const removed = await page.textContent('.ww-removed');
    assert.match(removed, /Niet meer op deze pagina/);
    assert.match(removed, /Een indicator die van de pagina is gehaald/);
    assert.match(removed, /oude notitie/);
    const table = await resultsTable(page);
    assert.equal(table.Totaal[0], '5,0', 'removed answers do not count in the averages');
    const exp = await download(page, () => page.click(`#ww-${id}-export`), 'removed.json');
    assert.equal(exp.json.moments[0].answers['weg-0000abcd'].score, 2, 'removed answers are exported');
    await page.click(`#ww-${id}-discard`);
    await page.click('dialog.ww-dialog [id$="-confirm"]');
    assert.equal(await page.$('.ww-removed'), null);
    const stored = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), `wegwijzer:form:${id}`);
    assert.equal(stored.moments[0].answers['weg-0000abcd'], undefined);
    assert.equal(stored.moments[0].answers[items[0].id].score, 5);
    assertClean(visit, 'removed');
  } finally {
    await visit.close();
  }
});

test('success indicators: advice from the front-matter thresholds, linked to the calculator, with the note that the CED-medewerker decides with the directie', { skip }, async () => {
  const id = 'succesindicatoren';
  const visit = await open(id);
  const { page } = visit;
  try {
    const def = await definition(page);
    const items = scoredItems(def);
    assert.equal(def.scale.length, 5);
    assert.equal(def.advice.basis, 'average');
    const rules = def.advice.rules;
    assert.deepEqual(rules.map((r) => r.trajectory), ['minimum', 'standaard', 'intensief', 'intensief']);
    assert.match(await page.textContent('.ww-advice'), /Scoor de indicatoren/);
    for (const [score, traj] of [[5, 'minimum'], [4, 'minimum'], [3, 'standaard'], [2, 'intensief'], [1, 'intensief']]) {
      const answers = {};
      items.forEach((it) => { answers[it.id] = score; });
      await fill(page, def, answers);
      const rule = rules.find((r) => score >= r.min);
      assert.equal(rule.trajectory, traj);
      const advice = await page.evaluate(() => {
        const box = document.querySelector('.ww-advice');
        const a = box.querySelector('a.ww-advice__link');
        return { text: box.textContent, href: a && a.getAttribute('href') };
      });
      assert.ok(advice.text.includes(rule.text), `score ${score}: rule text`);
      assert.ok(advice.text.includes(rule.label), `score ${score}: trajectory label`);
      assert.match(advice.text, /CED-medewerker bepaalt samen met de directie/);  // as the seed has it
      assert.equal(advice.href, `trajectcalculator.html#traject-${traj}`);
      const calc = ww.pageSource('1-zorgroute/trajectcalculator.html');
      assert.ok(calc.includes(`id="traject-${traj}"`), `the calculator has #traject-${traj}`);
    }
    // A partial answer gives a provisional advice.
    await page.click(`#ww-${id}-reset`);
    await page.click('dialog.ww-dialog [id$="-confirm"]');
    await fill(page, def, { [items[0].id]: 3 });
    const text = await page.textContent('.ww-advice');
    assert.match(text, /Voorlopig/);
    assert.match(text, /1 van 20/);
    assertClean(visit, 'advice');
  } finally {
    await visit.close();
  }
});

test('quality card: action points are summarised per part, with their notes', { skip }, async () => {
  const id = 'kwaliteitskaart-ogw';
  const visit = await open(id);
  const { page } = visit;
  try {
    const def = await definition(page);
    assert.deepEqual((def.parts || []).map((p) => p.label), ['A', 'B']);
    const items = scoredItems(def);
    const a = items.find((it) => it.group === 'a-2');
    const b = items.find((it) => it.group === 'b-3');
    assert.ok(a && b, 'groups a-2 and b-3');
    assert.match(await page.textContent('.ww-actions'), /Nog geen werkpunten/);
    await page.check(`#ww-${id}-${a.id}-action`);
    await page.check(`#ww-${id}-${b.id}-action`);
    await page.fill(`#ww-${id}-${b.id}-note`, 'Scholingsplan maken');
    const parts = await page.$$eval('.ww-actions h4', (hs) => hs.map((h) => h.textContent));
    assert.deepEqual(parts, [def.parts[0].title, def.parts[1].title]);
    const lis = await page.$$eval('.ww-actions__list > li', (ls) => ls.map((l) => l.textContent));
    assert.equal(lis.length, 2);
    assert.match(lis[0], /^A\.2 · 9\. /);
    assert.match(lis[1], /^B\.3 · 11\. .*Scholingsplan maken/);
    // Part rows and part totals in the table.
    const table = await resultsTable(page);
    assert.ok(table['Totaal A'] && table['Totaal B']);
    assertClean(visit, 'action points');
  } finally {
    await visit.close();
  }
});

test('keyboard only: score with arrow keys, tick with Space, dialogs answer Escape and give focus back', { skip }, async () => {
  const id = 'startchecklist';
  const visit = await open(id);
  const { page } = visit;
  try {
    const def = await definition(page);
    const first = scoredItems(def)[0];
    await page.focus(`#ww-${id}-${first.id}-done`);
    await page.keyboard.press('Space');
    assert.equal(await page.isChecked(`#ww-${id}-${first.id}-done`), true);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), `ww-${id}-${first.id}-note`);
    await page.keyboard.type('Gevraagd bij de directie');
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const e = document.activeElement;
      const s = getComputedStyle(e);
      return { id: e.id, outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 };
    });
    assert.equal(focus.id, `ww-${id}-${scoredItems(def)[1].id}-done`);
    assert.ok(focus.outline, 'visible focus on the next tick box');
    await reload(page);
    assert.equal(await page.inputValue(`#ww-${id}-${first.id}-note`), 'Gevraagd bij de directie');

    // Dialog: opened from the keyboard, Escape closes, focus returns to the button.
    await page.focus(`#ww-${id}-reset`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog.ww-dialog[open]');
    assert.equal(await page.evaluate(() => document.activeElement.id), `ww-${id}-dialog-cancel`);
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.activeElement.id), `ww-${id}-reset`);
    assert.equal(await page.isChecked(`#ww-${id}-${first.id}-done`), true);
    // Tab to the confirm button and press Enter.
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog.ww-dialog[open]');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), `ww-${id}-dialog-confirm`);
    await page.keyboard.press('Enter');
    assert.equal(await page.isChecked(`#ww-${id}-${first.id}-done`), false);
    await page.waitForFunction((sel) => /gewist/.test(document.querySelector(sel).textContent), `#ww-${id}-live`);
    assertClean(visit, 'keyboard checklist');
  } finally {
    await visit.close();
  }

  const v2 = await open('c1-competenties');
  try {
    const { page: p } = v2;
    const def = await definition(p);
    const it = scoredItems(def)[0];
    await p.focus(`#ww-c1-competenties-${it.id}-1`);
    await p.keyboard.press('Space');
    await p.keyboard.press('ArrowRight');
    await p.keyboard.press('ArrowRight');
    assert.deepEqual((await shown(p, def))[it.id], 3);
    const ring = await p.evaluate(() => {
      const box = document.activeElement.nextElementSibling;
      return getComputedStyle(box).outlineStyle;
    });
    assert.notEqual(ring, 'none', 'the focused score shows a focus ring');
    // Targets are at least 44 px high (WCAG 2.5.8 asks 24).
    const sizes = await p.$$eval('.rating__option', (ls) => ls.slice(0, 8).map((l) => l.getBoundingClientRect()));
    for (const r of sizes) assert.ok(r.height >= 44 && r.width >= 24, `target ${r.width}×${r.height}`);
    assertClean(v2, 'keyboard scale');
  } finally {
    await v2.close();
  }
});

test('without JavaScript every form page reads as the full document, with its controls', { skip }, async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    for (const [id, f] of Object.entries(FORMS)) {
      const page = await context.newPage();
      await page.goto(url(id));
      const info = await page.evaluate((base) => ({
        items: document.querySelectorAll('[data-ww-item].ww-item').length,
        legends: [...document.querySelectorAll('.ww-item legend, .ww-item .ww-item__text')].map((l) => l.textContent.trim()),
        panelHidden: document.getElementById(`${base}-panel`).hidden,
        headings: document.querySelectorAll('.page__content h2, .page__content h3').length,
      }), `ww-${id}`);
      assert.equal(info.items, f.scored, `${id}: every item is on the page`);
      assert.ok(info.legends.every((t) => t.length > 5), `${id}: every item has its text`);
      assert.equal(info.panelHidden, true, `${id}: no dead buttons without JavaScript`);
      assert.ok(info.headings >= f.groups);
      await page.close();
    }
  } finally {
    await context.close();
  }
});

test('Firefox: fill a form, reload, the answers are restored', { skip }, async () => {
  const ff = await ww.launchFirefox();
  try {
    const id = 'c1-competenties';
    const visit = await ww.openInFirefox(ff, url(id));
    const { page } = visit;
    await page.waitForSelector('.ww-panel');
    const def = await page.evaluate(() => {
      const root = document.querySelector('[data-ww-form]');
      return JSON.parse(document.getElementById(`${root.id}-def`).textContent);
    });
    const items = scoredItems(def);
    const answers = {};
    items.slice(0, 12).forEach((it, i) => { answers[it.id] = pick(i, 4); });
    await page.evaluate((a) => {
      for (const [id, v] of Object.entries(a)) document.getElementById(`ww-c1-competenties-${id}-${v}`).click();
    }, answers);
    await page.type(`#ww-${id}-name`, 'Fenna');
    await page.type(`#ww-${id}-kracht`, 'Structuur');
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('.ww-panel');
    const after = await page.evaluate((ids) => {
      const out = {};
      for (const id of ids) {
        const c = document.querySelector(`input[name="ww-c1-competenties-${id}"]:checked`);
        if (c) out[id] = Number(c.value);
      }
      return {
        answers: out,
        name: document.getElementById('ww-c1-competenties-name').value,
        kracht: document.getElementById('ww-c1-competenties-kracht').value,
        storageMessage: !document.getElementById('ww-c1-competenties-storage').hidden,
        total: [...document.querySelectorAll('.ww-results__table tfoot td')].map((t) => t.textContent)[0],
      };
    }, items.map((it) => it.id));
    assert.deepEqual(after.answers, answers);
    assert.equal(after.name, 'Fenna');
    assert.equal(after.kracht, 'Structuur');
    assert.equal(after.storageMessage, false, 'Firefox stores on file://');
    assert.equal(after.total, averages(def, answers).Totaal);
    assert.deepEqual(visit.problems(), []);
    await visit.close();
  } finally {
    await ff.close();
  }
});
