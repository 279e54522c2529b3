// The reference for the import benchmark: the same CSV reader only parsing the
// file, in a fresh process like the import itself. Prints the milliseconds.
import { createReadStream } from 'node:fs';
import { dist } from './lib.mjs';

const file = process.argv[2];
const { readCsv } = await dist('electron/core/importers/csv-reader.js');
const started = performance.now();
let records = 0;
for await (const batch of readCsv(createReadStream(file, { highWaterMark: 1 << 20 }), { file })) records += batch.length;
console.log(JSON.stringify({ ms: performance.now() - started, records }));
