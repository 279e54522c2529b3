import { connect, withUnlocked, type CommandTable } from './cli-context';
import { vaultVerificationText } from './format';
import { getPassphrase } from './passphrase';

/** casebook vault ...: create, status, verify, accept a refused state, rotate the keys. */
export const vaultCommands: CommandTable = {
  'vault init': async (ctx) => {
    const { engine, call } = connect(ctx.vaultDir);
    try {
      const status = await call('vault.create', { passphrase: await getPassphrase('new') });
      return { json: status, text: `created an encrypted vault in ${status.dir}` };
    } finally {
      await engine.dispose();
    }
  },

  'vault status': async (ctx) => {
    const { engine, call } = connect(ctx.vaultDir);
    try {
      const status = await call('vault.status', {});
      return { json: status, text: `${status.dir}: ${status.state === 'missing' ? 'no vault' : 'vault present (locked)'}` };
    } finally {
      await engine.dispose();
    }
  },

  'vault verify': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const result = await call('vault.verify', {});
      return { json: result, text: vaultVerificationText(result), exitCode: result.ok ? 0 : 3 };
    }),

  'vault accept': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const ref = ctx.args[0];
      const result = await call('vault.acceptState', ref ? { caseId: ref } : {});
      return { json: result, text: `${ref ? `case ${ref}: ` : ''}${result.accepted}` };
    }),

  'vault rotate-keys': (ctx) =>
    withUnlocked(ctx, async (call, passphrase) => {
      const result = await call('vault.rotateKeys', { passphrase });
      return {
        json: result,
        text: `new vault key and case keys: ${result.cases} case(s) and ${result.runs} timeline run(s) re-encrypted (key id ${result.keyId})`,
      };
    }),
};
