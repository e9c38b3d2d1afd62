#!/usr/bin/env node
// Takes the widget screenshots for docs/widget.md, using the stub Rasa server:
//   docs/screenshots/closed.png            the demo page, chat closed
//   docs/screenshots/mid-conversation.png  open, answering by keyboard (focus visible)
//   docs/screenshots/answer-cards.png      the answer, with service cards
//   docs/screenshots/fail-safe.png         the server has stopped: the built-in help card
//   docs/screenshots/narrow-320.png        a 320 px wide phone screen, with cards
// Run: npm run screenshots   (needs /usr/bin/chromium)
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { StubRasa } from '../tests/browser/stub_rasa.mjs';
import { ROOT, startSite, launch, newPage, W, idle, tabTo } from '../tests/browser/helpers.mjs';

const OUT = path.join(ROOT, 'docs', 'screenshots');
const VIEWPORT = { width: 1200, height: 800 };
await mkdir(OUT, { recursive: true });

const stub = await new StubRasa().start();
const site = await startSite({ serverUrl: stub.url });
const browser = await launch();
const shot = async (page, name) => {
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
  console.log(`wrote docs/screenshots/${name}.png`);
};

try {
  const { context, page } = await newPage(browser, { viewport: VIEWPORT, reducedMotion: 'reduce' });
  await page.goto(site.url('/'));
  await W.launcher(page).waitFor();
  await shot(page, 'closed');

  // Open with the keyboard and answer by keyboard, so the focus style shows.
  await W.launcher(page).focus();
  await page.keyboard.press('Enter');
  await W.choice(page, 'No').waitFor();
  await tabTo(page, () => document.activeElement.textContent === 'No', { back: true, max: 5 });
  await page.keyboard.press('Enter');
  await W.choice(page, 'Someone else').waitFor();
  await idle(page);
  await shot(page, 'mid-conversation');

  await page.keyboard.press('Tab'); // "Someone else"
  await page.keyboard.press('Enter');
  await W.choice(page, '18 or over').waitFor();
  await idle(page);
  await page.keyboard.press('Tab'); // "18 or over"
  await page.keyboard.press('Enter');
  await W.choice(page, 'Start again').waitFor();
  await idle(page);
  await page.keyboard.press('Tab'); // the first phone number in the first card
  await shot(page, 'answer-cards');

  await stub.stop();
  await W.choice(page, 'Spot the signs').click();
  await W.helpCard(page).waitFor();
  await idle(page);
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab'); // show the focus on "Try again"
  await shot(page, 'fail-safe');
  await context.close();
  await stub.start(stub.port);

  const narrow = await newPage(browser, { viewport: { width: 320, height: 640 }, reducedMotion: 'reduce' });
  await narrow.page.goto(site.url('/'));
  await W.launcher(narrow.page).click();
  await W.choice(narrow.page, 'No').click();
  await W.choice(narrow.page, 'Me').click();
  await W.choice(narrow.page, '18 or over').click();
  await W.choice(narrow.page, 'Start again').waitFor();
  await idle(narrow.page);
  await shot(narrow.page, 'narrow-320');
  await narrow.context.close();
} finally {
  await browser.close();
  await site.close();
  await stub.stop();
}
