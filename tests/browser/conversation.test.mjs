// A whole conversation in real headless Chromium: by clicking only, then by keyboard only.
// Also: safe rendering, no trace left on the device, CSP, and no stray requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CARD_HELPLINE, CARD_FRONT_DOOR } from './stub_rasa.mjs';
import { startStubSite, stopAll, newPage, W, idle, focused, tabTo, strayRequests, storageState, WEB } from './helpers.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let stub;
let site;
let browser;

before(async () => {
  ({ stub, site, browser } = await startStubSite());
});
after(() => stopAll({ browser, site, stub }));

function assertClean(seen) {
  assert.deepEqual(strayRequests(seen.requests, [site.origin, stub.url]), [], 'requests to other origins');
  assert.deepEqual(seen.csp, [], 'Content-Security-Policy violations');
  assert.deepEqual(seen.errors, [], 'script errors on the page');
}

test('a full conversation by clicking only', async () => {
  const { context, page, seen } = await newPage(browser);
  const before = stub.messages.length;
  await page.goto(site.url('/'));

  const launcher = page.getByRole('button', { name: 'Help chat' });
  await launcher.waitFor();
  assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
  assert.equal(await W.panel(page).isVisible(), false, 'the panel starts closed');
  assert.equal(stub.messages.length, before, 'nothing is sent before the panel is opened');

  await launcher.click();
  const dialog = page.getByRole('dialog', { name: 'Get help with modern slavery' });
  await dialog.waitFor();
  await W.choice(page, 'Yes').waitFor();
  // The greeting: /greet is sent, but not shown as something the person said.
  const greet = stub.messages.at(-1);
  assert.equal(greet.message, '/greet');
  assert.match(greet.sender, UUID, 'conversation id is a random UUID');
  assert.equal(await W.user(page).count(), 0, '/greet is not shown as a user bubble');
  await assert.doesNotReject(page.getByText('It is anonymous. Nothing is saved.', { exact: false }).waitFor());
  // "In danger now? Call 999" is always in the panel.
  assert.equal(await dialog.getByRole('link', { name: 'Call 999' }).getAttribute('href'), 'tel:999');
  assert.ok(await dialog.getByRole('link', { name: 'Call 999' }).isVisible());

  await W.choice(page, 'No').click();
  await W.choice(page, 'Someone else').waitFor();
  assert.equal(stub.messages.at(-1).message, '/danger_no', 'the button payload is sent');
  assert.equal(await W.user(page).last().textContent(), 'You: No', 'the button title is shown, not the payload');
  // The older turn is now disabled, so a stale answer cannot be sent.
  const oldYes = page.locator('.cw-choices button', { hasText: /^Yes$/ }).first();
  assert.equal(await oldYes.isDisabled(), true, 'answered turn is disabled');
  assert.match(await page.locator('.cw-chosen').first().textContent(), /No/);

  await W.choice(page, 'Someone else').click();
  await W.choice(page, '18 or over').click();
  await W.choice(page, 'Start again').waitFor();
  await idle(page);

  // Two service cards, with tel: links, hours and open now / closed now.
  const cards = page.locator('article.cw-card');
  assert.equal(await cards.count(), 2);
  const helpline = page.getByRole('article', { name: CARD_HELPLINE.name });
  const helplineCall = helpline.getByRole('link', { name: /08000 121 700/ });
  assert.equal(await helplineCall.getAttribute('href'), 'tel:+448000121700');
  assert.ok(await helpline.getByText('Open now', { exact: true }).isVisible());
  assert.ok(await helpline.getByText(CARD_HELPLINE.reason).isVisible());
  // Short first: the details wait behind "More about ...", a native disclosure.
  assert.equal(await helpline.getByText(CARD_HELPLINE.what_happens).isVisible(), false, 'details start closed');
  await helpline.getByText('More about ' + CARD_HELPLINE.name).click();
  assert.ok(await helpline.getByText(CARD_HELPLINE.hours).isVisible());
  assert.ok(await helpline.getByText(CARD_HELPLINE.what_happens).isVisible());
  const report = helpline.getByRole('link', { name: /Report online/ });
  assert.equal(await report.getAttribute('href'), 'https://www.modernslaveryhelpline.org/report');
  assert.equal(await report.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(await helpline.getByRole('link', { name: /Bad link|Plain link/ }).count(), 0, 'javascript: and http: links are text only');
  assert.ok(await helpline.getByText('Bad link').isVisible());

  const door = page.getByRole('article', { name: CARD_FRONT_DOOR.name });
  assert.deepEqual(
    await door.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    ['tel:+441273290400', 'tel:+441273335905'],
    'only valid phone numbers become tel: links'
  );
  assert.ok(await door.getByText('not a number').isVisible(), 'a bad number is still shown as text');
  assert.ok(await door.getByText(CARD_FRONT_DOOR.open_status).isVisible());
  await door.getByText('More about ' + CARD_FRONT_DOOR.name).click();
  assert.ok(await door.getByText('Yes. You do not have to give your name.').isVisible(), 'anonymous: true');
  assert.ok(await helpline.getByText(CARD_HELPLINE.anonymous).isVisible());

  // The plain-text copy of each card (sent just before it) is not shown twice.
  const botTexts = await W.bot(page).allTextContents();
  assert.ok(!botTexts.some((t) => t.includes(CARD_HELPLINE.fallback_text)), 'helpline fallback text dropped');
  for (const part of CARD_FRONT_DOOR.fallback_text.split('\n\n')) {
    assert.ok(!botTexts.some((t) => t.includes(part)), `front door fallback text (sent as 2 messages) dropped: ${part}`);
  }
  // Unknown custom types: their fallback_text as text, otherwise nothing.
  assert.ok(botTexts.some((t) => t.includes('A future message type, shown as text.')));
  assert.equal(await page.getByText('never shown').count(), 0);
  // The buttons after the cards are named by their question.
  assert.ok(await page.getByRole('group', { name: 'What would you like to do next?' }).isVisible());

  await W.choice(page, 'Start again').click();
  await page.locator('.cw-choices button:not([disabled])', { hasText: /^Yes$/ }).waitFor();

  // Every link in the widget is tel: or https:.
  const hrefs = await page.locator('.cw a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.equal(hrefs.length, 5, 'Call 999, two cards with three phone links and one web link');
  for (const href of hrefs) assert.match(href, /^(tel:\+?\d+|https:\/\/)/);

  // One conversation id for the whole page visit.
  const mine = stub.messages.slice(before);
  assert.deepEqual(mine.map((m) => m.message), ['/greet', '/danger_no', '/about_other', '/age_adult', '/restart']);
  assert.equal(new Set(mine.map((m) => m.sender)).size, 1);
  assertClean(seen);
  await context.close();
});

test('the same conversation by keyboard only, with sensible focus', async () => {
  const { context, page, seen } = await newPage(browser);
  const before = stub.messages.length;
  await page.goto(site.url('/'));

  // Tab from the top of the page to the launcher; Enter opens the panel.
  await tabTo(page, () => document.activeElement.classList.contains('cw-launcher'));
  await page.keyboard.press('Enter');
  assert.equal(await focused(page), 'INPUT#cw-input', 'opening the panel moves focus to the text box');
  await W.choice(page, 'No').waitFor();
  assert.equal(await focused(page), 'INPUT#cw-input', 'the welcome does not move focus');

  // From the text box, Shift+Tab reaches the answer buttons just above it.
  await tabTo(page, () => document.activeElement.textContent === 'No', { back: true, max: 5 });
  await page.keyboard.press('Enter');
  await W.choice(page, 'Me').waitFor();
  await idle(page);
  assert.equal(await focused(page), 'BUTTON:Me', 'after a button answer, focus goes to the first new button');
  assert.equal(await page.evaluate(() => document.activeElement.parentElement.getAttribute('role')), 'group');
  const groupName = await page.evaluate(() => {
    const g = document.activeElement.parentElement;
    return document.getElementById(g.getAttribute('aria-labelledby')).textContent;
  });
  assert.match(groupName, /Is this about you, or someone else\?/, 'the group is named by the question');

  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'BUTTON:Someone else');
  await page.keyboard.press('Space');
  await W.choice(page, '18 or over').waitFor();
  await idle(page);
  assert.equal(await focused(page), 'BUTTON:Under 18');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter'); // 18 or over
  await W.choice(page, 'Start again').waitFor();
  await idle(page);

  // A long reply (service cards): it is shown from its start, focus stays on the
  // answered question, and Tab goes forward through the cards' phone links.
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'group');
  const intro = page.getByText('Thank you. Here is who can help.', { exact: false });
  const inView = await intro.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const l = document.querySelector('.cw-log').getBoundingClientRect();
    return r.top >= l.top && r.bottom <= l.bottom;
  });
  assert.ok(inView, 'the start of the reply is in view');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), 'tel:+448000121700');
  // Focus is visible: yellow and black ring.
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { style: s.outlineStyle, width: s.outlineWidth, color: s.outlineColor, shadow: s.boxShadow };
  });
  assert.equal(ring.style, 'solid');
  assert.equal(ring.width, '3px');
  assert.equal(ring.color, 'rgb(255, 221, 0)');
  assert.match(ring.shadow, /6px/);

  await tabTo(page, () => document.activeElement.textContent === 'Spot the signs', { max: 20 });
  await tabTo(page, () => document.activeElement.id === 'cw-input', { max: 5 });

  // Typed text, with markup: shown as text; focus stays in the text box.
  await page.keyboard.type('<b>is this</b> modern slavery?');
  await page.keyboard.press('Enter');
  await W.choice(page, 'Not sure').waitFor();
  await idle(page);
  assert.equal(await W.user(page).last().textContent(), 'You: <b>is this</b> modern slavery?');
  assert.equal(await page.locator('.cw-log b').count(), 0, 'typed markup is not turned into HTML');
  assert.equal(await focused(page), 'INPUT#cw-input', 'after typing, focus stays in the text box');
  assert.equal(await page.locator('.cw-choices', { hasText: 'Spot the signs' }).locator('button:not([disabled])').count(), 0,
    'typing an answer disables the older buttons');

  // Esc closes the panel and returns focus to the launcher; Enter reopens it as it was.
  const bubbles = await page.locator('.cw-msg').count();
  await page.keyboard.press('Escape');
  assert.equal(await W.panel(page).isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.className), 'cw-launcher');
  assert.equal(await W.launcher(page).getAttribute('aria-expanded'), 'false');
  await page.keyboard.press('Enter');
  assert.equal(await W.panel(page).isVisible(), true);
  assert.equal(await page.locator('.cw-msg').count(), bubbles, 'closing keeps the conversation');
  assert.equal(stub.messages.slice(before).filter((m) => m.message === '/greet').length, 1, 'no second greeting');
  assert.deepEqual(stub.messages.slice(before).map((m) => m.message),
    ['/greet', '/danger_no', '/about_other', '/age_adult', '<b>is this</b> modern slavery?']);
  assertClean(seen);
  await context.close();
});

