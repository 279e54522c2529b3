// The layer rule of build/eslint.config.mjs: which folder may import which, written as
// patterns so a new feature folder or shell file is covered the day it appears.
// A pattern is matched against the path of the importing file and of the imported module
// (relative imports resolved against the repository root), segment by segment, from the
// start: `*` is any one segment (captured), `*.ts` a module file directly in that folder
// (an import written without its extension matches too; a folder's index does not).
import fs from 'node:fs';
import path from 'node:path';

/** Each rule: files matching `from` may not import modules matching any of `to`. */
export const LAYER_RULES = [
  {
    from: 'renderer/features/*',
    to: ['renderer/features/*'],
    unlessSameCapture: true,
    message: 'a feature does not import another feature: move what both need to renderer/shared',
  },
  { from: 'renderer/features/*', to: ['renderer/app'], message: 'a feature does not import the app (the app mounts features)' },
  { from: 'renderer/shared', to: ['renderer/features', 'renderer/app'], message: 'renderer/shared imports no feature and not the app' },
  { from: 'renderer', to: ['electron'], message: 'the renderer talks only to window.casebook, never to electron/' },
  {
    from: 'electron/core',
    to: ['electron/*.ts', 'electron/cli'],
    message: 'the engine (electron/core) never imports the shell or the CLI: they drive it, it runs under plain Node',
  },
  { from: 'electron/cli', to: ['electron/*.ts'], message: 'the CLI never imports the shell (electron/*.ts): it runs without Electron' },
  { from: 'electron', to: ['renderer'], message: 'electron/ does not import the renderer' },
  { from: 'shared', to: ['electron', 'renderer'], message: 'shared/ imports nothing from electron/ or renderer/' },
];

/** The captured `*` segments if `pattern` matches the start of `rel`, else null. */
export function matchPattern(pattern, rel) {
  const want = pattern.split('/');
  const have = rel.split('/');
  if (have.length < want.length) return null;
  const captures = [];
  for (let i = 0; i < want.length; i++) {
    const seg = want[i];
    if (seg === '*') captures.push(have[i]);
    else if (seg.includes('*')) {
      const re = new RegExp(`^${stripExtension(seg).split('*').map(escapeRegExp).join('[^/]*')}$`);
      // A file pattern names a file directly in the folder, not a folder of that name.
      if (i !== have.length - 1 || !re.test(stripExtension(have[i]))) return null;
    } else if (seg !== have[i]) return null;
  }
  return captures;
}

const stripExtension = (name) => name.replace(/\.(ts|tsx|mts|js|mjs|jsx)$/, '');
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The message for an import of `targetRel` from `fileRel`, or null when the layers allow it. */
export function layerViolation(fileRel, targetRel, rules = LAYER_RULES) {
  for (const rule of rules) {
    const from = matchPattern(rule.from, fileRel);
    if (!from) continue;
    for (const to of rule.to) {
      const target = matchPattern(to, targetRel);
      if (!target) continue;
      if (rule.unlessSameCapture && target.join('/') === from.join('/')) continue;
      return rule.message;
    }
  }
  return null;
}

/** An ESLint plugin with one rule, `layers/imports`, checking every relative import, re-export and dynamic import. */
export function layersPlugin(root) {
  return {
    rules: {
      imports: {
        meta: { type: 'problem', schema: [], docs: { description: 'imports follow the layers of docs/architecture.md' } },
        create(context) {
          const fileRel = toPosix(path.relative(root, context.filename));
          if (fileRel.startsWith('..')) return {};
          const check = (node) => {
            const spec = node.source && node.source.type === 'Literal' ? node.source.value : null;
            if (typeof spec !== 'string' || !spec.startsWith('.')) return;
            const target = path.resolve(path.dirname(context.filename), spec);
            // A folder import is its index module, inside the folder.
            const module = isDirectory(target) ? path.join(target, 'index') : target;
            const targetRel = toPosix(path.relative(root, module));
            const message = layerViolation(fileRel, targetRel);
            if (message) context.report({ node: node.source, message: `${message} (${fileRel} imports ${targetRel})` });
          };
          return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
        },
      },
    },
  };
}

const isDirectory = (p) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() === true;
const toPosix = (p) => p.split(path.sep).join('/');
