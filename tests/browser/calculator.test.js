'use strict';
// The trajectory calculator (plugins/trajectcalculator.lua + assets/calculator.js) on the
// built handbook, opened by file://: the totals for several school sizes, the error
// messages, the highlight of the trajectory named in the URL hash, the CSV export, the
// inputs kept over a reload (and a browser that refuses storage), the page without
// JavaScript and in print, and one run in Firefox. Every visit must also have no
// console error, no page error and no network request.
//
// The expected hours were worked out by hand from seed 002 (see
// tests/unit/trajecten_data_test.cpp): minimum 34 + 5½ = 39½, standaard 51 + 13 = 64,
// intensief year 1 = 36 + groups + teachers + 4½ × ceil(teachers / 12), then 19 and 5½.

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const ww = require('./lib/browsers');

const skip = ww.skipReason() || false;

function calculatorUrl(hash = '') {
  const site = ww.siteDir();
  const rel = ww.samplePages(ww.listPages(site), site).calculator;
  assert.ok(rel, `no page with data-ww-calculator in ${site}`);
  return ww.pageUrl(rel, site) + hash;
}

// School sizes and their totals (hand-computed).
const SIZES = [
  { g: 4, l: 5, y1: '49½ uur', total: '74 uur', ll: '4½ uur', llCalc: '3 × 1½ uur × 1 groep' },
  { g: 8, l: 10, y1: '58½ uur', total: '83 uur', ll: '4½ uur', llCalc: '3 × 1½ uur × 1 groep' },
  { g: 16, l: 25, y1: '90½ uur', total: '115 uur', ll: '13½ uur', llCalc: '3 × 1½ uur × 3 groepen' },
  { g: 24, l: 30, y1: '103½ uur', total: '128 uur', ll: '13½ uur', llCalc: '3 × 1½ uur × 3 groepen' },
];

// One Chromium for the whole file; every test opens its pages in a fresh context.
let chromium = null;
async function withChromium(fn) {
  if (!chromium) chromium = ww.launchChromium();
  return fn(await chromium);
}
after(async () => {
  if (chromium) await (await chromium).close();
});

// RFC 4180 with ';' as the separator: quoted fields may hold ';', '"' and line breaks.
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') { row.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

async function setInput(page, name, value) {
  await page.fill(`[data-calc-input="${name}"]`, String(value));
}

async function setSize(page, g, l) {
  await setInput(page, 'groups', g);
  await setInput(page, 'teachers', l);
}

// Text of every cell with data-total, by its key ("intensief", "intensief/implementatiejaar").
async function totals(page) {
  return page.$$eval('[data-total]', (tds) => Object.fromEntries(tds.map((td) => [td.dataset.total, td.textContent])));
}

async function cell(page, key) {
  return page.$eval(`[data-cell="${key}"]`, (td) => ({
    hours: td.querySelector('.calc__cell-hours').textContent,
    calc: td.querySelector('.calc__cell-calc').textContent,
  }));
}

async function fieldState(page, name) {
  return page.$eval(`[data-calc-input="${name}"]`, (input) => {
    const error = document.getElementById(`${input.id}-error`);
    return {
      invalid: input.getAttribute('aria-invalid'),
      describedby: (input.getAttribute('aria-describedby') || '').split(/\s+/),
      errorId: error ? error.id : null,
      error: error ? error.textContent : null,
      live: error ? error.getAttribute('aria-live') || error.getAttribute('role') : null,
    };
  });
}

function assertClean(visit, what) {
  assert.deepEqual(visit.problems(), [], `${what}: console errors, page errors or network requests`);
}

