// Search check in a real browser (Debian chromium via playwright-core) over a built site.
//
// usage: node search.mjs [SITE_DIR]
//
// 1. Every district is found by its name and by its Kemendagri code, in both languages: the
//    queries run inside the /cari/ page against the Pagefind index (the same code path as a
//    reader's query, minus the typing); the district must be among the first five results.
// 2. A typical query typed into the header box on the phone transfers at most 300 KB
//    (everything the browser fetches for /cari/?q=…, HTML included), and shows results.
// 3. With JavaScript off, the header search box leads to the district index.
// Prints a summary; exits 1 on any miss.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, isDir, startServer } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const siteDir = path.resolve(process.argv[2] ?? path.join(here, '..', '..', 'public'));
const BUDGET = 300 * 1024;

async function main() {
  if (!(await isDir(siteDir))) {
    console.error(`search: ${siteDir} is not a directory (build the site first)`);
    return 2;
  }
  const districts = JSON.parse(await readFile(path.join(siteDir, 'data', 'wilayah.json'), 'utf8'));
  const rows = Array.isArray(districts) ? districts : districts.data ?? districts.wilayah ?? [];
  const server = await startServer(siteDir);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  let failures = 0;

  for (const lang of ['id', 'en']) {
    const prefix = lang === 'id' ? '' : '/en';
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${origin}${prefix}/cari/`, { waitUntil: 'load' });
    const misses = await page.evaluate(async ({ rows, prefix }) => {
      const pagefind = await import('/pagefind/pagefind.js');
      await pagefind.init();
      const out = [];
      for (const r of rows) {
        const want = `${prefix}${new URL(r.url).pathname}`;
        for (const q of [r.nama, r.kode]) {
          const res = await pagefind.search(q);
          const top = await Promise.all(res.results.slice(0, 5).map((x) => x.data()));
          if (!top.some((d) => d.url === want)) out.push(`${q} → ${top.map((d) => d.url).join(' ') || 'nothing'}`);
        }
      }
      return out;
    }, { rows, prefix });
    for (const m of misses.slice(0, 20)) console.log(`FAIL ${lang}: ${m}`);
    failures += misses.length;
    console.log(`search ${lang}: ${rows.length * 2 - misses.length}/${rows.length * 2} name and code queries find their district`);
    await ctx.close();
  }

  // A typical query on a phone, from the header box: bytes transferred, and results shown.
  for (const [prefix, q, want] of [['', 'banjar', '/wilayah/kabupaten-banjar/'], ['/en', 'banyuwangi', '/en/wilayah/kabupaten-banyuwangi/'], ['', 'perkawinan anak', '/program/']]) {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
    const page = await ctx.newPage();
    await page.goto(`${origin}${prefix}/`, { waitUntil: 'load' });
    let bytes = 0;
    page.on('response', async (r) => {
      try {
        bytes += (await r.body()).length;
      } catch {}
    });
    await page.fill('#ila-q', q);
    await page.press('#ila-q', 'Enter');
    await page.waitForSelector('#ila-hasil[data-selesai]', { timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    const urls = await page.$$eval('#ila-hasil a', (as) => as.map((a) => new URL(a.href).pathname));
    const ok = urls.some((u) => u.startsWith(want)) && bytes <= BUDGET;
    if (!ok) failures++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} query "${q}" (${prefix || '/'}): ${(bytes / 1024).toFixed(0)} KB transferred, first results ${urls.slice(0, 3).join(' ')}`);
    await ctx.close();
  }

  // JavaScript off: the header box leads to the district index.
  {
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${origin}/predikat/`, { waitUntil: 'load' });
    await page.fill('#ila-q', 'banjar');
    await Promise.all([page.waitForNavigation(), page.press('#ila-q', 'Enter')]);
    const p = new URL(page.url()).pathname;
    const ok = p === '/wilayah/';
    if (!ok) failures++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} without JavaScript the search box opens ${p}`);
    await ctx.close();
  }

  await browser.close();
  server.close();
  console.log(`search: ${failures} failures`);
  return failures ? 1 : 0;
}

process.exitCode = await main().catch((e) => {
  console.error(`search: ${e.stack ?? e}`);
  return 2;
});
