#!/usr/bin/env node
// Prints the raw and gzipped size of the chat widget's script and stylesheet, and their sum.
//   node scripts/widget_size.mjs            print a table
//   node scripts/widget_size.mjs --json     print JSON
//   node scripts/widget_size.mjs --max-kb 15  also fail (exit 1) if the gzipped sum is larger
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = ['web/widget/chat-widget.js', 'web/widget/chat-widget.css'];

export function widgetSizes() {
  const rows = files.map((f) => {
    const buf = readFileSync(path.join(root, f));
    return { file: f, raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
  });
  const total = { file: 'total', raw: rows.reduce((a, r) => a + r.raw, 0), gzip: rows.reduce((a, r) => a + r.gzip, 0) };
  return { rows, total };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { rows, total } = widgetSizes();
  const args = process.argv.slice(2);
  if (args.includes('--json')) {
    console.log(JSON.stringify({ files: rows, total }, null, 2));
  } else {
    const kb = (n) => (n / 1024).toFixed(1) + ' KB';
    console.log('file                          raw bytes   gzip bytes (level 9)');
    for (const r of [...rows, total]) {
      console.log(`${r.file.padEnd(30)}${String(r.raw).padStart(9)}   ${String(r.gzip).padStart(9)}  (${kb(r.gzip)})`);
    }
  }
  const i = args.indexOf('--max-kb');
  if (i >= 0) {
    const max = Number(args[i + 1]) * 1024;
    if (total.gzip > max) {
      console.error(`gzipped total ${total.gzip} bytes is over ${args[i + 1]} KB`);
      process.exit(1);
    }
  }
}
