// Lint, with the layer rules of docs/architecture.md enforced (as VS Code does for common/node/electron-main).
// Which folder may import which is one table of patterns in build/eslint-layers.mjs (rule `layers/imports`):
//   renderer/features/X  imports no other feature and not renderer/app; renderer/shared imports no feature;
//                        renderer/app may import features; nothing in renderer/ imports electron/
//   electron/core/       (the engine) never imports the shell (electron/*.ts) or the CLI
//   shared/              imports nothing from electron/ or renderer/
// Packages are restricted here: shared/ and renderer/ use no Node built-ins, the engine and the renderer never
// import 'electron', and no code opens a socket. Import cycles are found by build/check-cycles.mjs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { layersPlugin } from './eslint-layers.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const network = ['http', 'https', 'net', 'tls', 'dns', 'dgram', 'http2'].flatMap((m) => [m, `node:${m}`]);

// Small files with one job and short functions (the brief's standards). Test files may hold long describe blocks.
// No file is waived from the 400-line limit. Functions waived until their owners split them:
const LONG_FUNCTIONS = [
  // Hot byte-by-byte scanners (measured by npm run bench): one loop with a case per character class, kept whole.
  'electron/core/importers/csv-reader.ts',
  'electron/core/importers/json-array-items.ts',
  // Table-like: one case per STIX observable type.
  'electron/core/importers/stix/stix-observables.ts',
  // React views being reworked by the renderer's part of issue 11 (TanStack Query and Virtual).
  'renderer/features/import/*.tsx',
  // The event details, being reworked by the investigate issue (13) beside the story's marks.
  'renderer/features/timeline/EventDetails.tsx',
  // Views of the investigate issue (13) and the vault's window actions, built side by side with this rule: each
  // is one page of sections; split into section components next.
  'renderer/app/CaseWorkspace.tsx',
  'renderer/features/alerts/AlertPage.tsx',
  'renderer/features/entities/EntityList.tsx',
  'renderer/features/entities/EntityPage.tsx',
  // Over 80 lines once Prettier first formatted the repository; split next.
  'renderer/features/alerts/AlertList.tsx',
  'renderer/features/entities/EntityFilters.tsx',
  'renderer/features/entities/EntityTable.tsx',
  // Builds a byte layout field by field.
  'tests/unit/support/zip-writer.ts',
];

const restrict = (paths) => ({ 'no-restricted-imports': ['error', { paths }] });
const msg = (names, message) => names.map((name) => ({ name, message }));

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  { basePath: root },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { layers: layersPlugin(root) },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // TypeScript already checks names; no-undef does not know Node or DOM globals.
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'CallExpression[callee.name="eval"]', message: 'no eval' }],
      'layers/imports': 'error',
    },
  },
  {
    files: ['**/*.{ts,tsx,mts,mjs}'],
    rules: { 'max-lines': ['error', { max: 400 }] },
  },
  {
    files: ['**/*.{ts,tsx,mts,mjs}'],
    ignores: ['**/*.test.ts', '**/*.spec.ts', ...LONG_FUNCTIONS],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }] },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict([...msg(nodeBuiltins, 'shared/ does no I/O and runs in every layer'), ...msg(['electron'], 'shared/ runs in every layer')]),
  },
  {
    files: ['electron/core/**/*.ts', 'electron/cli/**/*.ts'],
    rules: restrict([
      ...msg(['electron'], 'the engine runs under plain Node: only main.ts, window.ts, ipc.ts and preload.ts import electron'),
      ...msg(network, 'the engine never opens a socket (offline by construction)'),
    ]),
  },
  {
    files: ['electron/*.ts'],
    rules: restrict(msg(network, 'the shell never opens a socket (offline by construction)')),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: restrict([...msg(nodeBuiltins, 'the renderer knows nothing of Node'), ...msg(['electron'], 'the renderer talks only to window.casebook')]),
  },
);
