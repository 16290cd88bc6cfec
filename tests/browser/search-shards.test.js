'use strict';
// A site's search index comes in parts: term buckets (search-terms-K.js) and
// doc chunks of [search] doc_pages pages (search-docs-K.js), so that a query
// loads only what it needs. This test builds the handbook twice, in one doc
// chunk and in chunks of 1 page, and checks that every query gives the same
// results, totals and scores either way, and that a query loaded only the
// buckets its plan names. No browser.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const { execFileSync } = require('node:child_process');

const repo = process.env.WW_REPO || path.join(__dirname, '..', '..');
const bin = process.env.WW_BIN || path.join(repo, 'build', 'wegwijzer');
const search = require(path.join(repo, 'themes', 'default', 'assets', 'search.js'));
const skip = fs.existsSync(bin) ? false : `no wegwijzer binary at ${bin} (set WW_BIN)`;

// Builds the handbook with `extra` appended to its site.toml; returns the output folder.
function buildHandbook(tmp, name, extra) {
  const site = path.join(tmp, name);
  fs.mkdirSync(site);
  fs.cpSync(path.join(repo, 'content'), path.join(site, 'content'), { recursive: true });
  fs.writeFileSync(path.join(site, 'site.toml'), fs.readFileSync(path.join(repo, 'site.toml'), 'utf8') + extra);
  const out = path.join(site, 'site');
  execFileSync(bin, ['build', '-q', '-s', site, '-d', out], { stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

// The index of a built site as search.js would make it from the scripts.
function loadSite(out) {
  const window = {};
  const run = (f) => vm.runInNewContext(fs.readFileSync(path.join(out, f), 'utf8'), { window });
  run('search-index.js');
  assert.equal(window.WEGWIJZER_SEARCH.v, 4);
  const files = fs.readdirSync(out).filter((f) => /^search-(terms|docs)-\d+\.js$/.test(f));
  for (const f of files) run(f);
  const chunks = files.filter((f) => f.startsWith('search-docs-')).length;
  return { shards: chunks, index: search.Site.fromWindow(window) };
}

const plain = (res) => ({
  terms: res.terms,
  total: res.total,
  results: res.results.map((r) => ({
    url: r.url, title: r.title, heading: r.heading, score: r.score, cover: r.cover,
    snippet: r.snippet.map((s) => (s.mark ? `[${s.text}]` : s.text)).join(''),
    also: r.also.map((a) => a.url),
  })),
});

test('shards are searched as one index', { skip }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ww-shards-'));
  try {
    const one = loadSite(buildHandbook(tmp, 'een', '\n[search]\ndoc_pages = 1000\n'));
    const many = loadSite(buildHandbook(tmp, 'veel', '\n[search]\ndoc_pages = 1\n'));
    assert.equal(one.shards, 1);
    assert.ok(many.shards >= 8, `expected many shards, got ${many.shards}`);

    // Every word of every title and heading, some prefixes, some pairs.
    const words = new Set(['groepsplan', 'leerl', 'zorg', 'ouders', 'de het', 'onbekendwoord', 'ib', 'kwal']);
    const first = one.index;
    for (let p = 0; p < first.pageCount; p++) for (const w of search.words(first.title(p))) words.add(w);
    for (let s = 0; s < first.sectionCount; s++) for (const w of search.words(first.heading(s))) words.add(w);
    const list = [...words];
    for (let i = 0; i + 1 < list.length; i += 7) list.push(`${list[i]} ${list[i + 1]}`);
    let compared = 0;
    for (const q of list) {
      const a = plain(one.index.search(q, 10));
      const b = plain(many.index.search(q, 10));
      assert.deepEqual(b, a, `query "${q}"`);
      compared += a.results.length;
    }
    assert.ok(compared > 200, `only ${compared} results compared`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
