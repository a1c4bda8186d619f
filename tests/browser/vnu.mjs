#!/usr/bin/env node
// Validate the generated site with the Nu HTML Checker (vnu.jar from the
// `vnu-jar` npm package), run on the system `java` (17+).
//
// usage: node tests/browser/vnu.mjs [SITE_DIR] [--errors-only]
//
//   SITE_DIR       directory to check (default: ../../public relative to this
//                  script, i.e. <repo>/public). Every *.html file is checked as
//                  HTML and every *.svg file as SVG.
//   --errors-only  pass vnu's --errors-only, so warnings are not even reported.
//                  Without it, warnings are printed (up to VNU_MAX_WARNINGS,
//                  default 100) but never fail the run; only errors do.
//
// env: JAVA (java binary, default `java`), VNU_BATCH (files per java run,
//      default 400), VNU_MAX_WARNINGS.
//
// Prints `vnu: N files, E errors` and exits 1 if there is any error, 2 on a
// usage problem (missing directory, nothing to check, java not runnable).
//
// The vnu-jar package has a postinstall script that downloads a JRE from
// GitHub when no Java 11+ is found; CI installs with `npm ci --ignore-scripts`
// and this script never calls the package's own launcher, only the jar path.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// require('vnu-jar') is a String object holding the absolute jar path.
const VNU_JAR = String(require('vnu-jar'));
const JAVA = process.env.JAVA || 'java';
const BATCH = Math.max(1, Number(process.env.VNU_BATCH) || 400);
// Keep each command line well under ARG_MAX (and Linux's 128 KiB per-arg
// limit is irrelevant since each path is one arg); 100 000 chars is safe.
const MAX_ARGS_CHARS = 100_000;
const MAX_WARNINGS = Number(process.env.VNU_MAX_WARNINGS ?? 100);

const argv = process.argv.slice(2);
const errorsOnly = argv.includes('--errors-only');
const positional = argv.filter((a) => !a.startsWith('--'));
if (argv.includes('--help') || argv.includes('-h')) {
  console.log('usage: node vnu.mjs [SITE_DIR] [--errors-only]');
  process.exit(0);
}
const siteDir = path.resolve(positional[0] ?? path.join(here, '..', '..', 'public'));

async function walk(dir, out = []) {
  for (const ent of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, ent.name);
    if (ent.isDirectory()) await walk(p, out);
    else if (ent.isFile()) out.push(p);
  }
  return out;
}

function batches(files) {
  const out = [];
  let cur = [];
  let chars = 0;
  for (const f of files) {
    if (cur.length && (cur.length >= BATCH || chars + f.length + 1 > MAX_ARGS_CHARS)) {
      out.push(cur);
      cur = [];
      chars = 0;
    }
    cur.push(f);
    chars += f.length + 1;
  }
  if (cur.length) out.push(cur);
  return out;
}

function runVnu(mode, files) {
  const args = ['-Xss1m', '-jar', VNU_JAR, '--format', 'json', '--stdout', '--asciiquotes'];
  if (errorsOnly) args.push('--errors-only');
  // HTML: *.html parsed by the HTML parser (the default for that extension).
  // SVG: --svg forces the SVG schema; --skip-non-svg is redundant with our own
  // file selection but guards against anything else slipping in.
  if (mode === 'svg') args.push('--svg', '--skip-non-svg');
  else args.push('--skip-non-html');
  args.push(...files);
  return new Promise((resolve, reject) => {
    const child = spawn(JAVA, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      let parsed;
      try {
        parsed = JSON.parse(stdout);
      } catch {
        reject(new Error(`vnu (${mode}) exited ${code} without JSON output:\n${stdout}\n${stderr}`.trim()));
        return;
      }
      if (stderr.trim()) process.stderr.write(stderr);
      resolve(parsed.messages ?? []);
    });
  });
}

function rel(url) {
  try {
    const p = url.startsWith('file:') ? fileURLToPath(url) : url;
    return path.relative(siteDir, p) || p;
  } catch {
    return url;
  }
}

function fmt(m) {
  const where = m.lastLine != null ? `:${m.firstLine ?? m.lastLine}:${m.firstColumn ?? 0}` : '';
  const kind = m.type === 'info' ? (m.subType ?? 'info') : m.subType === 'fatal' ? 'fatal error' : m.type;
  let s = `${rel(m.url ?? '?')}${where}: ${kind}: ${m.message}`;
  if (m.extract) s += `\n    ${JSON.stringify(m.extract)}`;
  return s;
}

async function main() {
  let st;
  try {
    st = await stat(siteDir);
  } catch {
    st = null;
  }
  if (!st?.isDirectory()) {
    console.error(`vnu: ${siteDir} is not a directory (build the site first)`);
    return 2;
  }
  const all = (await walk(siteDir)).sort();
  const html = all.filter((f) => f.toLowerCase().endsWith('.html'));
  const svg = all.filter((f) => f.toLowerCase().endsWith('.svg'));
  if (!html.length) {
    console.error(`vnu: no *.html files under ${siteDir}`);
    return 2;
  }
  console.log(`vnu: checking ${html.length} HTML and ${svg.length} SVG files under ${siteDir}`);
  console.log(`vnu: ${VNU_JAR}`);

  const messages = [];
  try {
    for (const b of batches(html)) messages.push(...(await runVnu('html', b)));
    for (const b of batches(svg)) messages.push(...(await runVnu('svg', b)));
  } catch (e) {
    console.error(`vnu: could not run ${JAVA}: ${e.message}`);
    return 2;
  }

  const errors = messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
  // vnu checks local files as file: URLs, where CSP 'self' never matches, so
  // every same-site resource (href="/css/x.css", "img/a.svg") is reported as
  // blocked. In a browser over http(s) these load fine (axe.mjs checks pages
  // in Chromium, with their CSP enforced), so drop only those warnings.
  const sameSiteCsp = /^Resource violates Content Security Policy .*?'(?!\/\/|[a-z][a-z0-9+.-]*:)[^']*' blocked/i;
  let cspNoise = 0;
  const warnings = messages.filter((m) => {
    if (m.type !== 'info' || m.subType !== 'warning') return false;
    if (sameSiteCsp.test(m.message)) {
      cspNoise++;
      return false;
    }
    return true;
  });
  if (cspNoise) console.log(`vnu: ignored ${cspNoise} CSP warnings about same-site resources (file: URL artefact)`);
  for (const m of errors) console.log(fmt(m));
  if (warnings.length) {
    console.log(`vnu: ${warnings.length} warnings (not fatal)`);
    for (const m of warnings.slice(0, MAX_WARNINGS)) console.log(fmt(m));
    if (warnings.length > MAX_WARNINGS) console.log(`  ... ${warnings.length - MAX_WARNINGS} more warnings not shown (VNU_MAX_WARNINGS)`);
  }
  const badFiles = new Set(errors.map((m) => m.url)).size;
  if (errors.length) console.log(`vnu: ${badFiles} files with errors`);
  console.log(`vnu: ${html.length + svg.length} files, ${errors.length} errors`);
  return errors.length ? 1 : 0;
}

process.exitCode = await main();