test('without JavaScript the page shows the full tables for the default school size', { skip }, async () => {
  await withChromium(async (browser) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(calculatorUrl());
      assert.equal(await page.isVisible('[data-calc-form]'), false, 'the form needs JavaScript and stays hidden');
      assert.equal(await page.isVisible('[data-calc-nojs]'), true, 'the no-JavaScript note is shown');
      const basis = await page.textContent('[data-calc-basis]');
      assert.match(basis, /8 groepen en 10 leerkrachten/);
      const t = await totals(page);
      assert.equal(t.minimum, '39½ uur');
      assert.equal(t.standaard, '64 uur');
      assert.equal(t.intensief, '83 uur');
      assert.equal(t['minimum/implementatiejaar'], '34 uur');
      assert.equal(t['minimum/borgingsjaar_1'], '5½ uur');
      assert.equal(t['minimum/borgingsjaar_2'], '–');
      assert.equal(t['standaard/implementatiejaar'], '51 uur');
      assert.equal(t['standaard/borgingsjaar_1'], '13 uur');
      assert.equal(t['intensief/implementatiejaar'], '58½ uur');
      assert.equal(t['intensief/borgingsjaar_1'], '19 uur');
      assert.equal(t['intensief/borgingsjaar_2'], '5½ uur');
      // Tables with headers and scopes; the chart is there too.
      assert.equal(await page.$$eval('.calc__hours thead th[scope="col"]', (ths) => ths.length), 4);
      assert.ok(await page.$$eval('.calc__hours tbody th[scope="row"]', (ths) => ths.length) >= 10);
      assert.equal(await page.$$eval('[data-calc-chart] rect.chart__bar', (r) => r.length), 9);
      // Who does what: the school and the guide, for each trajectory.
      const roles = await page.$$eval('.calc__roles tbody th[scope="row"]', (ths) => ths.map((th) => th.textContent));
      assert.deepEqual(roles, ['Bedoeld voor scholen', 'De school', 'CED-begeleider']);
    } finally {
      await context.close();
    }
  });
});

test('totals for several school sizes', { skip }, async () => {
  await withChromium(async (browser) => {
    const visit = await ww.openInChromium(browser, calculatorUrl());
    const { page } = visit;
    try {
      assert.equal(await page.isVisible('[data-calc-form]'), true);
      for (const s of SIZES) {
        await setSize(page, s.g, s.l);
        const t = await totals(page);
        const what = `${s.g} groepen, ${s.l} leerkrachten`;
        assert.equal(t.minimum, '39½ uur', what);
        assert.equal(t['minimum/implementatiejaar'], '34 uur', what);
        assert.equal(t.standaard, '64 uur', what);
        assert.equal(t['standaard/implementatiejaar'], '51 uur', what);
        assert.equal(t['intensief/implementatiejaar'], s.y1, what);
        assert.equal(t['intensief/borgingsjaar_1'], '19 uur', what);
        assert.equal(t['intensief/borgingsjaar_2'], '5½ uur', what);
        assert.equal(t.intensief, s.total, what);
        // The rows that scale: 1 hour per group, 1 per teacher, 3 × 1½ per group of at most 12 teachers.
        assert.deepEqual(await cell(page, 'intensief/implementatiejaar/groepsbespreking'),
          { hours: `${s.g} uur`, calc: `${s.g} groepen × 1 uur` }, what);
        assert.deepEqual(await cell(page, 'intensief/implementatiejaar/klassenconsultatie'),
          { hours: `${s.l} uur`, calc: `${s.l} leerkrachten × 1 uur` }, what);
        assert.deepEqual(await cell(page, 'intensief/implementatiejaar/leerlingbespreking'),
          { hours: s.ll, calc: s.llCalc }, what);
        // Fixed rows stay fixed.
        assert.deepEqual(await cell(page, 'standaard/implementatiejaar/groepsbespreking'),
          { hours: '8 uur', calc: '8 × 1 uur' }, what);
        assert.deepEqual(await cell(page, 'minimum/implementatiejaar/teambijeenkomst'),
          { hours: '12 uur', calc: '1 × 8 uur + 2 × 2 uur' }, what);
        // The chart follows: same totals, the longest bar is the largest total.
        const chart = await page.$$eval('[data-chart-total]', (els) =>
          Object.fromEntries(els.map((e) => [e.dataset.chartTotal, e.textContent])));
        assert.deepEqual(chart, { minimum: '39½ uur', standaard: '64 uur', intensief: s.total }, what);
        const widths = await page.$$eval('[data-seg]', (rects) => {
          const w = {};
          for (const r of rects) {
            const t = r.dataset.seg.split('/')[0];
            w[t] = (w[t] || 0) + Number(r.getAttribute('width'));
          }
          return w;
        });
        const full = await page.$eval('[data-calc-chart] svg', (svg) => Number(svg.dataset.barWidth));
        assert.ok(Math.abs(widths.intensief - full) < 0.05, `${what}: intensief bar is the full width`);
        assert.ok(Math.abs(widths.minimum / widths.intensief - 39.5 / Number(s.total.split(' ')[0])) < 0.001, what);
        // The caption and the status say which school the numbers are for.
        assert.match(await page.textContent('.calc__hours caption'), new RegExp(`${s.g} groepen en ${s.l} leerkrachten`));
        assert.match(await page.textContent('[data-calc-status]'), new RegExp(`intensief traject ${s.total}`, 'i'));
      }
      // Singular forms.
      await setSize(page, 1, 1);
      assert.equal((await totals(page)).intensief, '67 uur');
      assert.deepEqual(await cell(page, 'intensief/implementatiejaar/groepsbespreking'),
        { hours: '1 uur', calc: '1 groep × 1 uur' });
      assert.match(await page.textContent('[data-calc-basis]'), /1 groep en 1 leerkracht\./);
      assertClean(visit, 'totals');
    } finally {
      await visit.close();
    }
  });
});

