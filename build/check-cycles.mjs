// Import check, run by `npm run lint`:
// 1. No module of the repository may import itself through others. Every relative import,
//    re-export, `import type`, require() and import() counts. Type-only imports count too: they
//    cause no run-time ordering trouble, but a cycle through types still ties two modules
//    together (neither can be read, moved or tested alone), which is the coupling this check
//    exists to stop. Types both sides need go to a module of types of their own (for example
//    electron/core/import/group.ts).
// 2. The engine's folders listed in LAYERS import downwards only (see LAYERS).
//
// Usage: node build/check-cycles.mjs [ROOT]   exit 0 when both hold; 1 with each problem printed
import ts from 'typescript';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Engine folders from the bottom up: each may import those before it, never one after it (type
 * imports count: import/ and timeline/ importing each other would make neither readable alone).
 * Tests may put layers together. Folders not listed are not checked this way (yet).
 */
export const LAYERS = ['electron/core/workers', 'electron/core/timeline', 'electron/core/import'];

const SOURCE = /\.(ts|tsx|mts|mjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'release', 'test-results', 'playwright-report', '.git']);

export function listSources(root) {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
    }
  };
  walk(root);
  return files.sort();
}

/** The relative module specifiers a file imports, re-exports, require()s or import()s. */
export function importsOf(file) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const specifiers = [];
  const add = (spec) => {
    if (spec && ts.isStringLiteral(spec) && spec.text.startsWith('.')) specifiers.push(spec.text);
  };
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    else if (ts.isCallExpression(node) && node.arguments.length === 1) {
      const callee = node.expression;
      if ((ts.isIdentifier(callee) && callee.text === 'require') || callee.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/** Resolves './x', './x.js' (ESM spelling of x.ts) or './dir' (its index) to a source file, if one exists. */
export function resolveImport(fromFile, specifier) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  const stem = base.replace(/\.(js|mjs|jsx)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.mjs`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')];
  return candidates.find((c) => SOURCE.test(c) && fs.existsSync(c) && fs.statSync(c).isFile());
}

/**
 * Every strongly connected component with a cycle (Tarjan): its members, and one shortest
 * cycle through them to print (breaking that one may leave others among the members).
 */
export function findCycles(graph) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  let next = 0;
  const connect = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
  return components.map((component) => ({ cycle: cyclePath(graph, new Set(component)), members: component.sort() }));
}

/** A shortest way from the component's first member back to itself (breadth-first inside the component). */
function cyclePath(graph, members) {
  const start = [...members].sort()[0];
  const cameFrom = new Map();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const way = [v];
        while (way[0] !== start) way.unshift(cameFrom.get(way[0]));
        return [...way, start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

export function importGraph(root) {
  const graph = new Map();
  for (const file of listSources(root)) {
    const targets = importsOf(file)
      .map((spec) => resolveImport(file, spec))
      .filter(Boolean)
      .map((target) => path.relative(root, target));
    graph.set(path.relative(root, file), [...new Set(targets)]);
  }
  return graph;
}

export function checkCycles(root) {
  return findCycles(importGraph(root));
}

/** Imports from a LAYERS folder to one above it, as messages. */
export function upwardImports(graph) {
  const layerOf = (file) =>
    LAYERS.findIndex((layer) =>
      file
        .split(path.sep)
        .join('/')
        .startsWith(layer + '/'),
    );
  const found = [];
  for (const [file, targets] of graph) {
    const from = layerOf(file);
    if (from === -1 || /\.test\.tsx?$/.test(file)) continue;
    for (const target of targets) {
      const to = layerOf(target);
      if (to > from) found.push(`${file} imports ${target}: ${LAYERS[from]} is below ${LAYERS[to]} and must not import it`);
    }
  }
  return found;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)));
  const graph = importGraph(root);
  const cycles = findCycles(graph);
  const upward = upwardImports(graph);
  for (const { cycle, members } of cycles) {
    const others = members.filter((m) => !cycle.includes(m));
    process.stderr.write(`import cycle: ${cycle.join(' → ')}\n`);
    if (others.length) process.stderr.write(`  tangled in the same knot: ${others.join(', ')}\n`);
  }
  for (const message of upward) process.stderr.write(`${message}\n`);
  if (cycles.length === 0 && upward.length === 0) {
    process.stdout.write(`check-cycles: no import cycle among ${graph.size} modules; ${LAYERS.join(' < ')} import downwards only\n`);
  } else {
    if (cycles.length)
      process.stderr.write(`check-cycles: ${cycles.length} import cycle(s); break each by moving what both sides need into a module of its own\n`);
    process.exitCode = 1;
  }
}
