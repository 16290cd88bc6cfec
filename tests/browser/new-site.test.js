'use strict';
// A new user's first site, end to end: the program as `make install` installs it
// (`cmake --install` into a temporary prefix) makes a site with `wegwijzer new site`,
// builds it with 0 warnings and nothing on stderr, and `wegwijzer check` finds every
// internal link and anchor valid. Then the built starter site is opened by file:// in
// Chromium, with no network request and no console error allowed:
// - the header search box finds a word of the starter content and its result leads
//   to the right page; the generated zoeken.html answers ?q= with results;
// - the example form (voorbeeld/zelfevaluatie) keeps a score and a note over a reload;
// - print.html holds the title of every page, and page.pdf() makes a PDF of it;
// - axe-core finds no WCAG 2.2 AA violation on the home page and the form page;
// - the footer links the privacy, accessibility and colophon pages (site.toml [menu]);
// and the search page and the form once more in Firefox.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const ww = require('./lib/browsers');

const repo = process.env.WW_REPO || path.join(__dirname, '..', '..');
const bin = process.env.WW_BIN || path.join(repo, 'build', 'wegwijzer');
const skip = ww.skipReason() || (fs.existsSync(bin) ? false : `no wegwijzer binary at ${bin} (set WW_BIN)`);
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const FORM = 'voorbeeld-zelfevaluatie';
const FORM_PAGE = 'voorbeeld/zelfevaluatie.html';
// The titles of the starter's pages (themes/default/starter/content).
const TITLES = ['Ons handboek', 'Voorbeeld', 'Een eerste pagina', 'Voorbeeld: zelfevaluatie', 'Over deze site',
  'Privacyverklaring', 'Toegankelijkheidsverklaring', 'Colofon'];

let tmp;
let school;   // the new site's folder
let out;      // its built site (school/site)
const steps = {};  // what each command of the setup did: {status, stdout, stderr}

// Runs a command outside the source tree and records what it did; throws only when
// it could not be started at all.
function run(name, file, args) {
  const r = spawnSync(file, args, { cwd: tmp, encoding: 'utf8', timeout: 300000 });
  if (r.error) throw r.error;
  steps[name] = { status: r.status, stdout: r.stdout, stderr: r.stderr };
  return r.status === 0;
}

function describe(name) {
  const s = steps[name];
  return s ? `exit ${s.status}\nstdout: ${s.stdout}\nstderr: ${s.stderr}` : 'not run';
}

function requireSite() {
  assert.ok(out && fs.existsSync(path.join(out, 'index.html')),
    `the new site was not built: install ${describe('install')}\nnew site ${describe('new')}\nbuild ${describe('build')}`);
}

before(() => {
  if (skip) return;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ww-new-site-'));
  const prefix = path.join(tmp, 'prefix');
  // The build folder: the program's own folder, or the nearest one above it with a
  // CMakeCache.txt (a multi-config generator puts it in build/<Config>/).
  let build = path.dirname(path.resolve(bin));
  for (let d = build; path.dirname(d) !== d; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'CMakeCache.txt'))) { build = d; break; }
  }
  school = path.join(tmp, 'school');
  const installed = path.join(prefix, 'bin', 'wegwijzer');
  // What `make install` does; the installed program then finds its themes and
  // plugins in <prefix>/share/wegwijzer, next to itself.
  if (!run('install', 'cmake', ['--install', build, '--prefix', prefix])) return;
  if (!run('new', installed, ['new', 'site', school])) return;
  if (!run('build', installed, ['build', '-s', school])) return;
  out = path.join(school, 'site');
  run('check', installed, ['check', '-s', school]);
});

after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function assertClean(visit, what) {
  assert.deepEqual(visit.problems(), [], `${what}: network requests, failed loads, console or page errors`);
}

async function runAxe(page) {
  // Evaluated over the DevTools protocol, which the page's CSP does not govern; preload:
  // false keeps axe from fetching the style sheets again, which file:// and the CSP refuse.
  await page.evaluate(ww.axeSource());
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, preload: false });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, TAGS);
}

