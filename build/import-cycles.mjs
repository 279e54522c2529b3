// Fails when modules of the repository import each other in a cycle (file by
// file, counting the imports that load a module: `import type` loads
// nothing), or when a folder of electron/core/ imports one above it in
// LAYERS (there type imports count too: import/ and timeline/ importing each
// other makes neither readable alone). Part of `npm run lint`.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const SOURCE_DIRS = ['electron', 'shared', 'renderer', 'tests'];
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs'];

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* sourceFiles(file);
    } else if (EXTENSIONS.some((ext) => entry.name.endsWith(ext)) && !entry.name.endsWith('.d.ts')) yield file;
  }
}

function resolve(from, specifier) {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, ...EXTENSIONS.map((ext) => base + ext), ...EXTENSIONS.map((ext) => path.join(base, 'index' + ext))]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Strongly connected components of more than one node (or a node importing itself): Tarjan's algorithm. */
function cycles(graph) {
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (node) => {
    indices.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), indices.get(next)));
    }
    if (low.get(node) === indices.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)?.has(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found;
}

/**
 * Engine folders from the bottom up: each may import those before it, never
 * one after it. Folders not listed are not checked this way (yet).
 */
const LAYERS = ['electron/core/workers', 'electron/core/timeline', 'electron/core/import'];

/** Whether an import or export declaration loads its module at run time (not `import type`, not only `type` names). */
function loadsModule(node) {
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (!clause) return true;
    if (clause.isTypeOnly) return false;
    if (clause.name) return true;
    const bindings = clause.namedBindings;
    if (!bindings || ts.isNamespaceImport(bindings)) return true;
    return bindings.elements.length === 0 || bindings.elements.some((e) => !e.isTypeOnly);
  }
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return false;
    const clause = node.exportClause;
    return !clause || !ts.isNamedExports(clause) || clause.elements.some((e) => !e.isTypeOnly);
  }
  return true;
}

/** The files a file imports: all of them, and those it loads at run time. */
function importsOf(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const all = new Set();
  const loaded = new Set();
  const add = (specifier, loads) => {
    const target = resolve(file, specifier);
    if (!target) return;
    all.add(target);
    if (loads) loaded.add(target);
  };
  for (const node of source.statements) {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, loadsModule(node));
    }
  }
  // require() and import() anywhere in the file.
  const visit = (node) => {
    if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      if ((ts.isIdentifier(node.expression) && node.expression.text === 'require') || node.expression.kind === ts.SyntaxKind.ImportKeyword)
        add(node.arguments[0].text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { all, loaded };
}

const files = new Map();
const loads = new Map();
for (const dir of SOURCE_DIRS) {
  if (!existsSync(path.join(root, dir))) continue;
  for (const file of sourceFiles(path.join(root, dir))) {
    const { all, loaded } = importsOf(file);
    files.set(file, all);
    loads.set(file, loaded);
  }
}

const relative = (file) => path.relative(root, file);
const layerOf = (file) => {
  const rel = relative(file).split(path.sep).join('/');
  return LAYERS.findIndex((layer) => rel.startsWith(layer + '/'));
};
const upward = [];
for (const [file, targets] of files) {
  const from = layerOf(file);
  // A test may put layers together (runs written by the import, read by the timeline store).
  if (from === -1 || /\.test\.tsx?$/.test(file)) continue;
  for (const target of targets) {
    const to = layerOf(target);
    if (to > from) upward.push(`${relative(file)} imports ${relative(target)}: ${LAYERS[from]} is below ${LAYERS[to]} and must not import it`);
  }
}

const problems = [...cycles(loads).map((c) => `files import each other in a cycle: ${c.map(relative).join(', ')}`), ...upward];
for (const problem of problems) console.error(problem);
if (problems.length) process.exit(1);
console.log(`no import cycles among ${files.size} files; ${LAYERS.join(' < ')} import downwards only`);
