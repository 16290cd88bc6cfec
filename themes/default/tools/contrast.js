#!/usr/bin/env node
// Checks the theme's colour palettes for WCAG 2.x contrast.
//
//   node themes/default/tools/contrast.js [--primair=#1d5e8c] [--accent=#c2570c]
//
// Reads the blocks between "/* @palette NAME */" and "/* @end */" in
// assets/style.css, resolves var(--…) against the brand defaults (or the
// colours given on the command line, as a site's brand.css would set them),
// and checks every text/background pair the theme uses: 4.5:1 for text, 3:1
// for focus rings, control borders and chart marks (WCAG 1.4.3 and 1.4.11).
// In dark mode the stylesheet derives link and chart colours from the brand
// colour at a fixed OKLCH lightness; that derivation is checked too.
// Also checks that the two dark blocks (toggle and prefers-color-scheme) match.
// Exits 1 when a pair fails. Prints "N passed, N failed".
"use strict";

const fs = require("fs");
const path = require("path");

const cssPath = path.join(__dirname, "..", "assets", "style.css");
const css = fs.readFileSync(cssPath, "utf8");

function parseDecls(text) {
  const out = {};
  for (const m of text.matchAll(/(--[a-z0-9-]+)\s*:\s*([^;]+);/g)) out[m[1]] = m[2].trim();
  return out;
}

