#!/usr/bin/env node
// Phone layout check of the generated site in Chromium (issue #19).
//
// usage: node tests/browser/phone.mjs [SITE_DIR] [URL_PATH...]
//
//   SITE_DIR   directory to serve (default: <repo>/public)
//   URL_PATH   pages to visit (default: one page of every type, DEFAULT_PATHS below)
//
// env: CHROMIUM (default /usr/bin/chromium), SCREENSHOT_DIR (default /tmp/ila-shots).
//
// Every page is opened at 360 and 390 CSS px wide (a phone: device scale 2, touch) and fails on
//   - chart text smaller than 12 CSS px (the rendered size of every visible SVG <text>: its
//     font size times the scale of its screen transformation matrix),
//   - a table wider than the viewport (even inside a scrolling wrapper: at phone width a table
//     must fit, as stacked rows or with low-priority columns folded away),
//   - a header taller than 140 CSS px,
//   - horizontal scrolling of the document.
// Screenshots of every page at 390 and 1280 px go to SCREENSHOT_DIR (cut at 4000 px high).
// Prints one line per page and width and the figures measured (tallest header, smallest chart
// text, widest table); exits 1 on any failure, 2 on a usage problem.

import { mkdir } from 'node:fs/promises';
import { CHROMIUM_ARGS, isDir, isLocal, startServer } from './lib.mjs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));

const DEFAULT_PATHS = [
  '/',
  '/wilayah/',
  '/wilayah/kabupaten-banjar/',
  '/wilayah/kabupaten-banyuwangi/',
  '/provinsi/',
  '/provinsi/jawa-timur/',
  '/predikat/',
  '/predikat/2023/',
  '/predikat/2025/gerak/',
  '/anak/',
  '/anak/wilayah/kabupaten-banjar/',
  '/berita/2023-05-23-penilaian-kla-banyuwangi/',
  '/data-dan-lisensi/',
  '/en/',
  '/en/wilayah/kabupaten-banjar/',
];
const WIDTHS = [360, 390];
const SHOT_WIDTHS = [390, 1280];
const MIN_TEXT_PX = 12;
const MAX_HEADER_PX = 140;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR || '/tmp/ila-shots';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log('usage: node phone.mjs [SITE_DIR] [URL_PATH...]');
  process.exit(0);
}
const siteDir = path.resolve(args[0] ?? path.join(here, '..', '..', 'public'));
const paths = args.length > 1 ? args.slice(1) : DEFAULT_PATHS;

/// Runs in the page: the measurements of one page at the current viewport.
function measure() {
  const vw = document.documentElement.clientWidth;
  const describe = (el) => {
    const id = el.id ? `#${el.id}` : '';
    const cls =
      typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    return `${el.tagName.toLowerCase()}${id}${cls}`;
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return false;
    const cs = getComputedStyle(el);
    return cs.visibility !== 'hidden' && cs.display !== 'none';
  };
  // Chart text: font size in user units times the CTM's scale (the geometric mean of the
  // axes, so a uniformly scaled viewBox gives exactly its scale factor).
  const texts = [];
  for (const t of document.querySelectorAll('svg text')) {
    if (!visible(t)) continue;
    const m = t.getScreenCTM();
    if (!m) continue;
    const scale = Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
    const px = parseFloat(getComputedStyle(t).fontSize) * scale;
    const svg = t.closest('svg');
    texts.push({ px, text: t.textContent.trim().slice(0, 30), chart: svg ? describe(svg) + (svg.id ? '' : ` (${svg.getAttribute('aria-labelledby') ?? ''})`) : '?' });
  }
  texts.sort((a, b) => a.px - b.px);
  const tables = [...document.querySelectorAll('table')]
    .filter(visible)
    .map((t) => {
      const r = t.getBoundingClientRect();
      const cap = t.querySelector('caption')?.textContent.trim().slice(0, 40) ?? '';
      return { w: Math.max(r.width, t.scrollWidth), what: describe(t) + (cap ? ` "${cap}"` : '') };
    })
    .sort((a, b) => b.w - a.w);
  const header = document.querySelector('header.kepala, body > header');
  return {
    vw,
    sw: document.documentElement.scrollWidth,
    header: header ? header.getBoundingClientRect().height : 0,
    smallest: texts.slice(0, 3),
    nTexts: texts.length,
    tables: tables.slice(0, 3),
  };
}

