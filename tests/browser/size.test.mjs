// The widget stays small: script + stylesheet under 15 KB gzipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { widgetSizes } from '../../scripts/widget_size.mjs';

test('script + stylesheet are under 15 KB gzipped', () => {
  const { total } = widgetSizes();
  assert.ok(total.gzip < 15 * 1024, `gzipped total is ${total.gzip} bytes`);
});
