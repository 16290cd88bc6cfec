#!/usr/bin/env node
'use strict';
// Search at scale (issues 6 and 24): builds the search index of a generated
// site (10,000 pages unless --pages), then reports the size of the index files
// against the text the site holds, what a first query loads (bytes of
// script: manifest, term buckets, doc chunks, the stemmer) and how long it
// takes until its results are there, and the time of 20 Dutch queries (typed
// in full, and letter by letter as search-as-you-type does) under node and,
// when Debian's chromium is installed, in Chromium from file://, through
// search-loader.js as the search box uses it.
//
// The index is built by bench/search_bench_driver.cpp (the search index alone:
// core/search/ without search_text.cpp, and the shared text vocabulary it
// uses, compiled here with g++), or with --engine by the whole engine
// (build/wegwijzer build, the plain bench theme).
//
// usage: node bench/search_bench.js [--pages N] [--corpus DIR] [--reps R] [--first N] [--first-only] [--engine [--wegwijzer PATH]] [--no-browser]
// (--corpus: a generated content folder to use instead of generating one)
// Output goes to bench/out/search/ (corpus, site, built site).

const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { execFileSync } = require('node:child_process');
const { pathToFileURL } = require('node:url');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(__dirname, 'out', 'search');
const ASSETS = path.join(ROOT, 'themes', 'default', 'assets');

const args = process.argv.slice(2);
function opt(name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
}
const PAGES = Number(opt('--pages', 10000));
const REPS = Number(opt('--reps', 5));
const EXE = path.resolve(opt('--wegwijzer', path.join(ROOT, 'build', 'wegwijzer')));
const BROWSER = !args.includes('--no-browser');
const ENGINE = args.includes('--engine');
const FIRST = Number(opt('--first', 10));
// Only what a first query loads and costs (large sites: node need not load every file).
const FIRST_ONLY = args.includes('--first-only');  // fresh pages for the first-query measurement in Chromium

// The generator's vocabulary is a few dozen handbook words, so every section
// holds most of them: a worst case for posting lists. Prefixes stand for
// half-typed words.
const QUERIES = [
  'leerling', 'leerlingen', 'groepsplan', 'groepsplannen', 'handelingsgericht werken',
  'intern begeleider', 'onderwijsbehoeften', 'evaluatie cyclus', 'ouders gesprek',
  'toets resultaten analyse', 'sociaal emotioneel', 'differentiatie', 'kwaliteit school team',
  'leerl', 'begel', 'observatie instructie', 'zorgroute', 'mijlpaal leerlijn',
  'coaching consultatie', 'bespreking signaleren',
];

function log(...a) { console.log(...a); }
function mb(bytes) { return (bytes / 1e6).toFixed(2) + ' MB'; }
function ms(x) { return x.toFixed(2) + ' ms'; }
function quantile(xs, q) {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

function dirBytes(dir, re) {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += dirBytes(p, re);
    else if (re.test(e.name)) total += fs.statSync(p).size;
  }
  return total;
}

