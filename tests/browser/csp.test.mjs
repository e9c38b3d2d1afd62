// The demo page as scripts/serve_web.py serves it (what `make run` shows), with its
// Content-Security-Policy and other headers: the widget works under the policy (it loads, talks
// to the chat server, fetches a language file) with no violation, and no other site can frame
// the page. The same policy is sent by nginx (deploy/nginx/chat.conf.template; the serving
// stage loads the page through nginx in stack_exit.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { StubRasa } from './stub_rasa.mjs';
import { ROOT, startSite, launch, newPage, W, idle, until } from './helpers.mjs';

const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');
const skip = existsSync(PYTHON) ? false : '.venv/bin/python is missing (make setup)';
let stub;
let server;
let origin;
let other;
let browser;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

before(async () => {
  if (skip) return;
  stub = await new StubRasa().start();
  const port = await freePort();
  server = spawn(PYTHON, [path.join(ROOT, 'scripts', 'serve_web.py'), '--port', String(port), '--rasa-url', stub.url],
    { stdio: 'ignore' });
  origin = `http://127.0.0.1:${port}`;
  await until(async () => {
    try { return (await fetch(origin + '/')).ok; } catch { return false; }
  }, { timeout: 15_000, what: 'scripts/serve_web.py' });
  other = await startSite({ pages: { '/frame.html': `<!DOCTYPE html><html lang="en"><head><title>Framer</title></head><body><iframe src="${origin}/" title="chat"></iframe></body></html>` } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await other?.close();
  server?.kill();
  await stub?.stop();
});

test('the page is served with a strict policy and the widget works under it', { skip }, async () => {
  const response = await fetch(origin + '/');
  const csp = response.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self';/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.ok(csp.includes(`connect-src 'self' ${stub.url};`));
  assert.equal(response.headers.get('cache-control'), 'no-store');
  assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');

  // A Polish browser: the widget fetches lang/pl.json (connect-src 'self') to offer Polish.
  const { context, page, seen } = await newPage(browser, { locale: 'pl-PL' });
  await page.goto(origin + '/');
  await W.launcher(page).click();
  await W.choice(page, 'No').waitFor();
  await page.locator('.cw-choices button', { hasText: /Polski|polsk/i }).first().waitFor();
  await W.choice(page, 'No').click();
  await W.choice(page, 'Me').waitFor();
  await idle(page);
  assert.equal(await W.helpCard(page).count(), 0, 'the chat server answered');
  assert.ok(seen.requests.some((u) => u.endsWith('/widget/lang/pl.json')), 'the language file was fetched');
  assert.deepEqual(seen.csp, [], 'no Content-Security-Policy violation');
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('another site cannot show the page in a frame', { skip }, async () => {
  const { context, page } = await newPage(browser);
  await page.goto(other.url('/frame.html'));
  const frame = page.frames().find((f) => f !== page.mainFrame());
  await new Promise((r) => setTimeout(r, 500));
  const framed = await frame.evaluate(() => !!document.querySelector('[data-chat-widget-root], main')).catch(() => false);
  assert.equal(framed, false, 'the page did not load inside the frame');
  await context.close();
});
