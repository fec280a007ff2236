import { readFileSync, writeFileSync } from 'node:fs';
import { renderConfigTable } from './doc.js';

// `npm run config:doc` prints the table; `npm run config:doc -- --write` puts it into README.md.
const start = '<!-- config-table -->';
const end = '<!-- /config-table -->';
const table = renderConfigTable();
if (process.argv.includes('--write')) {
  const readme = readFileSync('README.md', 'utf8');
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} block`);
  writeFileSync('README.md', `${readme.slice(0, from + start.length)}\n${table}\n${readme.slice(to)}`);
} else {
  process.stdout.write(`${table}\n`);
}
