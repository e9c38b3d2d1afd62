// Accessibility: axe-core (WCAG 2.2 A/AA) on the demo page with the widget closed, open with
// service cards, and showing the help card; target sizes; 320 px wide; 200% zoom; reduced
// motion; names and roles; one live region for the conversation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStubSite, stopAll, newPage, W, idle, tabTo, axe } from './helpers.mjs';

let stub;
let site;
let browser;

before(async () => {
  ({ stub, site, browser } = await startStubSite({ timeoutMs: 1500 }));
});
after(() => stopAll({ browser, site, stub }));

async function toCards(page) {
  await W.launcher(page).click();
  await W.choice(page, 'No').click();
  await W.choice(page, 'Someone else').click();
  await W.choice(page, 'Not sure').click();
  await W.choice(page, 'Start again').waitFor();
  await idle(page);
}

test('axe-core: zero WCAG 2.2 A/AA violations, widget closed, open with cards, and with the help card', async () => {
  const { context, page } = await newPage(browser);
  await page.goto(site.url('/'));
  await W.launcher(page).waitFor();
  assert.deepEqual(await axe(page), [], 'demo page, widget closed');

  await toCards(page);
  // Focus on an answer button, as in use, so focus styles are part of the scan.
  await W.choice(page, 'Spot the signs').focus();
  assert.deepEqual(await axe(page), [], 'widget open, mid-conversation, with service cards');

  stub.setMode('error');
  try {
    await W.choice(page, 'Spot the signs').click();
    await W.helpCard(page).waitFor();
    assert.deepEqual(await axe(page), [], 'widget showing the built-in help card');
  } finally {
    stub.setMode('normal');
  }
  await context.close();

  const exitPage = await newPage(browser);
  await exitPage.page.goto(site.url('/exit.html'));
  assert.deepEqual(await axe(exitPage.page), [], 'neutral exit page');
  await exitPage.context.close();
});

test('names, roles and one live region for the conversation', async () => {
  const { context, page } = await newPage(browser);
  await page.goto(site.url('/'));
  const launcher = page.getByRole('button', { name: 'Help chat' });
  assert.equal(await launcher.getAttribute('aria-controls'), 'cw-panel');
  await toCards(page);
  assert.equal(await page.getByRole('dialog', { name: 'Get help with modern slavery' }).count(), 1);
  assert.equal(await page.getByRole('log', { name: 'Conversation' }).count(), 1);
  assert.equal(await page.getByRole('textbox', { name: 'Type a message' }).getAttribute('aria-describedby'), 'cw-hint');
  assert.equal(await page.getByRole('button', { name: 'Send' }).count(), 1);
  assert.equal(await page.getByRole('button', { name: 'Close chat' }).count(), 1);
  assert.equal(await page.getByRole('button', { name: 'Emergency Exit this page' }).count(), 1);
  const live = await page.evaluate(() => Array.from(
    document.querySelectorAll('.cw [role="log"], .cw [role="status"], .cw [role="alert"], .cw [aria-live]')
  ).map((el) => el.getAttribute('role') || `aria-live=${el.getAttribute('aria-live')}`));
  assert.deepEqual(live, ['status', 'log'], 'one log for messages, one status for Shift presses, nothing else');
  // Messages say who is speaking, for screen readers.
  assert.match(await W.bot(page).first().textContent(), /^Chat: /);
  assert.match(await W.user(page).first().textContent(), /^You: /);
  await context.close();
});

test('targets are at least 24 by 24 px (buttons 44 px)', async () => {
  const { context, page } = await newPage(browser);
  await page.goto(site.url('/'));
  const l = await W.launcher(page).boundingBox();
  assert.ok(l.width >= 44 && l.height >= 44, 'launcher');
  await toCards(page);
  const sizes = await page.evaluate(() => Array.from(document.querySelectorAll('#cw-panel button, #cw-panel a, #cw-panel input'))
    .filter((el) => !el.closest('.cw-msg')) // links inside a sentence are exempt (WCAG 2.5.8 inline)
    .map((el) => {
      const r = el.getBoundingClientRect();
      return { what: `${el.tagName} ${el.textContent.trim().slice(0, 30)}`, button: el.tagName !== 'A', w: r.width, h: r.height };
    }));
  assert.ok(sizes.length > 12);
  for (const s of sizes) {
    assert.ok(s.w >= 24 && s.h >= 24, `${s.what}: ${s.w}x${s.h}`);
    if (s.button) assert.ok(s.w >= 44 && s.h >= 44, `${s.what} is 44 px: ${s.w}x${s.h}`);
  }
  await context.close();
});