function corpus() {
  if (opt('--corpus')) return path.resolve(opt('--corpus'));
  const dir = path.join(OUT, `corpus-${PAGES}`);
  if (fs.existsSync(path.join(dir, '.done'))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  const gen = fs.existsSync('/work/shared/bench/gen_corpus.py')
    ? '/work/shared/bench/gen_corpus.py' : path.join(ROOT, 'bench', 'gen_corpus.py');
  log(`generating ${PAGES} pages with ${gen}`);
  execFileSync('python3', [gen, dir, String(PAGES)], { stdio: 'inherit' });
  fs.writeFileSync(path.join(dir, '.done'), '');
  return dir;
}

// The engine files the search index is made of: every core/search/ file but
// those that work for the build (search_text.cpp reads the Markdown tree,
// search_shards.cpp plans the shards), and the files of the shared
// vocabulary at the root of core/ that they include.
const NOT_INDEX = new Set(['search_text.cpp', 'search_shards.cpp']);
const INDEX_SOURCES = ['utf8', 'fold', 'slug', 'value'].map((n) => path.join(ROOT, 'core', n + '.cpp'));
function indexSources() {
  const dir = path.join(ROOT, 'core', 'search');
  const search = fs.readdirSync(dir).filter((f) => f.endsWith('.cpp') && !NOT_INDEX.has(f)).sort();
  return search.map((f) => path.join(dir, f)).concat(INDEX_SOURCES);
}
function withHeaders(sources) {
  return sources.flatMap((f) => [f, f.replace(/\.cpp$/, '.h')]).filter((f) => fs.existsSync(f));
}

// Compiles the driver when a source is newer than it, then runs it.
function buildWithDriver(content) {
  const exe = path.join(OUT, 'search_bench_driver');
  const sources = [path.join(__dirname, 'search_bench_driver.cpp')].concat(indexSources());
  const stale = !fs.existsSync(exe) ||
    withHeaders(sources).some((f) => fs.statSync(f).mtimeMs > fs.statSync(exe).mtimeMs);
  if (stale) {
    log('compiling bench/search_bench_driver.cpp');
    execFileSync('g++', ['-std=c++20', '-O2', '-pthread', '-I', path.join(ROOT, 'core'), ...sources, '-lstemmer', '-o', exe],
      { stdio: 'inherit' });
  }
  const dest = path.join(OUT, `index-${PAGES}`);
  fs.mkdirSync(dest, { recursive: true });
  for (const f of fs.readdirSync(dest)) if (/^search-.*\.js$/.test(f)) fs.rmSync(path.join(dest, f));
  const t0 = process.hrtime.bigint();
  execFileSync(exe, [content, dest], { stdio: ['ignore', 'ignore', 'inherit'] });
  return { dest, seconds: Number(process.hrtime.bigint() - t0) / 1e9, what: 'index built by the driver' };
}

function build(content) {
  if (!ENGINE) return buildWithDriver(content);
  const site = path.join(OUT, `site-${PAGES}`);
  fs.mkdirSync(site, { recursive: true });
  fs.writeFileSync(path.join(site, 'site.toml'), 'title = "Bench"\nlanguage = "nl"\n\n[theme]\nname = "plain"\n');
  for (const [name, target] of [['content', content], ['themes', path.join(ROOT, 'bench', 'themes')]]) {
    const link = path.join(site, name);
    fs.rmSync(link, { force: true, recursive: false });
    fs.symlinkSync(target, link);
  }
  const dest = path.join(OUT, `public-${PAGES}`);
  if (!fs.existsSync(EXE)) throw new Error(`${EXE} not found: run 'make build' first (or pass --wegwijzer PATH)`);
  const t0 = process.hrtime.bigint();
  execFileSync(EXE, ['build', '-q', '-s', site, '-d', dest], { stdio: 'inherit' });
  return { dest, seconds: Number(process.hrtime.bigint() - t0) / 1e9, what: 'site built by build/wegwijzer' };
}

// The index files of a built site.
function indexFiles(dest) {
  return fs.readdirSync(dest).filter((f) => /^search-(index|terms-\d+|docs-\d+)\.js$/.test(f));
}

// What a first query loads, as search-loader.js does it (the manifest and the
// stemmer, then the buckets the plan asks for, round by round, then the doc
// chunks of the shown results), in node: bytes and files.
function firstQueryBytes(dest, q, limit) {
  const search = require(path.join(ASSETS, 'search.js'));
  const window = {};
  const size = (f) => fs.statSync(f).size;
  const run = (f) => vm.runInNewContext(fs.readFileSync(path.join(dest, f), 'utf8'), { window });
  run('search-index.js');
  const site = new search.Site(window.WEGWIJZER_SEARCH);
  let bytes = size(path.join(dest, 'search-index.js')) + size(path.join(ASSETS, 'stemmer-nl.js')), files = 2;
  let plan = site.plan(q);
  for (let round = 0; plan.missing.length && round < 6; round++) {
    for (const k of plan.missing) {
      run(site.termFile(k));
      site.addTerms(k, window.WEGWIJZER_SEARCH_TERMS[k]);
      bytes += size(path.join(dest, site.termFile(k)));
      files++;
    }
    plan = site.plan(q);
  }
  const ranked = site.rank(plan, limit);
  for (const k of site.docsFor(ranked, limit)) {
    run(site.docFile(k));
    site.addDocs(k, window.WEGWIJZER_SEARCH_DOCS[k]);
    bytes += size(path.join(dest, site.docFile(k)));
    files++;
  }
  return { bytes, files, results: site.finish(plan, ranked, limit).results.length };
}

function nodeTimes(dest) {
  const search = require(path.join(ASSETS, 'search.js'));
  const sources = indexFiles(dest).map((f) => fs.readFileSync(path.join(dest, f), 'utf8'));
  const t0 = performance.now();
  const window = {};
  for (const src of sources) vm.runInNewContext(src, { window });
  const t1 = performance.now();
  let index = search.Site.fromWindow(window);
  const t2 = performance.now();
  const cold = [], warm = [], typing = [], counts = [];
  for (const q of QUERIES) {
    index = search.Site.fromWindow(window);  // nothing decoded yet
    let t = performance.now();
    const r = index.search(q, 10);
    cold.push(performance.now() - t);
    counts.push(r.total);
    for (let k = 0; k < REPS; k++) {
      t = performance.now();
      index.search(q, 10);
      warm.push(performance.now() - t);
    }
  }
  index = search.Site.fromWindow(window);  // an empty cache, as on a fresh page
  for (const q of QUERIES) {
    for (let n = 2; n <= q.length; n++) {
      const t = performance.now();
      index.search(q.slice(0, n), 8);
      typing.push(performance.now() - t);
    }
  }
  return { parse: t1 - t0, construct: t2 - t1, cold, warm, typing, counts };
}

// The first query of a fresh page in Chromium, from file://, through
// search-loader.js with the real assets: the time from the query until its
// results are there (the manifest and the stemmer included, as when the box
// is typed in at once), and the bytes of the scripts it loaded. Then the
// same queries again and letter by letter on one page.
async function browserTimes(dest) {
  const chromium = process.env.WW_CHROMIUM || '/usr/bin/chromium';
  let playwright;
  try {
    playwright = require(path.join(ROOT, 'tests', 'browser', 'node_modules', 'playwright-core'));
  } catch (e) {
    return { skipped: 'playwright-core not installed (tests/browser: npm ci)' };
  }
  if (!fs.existsSync(chromium)) return { skipped: `${chromium} not installed` };
  fs.mkdirSync(path.join(dest, 'assets'), { recursive: true });
  for (const f of ['search.js', 'search-loader.js', 'stemmer-nl.js']) {
    fs.copyFileSync(path.join(ASSETS, f), path.join(dest, 'assets', f));
  }
  const page = path.join(dest, 'search-bench.html');
  fs.writeFileSync(page, '<!doctype html><meta charset="utf-8"><title>bench</title><main></main>' +
    '<script src="assets/search.js"></script><script src="assets/search-loader.js"></script>');
  const browser = await playwright.chromium.launch({ executablePath: chromium });
  const first = [];
  try {
    for (const q of QUERIES.slice(0, FIRST)) {
      const context = await browser.newContext();  // nothing cached
      const tab = await context.newPage();
      const loaded = [];
      tab.on('request', (r) => loaded.push(r.url()));
      await tab.goto(pathToFileURL(page).href);
      loaded.length = 0;
      const r = await tab.evaluate((query) => new Promise((resolve) => {
        const t0 = performance.now();
        window.Wegwijzer.searchLoader.search('', query, 8, (res) => {
          resolve({ ms: performance.now() - t0, results: res ? res.results.length : -1 });
        });
      }), q);
      const files = loaded.filter((u) => u.startsWith('file:'));
      r.bytes = files.reduce((sum, u) => sum + fs.statSync(new URL(u)).size, 0);
      r.files = files.length;
      first.push(r);
      await context.close();
    }
    if (FIRST_ONLY) return { first };
    const tab = await browser.newPage();
    await tab.goto(pathToFileURL(page).href);
    const again = await tab.evaluate(async ({ queries, reps }) => {
      const L = window.Wegwijzer.searchLoader;
      const run = (q, n) => new Promise((resolve) => {
        const t = performance.now();
        L.search('', q, n, () => resolve(performance.now() - t));
      });
      const warm = [], typing = [];
      for (const q of queries) await run(q, 10);
      for (const q of queries) for (let k = 0; k < reps; k++) warm.push(await run(q, 10));
      for (const q of queries) for (let n = 2; n <= q.length; n++) typing.push(await run(q.slice(0, n), 8));
      return { warm, typing };
    }, { queries: QUERIES, reps: REPS });
    return { first, warm: again.warm, typing: again.typing };
  } finally {
    await browser.close();
  }
}

function stats(xs, fmt) {
  return `median ${fmt(quantile(xs, 0.5))}  p95 ${fmt(quantile(xs, 0.95))}  max ${fmt(Math.max(...xs))}  (n=${xs.length})`;
}

function report(name, r) {
  log(`\n${name}`);
  if (r.skipped) { log(`  skipped: ${r.skipped}`); return; }
  if (r.parse !== undefined) log(`  evaluate every index file  ${ms(r.parse)}`);
  if (r.construct !== undefined) log(`  Site.fromWindow()          ${ms(r.construct)}`);
  if (r.first) {
    log(`  first query, fresh page:   ${stats(r.first.map((x) => x.ms), ms)}`);
    log(`  first query loads          ${stats(r.first.map((x) => x.bytes), mb)}, ` +
        `${Math.max(...r.first.map((x) => x.files))} files at most`);
  }
  const rows = [['query, first time', r.cold], ['query, again', r.warm], ['keystroke while typing', r.typing]];
  for (const [label, xs] of rows) if (xs) log(`  ${label.padEnd(26)} ${stats(xs, ms)}`);
}

// A fixed piece of work, so numbers from a busy machine can be told apart.
function calibrate() {
  const t = performance.now();
  let x = 0;
  for (let i = 0; i < 1e7; i++) x += i & 7;
  return { ms: performance.now() - t, x };
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const os = require('node:os');
  log(`machine: ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ` +
      `reference loop (1e7 adds) ${ms(calibrate().ms)}`);
  const content = corpus();
  const { dest, seconds, what } = build(content);
  const files = indexFiles(dest);
  const bytesOf = (re) => files.filter((f) => re.test(f)).reduce((sum, f) => sum + fs.statSync(path.join(dest, f)).size, 0);
  const indexBytes = bytesOf(/./);
  const manifest = (() => { const window = {}; vm.runInNewContext(fs.readFileSync(path.join(dest, 'search-index.js'), 'utf8'), { window }); return window.WEGWIJZER_SEARCH; })();
  const sections = require(path.join(ASSETS, 'search.js')).decodeVarints(manifest.c).reduce((a, b) => a + b, 0);
  log(`pages ${manifest.n}, sections ${sections}, term buckets ${manifest.tn}, ` +
      `doc chunks ${files.filter((f) => f.startsWith('search-docs-')).length}; ${what} in ${seconds.toFixed(1)} s`);
  log(`Markdown sources ${mb(dirBytes(content, /\.md$/))}` + (ENGINE ? `, HTML written ${mb(dirBytes(dest, /\.html$/))}` : ''));
  log(`text indexed (titles, headings, body) ${mb(manifest.tb)}`);
  log(`index ${mb(indexBytes)} = ${(100 * indexBytes / manifest.tb).toFixed(1)} % of the text: manifest ` +
      `${mb(bytesOf(/^search-index\.js$/))}, term buckets ${mb(bytesOf(/^search-terms-/))} ` +
      `(largest ${mb(Math.max(...files.filter((f) => f.startsWith('search-terms-')).map((f) => fs.statSync(path.join(dest, f)).size)))}), ` +
      `doc chunks ${mb(bytesOf(/^search-docs-/))}`);
  const firsts = QUERIES.map((q) => firstQueryBytes(dest, q, 8));
  log(`first query loads (node, as search-loader.js): ${stats(firsts.map((f) => f.bytes), mb)}, ` +
      `files median ${quantile(firsts.map((f) => f.files), 0.5)}`);
  if (!FIRST_ONLY) {
    const node = nodeTimes(dest);
    log(`\nmatching pages per query: ${QUERIES.map((q, i) => `${q}=${node.counts[i]}`).join(', ')}`);
    report(`node ${process.version}, every file loaded`, node);
  }
  if (BROWSER) report('Chromium, file://, through search-loader.js', await browserTimes(dest));
}

main().catch((e) => { console.error(e); process.exit(1); });
