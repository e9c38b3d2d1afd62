// When the server has ended a conversation, the widget starts a new one: a message to a
// forgotten conversation gets 410, and one over the message cap gets 429 "conversation_too_long".
// The widget then takes a new id, says so in one short line, and sends again what the person
// typed (it may be about danger), or, for a button of the old conversation, asks for the
// welcome. nginx's own 429 ("too_many_requests") is not that: it gets the help card.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStubSite, stopAll, newPage, W, idle, strayRequests } from './helpers.mjs';

const NOTICE = 'That chat has ended. A new chat has started.';
const FORGOTTEN = { error: 'conversation_forgotten', message: 'This conversation was deleted. Start a new one.' };
const TOO_LONG = { error: 'conversation_too_long', message: 'This conversation has too many messages, so it was deleted. Start a new one.' };
let stub;
let site;
let browser;

before(async () => {
  ({ stub, site, browser } = await startStubSite());
});
after(() => stopAll({ browser, site, stub }));

async function opened() {
  const p = await newPage(browser);
  await p.page.goto(site.url('/'));
  await W.launcher(p.page).click();
  await W.choice(p.page, 'No').waitFor();
  await idle(p.page);
  return p;
}

function assertClean(seen) {
  assert.deepEqual(strayRequests(seen.requests, [site.origin, stub.url]), []);
  assert.deepEqual(seen.csp, []);
  assert.deepEqual(seen.errors, []);
}

test('410 for typed words: a new id, a short notice, and the words sent again', async () => {
  const { context, page, seen } = await opened();
  const oldId = stub.messages.at(-1).sender;
  const before = stub.messages.length;
  stub.refuseNext(410, FORGOTTEN);
  await W.input(page).fill('he is hitting me');
  await W.input(page).press('Enter');
  await page.getByText(NOTICE).waitFor();
  await idle(page);
  const sent = stub.messages.slice(before);
  assert.deepEqual(sent.map((m) => m.message), ['he is hitting me', 'he is hitting me']);
  assert.equal(sent[0].sender, oldId);
  assert.notEqual(sent[1].sender, oldId, 'a new conversation id');
  assert.ok(sent[1].sender.length >= 16);
  // The reply to the words, under the new id, is shown; no help card.
  await W.choice(page, 'Yes').waitFor();
  assert.equal(await W.helpCard(page).count(), 0);
  assert.equal(await W.user(page).count(), 1, 'the words are shown once');
  // Older answer buttons belong to the old conversation: they are disabled.
  assert.equal(await page.locator('.cw-choices button:not([disabled])', { hasText: /^No$/ }).count(), 1);
  // The next message goes on in the new conversation.
  await W.choice(page, 'No').click();
  await W.choice(page, 'Me').waitFor();
  assert.equal(stub.messages.at(-1).sender, sent[1].sender);
  assertClean(seen);
  await context.close();
});

test('429 "conversation_too_long" after a button: a new id, the notice, and the welcome', async () => {
  const { context, page, seen } = await opened();
  const oldId = stub.messages.at(-1).sender;
  const before = stub.messages.length;
  stub.refuseNext(429, TOO_LONG);
  await W.choice(page, 'No').click();
  await page.getByText(NOTICE).waitFor();
  await idle(page);
  const sent = stub.messages.slice(before);
  assert.deepEqual(sent.map((m) => m.message), ['/danger_no', '/greet']);
  assert.equal(sent[0].sender, oldId);
  assert.notEqual(sent[1].sender, oldId);
  await W.choice(page, 'Yes').waitFor(); // the welcome's danger question, answerable
  assert.equal(await W.helpCard(page).count(), 0);
  assertClean(seen);
  await context.close();
});

test("nginx's 429 (too many requests) shows the help card and keeps the conversation", async () => {
  const { context, page } = await opened();
  const id = stub.messages.at(-1).sender;
  stub.refuseNext(429, { error: 'too_many_requests', message: 'Too many requests from this address: wait a moment and try again.' });
  await W.input(page).fill('hello');
  await W.input(page).press('Enter');
  await W.helpCard(page).waitFor();
  assert.equal(await page.getByText(NOTICE).count(), 0);
  await page.locator('.cw-help .cw-choices button', { hasText: 'Try again' }).click();
  await idle(page);
  assert.equal(stub.messages.at(-1).sender, id, 'the same conversation');
  assert.equal(stub.messages.at(-1).message, 'hello');
  await context.close();
});

test('if the new conversation is refused too, the help card comes (no loop)', async () => {
  const { context, page } = await opened();
  const before = stub.messages.length;
  stub.refuseNext(410, FORGOTTEN);
  stub.refuseNext(410, FORGOTTEN);
  await W.input(page).fill('hello');
  await W.input(page).press('Enter');
  await W.helpCard(page).waitFor();
  await idle(page);
  assert.equal(stub.messages.length - before, 2, 'one try in the new conversation, no more');
  assert.equal(await page.getByText(NOTICE).count(), 1);
  await context.close();
});
