'use strict';
// `wegwijzer serve` shows a failed build in every open page, and takes it away again.
// A new site (`wegwijzer new site`) is served on a free port and opened in Chromium,
// two pages in two tabs. A broken link is then saved into a page: both tabs show the
// build error over the last good site (an overlay with the message and file:line:col,
// role="alert"). The link is fixed: the next build succeeds, the tabs reload and the
// overlay is gone. (Chromium only: the Firefox of the harness sends every http request
// to a closed proxy port, so it cannot reach a local server.)

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const ww = require('./lib/browsers');

const repo = process.env.WW_REPO || path.join(__dirname, '..', '..');
const bin = process.env.WW_BIN || path.join(repo, 'build', 'wegwijzer');
const skip = fs.existsSync(bin) ? false : `no wegwijzer binary at ${bin} (set WW_BIN)`;
const TIMEOUT = Number(process.env.WW_TIMEOUT_MS || 120000);
const OVERLAY = '#wegwijzer-build-errors';

let tmp;
let server;           // the serve process
let output = '';      // what it printed, for messages
let browser;

// A port nobody listens on now: the system picks one, we close it and serve takes it.
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Resolves once serve's output matches `re`; rejects when it exits first or after TIMEOUT.
function waitForOutput(re) {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (re.test(output)) { clearInterval(timer); resolve(); }
      else if (server.exitCode !== null) { clearInterval(timer); reject(new Error(`serve exited:\n${output}`)); }
    }, 100);
    setTimeout(() => { clearInterval(timer); reject(new Error(`serve never printed ${re}:\n${output}`)); }, TIMEOUT);
  });
}

let url;
let site;
before(async () => {
  if (skip) return;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ww-serve-errors-'));
  site = path.join(tmp, 'school');
  const made = spawnSync(bin, ['new', 'site', site], { encoding: 'utf8' });
  assert.equal(made.status, 0, `wegwijzer new site: ${made.stderr}`);
  const port = await freePort();
  url = `http://127.0.0.1:${port}/`;
  server = spawn(bin, ['serve', '-s', site, '-d', path.join(tmp, 'out'), `--port=${port}`, '-j', '2'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (d) => { output += d; });
  server.stderr.on('data', (d) => { output += d; });
  await waitForOutput(/serving http:/);
  browser = await ww.launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('serve: a failed build is shown in every open page, and gone after the next good build', { skip }, async () => {
  const pages = [];
  for (const rel of ['', 'voorbeeld/eerste-pagina.html']) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url + rel, { timeout: TIMEOUT });
    pages.push({ page, errors, rel });
  }
  for (const { page } of pages) assert.equal(await page.locator(OVERLAY).count(), 0, 'an overlay before any error');

  const file = path.join(site, 'content', 'voorbeeld', 'eerste-pagina.md');
  const good = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, `${good}\nZie [de afspraken](afspraken-die-er-niet-zijn.md).\n`);
  await waitForOutput(/build failed/);
  for (const { page, rel } of pages) {
    const overlay = page.locator(OVERLAY);
    await overlay.waitFor({ state: 'visible', timeout: TIMEOUT });
    assert.equal(await overlay.getAttribute('role'), 'alert');
    const text = await overlay.innerText();
    assert.match(text, /De site kon niet worden gebouwd/, `page /${rel}`);
    assert.match(text, /content\/voorbeeld\/eerste-pagina\.md:\d+:\d+/, `page /${rel}: no file:line:col in\n${text}`);
    assert.match(text, /afspraken-die-er-niet-zijn\.md/, `page /${rel}: not the message in\n${text}`);
    // The last good site stays under it.
    assert.ok(await page.locator('main').count() > 0, `page /${rel}: the page itself is gone`);
  }

  // The reader may put it aside; it stays aside while the errors are the same.
  await pages[1].page.locator(`${OVERLAY} button`).click();
  assert.equal(await pages[1].page.locator(OVERLAY).count(), 0, 'Verbergen did not hide the overlay');

  const before = output.length;
  fs.writeFileSync(file, good);
  await waitForOutput(/rebuilt/);
  for (const { page, rel } of pages) {
    await page.locator(OVERLAY).waitFor({ state: 'detached', timeout: TIMEOUT });
    await page.waitForLoadState('load');
    assert.equal(await page.locator(OVERLAY).count(), 0, `page /${rel}: the overlay stayed after a good build`);
  }
  for (const { errors, rel } of pages) assert.deepEqual(errors, [], `page /${rel}: page errors`);
});
