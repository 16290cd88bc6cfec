'use strict';
// The print edition up front (issue 20): the home page and every footer link to
// print.html, every page inside a top-level section offers that section's edition
// (print-SECTION.html, which exists), the editions' tables of contents leave out the
// search page and pages with `print: false`, and each entry names its target for CSS
// paged media's target-counter (data-target="#pN", an id of the edition). Read from
// the built files; no browser needed.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const ww = require('./lib/browsers');

const skip = ww.skipReason() || false;

function resolve(from, href) {
  return path.posix.normalize(path.posix.join(path.posix.dirname(from), decodeURIComponent(href.split('#')[0])));
}

test('the print editions are offered on the home page, in every footer and per section', { skip }, async () => {
  const site = ww.siteDir();
  if (!fs.existsSync(path.join(site, 'print.html'))) return;  // [print] is off for this site
  const pages = ww.layoutPages(ww.listPages(site), site);
  const problems = [];
  const home = ww.pageSource('index.html', site);
  if (!/class="hero__print"><a [^>]*href="print\.html"/.test(home)) problems.push('index.html: no link to print.html above the fold');
  for (const rel of pages) {
    const html = ww.pageSource(rel, site);
    const footer = (html.match(/<footer[\s\S]*<\/footer>/) || [''])[0];
    const links = [...footer.matchAll(/href="([^"]*print[^"]*\.html)"/g)].map((m) => resolve(rel, m[1]));
    if (!links.includes('print.html')) problems.push(`${rel}: the footer does not link to print.html`);
    for (const l of links) if (!fs.existsSync(path.join(site, l))) problems.push(`${rel}: ${l} does not exist`);
    const top = rel.includes('/') ? rel.split('/')[0] : null;
    if (top && fs.existsSync(path.join(site, `print-${top}.html`)) && !links.includes(`print-${top}.html`)) {
      problems.push(`${rel}: no link to its section's print-${top}.html`);
    }
  }
  // What the contents must leave out: the search page, and pages that say print: false.
  const left = [];
  for (const rel of pages) {
    const html = ww.pageSource(rel, site);
    if (/data-zoekpagina/.test(html)) left.push((html.match(/<h1[^>]*>([^<]*)<\/h1>/) || [])[1]);
  }
  for (const rel of ww.listPages(site).filter((p) => /^print(-[^/]*)?\.html$/.test(p))) {
    const html = ww.pageSource(rel, site);
    const titles = [...html.matchAll(/<span class="print-toc__title">([^<]*)<\/span>/g)].map((m) => m[1]);
    for (const t of left) if (titles.includes(t)) problems.push(`${rel}: the contents list the search page "${t}"`);
    for (const m of html.matchAll(/data-target="#([^"]+)"/g)) {
      if (!html.includes(`id="${m[1]}"`)) problems.push(`${rel}: data-target #${m[1]} has no id`);
    }
    if (titles.length && !/data-target="#/.test(html)) problems.push(`${rel}: no data-target in the contents`);
  }
  assert.deepEqual(problems, []);
});