// The search page's results: the hrefs of the result titles and the marked words.
function pageResults() {
  return {
    status: document.querySelector('.zoekpagina__status').textContent,
    hrefs: [...document.querySelectorAll('.zoekresultaat__titel a')].map((a) => a.getAttribute('href')),
    marks: [...document.querySelectorAll('.zoekresultaten mark')].map((m) => m.textContent),
  };
}

// The form's definition as the plugin wrote it, and the ids of its items.
function formDefinition(id) {
  const def = JSON.parse(document.getElementById(`ww-${id}-def`).textContent);
  return { def, items: def.items.filter((it) => !it.heading).map((it) => it.id) };
}

// What the form shows now: the chosen score of each item, the first note and the name.
function formState({ id, items }) {
  const scores = {};
  for (const it of items) {
    const c = document.querySelector(`input[name="ww-${id}-${it}"]:checked`);
    if (c) scores[it] = Number(c.value);
  }
  return {
    scores,
    note: document.getElementById(`ww-${id}-${items[0]}-note`).value,
    name: document.getElementById(`ww-${id}-name`).value,
    storageMessage: !document.getElementById(`ww-${id}-storage`).hidden,
  };
}

test('the installed wegwijzer makes a new site that builds with 0 warnings and 0 broken links', { skip }, () => {
  assert.equal(steps.install && steps.install.status, 0, `cmake --install: ${describe('install')}`);
  assert.equal(steps.new && steps.new.status, 0, `wegwijzer new site: ${describe('new')}`);
  for (const f of ['site.toml', 'content/_index.md', 'content/voorbeeld/zelfevaluatie.md', 'content/over/colofon.md']) {
    assert.ok(fs.existsSync(path.join(school, f)), `new site has no ${f}`);
  }
  assert.equal(steps.build && steps.build.status, 0, `wegwijzer build: ${describe('build')}`);
  assert.match(steps.build.stdout, / 0 warnings/, `wegwijzer build: ${describe('build')}`);
  assert.equal(steps.build.stderr, '', `wegwijzer build wrote to stderr: ${describe('build')}`);
  assert.equal(steps.check && steps.check.status, 0, `wegwijzer check: ${describe('check')}`);
  assert.match(steps.check.stdout, /every internal link and anchor of the built site is valid/,
    `wegwijzer check: ${describe('check')}`);
  for (const f of ['index.html', 'zoeken.html', 'print.html', FORM_PAGE, 'over/privacy.html',
    'over/toegankelijkheid.html', 'over/colofon.html', 'voorbeeld/eerste-pagina.html']) {
    assert.ok(fs.existsSync(path.join(out, f)), `the built site has no ${f}`);
  }
  assert.ok(fs.readdirSync(out).some((f) => /^search-index/.test(f)), 'no search index written');
  console.log(`new-site: ${steps.build.stdout.trim()}`);
});

