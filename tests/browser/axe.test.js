'use strict';
// axe-core over every page of the built site, in the light and the dark colour
// scheme, for WCAG 2.0/2.1/2.2 A and AA. Any violation fails, listed as
// page, scheme, rule and the CSS selector of each offending element.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const ww = require('./lib/browsers');

const skip = ww.skipReason() || false;
const JOBS = Number(process.env.WW_JOBS || 2);
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SCHEMES = ['light', 'dark'];

async function runAxe(page) {
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations', 'incomplete'],
    });
    const slim = (list) => list.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary || '' })),
    }));
    return { violations: slim(r.violations), incomplete: slim(r.incomplete) };
  }, TAGS);
}

for (const scheme of SCHEMES) {
  test(`axe-core finds no WCAG 2.x A/AA violation on any page (${scheme} colour scheme)`, { skip }, async () => {
    const site = ww.siteDir();
    const pages = ww.listPages(site).filter((p) => !ww.isRedirectPage(ww.pageSource(p, site)));
    assert.ok(pages.length > 0, `no HTML page found in ${site}`);
    const axe = ww.axeSource();
    const browser = await ww.launchChromium();
    const lines = [];
    const review = new Map(); // rule -> count of nodes axe could not decide
    let violations = 0;
    try {
      await ww.mapLimit(pages, JOBS, async (rel) => {
        // A page CSP may forbid injected scripts: bypassCSP lets axe in.
        const visit = await ww.openInChromium(browser, ww.pageUrl(rel, site), {
          colorScheme: scheme, bypassCSP: true, reducedMotion: 'reduce',
        });
        try {
          await visit.page.addScriptTag({ content: axe });
          const r = await runAxe(visit.page);
          for (const v of r.violations) {
            for (const n of v.nodes) {
              violations++;
              lines.push(`${rel} [${scheme}] ${v.id} (${v.impact}): ${n.target} -- ${v.help}` +
                (n.summary ? `\n      ${n.summary.split('\n').slice(0, 3).join('\n      ')}` : ''));
            }
          }
          for (const v of r.incomplete) review.set(v.id, (review.get(v.id) || 0) + v.nodes.length);
        } finally {
          await visit.close();
        }
      });
    } finally {
      await browser.close();
    }
    lines.sort();
    const rv = [...review].map(([id, n]) => `${id} ×${n}`).join(', ');
    console.log(`axe (${scheme}): ${pages.length} pages checked, ${violations} violations` +
      (rv ? `; needs manual review (axe could not decide): ${rv}` : ''));
    const shown = lines.slice(0, 300);
    if (lines.length > shown.length) shown.push(`... and ${lines.length - shown.length} more`);
    assert.equal(violations, 0, `axe-core violations (${scheme}):\n  ${shown.join('\n  ')}`);
  });
}
