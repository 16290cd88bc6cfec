'use strict';
// Shared code of the browser tests: where the built site is, which pages it has,
// how to launch the two browsers we test with, and how to open one page by file://
// while recording everything that must not happen (network, console and page errors).
//
// Browsers are the Debian packages (`make test-deps` installs them); nothing here ever
// downloads a browser.

const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL, fileURLToPath } = require('node:url');

const REPO = path.resolve(__dirname, '..', '..', '..');
const CHROMIUM = process.env.WW_CHROMIUM || '/usr/bin/chromium';
const FIREFOX = process.env.WW_FIREFOX || '/usr/bin/firefox-esr';
const OUT_DIR = path.join(__dirname, '..', 'out');
// Generous: a busy 2-core machine (a parallel build) can take long to load a page.
const TIMEOUT_MS = Number(process.env.WW_TIMEOUT_MS || 120000);

// The built site: $WW_SITE, else <repo>/site.
function siteDir() {
  return path.resolve(process.env.WW_SITE || path.join(REPO, 'site'));
}

// Why the tests of this file are skipped, or null when the site is there.
// Only a site folder that does not exist yet is a reason to skip; with
// WW_REQUIRE_SITE=1 (ctest sets it) a missing site is an error instead.
function skipReason() {
  const dir = siteDir();
  if (fs.existsSync(dir) && fs.statSync(dir).isDirectory()) return null;
  const msg = `site folder ${dir} does not exist yet: build it with 'make' (or point WW_SITE at a built site)`;
  if (process.env.WW_REQUIRE_SITE === '1') throw new Error(msg);
  return `no built site: ${msg}`;
}

// Every HTML page of the site, as paths relative to the site folder with '/'
// separators, sorted so that runs are reproducible.
function listPages(dir = siteDir()) {
  const pages = [];
  (function walk(rel) {
    const entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isFile() && /\.html?$/i.test(e.name)) pages.push(r);
    }
  })('');
  return pages;
}

function pageUrl(rel, dir = siteDir()) {
  return pathToFileURL(path.join(dir, rel)).href;
}

function pageSource(rel, dir = siteDir()) {
  return fs.readFileSync(path.join(dir, rel), 'utf8');
}

// A redirect page written for an alias: it only forwards, so it is checked for
// validity but not opened in the browser tests that look at content.
function isRedirectPage(html) {
  return /<meta\s[^>]*http-equiv\s*=\s*["']?refresh/i.test(html);
}

// The pages in the site's own layout: not redirects and, when the home page has a
// <header>, only pages that have one too (so not a print edition of the whole book).
function layoutPages(pages = listPages(), dir = siteDir()) {
  const content = pages.filter((p) => !isRedirectPage(pageSource(p, dir)));
  const home = content.includes('index.html') ? pageSource('index.html', dir) : '';
  if (!/<header[\s>]/i.test(home)) return content;
  return content.filter((p) => /<header[\s>]/i.test(pageSource(p, dir)));
}

// Pages worth a closer look: home, the first section, a long content page, the
// first form page and the first calculator page (null when there is none).
function samplePages(pages = listPages(), dir = siteDir()) {
  const content = layoutPages(pages, dir);
  const home = content.includes('index.html') ? 'index.html' : content[0] || null;
  const section = content.find((p) => p !== 'index.html' && p.endsWith('/index.html')) || null;
  const withAttr = (attr) => content.find((p) => pageSource(p, dir).includes(attr)) || null;
  let long = null;
  let longest = -1;
  for (const p of content) {
    if (p === home) continue;
    const html = pageSource(p, dir);
    const m = html.match(/<main[\s\S]*<\/main>/i);
    const size = (m ? m[0] : html).replace(/<[^>]*>/g, '').length;
    if (size > longest) { longest = size; long = p; }
  }
  return {
    home,
    section,
    long,
    form: withAttr('data-ww-form'),
    calculator: withAttr('data-ww-calculator'),
  };
}

const CHROMIUM_ARGS = [
  '--no-sandbox', '--headless', '--disable-background-networking', '--disable-component-update',
  '--disable-gpu', '--no-first-run', '--disable-sync',
];

function requireBrowser(file, what) {
  if (!fs.existsSync(file)) {
    throw new Error(`${what} not found at ${file}: 'make test-deps' installs it (Debian package).`);
  }
}

async function launchChromium() {
  requireBrowser(CHROMIUM, 'Chromium');
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: TIMEOUT_MS });
}

async function launchFirefox() {
  requireBrowser(FIREFOX, 'Firefox ESR');
  const puppeteer = require('puppeteer-core');
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    timeout: TIMEOUT_MS,
    protocolTimeout: TIMEOUT_MS,
    // A safety net under the request log: any http(s) request the page or Firefox
    // itself makes goes to a closed port on this machine and fails there.
    extraPrefsFirefox: {
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 9,
      'network.proxy.share_proxy_settings': true,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 9,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
    },
  });
}

