// Shared by the browser checks: a static file server for a built site on 127.0.0.1 and the
// Chromium launch options this machine needs (see the env notes: no background networking).
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.ico': 'image/x-icon',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.webmanifest': 'application/manifest+json',
};

// ---------------------------------------------------------------- server --

export async function isFile(p) {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}
export async function isDir(p) {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

export function startServer(root) {
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      let rel;
      try {
        rel = decodeURIComponent(url.pathname);
      } catch {
        res.writeHead(400).end('bad request');
        return;
      }
      let file = path.join(root, path.normalize(rel));
      if (file !== root && !file.startsWith(root + path.sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      if (rel.endsWith('/')) {
        file = path.join(file, 'index.html');
      } else if (await isDir(file)) {
        res.writeHead(301, { Location: url.pathname + '/' + url.search }).end();
        return;
      }
      let status = 200;
      if (!(await isFile(file))) {
        status = 404;
        file = path.join(root, '404.html');
        if (!(await isFile(file))) {
          res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
          return;
        }
      }
      const body = await readFile(file);
      const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// ---------------------------------------------------------------- checks --

export function isLocal(u) {
  let url;
  try {
    url = new URL(u);
  } catch {
    return false;
  }
  if (['data:', 'blob:', 'about:'].includes(url.protocol)) return true;
  return url.hostname === '127.0.0.1';
}

