'use strict';
// Keyboard use of the built site in Chromium:
// - the first Tab from page load reaches the skip link, which is visible then and
//   moves focus to <main>;
// - at phone width the menu toggle opens and closes by keyboard and its links can
//   be reached with Tab;
// - every element reached with Tab shows a visible focus indicator and is not hidden
//   under a sticky or fixed header (WCAG 2.4.7, 2.4.11);
// - an in-page #anchor target is not scrolled under a sticky header.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const ww = require('./lib/browsers');

const skip = ww.skipReason() || false;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const MAX_TABS = Number(process.env.WW_MAX_TABS || 400);

function sample() {
  const site = ww.siteDir();
  const s = ww.samplePages(ww.listPages(site), site);
  return { site, s };
}

async function withPage(browser, rel, viewport, fn) {
  const visit = await ww.openInChromium(browser, ww.pageUrl(rel), { viewport, reducedMotion: 'reduce' });
  try {
    return await fn(visit.page, visit);
  } finally {
    await visit.close();
  }
}

// Runs in the page: describes document.activeElement after the browser has
// scrolled it into view, and whether it is visibly focused and not covered.
function describeFocus() {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return resolve(null);
    const label = (e) => {
      let s = e.tagName.toLowerCase();
      if (e.id) s += `#${e.id}`;
      const href = e.getAttribute('href');
      if (href) s += `[href="${href}"]`;
      const text = (e.getAttribute('aria-label') || e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
      if (text) s += ` "${text}"`;
      return s;
    };
    const main = document.querySelector('main');
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 &&
      !/rgba\(.*,\s*0\)|transparent/.test(cs.outlineColor);
    const shadow = cs.boxShadow && cs.boxShadow !== 'none';
    // Anything else that differs between focused and not focused also counts as an
    // indicator (underline, background, border), on the element or on what may draw
    // the ring for it: a few ancestors (:focus-within), its siblings (input + box) and
    // its labels. Compared by blurring for a moment.
    const props = ['backgroundColor', 'color', 'textDecorationLine', 'textDecorationThickness',
      'borderTopColor', 'borderBottomColor', 'borderBottomWidth', 'outlineStyle', 'outlineColor', 'boxShadow'];
    const near = [el];
    for (let a = el.parentElement, i = 0; a && a !== document.body && i < 4; a = a.parentElement, i++) near.push(a);
    if (el.previousElementSibling) near.push(el.previousElementSibling);
    if (el.nextElementSibling) near.push(el.nextElementSibling);
    for (const l of el.labels || []) near.push(l);
    const snap = () => near.map((e) => {
      const c = getComputedStyle(e);
      return props.map((p) => c[p]).join('|');
    }).join('||');
    const focused = snap();
    el.blur();
    const plain = snap();
    el.focus({ preventScroll: true });
    const changed = focused !== plain;

    const rects = [...el.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    const box = rects.length ? rects.reduce((a, r) => ({
      left: Math.min(a.left, r.left), top: Math.min(a.top, r.top),
      right: Math.max(a.right, r.right), bottom: Math.max(a.bottom, r.bottom),
    }), { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity }) : null;
    const vw = innerWidth;
    const vh = innerHeight;
    let inViewport = false;
    let covered = null;
    let visiblePoints = 0;
    if (box) {
      inViewport = box.right > 0 && box.bottom > 0 && box.left < vw && box.top < vh;
      const cx = (Math.max(box.left, 0) + Math.min(box.right, vw)) / 2;
      const cy = (Math.max(box.top, 0) + Math.min(box.bottom, vh)) / 2;
      const pts = [[cx, cy], [box.left + 2, box.top + 2], [box.right - 2, box.top + 2],
        [box.left + 2, box.bottom - 2], [box.right - 2, box.bottom - 2]];
      const stuck = (n) => {
        for (let e = n; e && e.nodeType === 1; e = e.parentElement) {
          const p = getComputedStyle(e).position;
          if (p === 'sticky' || p === 'fixed') return e;
        }
        return null;
      };
      pts.forEach(([x, y], i) => {
        if (x < 0 || y < 0 || x >= vw || y >= vh) return;
        const hit = document.elementFromPoint(x, y);
        if (!hit) return;
        if (hit === el || el.contains(hit) || hit.contains(el)) {
          visiblePoints++;
        } else if (i === 0) {
          const s = stuck(hit);
          if (s && !s.contains(el)) {
            covered = s.tagName.toLowerCase() + (s.id ? `#${s.id}` : '') +
              (s.classList.length ? `.${[...s.classList].join('.')}` : '');
          }
        }
      });
    }
    if (!el.hasAttribute('data-ww-focus-id')) {
      window.wwFocusCount = (window.wwFocusCount || 0) + 1;
      el.setAttribute('data-ww-focus-id', String(window.wwFocusCount));
    }
    resolve({
      id: el.getAttribute('data-ww-focus-id'),
      label: label(el),
      tag: el.tagName.toLowerCase(),
      href: el.getAttribute('href'),
      inMain: Boolean(main && (el === main || main.contains(el))),
      isMain: el === main,
      outline, shadow, changed,
      style: `outline: ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
      box, inViewport, covered, visiblePoints,
    });
  })));
}

// Presses `key` until focus leaves the document or comes round again, reporting
// each stop without a visible focus indicator or hidden under a sticky header.
// Returns the number of stops.
async function walkFocus(page, key, report) {
  let first = null;
  let stops = 0;
  for (let i = 0; i < MAX_TABS; i++) {
    await page.keyboard.press(key);
    const f = await page.evaluate(describeFocus);
    if (!f) {
      // Shift+Tab from the first stop leaves the document; the next one enters at the end.
      if (i === 0) continue;
      break;
    }
    if (process.env.WW_DEBUG_FOCUS) console.log(`${key} ${f.label} top=${f.box && Math.round(f.box.top)}`);
    if (first === null) first = f.id;
    else if (f.id === first) break;
    stops++;
    if (!f.box) {
      report(`Tab stop ${f.label} has no size (invisible focus)`);
      continue;
    }
    if (!f.outline && !f.shadow && !f.changed) report(`Tab stop ${f.label} shows no focus indicator (${f.style})`);
    if (!f.inViewport) report(`Tab stop ${f.label} is outside the viewport when focused`);
    else if (f.covered) report(`Tab stop ${f.label} is hidden under ${f.covered} (sticky/fixed) when reached with ${key}`);
    else if (f.visiblePoints === 0) report(`Tab stop ${f.label} is covered by other content when focused`);
  }
  return stops;
}

test('first Tab reaches a visible skip link that moves focus to <main>', { skip }, async () => {
  const site = ww.siteDir();
  const all = ww.listPages(site);
  const pages = ww.layoutPages(all, site);
  const others = all.filter((p) => !pages.includes(p) && !ww.isRedirectPage(ww.pageSource(p, site)));
  const browser = await ww.launchChromium();
  const problems = [];
  try {
    for (const rel of pages) {
      await withPage(browser, rel, DESKTOP, async (page) => {
        await page.keyboard.press('Tab');
        const f = await page.evaluate(describeFocus);
        if (!f) return problems.push(`${rel}: the first Tab focuses nothing`);
        const target = await page.evaluate(() => {
          const a = document.activeElement;
          const href = a.getAttribute('href') || '';
          if (a.tagName !== 'A' || !href.startsWith('#')) return { ok: false };
          const t = document.getElementById(decodeURIComponent(href.slice(1)));
          const main = document.querySelector('main');
          return { ok: true, exists: Boolean(t), main: Boolean(main), toMain: Boolean(t && main && (t === main || main.contains(t))) };
        });
        if (!target.ok) return problems.push(`${rel}: the first focusable is ${f.label}, not a skip link (<a href="#main-id">)`);
        if (!target.exists) return problems.push(`${rel}: skip link ${f.label} points to a missing id`);
        if (!target.main) return problems.push(`${rel}: the page has no <main>`);
        if (!target.toMain) problems.push(`${rel}: skip link ${f.label} does not point into <main>`);
        if (!f.inViewport || f.visiblePoints === 0) problems.push(`${rel}: skip link ${f.label} is not visible when focused`);
        await page.keyboard.press('Enter');
        let g = await page.evaluate(describeFocus);
        if (!g || !g.inMain) {
          // Browsers may only move the sequential focus starting point: then the next
          // Tab must land inside <main>.
          await page.keyboard.press('Tab');
          g = await page.evaluate(describeFocus);
          if (!g || !g.inMain) {
            problems.push(`${rel}: after Enter on the skip link, focus is ${g ? g.label : 'on <body>'}, not in <main> (give <main> an id and tabindex="-1")`);
          }
        }
      });
    }
  } finally {
    await browser.close();
  }
  console.log(`keyboard skip link: ${pages.length} pages checked, ${problems.length} problems` +
    (others.length ? `; not checked, not in the site layout (no <header>): ${others.join(', ')}` : ''));
  assert.deepEqual(problems, []);
});

test('at phone width the menu toggle opens and closes by keyboard', { skip }, async () => {
  const { s } = sample();
  const rel = s.home;
  const browser = await ww.launchChromium();
  const problems = [];
  const notes = [];
  try {
    await withPage(browser, rel, PHONE, async (page) => {
      // The toggle: a visible button with aria-expanded (preferably controlling a
      // <nav> or labelled "menu"), or a <summary> of a <details> that holds a <nav>.
      const found = await page.evaluate(() => {
        const visible = (e) => {
          const r = e.getBoundingClientRect();
          const cs = getComputedStyle(e);
          return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
        };
        const cands = [...document.querySelectorAll('button[aria-expanded], [role="button"][aria-expanded], details > summary')]
          .filter(visible).filter((e) => !e.closest('main'));
        const score = (e) => {
          let n = 0;
          const c = e.getAttribute('aria-controls');
          const t = c ? document.getElementById(c) : e.tagName === 'SUMMARY' ? e.parentElement : null;
          if (t && (t.tagName === 'NAV' || t.querySelector('nav') || t.closest('nav'))) n += 2;
          if (/menu|navigatie|navigation/i.test(`${e.getAttribute('aria-label') || ''} ${e.textContent}`)) n += 1;
          return n;
        };
        cands.sort((a, b) => score(b) - score(a));
        const el = cands[0];
        if (!el) return null;
        el.setAttribute('data-ww-test-toggle', '');
        const c = el.getAttribute('aria-controls');
        const t = c ? document.getElementById(c) : el.tagName === 'SUMMARY' ? el.parentElement : null;
        if (t) t.setAttribute('data-ww-test-menu', '');
        return { kind: el.tagName === 'SUMMARY' ? 'summary' : 'button', controls: Boolean(t), text: el.textContent.trim().slice(0, 30) };
      });
      if (!found) {
        problems.push(`${rel}: no menu toggle at ${PHONE.width}px (a visible <button aria-expanded aria-controls> outside <main>, or <details><summary>)`);
        return;
      }
      if (!found.controls) problems.push(`${rel}: menu toggle "${found.text}" has no aria-controls pointing to an existing element`);

      const state = () => page.evaluate(() => {
        const b = document.querySelector('[data-ww-test-toggle]');
        const m = document.querySelector('[data-ww-test-menu]');
        const links = m ? [...m.querySelectorAll('a[href]')].filter((a) => a.getClientRects().length > 0 &&
          getComputedStyle(a).visibility !== 'hidden') : [];
        const expanded = b.tagName === 'SUMMARY' ? b.parentElement.open : b.getAttribute('aria-expanded') === 'true';
        return { expanded, visibleLinks: links.length, focusOnToggle: document.activeElement === b,
          focusInMenu: Boolean(m && m.contains(document.activeElement) && document.activeElement !== b) };
      });

      let reached = false;
      for (let i = 0; i < 60 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = (await state()).focusOnToggle;
      }
      if (!reached) {
        problems.push(`${rel}: the menu toggle "${found.text}" cannot be reached with Tab`);
        return;
      }
      const closed = await state();
      if (closed.expanded) problems.push(`${rel}: at ${PHONE.width}px the menu starts open (aria-expanded="true")`);
      if (closed.visibleLinks > 0 && !closed.expanded) {
        problems.push(`${rel}: the menu is collapsed (aria-expanded="false") but ${closed.visibleLinks} of its links are visible`);
      }

      await page.keyboard.press('Enter');
      const open = await state();
      if (!open.expanded) problems.push(`${rel}: Enter on the menu toggle does not open it (aria-expanded stays "false")`);
      if (open.visibleLinks === 0) problems.push(`${rel}: after Enter on the menu toggle no menu link is visible`);

      let inMenu = false;
      for (let i = 0; i < 5 && !inMenu; i++) {
        await page.keyboard.press('Tab');
        inMenu = (await state()).focusInMenu;
      }
      if (open.visibleLinks > 0 && !inMenu) problems.push(`${rel}: after opening the menu, Tab does not reach its links`);

      await page.keyboard.press('Escape');
      const esc = await state();
      if (!esc.expanded && esc.focusOnToggle) notes.push('Escape closes the menu and returns focus to the toggle');
      else if (esc.expanded) notes.push('Escape does not close the open menu (recommended, not required)');
      else notes.push('Escape closes the menu but focus does not return to the toggle');

      await page.focus('[data-ww-test-toggle]');
      if ((await state()).expanded) {
        await page.keyboard.press(found.kind === 'summary' ? 'Enter' : 'Space');
        if ((await state()).expanded) problems.push(`${rel}: ${found.kind === 'summary' ? 'Enter' : 'Space'} on the menu toggle does not close the menu`);
      } else {
        await page.keyboard.press(found.kind === 'summary' ? 'Enter' : 'Space');
        const again = await state();
        if (!again.expanded) problems.push(`${rel}: ${found.kind === 'summary' ? 'Enter' : 'Space'} on the menu toggle does not open the menu`);
        await page.keyboard.press(found.kind === 'summary' ? 'Enter' : 'Space');
        if ((await state()).expanded) problems.push(`${rel}: pressing the menu toggle again does not close the menu`);
      }
    });
  } finally {
    await browser.close();
  }
  console.log(`keyboard menu toggle: ${rel} at ${PHONE.width}px, ${problems.length} problems${notes.length ? `; note: ${notes.join('; ')}` : ''}`);
  assert.deepEqual(problems, []);
});

test('every Tab stop has a visible focus indicator and is not hidden under a sticky header', { skip }, async () => {
  const { s } = sample();
  const pages = [...new Set([s.home, s.section, s.long, s.form, s.calculator].filter(Boolean))];
  const browser = await ww.launchChromium();
  const problems = [];
  let stops = 0;
  try {
    for (const viewport of [DESKTOP, PHONE]) {
      for (const rel of pages) {
        await withPage(browser, rel, viewport, async (page) => {
          const where = `${rel} @${viewport.width}px`;
          const seen = new Set();
          // Forwards, then backwards: Shift+Tab scrolls each stop in at the top edge,
          // where a sticky header would cover it.
          for (const key of ['Tab', 'Shift+Tab']) {
            stops += await walkFocus(page, key, (msg) => {
              if (!seen.has(msg)) {
                seen.add(msg);
                problems.push(`${where}: ${msg}`);
              }
            });
          }
        });
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`keyboard focus: ${pages.length} pages × 2 widths, ${stops} Tab stops checked, ${problems.length} problems`);
  assert.equal(problems.length, 0, `Focus problems:\n  ${problems.join('\n  ')}`);
});

test('in-page #anchor targets are not scrolled under a sticky header', { skip }, async () => {
  const { s } = sample();
  const pages = [...new Set([s.long, s.form].filter(Boolean))];
  const browser = await ww.launchChromium();
  const problems = [];
  let checked = 0;
  try {
    for (const viewport of [DESKTOP, PHONE]) {
      for (const rel of pages) {
        await withPage(browser, rel, viewport, async (page) => {
          const ids = await page.evaluate(() => {
            const out = [];
            for (const a of document.querySelectorAll('main a[href^="#"], nav a[href^="#"]')) {
              const id = decodeURIComponent(a.getAttribute('href').slice(1));
              const t = id && document.getElementById(id);
              if (t && t.tagName !== 'MAIN' && !out.includes(id)) out.push(id);
            }
            return out.slice(0, 12);
          });
          for (const id of ids) {
            checked++;
            const r = await page.evaluate((anchor) => new Promise((resolve) => {
              location.hash = `#${encodeURIComponent(anchor)}`;
              requestAnimationFrame(() => requestAnimationFrame(() => {
                const t = document.getElementById(anchor);
                const top = t.getBoundingClientRect().top;
                let cover = 0;
                let who = '';
                for (const e of document.querySelectorAll('body *')) {
                  const p = getComputedStyle(e).position;
                  if (p !== 'sticky' && p !== 'fixed') continue;
                  if (e.contains(t)) continue;
                  const b = e.getBoundingClientRect();
                  if (b.height === 0 || b.top > 1 || b.bottom > innerHeight / 2) continue;
                  if (b.bottom > cover) { cover = b.bottom; who = e.tagName.toLowerCase() + (e.id ? `#${e.id}` : ''); }
                }
                resolve({ top, cover, who });
              }));
            }), id);
            if (r.cover && r.top < r.cover - 1) {
              problems.push(`${rel} @${viewport.width}px: #${id} scrolls to ${Math.round(r.top)}px, under ${r.who} (bottom at ${Math.round(r.cover)}px); add scroll-padding-top`);
            }
          }
        });
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`keyboard anchors: ${checked} anchor jumps checked, ${problems.length} problems`);
  assert.deepEqual(problems, []);
});
