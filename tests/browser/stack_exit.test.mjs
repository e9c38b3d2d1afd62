// The widget against the serving topology (deploy/local.py: nginx in front of Rasa replicas on
// Redis), when STACK_RUN_DIR is set by scripts/test_stack.sh; skipped otherwise.
//
// The page comes from nginx itself, with its Content-Security-Policy: the widget loads and works
// under it with no violation. After "Exit this page" the conversation is gone from the tracker
// store (Redis, read directly), only a hash of its id is kept (the tombstone), and a message
// to the old id gets 410.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { launch, newPage, W, idle, until, strayRequests } from './helpers.mjs';

const RUN_DIR = process.env.STACK_RUN_DIR || '';
const skip = RUN_DIR ? false : 'STACK_RUN_DIR is not set (run through scripts/test_stack.sh)';
let topology;
let origin;
let browser;

/** One Redis command over a plain socket (RESP); the reply's first line, e.g. ":1". */
function redis(command) {
  const { port, hostname } = new URL(topology.redis_url);
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ port: Number(port), host: hostname });
    let data = '';
    socket.setTimeout(5000, () => { socket.destroy(); reject(new Error('Redis did not answer')); });
    socket.on('data', (chunk) => { data += chunk; if (data.includes('\r\n')) { socket.end(); resolve(data.split('\r\n')[0]); } });
    socket.on('error', reject);
    socket.write(`*${command.length}\r\n` + command.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join(''));
  });
}
const exists = async (key) => (await redis(['EXISTS', key])) === ':1';

before(async () => {
  if (!RUN_DIR) return;
  topology = JSON.parse(readFileSync(path.join(RUN_DIR, 'topology.json'), 'utf8'));
  origin = topology.nginx_url.replace('127.0.0.1', 'localhost'); // nginx's RASA_PUBLIC_URL
  browser = await launch();
});
after(async () => { await browser?.close(); });

test('through nginx: the widget works under its CSP, and after Exit the conversation is gone from Redis', { skip, timeout: 120_000 }, async () => {
  const { context, page, seen } = await newPage(browser);
  context.setDefaultTimeout(30_000);
  const senders = new Set();
  page.on('request', (r) => {
    if (r.url().endsWith('/webhooks/rest/webhook') && r.method() === 'POST') senders.add(JSON.parse(r.postData()).sender);
  });
  const response = await page.goto(origin + '/');
  assert.match(response.headers()['content-security-policy'], /frame-ancestors 'none'/);
  await W.launcher(page).click();
  await W.choice(page, 'No').click();
  await page.locator('.cw-choices button:not([disabled])').first().waitFor();
  await idle(page);
  await W.input(page).fill('I am worried about my friend Quexleybrowser at work');
  await W.input(page).press('Enter');
  await idle(page);
  assert.equal(await W.helpCard(page).count(), 0, 'the real stack answered');
  assert.deepEqual(seen.csp, [], 'no Content-Security-Policy violation under nginx');
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(strayRequests(seen.requests, [origin]), []);

  assert.equal(senders.size, 1);
  const [sender] = senders;
  const tracker = `modernslavery:tracker:${sender}`;
  assert.ok(await exists(tracker), 'the conversation is in the tracker store');

  await page.getByRole('button', { name: 'Emergency Exit this page' }).click();
  await page.waitForURL(origin + '/exit.html');
  await until(async () => !(await exists(tracker)), { timeout: 10_000, what: 'the conversation to be deleted' });
  assert.equal(await exists(`modernslavery:turns:${sender}`), false, 'its message count is gone too');
  const digest = createHash('sha256').update(sender).digest('hex');
  assert.ok(await exists(`modernslavery:forgotten:${digest}`), 'a tombstone: the hash of the id');
  const keys = await redis(['KEYS', `*${sender}*`]);
  assert.equal(keys, '*0', 'no key names the id');

  // A message to the forgotten id is refused, and stores nothing.
  const reply = await fetch(origin + '/webhooks/rest/webhook', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sender, message: 'hello' })
  });
  assert.equal(reply.status, 410);
  assert.equal(await exists(tracker), false);
  await context.close();
});
