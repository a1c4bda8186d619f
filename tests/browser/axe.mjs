#!/usr/bin/env node
// Accessibility and layout checks of the generated site in Chromium.
//
// usage: node tests/browser/axe.mjs [SITE_DIR] [URL_PATH...]
//
//   SITE_DIR   directory to serve (default: ../../public relative to this
//              script, i.e. <repo>/public)
//   URL_PATH   pages to visit, e.g. / /wilayah/ (default: DEFAULT_PATHS below)
//
// env: CHROMIUM (default /usr/bin/chromium), SCREENSHOT_DIR (default
//      /tmp/ila-shots).
//
// For every page: axe-core (WCAG 2.0/2.1 A and AA rules) at a desktop
// viewport, then at a 360x740 phone viewport that the page does not scroll
// horizontally. Any request to a host other than 127.0.0.1 is reported and
// blocked. Saves phone (and desktop) screenshots of `/`.
// Prints `axe: N pages, V violations`; exits 1 on any axe violation,
// horizontal scroll, external request or page that fails to load, 2 on a
// usage problem.

import { readFile, mkdir } from 'node:fs/promises';
import { CHROMIUM_ARGS, isDir, isLocal, startServer } from './lib.mjs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const DEFAULT_PATHS = [
  '/',
  '/wilayah/',
  '/wilayah/halaman/2/',
  '/wilayah/kabupaten-banyuwangi/',
  '/wilayah/kabupaten-banjar/',
  '/wilayah/kabupaten-kaur/',
  '/provinsi/jawa-timur/',
  '/predikat/',
  '/predikat/2023/',
  '/predikat/2023/provinsi/',
  '/predikat/2025/gerak/',
  '/embed/wilayah/kabupaten-banyuwangi/',
  '/embed/peringkat-provinsi/',
  '/data-dan-lisensi/',
  '/metodologi/',
  '/program/',
  '/program/brus/',
  '/berita/',
  '/tentang/',
  '/glosarium/',
  '/404.html',
  '/cari/?q=banjar',
  // The easy-read section (Indonesian only).
  '/anak/',
  '/anak/apa-itu-kla/',
  '/anak/klaster-5/',
  '/anak/wilayah/kabupaten-banyuwangi/',
  '/anak/wilayah/kabupaten-kaur/',
];
// Every page type again in the English edition (no 404 or easy-read there).
DEFAULT_PATHS.push(
  ...DEFAULT_PATHS.filter((p) => p !== '/404.html' && !p.startsWith('/anak/')).map((p) => `/en${p}`),
);
// Pages whose print style is checked: navigation hidden, nothing wider than an A4 page.
const PRINT_PATHS = ['/wilayah/kabupaten-banyuwangi/', '/anak/wilayah/kabupaten-banyuwangi/', '/en/predikat/2023/'];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR || '/tmp/ila-shots';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log('usage: node axe.mjs [SITE_DIR] [URL_PATH...]');
  process.exit(0);
}
const siteDir = path.resolve(args[0] ?? path.join(here, '..', '..', 'public'));
const paths = args.length > 1 ? args.slice(1) : DEFAULT_PATHS;

