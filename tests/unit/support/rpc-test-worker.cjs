// A worker serving a small protocol through the COMPILED worker RPC (dist/,
// from `npm run build:engine`), for tests/unit/worker-rpc.test.ts.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script that node runs as is */

const { parentPort } = require('node:worker_threads');
const { serve } = require('../../../dist/electron/core/workers/rpc.js');
const { CasebookError } = require('../../../dist/shared/ipc/errors.js');

const server = serve(parentPort, {
  echo: (input) => input,
  count: async (n, { progress }) => {
    for (let i = 1; i <= n; i++) {
      progress(i);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return n;
  },
  wait: (label, { signal }) =>
    new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new CasebookError('cancelled', `${label} was cancelled`)))),
  refuse: (caseId) => {
    throw new CasebookError('case-locked', `case ${caseId} is open in another window`);
  },
  stumble: () => {
    throw new TypeError('reading "x" of undefined');
  },
  announce: (text) => {
    server.emit('said', { text });
    return true;
  },
  buffer: (size, { transfer }) => {
    const bytes = new Uint8Array(size).fill(7);
    transfer([bytes.buffer]);
    return bytes;
  },
  exit: (code) => process.exit(code),
  allocate: () => {
    const kept = [];
    for (;;) kept.push({ n: kept.length, text: `allocation ${kept.length}` });
  },
});
