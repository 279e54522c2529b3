// One import of any file into a fresh vault, in a process of its own so its peak
// RSS is the import's alone. Usage: node tests/bench/import-file-child.mjs FILE VAULT_DIR
// Prints one JSON document: import time, counts, peak RSS.
import { engineClient } from './lib.mjs';

const [file, vaultDir] = process.argv.slice(2);
const { call, engine } = await engineClient(vaultDir);
await call('vault.create', { passphrase: 'correct horse battery staple' });
const caseId = (await call('cases.create', { title: 'Bench: import' })).cases[0].id;
const started = performance.now();
const { report } = await call('import.start', { taskId: 'bench', file, caseId });
const importMs = performance.now() - started;
await engine.lock();
console.log(JSON.stringify({ importMs, format: report.format, counts: report.counts, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
