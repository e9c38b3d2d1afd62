#!/usr/bin/env node
// One screenshot per language for docs/widget.md, against the real assistant (the translations
// come from the server): docs/screenshots/lang-<code>.png, the questions answered by buttons up
// to the service cards. Run with the assistant up, allowing this page's origin
// (ALLOWED_ORIGIN=http://localhost:18081 make run), then:
//   CHAT_SERVER_URL=http://localhost:5005 CHAT_PAGE_PORT=18081 node scripts/screenshots_languages.mjs
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, startSite, launch, newPage, W, idle } from '../tests/browser/helpers.mjs';

const SERVER = (process.env.CHAT_SERVER_URL || '').replace(/\/+$/, '');
if (!SERVER) throw new Error('Set CHAT_SERVER_URL (the running Rasa server)');
const OUT = path.join(ROOT, 'docs', 'screenshots');
const names = { ro: 'Română', pl: 'Polski', sq: 'Shqip', vi: 'Tiếng Việt' };
const codes = (await readdir(path.join(ROOT, 'web', 'widget', 'lang'))).map((f) => f.replace('.json', ''));

const site = await startSite({ serverUrl: SERVER, host: 'localhost', port: Number(process.env.CHAT_PAGE_PORT || 0), timeoutMs: 20000 });
const browser = await launch();
try {
  for (const code of codes.filter((c) => names[c])) {
    const { context, page } = await newPage(browser, { viewport: { width: 1200, height: 800 }, reducedMotion: 'reduce' });
    await page.goto(site.url('/'));
    await W.launcher(page).click();
    await page.locator('.cw-choices button:not([disabled])', { hasText: new RegExp(`^${names[code]}$`) }).click();
    await page.waitForFunction((c) => document.getElementById('cw-panel').lang === c, code);
    for (let i = 0; i < 12 && (await page.locator('article.cw-card').count()) === 0; i++) {
      await idle(page);
      await page.locator('.cw-choices:last-of-type button:not([disabled])').last().click();
      await page.waitForFunction(() => !document.querySelector('.cw-typing'));
    }
    await idle(page);
    await page.locator('article.cw-card').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(OUT, `lang-${code}.png`) });
    console.log(`wrote docs/screenshots/lang-${code}.png`);
    await context.close();
  }
} finally {
  await browser.close();
  await site.close();
}