test('Chromium: the header box finds a starter page, zoeken.html answers ?q=', { skip }, async () => {
  requireSite();
  const browser = await ww.launchChromium();
  try {
    let visit = await ww.openInChromium(browser, ww.pageUrl('index.html', out));
    let { page } = visit;
    await page.focus('#zoekvak-invoer');
    await page.keyboard.type('zelfevaluatie');
    await page.waitForFunction(() => document.querySelectorAll('#zoekvak-resultaten [role=option]').length > 0);
    await page.waitForFunction(() => /\d+ resultaten?/.test(document.querySelector('.zoekvak__status').textContent));
    const hrefs = await page.$$eval('#zoekvak-resultaten [role=option] a', (as) => as.map((a) => a.getAttribute('href')));
    const hit = hrefs.findIndex((h) => h.split(/[?#]/)[0] === FORM_PAGE);
    assert.ok(hit >= 0, `no result leads to ${FORM_PAGE}: ${hrefs.join(', ')}`);
    await Promise.all([page.waitForNavigation(), page.click(`#zoekvak-resultaten-${hit} a`)]);
    assert.equal(ww.fileURLToPath(page.url().split(/[?#]/)[0]), path.join(out, FORM_PAGE));
    assert.equal(await page.textContent('h1'), 'Voorbeeld: zelfevaluatie');
    assertClean(visit, 'search box');
    await visit.close();

    visit = await ww.openInChromium(browser, `${ww.pageUrl('zoeken.html', out)}?q=cookies`);
    page = visit.page;
    await page.waitForFunction(() => document.querySelectorAll('.zoekresultaat').length > 0);
    const r = await page.evaluate(pageResults);
    assert.match(r.status, /^(1 resultaat|\d+ resultaten)$/);
    assert.ok(r.hrefs.some((h) => h.split(/[?#]/)[0] === 'over/privacy.html'), `no result for the privacy page: ${r.hrefs}`);
    assert.ok(r.marks.some((m) => /cookies/i.test(m)), `query not marked in the snippets: ${r.marks}`);
    assert.equal(await page.inputValue('#zoekpagina-invoer'), 'cookies');
    assertClean(visit, 'zoeken.html');
    await visit.close();
  } finally {
    await browser.close();
  }
});

test('Chromium: the example form keeps a score and a note over a reload; axe-core clean', { skip }, async () => {
  requireSite();
  const browser = await ww.launchChromium();
  try {
    const visit = await ww.openInChromium(browser, ww.pageUrl(FORM_PAGE, out));
    const { page } = visit;
    await page.waitForSelector('.ww-panel');
    const { def, items } = await page.evaluate(formDefinition, FORM);
    assert.equal(def.type, 'scale');
    assert.equal(items.length, 4, 'the example form has 4 items');
    assert.equal(def.note, true);
    assert.ok(def.name_field, 'the example form has a name field');
    assert.deepEqual(await page.evaluate(formState, { id: FORM, items }),
      { scores: {}, note: '', name: '', storageMessage: false }, 'the form starts empty');

    await page.check(`#ww-${FORM}-${items[0]}-3`);
    await page.fill(`#ww-${FORM}-${items[0]}-note`, 'Met de <b>agenda</b> van het team');
    await page.fill(`#ww-${FORM}-name`, 'Anna de Vries');
    await page.waitForFunction((key) => /agenda/.test(localStorage.getItem(key) || ''), `wegwijzer:form:${FORM}`);
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('.ww-panel');
    assert.deepEqual(await page.evaluate(formState, { id: FORM, items }), {
      scores: { [items[0]]: 3 },
      note: 'Met de <b>agenda</b> van het team',
      name: 'Anna de Vries',
      storageMessage: false,
    }, 'score, note and name after the reload');
    assert.match(await page.textContent(`#ww-${FORM}-progress`), /^1 van 4 /);
    assertClean(visit, FORM_PAGE);
    assert.deepEqual(await runAxe(page), [], `${FORM_PAGE}: axe-core violations with answers filled in`);
    await visit.close();
  } finally {
    await browser.close();
  }
});

test('Chromium: home page footer links the about pages; axe-core clean', { skip }, async () => {
  requireSite();
  const browser = await ww.launchChromium();
  try {
    const visit = await ww.openInChromium(browser, ww.pageUrl('index.html', out));
    const { page } = visit;
    // Soft hyphens (theme.js puts them at the joints of long Dutch words) are not part of the name.
    const links = await page.$$eval('footer a', (as) => as.map((a) => ({ text: a.textContent.replace(/\u00ad/g, '').trim(), href: a.getAttribute('href') })));
    for (const [href, text] of [['over/privacy.html', 'Privacyverklaring'],
      ['over/toegankelijkheid.html', 'Toegankelijkheidsverklaring'], ['over/colofon.html', 'Colofon']]) {
      assert.ok(links.some((l) => l.href === href && l.text === text), `footer has no link "${text}" to ${href}: ${JSON.stringify(links)}`);
    }
    await Promise.all([page.waitForNavigation(), page.click('footer a[href="over/colofon.html"]')]);
    assert.equal(await page.textContent('h1'), 'Colofon');
    assertClean(visit, 'index.html');
    await page.goto(ww.pageUrl('index.html', out), { waitUntil: 'load' });
    assert.deepEqual(await runAxe(page), [], 'index.html: axe-core violations');
    assertClean(visit, 'index.html');
    await visit.close();
  } finally {
    await browser.close();
  }
});

test('Chromium: print.html holds every page and prints to a PDF', { skip }, async () => {
  requireSite();
  // The title (h1) of every page of the site in its own layout, the search page aside.
  const pages = ww.listPages(out).filter((p) => !/^print/.test(p) && p !== 'zoeken.html');
  const titles = pages.map((p) => {
    const m = ww.pageSource(p, out).match(/<h1[^>]*>([\s\S]*?)<\/h1>/);
    assert.ok(m, `${p} has no h1`);
    return m[1].replace(/<[^>]*>/g, '').trim();
  });
  assert.deepEqual([...titles].sort(), [...TITLES].sort(), 'the pages of the starter site');

  const browser = await ww.launchChromium();
  try {
    const visit = await ww.openInChromium(browser, ww.pageUrl('print.html', out), { media: 'print' });
    const { page } = visit;
    const printed = await page.evaluate(() => ({
      title: document.querySelector('#print-title').textContent.trim(),
      pages: [...document.querySelectorAll('.print-page__title')].map((h) => {
        const c = h.cloneNode(true);
        c.querySelectorAll('.print-page__num').forEach((n) => n.remove());
        return c.textContent.trim();
      }),
      text: document.body.textContent,
    }));
    assert.equal(printed.title, 'Ons handboek');
    for (const t of titles) {
      assert.ok(t === printed.title || printed.pages.includes(t), `print.html lacks "${t}": ${printed.pages.join(' | ')}`);
    }
    // the home page's text, and the form as a form to fill in on paper
    assert.match(printed.text, /Waar begin je\?/);
    assert.match(printed.text, /Ik vraag om hulp als ik vastloop\./);
    const pdf = path.join(tmp, 'print.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    const bytes = fs.readFileSync(pdf);
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    const n = (bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.ok(n >= 2 && n < 40, `a sensible number of A4 pages (${n})`);
    console.log(`new-site: print.html as PDF: ${n} pages, ${bytes.length} bytes`);
    assertClean(visit, 'print.html');
    await visit.close();
  } finally {
    await browser.close();
  }
});

test('Firefox: the search page and the example form', { skip }, async () => {
  requireSite();
  const ff = await ww.launchFirefox();
  try {
    let visit = await ww.openInFirefox(ff, `${ww.pageUrl('zoeken.html', out)}?q=zelfevaluatie`);
    let { page } = visit;
    await page.waitForFunction(() => document.querySelectorAll('.zoekresultaat').length > 0);
    const r = await page.evaluate(pageResults);
    assert.ok(r.hrefs.some((h) => h.split(/[?#]/)[0] === FORM_PAGE), `no result for ${FORM_PAGE}: ${r.hrefs}`);
    assertClean(visit, 'Firefox zoeken.html');
    await visit.close();

    visit = await ww.openInFirefox(ff, ww.pageUrl(FORM_PAGE, out));
    page = visit.page;
    await page.waitForSelector('.ww-panel');
    const { items } = await page.evaluate(formDefinition, FORM);
    await page.click(`#ww-${FORM}-${items[1]}-2`);
    await page.type(`#ww-${FORM}-${items[1]}-note`, 'Samen met Fenna');
    await page.waitForFunction((key) => /Fenna/.test(localStorage.getItem(key) || ''), {}, `wegwijzer:form:${FORM}`);
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('.ww-panel');
    const st = await page.evaluate(formState, { id: FORM, items });
    assert.deepEqual(st.scores, { [items[1]]: 2 });
    assert.equal(await page.$eval(`#ww-${FORM}-${items[1]}-note`, (e) => e.value), 'Samen met Fenna');
    assert.equal(st.storageMessage, false, 'Firefox stores on file://');
    assertClean(visit, `Firefox ${FORM_PAGE}`);
    await visit.close();
  } finally {
    await ff.close();
  }
});
