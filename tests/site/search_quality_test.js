#!/usr/bin/env node
'use strict';
// The search quality test (docs/search.md, "The quality test"): searches the
// built handbook with the queries of search-quality.json, a starting IB'er's
// queries whose relevant pages were judged by reading content/, and reports
// per query the recall (relevant pages found among the results) and the rank
// of the first relevant page. Fails when the recall over all queries is below
// 95 % or when a result in any query's top five is not judged relevant.
//
//   node tests/site/search_quality_test.js SITE_DIR
//
// No browser: search.js and stemmer-nl.js run in node over the index files,
// as search-loader.js would load them (every file, so every query sees all).

const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const repo = path.join(__dirname, '..', '..');
const assets = path.join(repo, 'themes', 'default', 'assets');
const search = require(path.join(assets, 'search.js'));
require(path.join(assets, 'stemmer-nl.js'));

const MIN_RECALL = 0.95, TOP = 5, SHOWN = 50;

function main() {
  const site = process.argv[2];
  if (!site) {
    console.error('usage: search_quality_test.js SITE_DIR');
    return 2;
  }
  const window = {};
  const run = (f) => vm.runInNewContext(fs.readFileSync(path.join(site, f), 'utf8'), { window });
  run('search-index.js');
  for (const f of fs.readdirSync(site)) if (/^search-(terms|docs)-\d+\.js$/.test(f)) run(f);
  const index = search.Site.fromWindow(window);
  const judged = JSON.parse(fs.readFileSync(path.join(__dirname, 'search-quality.json'), 'utf8')).queries;

  let relevant = 0, found = 0, failures = [];
  const rows = [];
  for (const q of judged) {
    const res = index.search(q.query, SHOWN);
    const pages = res.results.map((r) => r.url.replace(/#.*$/, ''));
    const want = new Set(q.relevant);
    const hits = q.relevant.filter((u) => pages.includes(u)).length;
    const first = pages.findIndex((u) => want.has(u));
    const wrong = pages.slice(0, TOP).filter((u) => !want.has(u));
    relevant += want.size;
    found += hits;
    rows.push(`${q.query.padEnd(26)} ${String(hits).padStart(2)}/${String(want.size).padEnd(2)}  first relevant: ` +
              `${first < 0 ? '-' : first + 1}  results: ${res.total}`);
    if (wrong.length) failures.push(`"${q.query}": top ${TOP} holds pages not judged relevant: ${wrong.join(', ')}`);
    const missed = q.relevant.filter((u) => !pages.includes(u));
    if (missed.length) rows.push(`${''.padEnd(26)} missed: ${missed.join(', ')}`);
  }
  const recall = found / relevant;
  console.log(rows.join('\n'));
  console.log(`recall ${found}/${relevant} = ${(100 * recall).toFixed(1)} % over ${judged.length} queries`);
  if (recall < MIN_RECALL) failures.push(`recall ${(100 * recall).toFixed(1)} % is below ${100 * MIN_RECALL} %`);
  for (const f of failures) console.error(`search quality: ${f}`);
  return failures.length ? 1 : 0;
}

process.exitCode = main();