test('server text is shown as text; only tel: and https: links; long text wraps', async () => {
  const { context, page, seen } = await newPage(browser);
  await page.goto(site.url('/'));
  await W.launcher(page).click();
  await W.choice(page, 'Yes').waitFor();
  await W.input(page).fill('links please');
  await W.input(page).press('Enter');
  const reply = W.bot(page).filter({ hasText: 'Safe:' });
  await reply.waitFor();
  assert.equal(await page.locator('#injected, .cw-log img, .cw-log b').count(), 0, 'server markup is not HTML');
  assert.match(await reply.textContent(), /<img src=x id=injected> <b>bold<\/b>/);
  const links = await reply.locator('a').evaluateAll((as) => as.map((a) => [a.firstChild.textContent, a.getAttribute('href')]));
  assert.deepEqual(links, [
    ['the Helpline', 'https://www.modernslaveryhelpline.org/'],
    ['https://www.gov.uk/report-modern-slavery', 'https://www.gov.uk/report-modern-slavery'],
    ['08000 121 700', 'tel:+448000121700']
  ]);
  assert.match(await reply.textContent(), /\[click me\]\(javascript:alert\(1\)\)/, 'unsafe links stay as plain text');

  const long = 'word '.repeat(100) + 'x'.repeat(400); // under the 1000-character limit
  await W.input(page).fill(long);
  await W.input(page).press('Enter');
  await idle(page);
  assert.equal(await W.user(page).last().textContent(), 'You: ' + long.trim());
  const overflow = await page.evaluate(() => {
    const log = document.querySelector('.cw-log');
    return log.scrollWidth - log.clientWidth;
  });
  assert.ok(overflow <= 0, 'long messages wrap inside the panel');
  assertClean(seen);
  await context.close();
});

