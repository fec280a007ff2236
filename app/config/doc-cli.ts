import { renderConfigTable } from './doc.js';

process.stdout.write(`${renderConfigTable()}\n`);
