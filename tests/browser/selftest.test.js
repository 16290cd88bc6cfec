'use strict';
// Tests the browser tests themselves, without the engine: the hand-made fixture site
// passes every check, and a copy of it with known faults fails each check with the
// expected message. Not part of the default run (run.sh selftest.test.js).

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const FIXTURE = path.join(__dirname, 'fixtures', 'mini-site');
const CHECKS = ['site.test.js', 'axe.test.js', 'validate.test.js', 'keyboard.test.js'];

function runChecks(site) {
  const env = { ...process.env, WW_SITE: site, WW_REQUIRE_SITE: '1' };
  delete env.NODE_TEST_CONTEXT; // else the child talks to our runner, not to us
  const r = spawnSync(process.execPath, ['--test', ...CHECKS], {
    cwd: __dirname,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

function edit(file, from, to) {
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.includes(from), `fixture ${file} no longer holds ${JSON.stringify(from)}`);
  fs.writeFileSync(file, text.replace(from, to));
}

test('the fixture site passes every check', () => {
  const r = runChecks(FIXTURE);
  assert.equal(r.status, 0, `the fixture site should pass:\n${r.out}`);
  for (const line of ['0 problems', '0 violations', '0 errors']) assert.ok(r.out.includes(line), line);
});

test('a broken copy of the fixture fails each check with a precise message', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ww-broken-site-'));
  try {
    fs.cpSync(FIXTURE, dir, { recursive: true });
    const p = (f) => path.join(dir, f);
    // site.test.js
    edit(p('index.html'), '<p>Welkom.', '<p><img src="https://example.com/logo.png" alt="Logo"> Welkom.');
    edit(p('index.html'), 'checklist.html#voorbereiding', 'checklist.html#bestaat-niet');
    edit(p('index.html'), '<a href="starten/index.html">Starten</a> of', '<a href="starten/">Starten</a> of');
    edit(p('starten/index.html'), '</main>', '<script>nietGedefinieerd();</script>\n</main>');
    // axe.test.js
    edit(p('starten/index.html'), '<p>Deze sectie', '<img src="../assets/geen-alt.png"><p>Deze sectie');
    edit(p('assets/style.css'), '--kleur-primair: #8cc4f0', '--kleur-primair: #1d3e5c');
    // validate.test.js
    edit(p('starten/rekenhulp.html'), '<p>Kosten:', '<p id="uren">Kosten:');
    // keyboard.test.js
    edit(p('assets/style.css'), 'html { scroll-padding-top: 5rem; }', '');
    edit(p('assets/style.css'), 'a { color', 'a:focus-visible { outline: none; }\na { color');
    edit(p('starten/checklist.html'), 'href="#inhoud">Naar', 'href="#menu">Naar');
    edit(p('index.html'), 'class="menu-knop"', 'class="menu-knop" onkeydown="event.preventDefault()"');

    const r = runChecks(dir);
    assert.notEqual(r.status, 0, 'the broken site should fail');
    const expected = [
      'index.html: network request: https://example.com/logo.png',
      'loads from outside the site',
      'no id="bestaat-niet" in starten/checklist.html',
      'links to a folder',
      'page error: ReferenceError: nietGedefinieerd is not defined',
      'starten/index.html [light] image-alt',
      '[dark] color-contrast',
      'no-dup-id',
      'shows no focus indicator',
      'hidden under header',
      'scrolls to 0px, under header',
      'skip link a[href="#menu"]',
      'Enter on the menu toggle does not open it',
    ];
    const missing = expected.filter((m) => !r.out.includes(m));
    assert.deepEqual(missing, [], `messages missing from the output:\n${r.out}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
