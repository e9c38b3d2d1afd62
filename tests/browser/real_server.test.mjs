// A short conversation against a real Rasa server, when CHAT_SERVER_URL is set
// (for example CHAT_SERVER_URL=http://localhost:5005). Skipped otherwise.
//
// The demo page is served on http://localhost:<CHAT_PAGE_PORT or a free port>, and the widget
// talks to Rasa directly, so Rasa's CORS must allow exactly that origin: set CHAT_PAGE_PORT and
// list http://localhost:<CHAT_PAGE_PORT> in `rasa run --cors` (scripts/test_live.sh does).
// Never `--cors "*"` or `--enable-api`: any site could then talk to the server, and the HTTP
// API would let anyone read and change conversations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startSite, launch, newPage, W, idle, strayRequests, axe } from './helpers.mjs';

const SERVER = (process.env.CHAT_SERVER_URL || '').replace(/\/+$/, '');
const skip = SERVER ? false : 'CHAT_SERVER_URL is not set (start Rasa, then set it, e.g. http://localhost:5005)';
let site;
let browser;

before(async () => {
  if (!SERVER) return;
  site = await startSite({
    serverUrl: SERVER,
    host: 'localhost',
    port: Number(process.env.CHAT_PAGE_PORT || 0),
    timeoutMs: 20000 // a real model can be slow on a busy machine
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await site?.close();
});

test('real Rasa: welcome with buttons, then "Yes" (danger now) gives a reply with 999', { skip, timeout: 120_000 }, async () => {
  const { context, page, seen } = await newPage(browser);
  context.setDefaultTimeout(30_000);
  await page.goto(site.url('/'));
  await W.launcher(page).click();
  const firstButton = page.locator('.cw-choices button:not([disabled])').first();
  await Promise.race([
    firstButton.waitFor(),
    W.helpCard(page).waitFor().then(() => {
      throw new Error(`the help card appeared: is Rasa running at ${SERVER}, and does its CORS allow ${site.origin}?`);
    })
  ]);
  await idle(page);
  assert.ok((await W.bot(page).count()) >= 1, 'a welcome message');
  assert.equal(await W.user(page).count(), 0, '/greet is not shown');

  // The danger question may come straight away or after a first safety question:
  // answer "Yes" to the first question that offers it.
  const yes = page.locator('.cw-choices button:not([disabled])', { hasText: /^Yes\b/i }).first();
  await yes.waitFor();
  const before = await W.bot(page).count();
  await yes.click();
  await page.waitForFunction((n) => document.querySelectorAll('.cw-msg--bot, .cw-card').length > n, before);
  await idle(page);
  const reply = await page.locator('.cw-log').textContent();
  assert.match(reply, /999/, 'the reply to "Yes" mentions 999');
  assert.equal(await W.helpCard(page).count(), 0, 'no fail-safe card');
  assert.deepEqual(strayRequests(seen.requests, [site.origin, new URL(SERVER).origin]), []);
  await context.close();
});

test('real Rasa in Vietnamese: chosen at the welcome, clicks only to the services, all in Vietnamese, zero axe violations', { skip, timeout: 180_000 }, async () => {
  const vi = JSON.parse(await readFile(new URL('../../web/widget/lang/vi.json', import.meta.url), 'utf8'));
  const { context, page } = await newPage(browser);
  context.setDefaultTimeout(30_000);
  await page.goto(site.url('/'));
  await W.launcher(page).click();
  await page.locator('.cw-choices button:not([disabled])', { hasText: /^Tiếng Việt$/ }).click();
  // The widget's own words follow the conversation's language.
  await page.waitForFunction(() => document.getElementById('cw-panel').lang === 'vi');
  assert.ok((await page.locator('.cw-exit').innerText()).includes(vi.words.exit));
  assert.equal(await page.locator('.cw-send').innerText(), vi.words.send);
  // Every question by its last button ("Not sure" / "I'd rather not say"), until the cards.
  for (let i = 0; i < 12 && (await page.locator('article.cw-card').count()) === 0; i++) {
    await idle(page);
    const buttons = page.locator('.cw-choices:last-of-type button:not([disabled])');
    await buttons.last().click();
    await page.waitForFunction(() => !document.querySelector('.cw-typing'));
  }
  await idle(page);
  const cards = page.locator('article.cw-card');
  assert.ok((await cards.count()) > 0, 'service cards');
  assert.deepEqual([...new Set(await cards.evaluateAll((cs) => cs.map((c) => c.lang)))], ['vi']);
  const botLangs = await W.bot(page).evaluateAll((ms) => ms.map((m) => m.lang));
  assert.ok(botLangs.filter((l) => l === 'vi').length >= 3, `messages in Vietnamese: ${botLangs}`);
  assert.ok(await page.getByRole('link', { name: /999/ }).first().isVisible());
  assert.deepEqual(await axe(page), [], 'Vietnamese conversation with cards');
  await context.close();
});
