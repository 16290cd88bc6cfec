'use strict';
// A site's search index comes in shards (search-index-N.js, at most
// [search] shard_pages pages each) so that a rebuild after one edit rewrites
// one shard. search.js searches the shards as one: this test builds the
// handbook twice, in one shard and in shards of 3 pages, and checks that every
// query gives the same results, totals and scores either way. No browser.

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
  assert.equal(window.WEGWIJZER_SEARCH.v, 3);
  const n = window.WEGWIJZER_SEARCH.shards;
  for (let k = 0; k < n; k++) run(`search-index-${k}.js`);
  const shards = [];
  for (let k = 0; k < n; k++) shards.push(new search.Index(window.WEGWIJZER_SEARCH_SHARDS[k]));
  return { shards: n, index: new search.MultiIndex(shards) };
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
    const one = loadSite(buildHandbook(tmp, 'een', ''));
    const many = loadSite(buildHandbook(tmp, 'veel', '\n[search]\nshard_pages = 3\n'));
    assert.equal(one.shards, 1);
    assert.ok(many.shards >= 8, `expected many shards, got ${many.shards}`);

    // Every word of every title and heading, some prefixes, some pairs.
    const words = new Set(['groepsplan', 'leerl', 'zorg', 'ouders', 'de het', 'onbekendwoord', 'ib', 'kwal']);
    const first = one.index.shards[0];
    for (let p = 0; p < first.urls.length; p++) for (const w of search.words(first.title(p))) words.add(w);
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
