// The COMPILED engine worker (dist/, from `npm run build:engine`) with an
// allocation bomb in it, for the engine host's tests: once an import has
// reported BOMB_AFTER_RECORDS records (its first runs handed to the run
// worker), the thread allocates small objects without bound, as a crafted
// file can make a parser do, until its heap limit stops it.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script that node runs as is */

const { parentPort } = require('node:worker_threads');

const BOMB_AFTER_RECORDS = 70_000;

function bomb() {
  const kept = [];
  for (;;) kept.push({ n: kept.length, text: `allocation ${kept.length}` });
}

// The engine posts its events through this port: watch them go by.
const post = parentPort.postMessage.bind(parentPort);
let armed = true;
parentPort.postMessage = (message, transfer) => {
  post(message, transfer);
  if (armed && message.kind === 'event' && message.event === 'task.progress' && (message.payload.records ?? 0) >= BOMB_AFTER_RECORDS) {
    armed = false;
    // After this turn, so the import's own work is under way in the thread that blows up.
    setImmediate(bomb);
  }
};

require('../../../dist/electron/core/host/engine-worker.js');
