'use strict';
// html-validate over every page of the built site with tests/browser/.htmlvalidate.json
// (html-validate:recommended, relaxed only where a rule conflicts with a deliberate
// choice). Any error fails, listed as page:line:col rule message.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const ww = require('./lib/browsers');

const skip = ww.skipReason() || false;
const CONFIG = path.join(__dirname, '.htmlvalidate.json');

// Drops // line comments outside strings, so the config can say why a rule is relaxed.
function stripLineComments(text) {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else {
      out += c;
    }
  }
  return out;
}

function loadConfig() {
  return JSON.parse(stripLineComments(fs.readFileSync(CONFIG, 'utf8')));
}

test('html-validate finds no error on any page', { skip }, async () => {
  const { HtmlValidate, StaticConfigLoader } = require('html-validate');
  const site = ww.siteDir();
  const pages = ww.listPages(site);
  assert.ok(pages.length > 0, `no HTML page found in ${site}`);
  // StaticConfigLoader: only our config counts, whatever lies beside the site.
  const hv = new HtmlValidate(new StaticConfigLoader(loadConfig()));
  const errors = [];
  let warnings = 0;
  for (const rel of pages) {
    const report = await hv.validateFile(path.join(site, rel));
    for (const r of report.results) {
      for (const m of r.messages) {
        if (m.severity >= 2) errors.push(`${rel}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
        else warnings++;
      }
    }
  }
  const byRule = new Map();
  for (const e of errors) {
    const rule = e.split(' ')[1].replace(/:$/, '');
    byRule.set(rule, (byRule.get(rule) || 0) + 1);
  }
  const rules = [...byRule].map(([r, n]) => `${r} ×${n}`).join(', ');
  console.log(`html-validate: ${pages.length} pages checked, ${errors.length} errors` +
    (rules ? ` (${rules})` : '') + (warnings ? `, ${warnings} warnings` : ''));
  // Grouped by rule, at most PER_RULE examples each, so that every rule shows.
  const PER_RULE = Number(process.env.WW_PER_RULE || 15);
  const shown = [];
  for (const [rule, n] of byRule) {
    const mine = errors.filter((e) => e.split(' ')[1] === `${rule}:`);
    shown.push(...mine.slice(0, PER_RULE));
    if (n > PER_RULE) shown.push(`... and ${n - PER_RULE} more ${rule}`);
  }
  assert.equal(errors.length, 0, `html-validate errors:\n  ${shown.join('\n  ')}`);
});

module.exports = { stripLineComments, loadConfig };
