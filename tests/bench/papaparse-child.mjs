// The CSV reader's yardstick: papaparse, the most used JavaScript CSV parser,
// parsing the same file in a fresh process as parse-child.mjs does with ours.
// Arrays of fields, no header handling, streaming from the same 1 MiB reads:
// the same work our reader does before an importer sees a record.
import { createReadStream } from 'node:fs';
import Papa from 'papaparse';

const file = process.argv[2];
const started = performance.now();
let records = 0;
await new Promise((resolve, reject) => {
  Papa.parse(createReadStream(file, { highWaterMark: 1 << 20, encoding: 'utf8' }), {
    header: false,
    skipEmptyLines: true,
    chunk: (results) => {
      records += results.data.length;
      if (results.errors.length) reject(new Error(`${file}: ${results.errors[0].message} at row ${results.errors[0].row}`));
    },
    complete: resolve,
    error: reject,
  });
});
console.log(JSON.stringify({ ms: performance.now() - started, records }));