// file:, data: and blob: stay on this machine; anything else is a network request.
function isLocalUrl(url) {
  return /^(file|data|blob|about):/i.test(url);
}

// One opened page and everything it did. `problems()` lists what is wrong.
class Visit {
  constructor(page, url) {
    this.page = page;
    this.url = url;
    this.requests = [];      // every URL the page asked for
    this.offsite = [];       // requests that would leave the machine
    this.failed = [];        // local requests that failed (missing file, ...)
    this.aborted = [];       // local requests cancelled by the page navigating away
    this.consoleErrors = [];
    this.pageErrors = [];
    this.context = null;     // playwright context we made for it, if any
  }

  request(url) {
    this.requests.push(url);
    if (!isLocalUrl(url)) this.offsite.push(url);
  }

  // A load the page itself cancelled (it navigated away while a lazily loaded
  // script was still coming in) is not a broken file: a missing file fails
  // with ERR_FILE_NOT_FOUND / NS_ERROR_FILE_NOT_FOUND instead.
  requestFailed(url, errorText) {
    if (!isLocalUrl(url)) return;
    const why = errorText || 'failed';
    if (/ERR_ABORTED|NS_BINDING_ABORTED/.test(why)) this.aborted.push(url);
    else this.failed.push(`${url} (${why})`);
  }

  problems() {
    const out = [];
    for (const u of this.offsite) out.push(`network request: ${u}`);
    for (const f of this.failed) out.push(`failed request: ${f}`);
    for (const c of this.consoleErrors) out.push(`console error: ${c}`);
    for (const e of this.pageErrors) out.push(`page error: ${e}`);
    return out;
  }

  async close() {
    if (this.context) await this.context.close();
    else await this.page.close();
  }
}

// Opens a site page in Chromium (playwright-core) in a fresh context.
// options: colorScheme ('light'|'dark'), viewport ({width,height}), bypassCSP,
// reducedMotion, media, locale.
async function openInChromium(browser, url, options = {}) {
  const context = await browser.newContext({
    viewport: options.viewport || { width: 1280, height: 900 },
    colorScheme: options.colorScheme || 'light',
    bypassCSP: Boolean(options.bypassCSP),
    reducedMotion: options.reducedMotion || 'no-preference',
    serviceWorkers: 'block',
    locale: options.locale,  // e.g. 'nl-NL': navigator.language and Intl formats of a Dutch reader
  });
  // Nothing may leave the machine: such requests are recorded (below) and aborted here.
  context.setDefaultTimeout(TIMEOUT_MS);
  await context.route((u) => !isLocalUrl(u.href), (route) => route.abort('blockedbyclient'));
  const page = await context.newPage();
  const visit = new Visit(page, url);
  visit.context = context;
  page.on('request', (r) => visit.request(r.url()));
  page.on('websocket', (ws) => visit.request(ws.url()));
  page.on('requestfailed', (r) => visit.requestFailed(r.url(), (r.failure() || {}).errorText));
  page.on('console', (m) => {
    if (m.type() === 'error') {
      const loc = m.location();
      visit.consoleErrors.push(`${m.text()}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber + 1})` : ''}`);
    }
  });
  page.on('pageerror', (e) => visit.pageErrors.push(String((e && e.stack) || e)));
  if (options.media) await page.emulateMedia({ media: options.media });
  await page.goto(url, { waitUntil: 'load' });
  return visit;
}

// Opens a site page in Firefox (puppeteer-core over WebDriver BiDi).
async function openInFirefox(browser, url, options = {}) {
  const page = await browser.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  const visit = new Visit(page, url);
  page.on('request', (r) => {
    visit.request(r.url());
  });
  page.on('requestfailed', (r) => visit.requestFailed(r.url(), (r.failure() || {}).errorText));
  page.on('console', (m) => {
    if (m.type() === 'error') visit.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => visit.pageErrors.push(String((e && e.stack) || e)));
  if (options.viewport) await page.setViewport(options.viewport);
  if (options.colorScheme) {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: options.colorScheme }]);
  }
  await page.goto(url, { waitUntil: 'load' });
  return visit;
}

// The axe-core source, injected into pages with addScriptTag({content}).
function axeSource() {
  return fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
}

function outDir(...parts) {
  const d = path.join(OUT_DIR, ...parts);
  fs.mkdirSync(d, { recursive: true });
  return d;
}

// Runs fn over items with at most `limit` at a time; results in input order.
async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

module.exports = {
  REPO,
  CHROMIUM,
  FIREFOX,
  siteDir,
  skipReason,
  listPages,
  pageUrl,
  pageSource,
  isRedirectPage,
  layoutPages,
  samplePages,
  launchChromium,
  launchFirefox,
  isLocalUrl,
  openInChromium,
  openInFirefox,
  axeSource,
  outDir,
  mapLimit,
  fileURLToPath,
};
