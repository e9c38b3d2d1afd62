// "Exit this page" (GOV.UK pattern): the button in the chat, Shift pressed 3 times, and the
// page's own button and skip link. Each hides the page at once, throws the conversation away,
// tells the server to forget it (navigator.sendBeacon: text/plain, no preflight, delivered even
// as the page goes), and replaces the page so Back does not return to it. Closing the tab or
// leaving the page forgets the conversation too (pagehide).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStubSite, stopAll, newPage, W, idle, tabTo, until, strayRequests } from './helpers.mjs';

const EXIT_DELAY_MS = 1200; // the exit page is served late, so we can see the page hidden meanwhile
let stub;
let site;
let browser;

before(async () => {
  ({ stub, site, browser } = await startStubSite((stub) => ({
    delays: { '/exit.html': EXIT_DELAY_MS },
    // Another council page: one script tag, no stylesheet link, no exit controls of its own.
    pages: {
      '/bare.html': `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Another page</title>
        <script src="/widget/chat-widget.js" data-server-url="${stub.url}" data-exit-url="/exit.html?bare" defer></script>
        </head><body><main><h1>Another council page</h1></main></body></html>`
    }
  })));
});
after(() => stopAll({ browser, site, stub }));

/** A page whose history is: a neutral page, then the demo page. */
async function openDemo() {
  const p = await newPage(browser);
  await p.page.goto(site.url('/exit.html?visited-before'));
  await p.page.goto(site.url('/'));
  p.historyLength = await p.page.evaluate(() => history.length);
  return p;
}

// What the page looks like right after the exit was triggered (same task, before the
// exit page loads): read by a listener that runs after the widget's, sent out by console.
const HIDDEN = { main: false, panel: false, launcher: false, chat: 0, alert: 'Loading.', title: 'Loading', url: '/' };
async function watchExit(page, eventType) {
  const got = new Promise((resolve) => {
    page.on('console', (m) => { if (m.text().startsWith('EXIT-STATE ')) resolve(JSON.parse(m.text().slice(11))); });
  });
  return page.evaluate((type) => {
    window.addEventListener(type, () => {
      if (!document.documentElement.classList.contains('cw-exiting')) return;
      const shown = (sel) => { const el = document.querySelector(sel); return !!el && el.getClientRects().length > 0; };
      const alert = document.querySelector('[role="alert"]');
      console.log('EXIT-STATE ' + JSON.stringify({
        main: shown('main'),
        panel: shown('#cw-panel'),
        launcher: shown('.cw-launcher'),
        chat: document.querySelectorAll('.cw-msg, .cw-card, .cw-choices').length,
        alert: alert && shown('[role="alert"]') ? alert.textContent : null,
        title: document.title,
        url: location.pathname
      }));
    });
  }, eventType).then(() => () => got);
}

async function startConversation(page) {
  await W.launcher(page).click();
  await W.choice(page, 'No').click();
  await W.choice(page, 'Me').waitFor();
  await idle(page);
  return stub.messages.at(-1).sender;
}

async function assertExited({ page, seen, historyLength }) {
  await page.waitForURL(site.url('/exit.html'), { timeout: 10_000 });
  assert.equal(await page.title(), 'Bin collection days');
  assert.equal(await page.locator('.cw, .cw-msg').count(), 0, 'no chat on the exit page');
  // Back goes to the page before the demo page, never to the chat.
  await page.goBack();
  assert.equal(page.url(), site.url('/exit.html?visited-before'), 'Back does not return to the chat page');
  assert.equal(await page.evaluate(() => history.length), historyLength, 'the chat page was replaced in history, not added');
  assert.deepEqual(strayRequests(seen.requests, [site.origin, stub.url]), []);
}

test('the Exit button in the chat hides the page at once, forgets the chat and replaces the page', async () => {
  const p = await openDemo();
  const { context, page } = p;
  const sender = await startConversation(page);
  const forgetsBefore = stub.forgets.length;

  const state = await watchExit(page, 'click');
  await page.getByRole('button', { name: 'Emergency Exit this page' }).click();
  // Straight after the click, in the same task, before the exit page has even loaded:
  assert.deepEqual(await state(), HIDDEN, 'page hidden and chat thrown away at once');

  await until(() => stub.forgets.length > forgetsBefore, { what: 'the /forget request' });
  assert.deepEqual(stub.forgets.at(-1), { sender });
  assertBeacon();
  await assertExited(p);
  await context.close();
});

/** The last forget was a beacon: a "simple" text/plain POST, with no preflight before it. */
function assertBeacon() {
  const forget = stub.posts('/webhooks/rest/forget').at(-1);
  assert.match(forget.type, /^text\/plain/, 'sent as text/plain (navigator.sendBeacon)');
  assert.deepEqual(stub.preflights('/webhooks/rest/forget'), [], 'no CORS preflight for the forget');
}