test('more than 12 teachers: the page says minimum and standaard plan leerlingbesprekingen for at most 12', { skip }, async () => {
  await withChromium(async (browser) => {
    const visit = await ww.openInChromium(browser, calculatorUrl(), { viewport: { width: 390, height: 844 } });
    const { page } = visit;
    try {
      const limit = '[data-calc-limit]';
      assert.equal(await page.isVisible(limit), false, 'shown for the default 10 teachers');
      await setSize(page, 8, 13);
      await page.waitForSelector(limit, { state: 'visible' });
      const text = await page.textContent(limit);
      assert.match(text, /Meer dan 12 leerkrachten/);
      assert.match(text, /minimumtraject en het standaardtraject/);
      assert.match(text, /leerlingbesprekingen voor ten hoogste 12 leerkrachten/);
      assert.doesNotMatch(text, /intensief/i, 'the intensive trajectory forms more groups');
      await setSize(page, 8, 12);
      await page.waitForSelector(limit, { state: 'hidden' });
      // The chart fits a phone: its last bar and total are inside the screen.
      const right = await page.$eval('[data-chart-total="intensief"]', (e) => e.getBoundingClientRect().right);
      assert.ok(right <= 390, `the intensief total ends at ${right} px on a 390 px screen`);
      assert.deepEqual(visit.problems(), []);
    } finally {
      await visit.close();
    }
  });
});

test('clear Dutch messages for empty, negative, non-integer and absurd numbers', { skip }, async () => {
  await withChromium(async (browser) => {
    const visit = await ww.openInChromium(browser, calculatorUrl());
    const { page } = visit;
    try {
      await setSize(page, 8, 10);
      const cases = [
        ['groups', '', /^Vul het aantal groepen in\. Vul een getal van 1 tot en met 60 in\.$/],
        ['groups', '-3', /^Het aantal groepen kan niet negatief zijn\./],
        ['groups', '2,5', /heel getal.*geen halve groepen/],
        ['groups', '2.5', /heel getal/],
        ['groups', 'acht', /met cijfers, bijvoorbeeld 8/],
        ['groups', '0', /minstens 1 groep/],
        ['groups', '61', /^61 groepen is meer dan een school in de praktijk heeft\. Vul een getal van 1 tot en met 60 in\.$/],
        ['teachers', '', /^Vul het aantal leerkrachten in\./],
        ['teachers', '-1', /leerkrachten kan niet negatief zijn/],
        ['teachers', '9,5', /heel getal.*parttime/],
        ['teachers', '1e3', /met cijfers/],
        ['teachers', '500', /500 leerkrachten is meer dan een school.*1 tot en met 120/],
      ];
      for (const [name, value, message] of cases) {
        const what = `${name} = "${value}"`;
        await setInput(page, name, value);
        await page.locator(`[data-calc-input="${name}"]`).blur();
        const st = await fieldState(page, name);
        assert.equal(st.invalid, 'true', `${what}: aria-invalid`);
        assert.ok(st.describedby.includes(st.errorId), `${what}: aria-describedby names the message`);
        assert.match(st.error, message, what);
        assert.ok(st.live, `${what}: the message is in a live region, so it is announced`);
        // The results keep the last valid school and say so.
        assert.equal((await totals(page)).intensief, '83 uur', what);
        assert.match(await page.textContent('[data-calc-basis]'), /nog niet goed.*8 groepen en 10 leerkrachten/, what);
        // A good number clears the message.
        await setInput(page, name, name === 'groups' ? 8 : 10);
        const ok = await fieldState(page, name);
        assert.equal(ok.invalid, null, `${what}: aria-invalid removed`);
        assert.equal(ok.error, '', `${what}: message cleared`);
      }
      // Submitting with a mistake: both fields checked, focus on the first wrong one.
      await setInput(page, 'teachers', '');
      await setInput(page, 'groups', '100');
      await page.click('[data-calc-form] button[type="submit"]');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'calc-groups');
      assert.match(await page.textContent('[data-calc-status]'), /Controleer de invoer: het aantal groepen en het aantal leerkrachten/);
      assert.equal((await fieldState(page, 'teachers')).invalid, 'true');
      // Typing a number while the other field is still wrong does not calculate yet.
      await setInput(page, 'groups', '16');
      assert.equal((await totals(page)).intensief, '83 uur');
      await setInput(page, 'teachers', '25');
      assert.equal((await totals(page)).intensief, '115 uur');
      assertClean(visit, 'messages');
    } finally {
      await visit.close();
    }
  });
});

