// A second process that writes to a vault with the COMPILED engine (dist/, from
// `npm run build:engine`), so the crash tests can kill a real writer with SIGKILL.
//
//   node burst-writer.cjs <mode> <vaultDir> [caseId]
//     update       edit the case as fast as it can, taking the lock per edit (the CLI's way)
//     update-held  open the case once (its lock held throughout, the app's way), then edit it as fast as it can
//     create       create cases as fast as it can
//     hold         open the case for writing, print "held" and wait to be killed
//     rotate       rotate the vault's keys once, print "rotated" and exit
//
// Environment: CASEBOOK_TEST_PASSPHRASE (required), CASEBOOK_TEST_MARKER (a string put in
// every plaintext field, so a test can grep the vault for it).
//
// stdout protocol, one line each: "ready" once unlocked; "ack <n>" (update) or
// "ack <n> <caseId>" (create) only after the engine has resolved that call, i.e.
// after the record is fdatasynced; "held" in hold mode. Errors go to stderr, exit 1.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script that node runs as is */

const { Engine } = require('../../../dist/electron/core/engine.js');
const { dispatch } = require('../../../dist/shared/ipc/dispatch.js');
const { unwrap } = require('../../../dist/shared/ipc/errors.js');

const [mode, vaultDir, caseId] = process.argv.slice(2);
const passphrase = process.env.CASEBOOK_TEST_PASSPHRASE;
const marker = process.env.CASEBOOK_TEST_MARKER || 'no-marker';

// process.stdout on a pipe is synchronous on Linux and macOS: once write() returns,
// the parent will read the line even if this process is killed the next instant.
const say = (line) => process.stdout.write(line + '\n');

async function main() {
  if (!mode || !vaultDir || !passphrase) throw new Error('usage: burst-writer.cjs <mode> <vaultDir> [caseId] with CASEBOOK_TEST_PASSPHRASE set');
  const engine = new Engine({ vaultDir, actor: `writer ${marker}` });
  const call = async (method, input) => unwrap(await dispatch(engine.handlers, method, input));
  await call('vault.unlock', { passphrase });
  say('ready');

  if (mode === 'hold') {
    await call('cases.open', { id: caseId });
    say('held');
    setInterval(() => undefined, 60_000);
    return;
  }
  if (mode === 'rotate') {
    await call('vault.rotateKeys', { passphrase });
    say('rotated');
    return;
  }
  if (mode === 'update-held') await call('cases.open', { id: caseId });
  if (mode === 'update' || mode === 'update-held') {
    for (let n = 1; ; n++) {
      await call('cases.update', { id: caseId, patch: { owner: `w${n}`, tags: [marker, `n${n}`], description: `${marker} edit ${n}` } });
      say(`ack ${n}`);
    }
  }
  if (mode === 'create') {
    for (let n = 1; ; n++) {
      const created = await call('cases.create', { title: `c${n} ${marker}`, description: marker, tags: [marker] });
      say(`ack ${n} ${created.cases[0].id}`);
    }
  }
  throw new Error(`unknown mode ${mode}`);
}

main().catch((err) => {
  process.stderr.write(`burst-writer ${mode}: ${err.code ?? 'error'}: ${err.message}\n`);
  process.exit(1);
});