test('closing the tab forgets the conversation', async () => {
  const { context, page } = await openDemo();
  const sender = await startConversation(page);
  const forgetsBefore = stub.forgets.length;
  await page.close({ runBeforeUnload: true });
  await until(() => stub.forgets.length > forgetsBefore, { what: 'the /forget request' });
  assert.deepEqual(stub.forgets.at(-1), { sender });
  assertBeacon();
  await context.close();
});

test('going to another page forgets the conversation; a page that never talked sends nothing', async () => {
  const { context, page } = await openDemo();
  const sender = await startConversation(page);
  let forgetsBefore = stub.forgets.length;
  await page.goto(site.url('/exit.html?elsewhere'));
  await until(() => stub.forgets.length > forgetsBefore, { what: 'the /forget request' });
  assert.deepEqual(stub.forgets.at(-1), { sender });
  assertBeacon();
  // Opened and left without a word to the server: there is nothing to forget.
  await page.goto(site.url('/'));
  forgetsBefore = stub.forgets.length;
  await page.goto(site.url('/exit.html?again'));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(stub.forgets.length, forgetsBefore);
  await context.close();
});

test('pressing Shift 3 times exits, with GOV.UK-style announcements', async () => {
  const p = await openDemo();
  const { context, page } = p;
  const sender = await startConversation(page);
  const forgetsBefore = stub.forgets.length;
  const status = page.locator('.cw [role="status"]');

  await W.input(page).focus();
  await page.keyboard.press('Shift');
  assert.equal(await status.textContent(), 'Shift, press 2 more times to exit.');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.cwShift), '1', 'indicator shows one press');
  await page.keyboard.press('Shift');
  assert.equal(await status.textContent(), 'Shift, press 1 more time to exit.');
  const state = await watchExit(page, 'keyup');
  await page.keyboard.press('Shift');
  assert.deepEqual(await state(), HIDDEN, 'page hidden and chat thrown away at once');
  await until(() => stub.forgets.length > forgetsBefore, { what: 'the /forget request' });
  assert.deepEqual(stub.forgets.at(-1), { sender });
  await assertExited(p);
  await context.close();
});

test('Shift used for capitals does not count, and the presses expire after 5 seconds', async () => {
  const { context, page } = await openDemo();
  await startConversation(page);
  const status = page.locator('.cw [role="status"]');
  await W.input(page).focus();

  // Typing capitals (Shift+letter) never triggers the exit.
  await page.keyboard.type('Help Me Now Please');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+A');
  assert.equal(await W.input(page).inputValue(), 'Help Me Now PleaseAAA');

  // One press, then a pause of more than 5 seconds: the count starts again.
  await page.keyboard.press('Shift');
  assert.equal(await status.textContent(), 'Shift, press 2 more times to exit.');
  await status.filter({ hasText: 'Exit this page expired.' }).waitFor({ timeout: 7000 });
  await page.keyboard.press('Shift');
  await page.keyboard.press('Shift');
  assert.equal(await status.textContent(), 'Shift, press 1 more time to exit.');

  // Another key in between also resets the count.
  await page.keyboard.press('a');
  await page.keyboard.press('Shift');
  assert.equal(await status.textContent(), 'Shift, press 2 more times to exit.');
  await new Promise((r) => setTimeout(r, EXIT_DELAY_MS + 300));
  assert.equal(page.url(), site.url('/'), 'still on the chat page');
  assert.ok(await W.panel(page).isVisible());
  await context.close();
});

test("the page's own Exit button and the skip link for assistive technology also exit", async () => {
  // The skip link, by keyboard: the second Tab stop on the page.
  {
    const p = await openDemo();
  const { context, page } = p;
    await tabTo(page, () => document.activeElement.textContent === 'Exit this page' &&
      document.activeElement.classList.contains('skip-link'), { max: 3 });
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), '/exit.html');
    const forgetsBefore = stub.forgets.length;
    await page.keyboard.press('Enter');
    await assertExited(p);
    assert.equal(stub.forgets.length, forgetsBefore, 'no conversation, so nothing is sent to the server');
    await context.close();
  }
  // The sticky red button at the top of the page, after a conversation.
  {
    const p = await openDemo();
  const { context, page } = p;
    const sender = await startConversation(page);
    await page.keyboard.press('Escape'); // close the panel; the page button is now uncovered
    const forgetsBefore = stub.forgets.length;
    await page.locator('.etp-button').click();
    await until(() => stub.forgets.length > forgetsBefore, { what: 'the /forget request' });
    assert.deepEqual(stub.forgets.at(-1), { sender });
    await assertExited(p);
    await context.close();
  }
});

test('a page without its own exit controls gets the widget skip link', async () => {
  const { context, page } = await newPage(browser);
  await page.goto(site.url('/bare.html'));
  await W.launcher(page).waitFor(); // visible once the stylesheet (added by the script) has loaded
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'cw-skip');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Emergency Exit this page');
  assert.ok(await page.locator('link[href$="/widget/chat-widget.css"]').count(), 'the stylesheet is added by the script');
  await page.keyboard.press('Enter');
  await page.waitForURL(site.url('/exit.html?bare'), { timeout: 10_000 });
  await context.close();
});