test('the URL hash highlights a trajectory and moves focus to it', { skip }, async () => {
  await withChromium(async (browser) => {
    const visit = await ww.openInChromium(browser, calculatorUrl('#traject-intensief'),
      { viewport: { width: 390, height: 844 }, reducedMotion: 'reduce' });
    const { page } = visit;
    try {
      const state = () => page.evaluate(() => {
        const advised = [...document.querySelectorAll('.calc__advised')].map((e) => e.dataset.traject);
        const th = document.getElementById('traject-intensief');
        const r = th.getBoundingClientRect();
        const badges = [...document.querySelectorAll('.calc__advice')].filter((b) => !b.hidden)
          .map((b) => b.closest('[data-traject]').dataset.traject);
        return {
          focus: document.activeElement.id,
          advised: [...new Set(advised)],
          count: advised.length,
          badges,
          inView: r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth,
        };
      });
      // The header scrolls into view, also sideways inside the table's scroll box.
      await page.waitForFunction(() => {
        const r = document.getElementById('traject-intensief').getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
      }, null, { timeout: 5000 });
      let s = await state();
      assert.equal(s.focus, 'traject-intensief');
      assert.deepEqual(s.advised, ['intensief']);
      // column headers of both tables, every cell of the hours table, the who-does-what cells, the chart row
      assert.ok(s.count >= 20, `${s.count} highlighted elements`);
      assert.deepEqual(s.badges, ['intensief', 'intensief']);
      assert.ok(s.inView, 'the column header is scrolled into view (390 px wide)');

      // The questionnaire's other advice, on the same page: the highlight moves.
      await page.evaluate(() => { window.location.hash = '#traject-minimum'; });
      await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'traject-minimum');
      s = await state();
      assert.deepEqual(s.advised, ['minimum']);
      // Another anchor clears it.
      await page.evaluate(() => { window.location.hash = '#zonder-calculator-rekenen'; });
      await page.waitForFunction(() => !document.querySelector('.calc__advised'));
      assertClean(visit, 'hash');
    } finally {
      await visit.close();
    }
  });
});