async function main() {
  if (!(await isDir(siteDir))) {
    console.error(`phone: ${siteDir} is not a directory (build the site first)`);
    return 2;
  }
  const server = await startServer(siteDir);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  console.log(`phone: serving ${siteDir} at ${origin}; ${CHROMIUM} ${browser.version()}`);
  await mkdir(SCREENSHOT_DIR, { recursive: true });

  const failures = [];
  const worst = { header: [0, ''], text: [Infinity, ''], table: [0, ''] };

  async function context(width) {
    const phone = width < 600;
    const ctx = await browser.newContext({
      viewport: { width, height: phone ? 800 : 900 },
      deviceScaleFactor: phone ? 2 : 1,
      isMobile: phone,
      hasTouch: phone,
      locale: 'id-ID',
      reducedMotion: 'reduce',
      serviceWorkers: 'block',
    });
    ctx.setDefaultNavigationTimeout(30_000);
    ctx.setDefaultTimeout(30_000);
    await ctx.route(
      (u) => !isLocal(u.href),
      (route) => route.abort('blockedbyclient'),
    );
    return ctx;
  }

  const shotName = (p, w) => {
    const base = p.replace(/^\/|\/$/g, '').replace(/[^a-z0-9]+/gi, '_') || 'beranda';
    return path.join(SCREENSHOT_DIR, `${base}-${w}.png`);
  };

  async function screenshot(page, p, w) {
    const h = await page.evaluate(() => document.documentElement.scrollHeight);
    const file = shotName(p, w);
    await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: w, height: Math.min(h, 4000) } });
    return file;
  }

  const widths = [...new Set([...WIDTHS, ...SHOT_WIDTHS])].sort((a, b) => a - b);
  for (const w of widths) {
    const ctx = await context(w);
    for (const p of paths) {
      const page = await ctx.newPage();
      try {
        const resp = await page.goto(origin + p, { waitUntil: 'load' });
        const status = resp?.status() ?? 0;
        if (status < 200 || status >= 300) {
          failures.push(`${p} @${w}: HTTP ${status}`);
          console.log(`FAIL ${p} @${w}px: HTTP ${status}`);
          continue;
        }
        await page.evaluate(() => document.fonts?.ready);
        if (WIDTHS.includes(w)) {
          const m = await page.evaluate(measure);
          const bad = [];
          if (m.sw > m.vw) bad.push(`horizontal scroll: scrollWidth ${m.sw} > ${m.vw}`);
          if (m.header > MAX_HEADER_PX) bad.push(`header ${m.header.toFixed(0)} px > ${MAX_HEADER_PX}`);
          const small = m.smallest.filter((t) => t.px < MIN_TEXT_PX - 0.01);
          if (small.length)
            bad.push(
              `chart text < ${MIN_TEXT_PX} px: ` +
                small.map((t) => `${t.px.toFixed(1)} px "${t.text}" in ${t.chart}`).join('; '),
            );
          const wide = m.tables.filter((t) => t.w > m.vw + 0.5);
          if (wide.length) bad.push(`table wider than ${m.vw} px: ` + wide.map((t) => `${Math.round(t.w)} px ${t.what}`).join('; '));
          if (m.header > worst.header[0]) worst.header = [m.header, `${p} @${w}`];
          if (m.smallest.length && m.smallest[0].px < worst.text[0]) worst.text = [m.smallest[0].px, `${p} @${w}`];
          if (m.tables.length && m.tables[0].w > worst.table[0]) worst.table = [m.tables[0].w, `${p} @${w}`];
          const figures = `header ${m.header.toFixed(0)} px, smallest chart text ${
            m.smallest.length ? m.smallest[0].px.toFixed(1) + ' px' : '-'
          } (${m.nTexts} texts), widest table ${m.tables.length ? Math.round(m.tables[0].w) + ' px' : '-'}`;
          if (bad.length) {
            failures.push(`${p} @${w}`);
            console.log(`FAIL ${p} @${w}px: ${bad.join(' | ')}\n     (${figures})`);
          } else {
            console.log(`ok   ${p} @${w}px: ${figures}`);
          }
        }
        if (SHOT_WIDTHS.includes(w)) await screenshot(page, p, w);
      } catch (e) {
        failures.push(`${p} @${w}: ${e.message.split('\n')[0]}`);
        console.log(`FAIL ${p} @${w}px: ${e.message.split('\n')[0]}`);
      } finally {
        await page.close();
      }
    }
    await ctx.close();
  }
  await browser.close();
  server.close();

  console.log(
    `phone: tallest header ${worst.header[0].toFixed(0)} px (${worst.header[1]}); smallest chart text ${
      Number.isFinite(worst.text[0]) ? worst.text[0].toFixed(1) + ' px (' + worst.text[1] + ')' : '-'
    }; widest table ${Math.round(worst.table[0])} px (${worst.table[1]})`,
  );
  console.log(`phone: screenshots at ${SHOT_WIDTHS.join(' and ')} px in ${SCREENSHOT_DIR}`);
  console.log(`phone: ${paths.length} pages × ${WIDTHS.length} widths, ${failures.length} failures`);
  return failures.length ? 1 : 0;
}

process.exitCode = await main().catch((e) => {
  console.error(`phone: ${e.stack ?? e}`);
  return 2;
});