test('works at 320 px wide and at 200% zoom; focus is never hidden under the sticky bars', async () => {
  for (const [label, viewport, scale] of [['320 px', { width: 320, height: 640 }, 1], ['200% zoom', { width: 640, height: 360 }, 2]]) {
    const { context, page } = await newPage(browser, { viewport, deviceScaleFactor: scale });
    await page.goto(site.url('/'));
    const pageOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(pageOverflow <= 0, `${label}: the demo page does not scroll sideways (${pageOverflow})`);
    await toCards(page);
    const box = await page.evaluate(() => {
      const p = document.getElementById('cw-panel');
      const r = p.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, sideways: p.scrollWidth - p.clientWidth };
    });
    assert.ok(box.left >= 0 && box.right <= viewport.width && box.top >= 0 && box.bottom <= viewport.height, `${label}: panel fits`);
    assert.ok(box.sideways <= 0, `${label}: the panel does not scroll sideways`);
    // "In danger now? Call 999", Exit, and the text box stay in view after scrolling the conversation.
    await page.evaluate(() => { const p = document.getElementById('cw-panel'); p.scrollTop = p.scrollHeight; });
    for (const sel of ['.cw-danger-link', '.cw-exit', '#cw-input']) {
      const r = await page.locator(sel).boundingBox();
      assert.ok(r && r.y >= 0 && r.y + r.height <= viewport.height, `${label}: ${sel} in view`);
    }
    // Tab through the conversation: every focused control is in view, not under the bars.
    await W.input(page).focus();
    const seen = [];
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press('Shift+Tab');
      const info = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el.closest('.cw-log') || el === document.querySelector('.cw-log')) return null;
        const r = el.getBoundingClientRect();
        const bar = document.querySelector('.cw-bar').getBoundingClientRect();
        const form = document.querySelector('.cw-form').getBoundingClientRect();
        const inside = (x, y) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight;
        const top = document.elementFromPoint(Math.min(r.left + 4, innerWidth - 1), Math.min(r.top + r.height / 2, innerHeight - 1));
        return {
          what: el.textContent.trim().slice(0, 30),
          visible: inside(r.left, r.top) && r.top >= bar.bottom - 1 && r.bottom <= form.top + 1,
          onTop: !!top && (top === el || el.contains(top))
        };
      });
      if (info) seen.push(info);
    }
    assert.ok(seen.length >= 5, `${label}: tabbed through the conversation`);
    for (const s of seen) assert.ok(s.visible && s.onTop, `${label}: focused "${s.what}" is in view and not covered`);
    await context.close();
  }
});

test('prefers-reduced-motion: no animation; visible focus on the launcher', async () => {
  const reduce = await newPage(browser, { reducedMotion: 'reduce' });
  const motion = await newPage(browser, { reducedMotion: 'no-preference' });
  const anim = async ({ page }) => {
    await page.goto(site.url('/'));
    stub.setMode('slow', 800);
    await W.launcher(page).click();
    await page.locator('.cw-typing span').first().waitFor();
    const r = await page.evaluate(() => ({
      panel: getComputedStyle(document.getElementById('cw-panel')).animationName,
      typing: getComputedStyle(document.querySelector('.cw-typing span')).animationName
    }));
    stub.setMode('normal');
    await idle(page);
    return r;
  };
  try {
    assert.deepEqual(await anim(reduce), { panel: 'none', typing: 'none' });
    assert.deepEqual(await anim(motion), { panel: 'cw-in', typing: 'cw-pulse' }, 'motion only when allowed');
  } finally {
    stub.setMode('normal');
  }

  const { page } = reduce;
  await page.keyboard.press('Escape');
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return [document.activeElement.className, s.outlineStyle, s.outlineWidth, s.outlineColor];
  });
  assert.deepEqual(ring, ['cw-launcher', 'solid', '3px', 'rgb(255, 221, 0)']);
  // And the page's own controls: the skip links show when focused.
  await page.goto(site.url('/'));
  await tabTo(page, () => document.activeElement.textContent === 'Skip to main content', { max: 2 });
  const skip = await page.locator('.skip-link').first().boundingBox();
  assert.ok(skip.x >= 0 && skip.y >= 0, 'skip link visible when focused');
  await reduce.context.close();
  await motion.context.close();
});
