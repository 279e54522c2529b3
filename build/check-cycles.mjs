// Import-cycle check, run by `npm run lint`: no module of the repository may import itself
// through others. Every relative import, re-export and `import type` of .ts/.tsx/.mts/.mjs
// counts. Type-only imports count too: they cause no run-time ordering trouble, but a cycle
// through types still ties two modules together (neither can be read, moved or tested
// alone), which is the coupling this check exists to stop.
//
// Usage: node build/check-cycles.mjs [ROOT]   exit 0 without cycles; 1 with each cycle printed
import ts from 'typescript';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Knots waived for now, each with who removes it: a knot whose modules are all listed here is
 * reported as a note, not a failure. Delete an entry as soon as its knot is untied.
 */
export const WAIVED = [
  {
    // Knots through type imports only (nothing loads in a circle: build/import-cycles.mjs, which counts
    // imports that load a module, passes): the staged import pipeline's shared types (Group, the tail's
    // result, the stages) and the zip reader's entry type want a module of their own. Next session.
    why: 'type-only knots of the import pipeline and the zip reader are moved into type modules',
    modules: [
      'electron/core/importers/zip/zip-directory.ts',
      'electron/core/importers/zip/zip-limits.ts',
      'electron/core/import/case-groups.ts',
      'electron/core/import/oversized.ts',
      'electron/core/import/collector-stages.ts',
      'electron/core/import/collector.ts',
      'electron/core/import/tail-import.ts',
      'electron/core/import/event-writers.ts',
      'electron/core/import/parallel-tail.ts',
      'electron/core/import/tally-merge.ts',
    ],
  },
];

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

/** The relative module specifiers a file imports or re-exports (static only: a dynamic import() runs later). */
export function importsOf(file) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const specifiers = [];
  for (const statement of source.statements) {
    if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier) {
      const spec = statement.moduleSpecifier;
      if (ts.isStringLiteral(spec) && spec.text.startsWith('.')) specifiers.push(spec.text);
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      const spec = statement.moduleReference.expression;
      if (ts.isStringLiteral(spec) && spec.text.startsWith('.')) specifiers.push(spec.text);
    }
  }
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

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)));
  const found = checkCycles(root);
  const waiverOf = ({ members }) => WAIVED.find((w) => members.every((m) => w.modules.includes(m)));
  for (const knot of found.filter(waiverOf)) {
    process.stdout.write(`check-cycles: waived until ${waiverOf(knot).why}: ${knot.cycle.join(' → ')}\n`);
  }
  const cycles = found.filter((knot) => !waiverOf(knot));
  if (cycles.length === 0) {
    process.stdout.write(`check-cycles: no import cycle among ${listSources(root).length} modules\n`);
  } else {
    for (const { cycle, members } of cycles) {
      const others = members.filter((m) => !cycle.includes(m));
      process.stderr.write(`import cycle: ${cycle.join(' → ')}\n`);
      if (others.length) process.stderr.write(`  tangled in the same knot: ${others.join(', ')}\n`);
    }
    process.stderr.write(`check-cycles: ${cycles.length} import cycle(s); break each by moving what both sides need into a module of its own\n`);
    process.exitCode = 1;
  }
}
