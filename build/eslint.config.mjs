// Lint, with the layer rules of docs/architecture.md enforced (as VS Code does for common/node/electron-main):
//   shared/        imports nothing from the other layers and no Node built-ins
//   electron/core/ never imports 'electron' (the engine runs under plain Node) and opens no sockets
//   renderer/      never imports electron/, Node built-ins or 'electron'; features do not import each other
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const network = ['http', 'https', 'net', 'tls', 'dns', 'dgram', 'http2'].flatMap((m) => [m, `node:${m}`]);

const restrict = (paths, patterns) => ({
  'no-restricted-imports': ['error', { paths, patterns }],
});
const msg = (names, message) => names.map((name) => ({ name, message }));

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  { basePath: root },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // TypeScript already checks names; no-undef does not know Node or DOM globals.
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'CallExpression[callee.name="eval"]', message: 'no eval' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict(msg(nodeBuiltins, 'shared/ does no I/O and runs in every layer'), [
      { group: ['**/electron/**', '**/renderer/**', 'electron'], message: 'shared/ imports nothing from the other layers' },
    ]),
  },
  {
    files: ['electron/core/**/*.ts', 'electron/cli/**/*.ts'],
    rules: restrict(
      [
        ...msg(['electron'], 'the engine runs under plain Node: only main.ts, window.ts, ipc.ts and preload.ts import electron'),
        ...msg(network, 'the engine never opens a socket (offline by construction)'),
      ],
      [{ group: ['**/renderer/**'], message: 'the engine does not import the renderer' }],
    ),
  },
  {
    files: ['electron/*.ts'],
    rules: restrict(msg(network, 'the shell never opens a socket (offline by construction)'), [
      { group: ['**/renderer/**'], message: 'the shell does not import the renderer' },
    ]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: restrict(
      [...msg(nodeBuiltins, 'the renderer knows nothing of Node'), ...msg(['electron'], 'the renderer talks only to window.casebook')],
      [{ group: ['**/electron/**'], message: 'the renderer talks only to window.casebook, never to the engine' }],
    ),
  },
  // A feature may use renderer/shared and shared/, never another feature (bulletproof-react).
  ...['vault', 'cases', 'overview', 'audit', 'settings', 'import', 'timeline'].map((feature) => ({
    files: [`renderer/features/${feature}/**/*.{ts,tsx}`],
    rules: restrict(
      [...msg(nodeBuiltins, 'the renderer knows nothing of Node'), ...msg(['electron'], 'the renderer talks only to window.casebook')],
      [
        { group: ['**/electron/**'], message: 'the renderer talks only to window.casebook, never to the engine' },
        { group: ['**/features/*', `!**/features/${feature}`, '**/app/**'], message: 'features do not import each other or the app' },
      ],
    ),
  })),
);