test('CSV export: semicolons, decimal commas, UTF-8 BOM, the numbers on screen', { skip }, async () => {
  await withChromium(async (browser) => {
    const visit = await ww.openInChromium(browser, calculatorUrl());
    const { page } = visit;
    try {
      await setSize(page, 16, 25);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('[data-calc-action="csv"]'),
      ]);
      assert.equal(download.suggestedFilename(), 'trajectcalculator-16-groepen-25-leerkrachten.csv');
      assert.match(download.url(), /^blob:/);
      const bytes = fs.readFileSync(await download.path());
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
      const text = bytes.subarray(3).toString('utf8');
      assert.ok(text.endsWith('\r\n'), 'CRLF line ends');
      assert.ok(!/[^\r]\n/.test(text), 'no bare LF');
      const lines = text.split('\r\n');
      assert.match(lines[0], /16 groepen en 25 leerkrachten/);
      const header = 'Traject;Jaar;Activiteit;Omschrijving;Aantal keer;Uren per keer;Uren;Verzorgd door;Met;Toelichting';
      assert.ok(lines.includes(header), 'header row');
      const all = parseCsv(text);
      const rows = all.slice(all.findIndex((r) => r.join(';') === header) + 1);
      assert.ok(rows.length > 30, `${rows.length} data rows`);
      assert.ok(rows.every((r) => r.length === 10), 'every row has 10 fields');
      // A text with a semicolon is quoted, so it stays one field.
      assert.match(text, /;"[^";]*Maximaal 12 leerkrachten per groep; bij meer leerkrachten[^"]*"\r\n/);
      const find = (traject, year, activity) => rows.filter((r) => r[0] === traject && r[1] === year && r[2] === activity);
      // Totals with decimal commas.
      assert.deepEqual(find('Minimumtraject', 'Totaal over alle jaren', '')[0][6], '39,5');
      assert.deepEqual(find('Standaardtraject', 'Totaal over alle jaren', '')[0][6], '64');
      assert.deepEqual(find('Intensief traject', 'Totaal over alle jaren', '')[0][6], '115');
      assert.deepEqual(find('Intensief traject', 'Implementatiejaar', 'Totaal implementatiejaar')[0][6], '90,5');
      assert.deepEqual(find('Minimumtraject', '1e borgingsjaar', 'Totaal 1e borgingsjaar')[0][6], '5,5');
      // Scaled rows: sessions, hours per session, hours, who, with whom.
      const gb = find('Intensief traject', 'Implementatiejaar', 'Groepsbesprekingen')[0];
      assert.deepEqual(gb.slice(4, 9), ['16', '1', '16', 'CED-begeleider', 'de intern begeleider, de leerkrachten']);
      const ll = find('Intensief traject', 'Implementatiejaar', 'Effectieve leerlingbesprekingen')[0];
      assert.deepEqual(ll.slice(4, 7), ['9', '1,5', '13,5']);
      assert.match(ll[9], /^3 × 1½ uur × 3 groepen\. Maximaal 12 leerkrachten per groep; /);
      // Fixed rows, each source line its own row.
      const team = find('Minimumtraject', 'Implementatiejaar', 'Teambijeenkomsten');
      assert.deepEqual(team.map((r) => [r[3], r[4], r[5], r[6]]),
        [['Startbijeenkomst', '1', '8', '8'], ['Evaluatiebijeenkomst 1e en 2e cyclus', '2', '2', '4']]);
      const mail = find('Standaardtraject', 'Implementatiejaar', 'E-mailconsultancy')[0];
      assert.deepEqual(mail.slice(4, 7), ['', '', '']);
      assert.match(mail[9], /inbegrepen/);
      // The sum of the rows of a year is its total.
      const y1 = find('Intensief traject', 'Implementatiejaar', '').length; // no row without an activity name
      assert.equal(y1, 0);
      const sum = rows.filter((r) => r[0] === 'Intensief traject' && r[1] === 'Implementatiejaar' && r[3])
        .reduce((a, r) => a + (r[6] ? Number(r[6].replace(',', '.')) : 0), 0);
      assert.equal(sum, 90.5);
      assertClean(visit, 'csv');
    } finally {
      await visit.close();
    }
  });
});

