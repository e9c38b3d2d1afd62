// Fails safe: when the chat server is down, slow, errors, or says nothing, the built-in
// "Get help now" card shows 999 and the Helpline, and "Try again" re-sends the last message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { StubRasa } from './stub_rasa.mjs';
import { startSite, startStubSite, stopAll, newPage, W, idle, focused, strayRequests } from './helpers.mjs';

const TIMEOUT_MS = 1500; // data-timeout-ms on the test page (the demo page uses 8000)
let stub;
let site;
let browser;

before(async () => {
  ({ stub, site, browser } = await startStubSite({ timeoutMs: TIMEOUT_MS }));
});
after(() => stopAll({ browser, site, stub }));

async function assertHelpCard(card) {
  assert.ok(await card.getByRole('heading', { name: 'Get help now' }).isVisible());
  const call999 = card.getByRole('link', { name: 'Call 999' });
  assert.equal(await call999.getAttribute('href'), 'tel:999');
  assert.ok(await card.getByText('If you cannot speak: call 999 and listen. Cough or tap if you can. If a recorded voice asks, press 5 5. Stay on the line.').isVisible());
  const helpline = card.getByRole('link', { name: '08000 121 700' });
  assert.equal(await helpline.getAttribute('href'), 'tel:+448000121700');
  assert.match(await card.textContent(), /Modern Slavery & Exploitation Helpline/);
  assert.match(await card.textContent(), /Free\. Open 24 hours\. Any language\./);
  assert.ok(await card.getByRole('button', { name: 'Try again' }).isEnabled());
}

test('server stopped: the help card appears, and Try again works once the server is back', async () => {
  const down = await new StubRasa().start();
  const port = down.port;
  const downSite = await startSite({ serverUrl: down.url, timeoutMs: TIMEOUT_MS });
  const { context, page, seen } = await newPage(browser);
  try {
    await page.goto(downSite.url('/'));
    await down.stop(); // nothing is listening now

    await W.launcher(page).click();
    const card = W.helpCard(page);
    await card.waitFor({ timeout: TIMEOUT_MS + 3000 });
    await assertHelpCard(card);
    assert.equal(await page.getByRole('log').locator('.cw-help').count(), 1, 'the card is in the conversation log');
    assert.equal(await focused(page), 'INPUT#cw-input', 'focus stays in the text box');
    // "In danger now? Call 999" is still there above the conversation.
    assert.ok(await page.locator('.cw-bar').getByRole('link', { name: 'Call 999' }).isVisible());

    await down.start(port); // the server is back
    await card.getByRole('button', { name: 'Try again' }).click();
    await W.choice(page, 'Yes').waitFor();
    assert.deepEqual(down.messages.map((m) => m.message), ['/greet'], 'Try again re-sent the greeting');
    assert.equal(await W.user(page).count(), 0, 'a retry adds no user bubble');
    assert.equal(await card.getByRole('button', { name: /Try again/ }).isDisabled(), true, 'the used Try again is disabled');
    assert.deepEqual(strayRequests(seen.requests, [downSite.origin, down.url]), []);
  } finally {
    await context.close();
    await downSite.close();
    await down.stop();
  }
});

test('a slow server: the help card after the timeout, and the late answer is ignored', async () => {
  const { context, page } = await newPage(browser);
  await page.goto(site.url('/'));
  await W.launcher(page).click();
  await W.choice(page, 'No').waitFor();
  await idle(page);

  stub.setMode('slow', TIMEOUT_MS + 1500);
  const t0 = Date.now();
  await W.choice(page, 'No').click();
  // While waiting: a "typing" indicator that screen readers skip (the log announces the answer).
  assert.equal(await page.locator('.cw-typing').getAttribute('aria-hidden'), 'true');
  const card = W.helpCard(page);
  await card.waitFor({ timeout: TIMEOUT_MS + 3000 });
  const waited = Date.now() - t0;
  assert.ok(waited >= TIMEOUT_MS - 100 && waited < TIMEOUT_MS + 1200, `help card after ${waited} ms`);
  await assertHelpCard(card);
  // After a button answer, the first new button (Try again) gets focus.
  assert.equal(await focused(page), 'BUTTON:Try again');

  // The late reply arrives at the server's leisure, and is not shown.
  await new Promise((r) => setTimeout(r, 2000));
  assert.equal(await page.getByText('Is this about you, or someone else?').count(), 0, 'late answer ignored');

  stub.setMode('normal');
  await page.keyboard.press('Enter'); // Try again, by keyboard
  await W.choice(page, 'Someone else').waitFor();
  assert.equal(stub.messages.at(-1).message, '/danger_no', 'Try again re-sent the last message');
  assert.equal(stub.messages.at(-2).message, '/danger_no');
  assert.equal(await page.getByText('Is this about you, or someone else?').count(), 1);
  await context.close();
});

test('HTTP errors, invalid JSON, an empty reply or nothing showable all give the help card', async () => {
  const { context, page } = await newPage(browser);
  try {
    await page.goto(site.url('/'));
    await W.launcher(page).click();
    await W.choice(page, 'Yes').waitFor();
    let expected = 0;
    for (const [mode, text] of [['error', 'hello'], ['broken', 'hello'], ['empty', 'hello'], ['normal', '/unknown_only']]) {
      stub.setMode(mode);
      await W.input(page).fill(text);
      await W.input(page).press('Enter');
      expected += 1;
      await page.locator('.cw-help').nth(expected - 1).waitFor({ timeout: 5000 });
      await idle(page);
      assert.equal(await page.locator('.cw-help').count(), expected, `help card for ${mode}`);
      assert.equal(await focused(page), 'INPUT#cw-input', 'after typing, focus stays in the text box');
      // Only the newest Try again is live.
      assert.equal(await page.locator('.cw-help button:not([disabled])').count(), 1);
    }
    await assertHelpCard(page.locator('.cw-help').last());
  } finally {
    stub.setMode('normal');
    await context.close();
  }
});

test('no server URL configured: the widget still shows the help card', async () => {
  const bare = await startSite({
    pages: {
      '/no-server.html': `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>No server</title>
        <link rel="stylesheet" href="/widget/chat-widget.css">
        <script src="/widget/chat-widget.js" defer></script></head><body><main><h1>Page</h1></main></body></html>`
    }
  });
  const { context, page, seen } = await newPage(browser);
  try {
    await page.goto(bare.url('/no-server.html'));
    await W.launcher(page).click();
    await W.helpCard(page).waitFor();
    await assertHelpCard(W.helpCard(page));
    assert.deepEqual(strayRequests(seen.requests, [bare.origin]), [], 'nothing is sent anywhere');
  } finally {
    await context.close();
    await bare.close();
  }
});