test('leaves no trace: no cookies, Web Storage or IndexedDB; a new id on every page load', async () => {
  const { context, page, seen } = await newPage(browser);
  const before = stub.requests.length;
  await page.goto(site.url('/'));
  await W.launcher(page).click();
  await W.choice(page, 'No').click();
  await W.choice(page, 'Me').click();
  await W.choice(page, 'Not sure').click();
  await W.choice(page, 'Start again').waitFor();
  await W.input(page).fill('my secret words');
  await W.input(page).press('Enter');
  await idle(page);

  const state = await storageState(page, context);
  assert.deepEqual(state, { cookies: [], cookie: '', local: 0, session: 0, idb: [], caches: [] });
  assert.equal(await W.input(page).getAttribute('autocomplete'), 'off', 'the browser does not keep typed text');
  for (const r of stub.requests.slice(before)) assert.equal(r.cookie, null, 'no cookies are sent');

  const firstId = stub.messages.at(-1).sender;
  await page.reload();
  await W.launcher(page).click();
  await W.choice(page, 'Yes').waitFor();
  assert.equal(await W.user(page).count(), 0, 'a reload starts with an empty chat');
  const secondId = stub.messages.at(-1).sender;
  assert.match(secondId, UUID);
  assert.notEqual(secondId, firstId, 'a new random conversation id per page load');
  assert.deepEqual(await storageState(page, context), { cookies: [], cookie: '', local: 0, session: 0, idb: [], caches: [] });
  assertClean(seen);
  await context.close();
});

