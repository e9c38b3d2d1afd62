// Shared helpers for the browser tests and the screenshot script.
// - startSite(): a static server for web/ on a free port. It serves index.html with the
//   chat server URL (script attribute and CSP connect-src) pointed at the server under test.
// - launch(): Debian's Chromium through playwright-core (never downloads a browser).
// - startStubSite() / stopAll(): the usual set-up of a test file: a stub Rasa, the demo page
//   pointed at it, and Chromium.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { StubRasa } from './stub_rasa.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WEB = path.join(ROOT, 'web');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const DEMO_SERVER_URL = 'http://localhost:5005';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8'
};

/**
 * Serve web/ on 127.0.0.1. Options:
 *   serverUrl  the chat server the demo page should use (replaces http://localhost:5005)
 *   timeoutMs  value for data-timeout-ms on the demo page
 *   host, port where to listen (defaults 127.0.0.1 and a free port)
 *   delays     { "/exit.html": 1500 }: answer these paths late (to watch what happens meanwhile)
 *   pages      { "/bare.html": "<!DOCTYPE html>..." }: extra test-only HTML pages
 */
export async function startSite({ serverUrl, timeoutMs, host = '127.0.0.1', port = 0, delays = {}, pages = {} } = {}) {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    requests.push(url.pathname);
    if (delays[url.pathname]) await new Promise((r) => setTimeout(r, delays[url.pathname]));
    if (Object.prototype.hasOwnProperty.call(pages, url.pathname)) {
      res.writeHead(200, { 'Content-Type': TYPES['.html'], 'Cache-Control': 'no-store' });
      res.end(pages[url.pathname]);
      return;
    }
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.normalize(path.join(WEB, rel));
    if (!file.startsWith(WEB + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      let body = await readFile(file);
      if (file === path.join(WEB, 'index.html')) {
        let html = body.toString('utf8');
        if (serverUrl) html = html.split(DEMO_SERVER_URL).join(serverUrl);
        if (timeoutMs) html = html.replace(/data-timeout-ms="\d+"/, `data-timeout-ms="${timeoutMs}"`);
        body = Buffer.from(html, 'utf8');
      }
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
        'Cache-Control': 'no-store'
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actualPort = server.address().port;
  const origin = `http://${host === '127.0.0.1' ? '127.0.0.1' : host}:${actualPort}`;
  return {
    origin,
    url: (p = '/') => origin + p,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); })
  };
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'
];

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/**
 * What most browser test files start with, in before(): a stub Rasa, the demo page pointed at
 * it, and Chromium. `siteOptions` are startSite's (besides serverUrl): an object, or a function
 * of the stub. Returns { stub, site, browser }; stop them with stopAll() in after(). If one fails
 * to start, those already started are stopped.
 */
export async function startStubSite(siteOptions = {}) {
  const started = {};
  try {
    started.stub = await new StubRasa().start();
    const options = typeof siteOptions === 'function' ? siteOptions(started.stub) : siteOptions;
    started.site = await startSite({ serverUrl: started.stub.url, ...options });
    started.browser = await launch();
    return started;
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

/** Closes what startStubSite started (any of them may be missing). */
export async function stopAll({ browser, site, stub } = {}) {
  await browser?.close();
  await site?.close();
  await stub?.stop();
}

/**
 * A fresh browser context + page, watching every request the page makes and any
 * console messages about the Content-Security-Policy.
 */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext(Object.assign({ viewport: { width: 1200, height: 800 } }, options));
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const seen = { requests: [], csp: [], errors: [] };
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) seen.csp.push(m.text());
  });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  return { context, page, seen };
}

// Locators for the widget
export const W = {
  launcher: (page) => page.locator('.cw-launcher'),
  panel: (page) => page.locator('#cw-panel'),
  log: (page) => page.getByRole('log', { name: 'Conversation' }),
  input: (page) => page.getByRole('textbox', { name: 'Type a message' }),
  bot: (page) => page.locator('.cw-msg--bot'),
  user: (page) => page.locator('.cw-msg--user'),
  /** An enabled answer button with this exact visible title. */
  choice: (page, title) => page.locator('.cw-choices button:not([disabled])', { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
  helpCard: (page) => page.locator('.cw-help')
};

/** Wait until the widget is not waiting for the server. */
export async function idle(page) {
  await page.waitForFunction(() => !document.querySelector('.cw-typing') || !document.querySelector('.cw-typing').isConnected);
}

/** Description of the focused element, e.g. "BUTTON:Yes" or "INPUT:cw-input". */
export function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return 'none';
    if (el.id) return `${el.tagName}#${el.id}`;
    return `${el.tagName}:${(el.textContent || '').trim()}`;
  });
}

/** Press Tab (or Shift+Tab) until the focused element matches; fail after `max` presses. */
export async function tabTo(page, predicate, { back = false, max = 60 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate(predicate)) return i;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  if (await page.evaluate(predicate)) return max;
  throw new Error(`could not reach the element with ${back ? 'Shift+Tab' : 'Tab'}; focus is on ${await focused(page)}`);
}

/** Poll until fn() is truthy. */
export async function until(fn, { timeout = 5000, interval = 50, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** The origins a page may contact: its own and the chat server's. */
export function strayRequests(urls, allowedOrigins) {
  return urls.filter((u) => {
    if (u.startsWith('data:') || u.startsWith('blob:') || u === 'about:blank') return false;
    try { return !allowedOrigins.includes(new URL(u).origin); } catch { return true; }
  });
}

export async function storageState(page, context) {
  const cookies = await context.cookies();
  const inPage = await page.evaluate(async () => ({
    cookie: document.cookie,
    local: localStorage.length,
    session: sessionStorage.length,
    idb: indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [],
    caches: window.caches ? await caches.keys() : []
  }));
  return Object.assign({ cookies }, inPage);
}

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Run axe-core in the page (evaluated through DevTools, so the page's CSP stays as it is). */
export async function axe(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags },
    resultTypes: ['violations']
  }), AXE_TAGS);
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`)
  }));
}
