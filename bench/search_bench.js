#!/usr/bin/env node
'use strict';
// Search at scale (issue 6): builds the search index of a generated
// 10,000-page site, then reports the size of search-index.js against the text
// the site holds, the time to load the index, and the time of 20 Dutch
// queries (typed in full, and letter by letter as search-as-you-type does)
// under node and, when Debian's chromium is installed, in Chromium from
// file://.
//
// The index is built by bench/search_bench_driver.cpp (the search index alone:
// core/search/ without search_text.cpp, and the shared text vocabulary it
// uses, compiled here with g++), or with --engine by the whole engine
// (build/wegwijzer build, the plain bench theme).
//
// usage: node bench/search_bench.js [--pages N] [--reps R] [--engine [--wegwijzer PATH]] [--no-browser]
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
    execFileSync('g++', ['-std=c++20', '-O2', '-I', path.join(ROOT, 'core'), ...sources, '-lstemmer', '-o', exe],
      { stdio: 'inherit' });
  }
  const dest = path.join(OUT, `index-${PAGES}`);
  fs.mkdirSync(dest, { recursive: true });
  const t0 = process.hrtime.bigint();
  execFileSync(exe, [content, path.join(dest, 'search-index.js')], { stdio: ['ignore', 'ignore', 'inherit'] });
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

function nodeTimes(indexFile) {
  const search = require(path.join(ASSETS, 'search.js'));
  const source = fs.readFileSync(indexFile, 'utf8');
  const t0 = performance.now();
  const window = {};
  vm.runInNewContext(source, { window });
  const t1 = performance.now();
  let index = new search.Index(window.WEGWIJZER_SEARCH);
  const t2 = performance.now();
  const cold = [], warm = [], typing = [], counts = [];
  for (const q of QUERIES) {
    index.cache.clear();
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
  index = new search.Index(window.WEGWIJZER_SEARCH);  // an empty cache, as on a fresh page
  for (const q of QUERIES) {
    for (let n = 2; n <= q.length; n++) {
      const t = performance.now();
      index.search(q.slice(0, n), 8);
      typing.push(performance.now() - t);
    }
  }
  return { parse: t1 - t0, construct: t2 - t1, cold, warm, typing, counts };
}

// The same measurement inside Chromium, from file://, with the real assets.
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
  for (const f of ['search.js', 'stemmer-nl.js']) fs.copyFileSync(path.join(ASSETS, f), path.join(dest, 'assets', f));
  const page = path.join(dest, 'search-bench.html');
  fs.writeFileSync(page, '<!doctype html><meta charset="utf-8"><title>bench</title><main></main>' +
    '<script src="assets/stemmer-nl.js"></script><script src="assets/search.js"></script>');
  const browser = await playwright.chromium.launch({ executablePath: chromium, args: ['--allow-file-access-from-files'] });
  try {
    const tab = await browser.newPage();
    await tab.goto(pathToFileURL(page).href);
    return await tab.evaluate(async ({ queries, reps }) => {
      const t0 = performance.now();
      await new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = 'search-index.js';
        s.onload = resolve;
        s.onerror = reject;
        document.head.appendChild(s);
      });
      const t1 = performance.now();
      let index = new window.WegwijzerSearch.Index(window.WEGWIJZER_SEARCH);
      const t2 = performance.now();
      const cold = [], warm = [], typing = [];
      for (const q of queries) {
        index.cache.clear();
        let t = performance.now();
        index.search(q, 10);
        cold.push(performance.now() - t);
        for (let k = 0; k < reps; k++) {
          t = performance.now();
          index.search(q, 10);
          warm.push(performance.now() - t);
        }
      }
      index = new window.WegwijzerSearch.Index(window.WEGWIJZER_SEARCH);
      for (const q of queries) {
        for (let n = 2; n <= q.length; n++) {
          const t = performance.now();
          index.search(q.slice(0, n), 8);
          typing.push(performance.now() - t);
        }
      }
      return { load: t1 - t0, construct: t2 - t1, cold, warm, typing };
    }, { queries: QUERIES, reps: REPS });
  } finally {
    await browser.close();
  }
}

function report(name, r) {
  log(`\n${name}`);
  if (r.skipped) { log(`  skipped: ${r.skipped}`); return; }
  if (r.parse !== undefined) log(`  evaluate search-index.js   ${ms(r.parse)}`);
  if (r.load !== undefined) log(`  load search-index.js       ${ms(r.load)} (script tag, file://)`);
  log(`  new Index()                ${ms(r.construct)}`);
  for (const [label, xs] of [['query, first time', r.cold], ['query, again', r.warm], ['keystroke while typing', r.typing]]) {
    log(`  ${label.padEnd(26)} median ${ms(quantile(xs, 0.5))}  p95 ${ms(quantile(xs, 0.95))}  max ${ms(Math.max(...xs))}  (n=${xs.length})`);
  }
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
  const indexFile = path.join(dest, 'search-index.js');
  const indexBytes = fs.statSync(indexFile).size;
  const data = (() => { const window = {}; vm.runInNewContext(fs.readFileSync(indexFile, 'utf8'), { window }); return window.WEGWIJZER_SEARCH; })();
  const fieldBytes = {};
  for (const [k, v] of Object.entries(data)) fieldBytes[k] = JSON.stringify(v).length;

  log(`pages ${data.u.length}, sections ${data.h.length}, stems ${data.s.split(' ').length}, ` +
      `other word forms ${data.w ? data.w.split(' ').length : 0}, display words ${data.dw.split(' ').length}; ` +
      `${what} in ${seconds.toFixed(1)} s`);
  log(`Markdown sources ${mb(dirBytes(content, /\.md$/))}` + (ENGINE ? `, HTML written ${mb(dirBytes(dest, /\.html$/))}` : ''));
  log(`text indexed (titles, headings, body) ${mb(data.tb)}`);
  log(`search-index.js ${mb(indexBytes)} = ${(100 * indexBytes / data.tb).toFixed(1)} % of the text`);
  const parts = [['snippets (x)', 'x'], ['headings (h)', 'h'], ['anchors (a)', 'a'], ['urls + titles', 'u', 't'],
    ['display words (dw)', 'dw'],
    ['body postings (pb)', 'pb'], ['heading postings (ph)', 'ph'], ['title postings (pt)', 'pt'],
    ['stems + word forms', 's', 'w', 'ws']];
  for (const [label, ...keys] of parts) {
    const b = keys.reduce((sum, k) => sum + (fieldBytes[k] || 0), 0);
    log(`  ${label.padEnd(24)} ${mb(b).padStart(9)}  ${(100 * b / indexBytes).toFixed(1).padStart(5)} %`);
  }
  const node = nodeTimes(indexFile);
  log(`\nmatching pages per query: ${QUERIES.map((q, i) => `${q}=${node.counts[i]}`).join(', ')}`);
  report(`node ${process.version}`, node);
  if (BROWSER) report('Chromium, file://', await browserTimes(dest));
}

main().catch((e) => { console.error(e); process.exit(1); });