const palettes = {};
for (const m of css.matchAll(/\/\* @palette ([a-z-]+) \*\/([\s\S]*?)\/\* @end \*\//g)) {
  palettes[m[1]] = parseDecls(m[2]);
}

const brand = {
  "--kleur-primair": (css.match(/--kleur-primair:\s*(#[0-9a-fA-F]{6})/) || [])[1],
  "--kleur-accent": (css.match(/--kleur-accent:\s*(#[0-9a-fA-F]{6})/) || [])[1],
};
for (const arg of process.argv.slice(2)) {
  const m = arg.match(/^--(primair|accent)=(#[0-9a-fA-F]{6})$/);
  if (!m) {
    console.error("usage: contrast.js [--primair=#rrggbb] [--accent=#rrggbb]");
    process.exit(2);
  }
  brand["--kleur-" + m[1]] = m[2];
}

// ---- colour maths
function hexToRgb(hex) {
  const h = hex.replace("#", "");
  const full = h.length === 3 ? h.split("").map((c) => c + c).join("") : h;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255);
}
const toLinear = (c) => (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
const fromLinear = (c) => (c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055);
function luminance(rgb) {
  const [r, g, b] = rgb.map(toLinear);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function ratio(a, b) {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}
function rgbToOklch(rgb) {
  const [r, g, b] = rgb.map(toLinear);
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  const L = 0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s;
  const A = 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s;
  const B = 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s;
  return [L, Math.hypot(A, B), Math.atan2(B, A)];
}
function oklchToRgb([L, C, H]) {
  const A = C * Math.cos(H);
  const B = C * Math.sin(H);
  const l = Math.pow(L + 0.3963377774 * A + 0.2158037573 * B, 3);
  const m = Math.pow(L - 0.1055613458 * A - 0.0638541728 * B, 3);
  const s = Math.pow(L - 0.0894841775 * A - 1.291485548 * B, 3);
  return [
    4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s,
  ];
}
// oklch(from COLOR L c h): set the lightness, keep chroma and hue; reduce the
// chroma until the colour fits sRGB (as browsers map out-of-gamut colours).
function withLightness(rgb, L) {
  const [, C, H] = rgbToOklch(rgb);
  for (let c = C; c >= 0; c -= 0.002) {
    const lin = oklchToRgb([L, c, H]);
    if (lin.every((v) => v >= -1e-4 && v <= 1 + 1e-4)) {
      return lin.map((v) => fromLinear(Math.min(1, Math.max(0, v))));
    }
  }
  return oklchToRgb([L, 0, H]).map((v) => fromLinear(Math.min(1, Math.max(0, v))));
}
const toHex = (rgb) =>
  "#" + rgb.map((v) => Math.round(v * 255).toString(16).padStart(2, "0")).join("");

function resolve(value, palette, depth = 0) {
  if (depth > 5) throw new Error("var() loop at " + value);
  const v = value.match(/^var\((--[a-z0-9-]+)\)$/);
  if (v) {
    const next = palette[v[1]] || brand[v[1]];
    if (!next) throw new Error("unknown " + v[1]);
    return resolve(next, palette, depth + 1);
  }
  const ok = value.match(/^oklch\(from (var\(--[a-z0-9-]+\)|#[0-9a-f]{6}) ([0-9.]+) c h\)$/i);
  if (ok) return toHex(withLightness(hexToRgb(resolve(ok[1], palette, depth + 1)), parseFloat(ok[2])));
  if (!/^#[0-9a-fA-F]{3,6}$/.test(value)) throw new Error("not a hex colour: " + value);
  return value;
}

// Brand-derived dark colours (from the @supports block), as they apply in
// browsers with relative colour syntax.
const derived = parseDecls(
  (css.match(/@supports \(color: oklch\(from red l c h\)\) \{\s*:root\[data-theme="dark"\] \{([\s\S]*?)\}/) || [])[1] || ""
);

// [foreground, background, minimum ratio, what]
const TEXT = 4.5;
const UI = 3;
const pairs = [];
for (const bg of ["bg", "surface", "surface-2", "current-bg", "info-bg", "warn-bg", "tip-bg", "danger-bg", "mark"]) {
  pairs.push(["text", bg, TEXT, "body text"]);
}
for (const bg of ["bg", "surface", "surface-2"]) pairs.push(["muted", bg, TEXT, "secondary text"]);
for (const bg of ["bg", "surface", "surface-2", "current-bg", "info-bg", "warn-bg", "tip-bg"]) {
  pairs.push(["link", bg, TEXT, "links"]);
}
for (const bg of ["bg", "surface", "current-bg"]) pairs.push(["link-hover", bg, TEXT, "hovered links"]);
pairs.push(["on-link", "link", TEXT, "primary button, chosen rating"]);
pairs.push(["on-link", "link-hover", TEXT, "hovered primary button"]);
pairs.push(["info-title", "info-bg", TEXT, "callout title"]);
pairs.push(["warn-title", "warn-bg", TEXT, "callout title"]);
pairs.push(["tip-title", "tip-bg", TEXT, "callout title"]);
for (const bg of ["bg", "surface", "danger-bg"]) pairs.push(["danger", bg, TEXT, "danger text"]);
pairs.push(["on-danger", "danger", TEXT, "hovered danger button"]);
for (const bg of ["bg", "surface", "surface-2", "info-bg", "warn-bg", "tip-bg"]) pairs.push(["focus", bg, UI, "focus ring"]);
for (const bg of ["bg", "surface"]) pairs.push(["control", bg, UI, "form control border"]);
for (const bg of ["info-bg", "warn-bg", "tip-bg"]) {
  pairs.push([bg.replace("-bg", "-line"), bg, UI, "callout side line"]);
}
for (const c of ["chart-1", "chart-2", "chart-3", "chart-4"]) pairs.push([c, "surface", UI, "chart mark"]);

let passed = 0;
let failed = 0;
function check(name, palette) {
  console.log(`\n${name}`);
  for (const [fg, bg, min, what] of pairs) {
    const f = resolve(palette["--c-" + fg], palette);
    const b = resolve(palette["--c-" + bg], palette);
    const r = ratio(hexToRgb(f), hexToRgb(b));
    const ok = r >= min;
    if (ok) passed++;
    else failed++;
    const line = `${ok ? "ok  " : "FAIL"} ${r.toFixed(2).padStart(5)} ≥ ${min}  ${fg} ${f} on ${bg} ${b}  (${what})`;
    if (!ok || process.env.VERBOSE) console.log("  " + line);
  }
}

console.log(`brand: primair ${brand["--kleur-primair"]}, accent ${brand["--kleur-accent"]}`);
check("light", palettes.light);
check("dark (fixed colours)", palettes.dark);
check("dark (brand-derived colours)", { ...palettes.dark, ...derived });

const a = JSON.stringify(palettes.dark);
const b = JSON.stringify(palettes["dark-auto"]);
if (a === b) passed++;
else {
  failed++;
  console.log("\nFAIL the dark and dark-auto palettes differ; keep them identical");
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