async function main() {
  if (!(await isDir(siteDir))) {
    console.error(`axe: ${siteDir} is not a directory (build the site first)`);
    return 2;
  }
  const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const axeVersion = require('axe-core/package.json').version;

  const server = await startServer(siteDir);
  const origin = `http://127.0.0.1:${server.address().port}`;
  console.log(`axe: serving ${siteDir} at ${origin}; axe-core ${axeVersion}; tags ${AXE_TAGS.join(',')}`);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  console.log(`axe: ${CHROMIUM} ${browser.version()}`);

  const problems = { violations: 0, hscroll: 0, external: 0, load: 0 };
  const external = new Set();

  async function newContext(opts) {
    const ctx = await browser.newContext({ ...opts, serviceWorkers: 'block' });
    ctx.setDefaultNavigationTimeout(30_000);
    ctx.setDefaultTimeout(30_000);
    // Record every request that leaves 127.0.0.1 and block it, so the check
    // behaves the same with or without network access.
    ctx.on('request', (r) => {
      if (!isLocal(r.url())) external.add(`${r.url()} (from ${r.frame()?.url() ?? '?'})`);
    });
    await ctx.route(
      (u) => !isLocal(u.href),
      (route) => route.abort('blockedbyclient'),
    );
    return ctx;
  }

  const desktop = await newContext({ viewport: DESKTOP, locale: 'id-ID', reducedMotion: 'reduce' });
  const phone = await newContext({
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'id-ID',
    reducedMotion: 'reduce',
  });

  async function open(ctx, p) {
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const resp = await page.goto(origin + p, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts?.ready);
    return { page, resp, errors };
  }

  for (const p of paths) {
    // 404.html is served with 200 when asked for by name; anything else that
    // is not a 2xx is a missing page.
    let page;
    try {
      const r = await open(desktop, p);
      page = r.page;
      const status = r.resp?.status() ?? 0;
      if (status < 200 || status >= 300) {
        console.log(`FAIL ${p}: HTTP ${status} (page missing from the build?)`);
        problems.load++;
        continue;
      }
      for (const e of r.errors) console.log(`note ${p}: browser console: ${e}`);
      const ctype = r.resp.headers()['content-type'] ?? '';
      if (!ctype.startsWith('text/html')) {
        console.log(`skip ${p}: not an HTML page (${ctype})`);
        continue;
      }

      // Not page.addScriptTag({content}): the site sends a Content-Security-
      // Policy (script-src 'self') that blocks inline <script> elements, and
      // bypassCSP would also hide the site's own CSP mistakes. Evaluating the
      // source through the DevTools protocol is not subject to the page's CSP.
      await page.evaluate(axeSource);
      if (!(await page.evaluate(() => typeof window.axe?.run === 'function'))) {
        throw new Error('axe-core did not load into the page');
      }
      const results = await page.evaluate(
        (tags) =>
          window.axe.run(document, {
            runOnly: { type: 'tag', values: tags },
            resultTypes: ['violations'],
          }),
        AXE_TAGS,
      );
      for (const v of results.violations) {
        problems.violations++;
        const targets = v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' > '))
          .join(' | ');
        const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : '';
        console.log(`FAIL ${p}: [${v.impact}] ${v.id}: ${v.help}\n     targets: ${targets}${more}\n     ${v.helpUrl}`);
      }
      if (!results.violations.length) console.log(`ok   ${p}: axe`);
    } catch (e) {
      console.log(`FAIL ${p}: ${e.message.split('\n')[0]}`);
      problems.load++;
      continue;
    } finally {
      await page?.close();
    }

    // Phone viewport: no horizontal scrolling.
    let ppage;
    try {
      const r = await open(phone, p);
      ppage = r.page;
      const m = await ppage.evaluate((limit) => {
        const sw = document.documentElement.scrollWidth;
        // An element inside a scroll/clip container (e.g. an overflow-x: auto
        // table wrapper) does not widen the page, unless it is absolutely
        // positioned and its containing block lies outside that container
        // (a classic: visually-hidden `.sr` text inside a scrolled table).
        const clipped = (el) => {
          const pos = getComputedStyle(el).position;
          if (pos === 'fixed') return false;
          let escaping = pos === 'absolute';
          for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            const cs = getComputedStyle(a);
            if (escaping && cs.position !== 'static') escaping = false;
            if (!escaping && cs.overflowX !== 'visible') return true;
          }
          return false;
        };
        const describe = (el, rect) => {
          const id = el.id ? `#${el.id}` : '';
          const cls = typeof el.className === 'string' && el.className.trim()
            ? '.' + el.className.trim().split(/\s+/).join('.')
            : '';
          const parent = el.parentElement ? el.parentElement.tagName.toLowerCase() + ' > ' : '';
          return `${parent}${el.tagName.toLowerCase()}${id}${cls} (right=${Math.round(rect.right)})`;
        };
        const wide = [];
        if (sw > limit) {
          const found = [];
          for (const el of document.body.querySelectorAll('*')) {
            const rect = el.getBoundingClientRect();
            if (rect.right > limit + 0.5 && !clipped(el)) found.push([rect.right, describe(el, rect)]);
          }
          found.sort((x, y) => y[0] - x[0]);
          wide.push(...found.slice(0, 5).map((f) => f[1]));
          if (found.length > 5) wide.push(`... ${found.length - 5} more`);
        }
        return { sw, wide };
      }, PHONE.width);
      if (m.sw > PHONE.width) {
        problems.hscroll++;
        console.log(`FAIL ${p}: horizontal scroll at ${PHONE.width}px: scrollWidth=${m.sw}; widest: ${m.wide.join(', ')}`);
      } else {
        console.log(`ok   ${p}: no horizontal scroll at ${PHONE.width}px (scrollWidth=${m.sw})`);
      }
      if (p === '/') {
        await mkdir(SCREENSHOT_DIR, { recursive: true });
        const shot = path.join(SCREENSHOT_DIR, 'home-phone-360.png');
        await ppage.screenshot({ path: shot, fullPage: true });
        console.log(`axe: saved ${shot}`);
        const dpage = await desktop.newPage();
        await dpage.goto(origin + '/', { waitUntil: 'load' });
        const dshot = path.join(SCREENSHOT_DIR, 'home-desktop-1280.png');
        await dpage.screenshot({ path: dshot, fullPage: true });
        await dpage.close();
        console.log(`axe: saved ${dshot}`);
      }
    } catch (e) {
      console.log(`FAIL ${p} (phone): ${e.message.split('\n')[0]}`);
      problems.load++;
    } finally {
      await ppage?.close();
    }
  }

  // Print style: the header navigation and language switch are hidden, and the page fits an
  // A4 width (about 700 CSS px of printable area) without being cut off.
  problems.print = 0;
  for (const p of PRINT_PATHS.filter((x) => paths.includes(x))) {
    const page = await desktop.newPage();
    try {
      await page.setViewportSize({ width: 700, height: 1000 });
      await page.goto(origin + p, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      const r = await page.evaluate(() => ({
        nav: [...document.querySelectorAll('.kepala nav, .lewati')].map((e) => getComputedStyle(e).display),
        sw: document.documentElement.scrollWidth,
      }));
      if (r.nav.some((d) => d !== 'none') || r.sw > 700) {
        problems.print++;
        console.log(`FAIL ${p} (print): navigation display ${r.nav.join(',')}; scrollWidth=${r.sw}`);
      } else {
        console.log(`ok   ${p}: print style (navigation hidden, fits 700px)`);
      }
      if (p === PRINT_PATHS[0]) {
        await mkdir(SCREENSHOT_DIR, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'district-print.png'), fullPage: true });
      }
    } catch (e) {
      problems.print++;
      console.log(`FAIL ${p} (print): ${e.message.split('\n')[0]}`);
    } finally {
      await page.close();
    }
  }

  await browser.close();
  server.close();

  for (const u of [...external].sort()) console.log(`FAIL external request: ${u}`);
  problems.external = external.size;

  const failed = problems.violations + problems.hscroll + problems.external + problems.load + problems.print;
  if (failed) {
    console.log(
      `axe: ${problems.hscroll} pages with horizontal scroll, ${problems.external} external requests, ${problems.load} pages failed to load, ${problems.print} print-style failures`,
    );
  }
  console.log(`axe: ${paths.length} pages, ${problems.violations} violations`);
  return failed ? 1 : 0;
}

process.exitCode = await main().catch((e) => {
  console.error(`axe: ${e.stack ?? e}`);
  return 2;
});