test('a reload keeps the last inputs; refused storage does not break the calculator', { skip }, async () => {
  await withChromium(async (browser) => {
    const visit = await ww.openInChromium(browser, calculatorUrl());
    const { page } = visit;
    try {
      await setSize(page, 24, 30);
      assert.equal((await totals(page)).intensief, '128 uur');
      const keys = await page.evaluate(() => Object.keys(localStorage));
      assert.ok(keys.length > 0 && keys.every((k) => k.startsWith('wegwijzer:')), `storage keys: ${keys}`);
      // An invalid entry is not saved over the last good one.
      await setInput(page, 'groups', '-4');
      await page.reload({ waitUntil: 'load' });
      assert.equal(await page.inputValue('[data-calc-input="groups"]'), '24');
      assert.equal(await page.inputValue('[data-calc-input="teachers"]'), '30');
      assert.equal((await totals(page)).intensief, '128 uur');
      assert.match(await page.textContent('[data-calc-basis]'), /24 groepen en 30 leerkrachten/);
      assertClean(visit, 'reload');
    } finally {
      await visit.close();
    }

    // A browser that refuses localStorage (privacy settings): every access throws.
    const context = await browser.newContext();
    try {
      await context.addInitScript(() => {
        const refuse = () => { throw new DOMException('The operation is insecure.', 'SecurityError'); };
        Object.defineProperty(window, 'localStorage', { get: refuse, configurable: true });
      });
      const page2 = await context.newPage();
      const errors = [];
      page2.on('pageerror', (e) => errors.push(String(e)));
      page2.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await page2.goto(calculatorUrl());
      await page2.fill('[data-calc-input="groups"]', '16');
      await page2.fill('[data-calc-input="teachers"]', '25');
      assert.equal((await totals(page2)).intensief, '115 uur');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

test('print: no form, the tables and the chart for the school entered', { skip }, async () => {
  await withChromium(async (browser) => {
    const visit = await ww.openInChromium(browser, calculatorUrl());
    const { page } = visit;
    try {
      await setSize(page, 16, 25);
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.isVisible('[data-calc-form]'), false, 'the form is not printed');
      assert.equal(await page.isVisible('.calc__hours'), true);
      assert.equal(await page.isVisible('[data-calc-chart]'), true);
      assert.match(await page.textContent('.calc__hours caption'), /16 groepen en 25 leerkrachten/);
      assertClean(visit, 'print');
    } finally {
      await visit.close();
    }
  });
});

test('keyboard and labels: the inputs are labelled, Enter calculates', { skip }, async () => {
  await withChromium(async (browser) => {
    const visit = await ww.openInChromium(browser, calculatorUrl());
    const { page } = visit;
    try {
      const labels = await page.$$eval('[data-calc-input]', (inputs) => inputs.map((i) => i.labels[0].textContent));
      assert.deepEqual(labels, ['Aantal groepen', 'Aantal leerkrachten']);
      await page.focus('[data-calc-input="groups"]');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('4');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'calc-teachers');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('5');
      await page.keyboard.press('Enter');
      assert.equal((await totals(page)).intensief, '74 uur');
      assertClean(visit, 'keyboard');
    } finally {
      await visit.close();
    }
  });
});

test('axe-core: no violation with messages shown and a trajectory highlighted (light, dark, phone)', { skip }, async () => {
  const axe = ww.axeSource();
  await withChromium(async (browser) => {
    const lines = [];
    for (const [scheme, width] of [['light', 1280], ['dark', 1280], ['light', 390]]) {
      const visit = await ww.openInChromium(browser, calculatorUrl('#traject-standaard'), {
        colorScheme: scheme, bypassCSP: true, reducedMotion: 'reduce', viewport: { width, height: 900 },
      });
      const { page } = visit;
      try {
        await setInput(page, 'groups', '2,5');
        await setInput(page, 'teachers', '');
        await page.locator('[data-calc-input="teachers"]').blur();
        // (axe itself then tries to read the stylesheets and fails under file://: check before it runs)
        assertClean(visit, `calculator ${scheme} ${width}px`);
        await page.addScriptTag({ content: axe });
        const violations = await page.evaluate(async () => {
          const r = await window.axe.run(document.querySelector('[data-ww-calculator]'), {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
          });
          return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
        });
        for (const v of violations) lines.push(`[${scheme} ${width}px] ${v}`);
      } finally {
        await visit.close();
      }
    }
    assert.deepEqual(lines, []);
  });
});

test('Firefox: the calculator computes, validates and highlights from file://', { skip }, async () => {
  const browser = await ww.launchFirefox();
  try {
    const visit = await ww.openInFirefox(browser, calculatorUrl('#traject-standaard'));
    const { page } = visit;
    try {
      const set = (name, value) => page.evaluate((n, v) => {
        const input = document.querySelector(`[data-calc-input="${n}"]`);
        input.value = v;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }, name, value);
      await set('groups', '24');
      await set('teachers', '30');
      const t = await page.evaluate(() => Object.fromEntries(
        [...document.querySelectorAll('[data-total]')].map((td) => [td.dataset.total, td.textContent])));
      assert.equal(t.intensief, '128 uur');
      assert.equal(t['intensief/implementatiejaar'], '103½ uur');
      assert.equal(t.minimum, '39½ uur');
      assert.equal(t.standaard, '64 uur');
      await set('teachers', '2,5');
      const err = await page.evaluate(() => document.getElementById('calc-teachers-error').textContent);
      assert.match(err, /heel getal/);
      const advised = await page.evaluate(() => [...new Set([...document.querySelectorAll('.calc__advised')]
        .map((e) => e.dataset.traject))]);
      assert.deepEqual(advised, ['standaard']);
      assert.equal(await page.evaluate(() => document.activeElement.id), 'traject-standaard');
      await new Promise((r) => setTimeout(r, 200)); // Firefox reports script errors a moment late
      assertClean(visit, 'Firefox');
    } finally {
      await visit.close();
    }
  } finally {
    await browser.close();
  }
});