test('works under the strict Content-Security-Policy, which really is enforced', async () => {
  const { context, page, seen } = await newPage(browser);
  await page.goto(site.url('/'));
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /default-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.ok(csp.includes(`connect-src 'self' ${stub.url}`));
  // An inline script is refused, so the widget working here proves it needs none.
  const inlineRan = await page.evaluate(() => new Promise((resolve) => {
    document.addEventListener('securitypolicyviolation', () => resolve(window.__inlineRan === true), { once: true });
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.head.appendChild(s);
  }));
  assert.equal(inlineRan, false, 'inline script blocked by CSP');

  await W.launcher(page).click();
  await W.choice(page, 'No').click();
  await W.choice(page, 'Someone else').click();
  await W.choice(page, 'Under 18').click();
  await W.choice(page, 'Start again').waitFor();
  seen.csp = seen.csp.filter((m) => !/inline script/i.test(m)); // that refusal was ours
  assertClean(seen);
  await context.close();
});

test('the widget source uses no HTML injection, eval or browser storage', async () => {
  const js = await readFile(path.join(WEB, 'widget', 'chat-widget.js'), 'utf8');
  const code = js.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const bad of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function',
    'localStorage', 'sessionStorage', 'indexedDB', 'document.cookie', '.style.', "setAttribute('style'"]) {
    assert.ok(!code.includes(bad), `widget must not use ${bad}`);
  }
  const html = await readFile(path.join(WEB, 'index.html'), 'utf8');
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, 'no inline scripts on the demo page');
  assert.doesNotMatch(html, /\sstyle=|<style|\son[a-z]+=/i, 'no inline styles or handlers on the demo page');
});
