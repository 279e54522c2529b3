// @ts-check
/**
 * Writes the release's CycloneDX SBOM: everything Casebook ships.
 *
 *   node build/sbom.mjs [--out FILE]      (npm run sbom; npm run dist runs it after packaging)
 *
 * Two sources, merged into one CycloneDX 1.5 JSON document:
 * - the runtime dependencies electron-builder packages into the app
 *   (`npm sbom --sbom-format cyclonedx --omit dev`, read from package-lock.json);
 * - the packages whose code the Vite build put into the renderer and preload
 *   bundles (React, Dexie, Recharts and what they need): devDependencies to npm,
 *   so `npm audit --omit=dev` and `npm sbom --omit dev` never see them, though
 *   they ship. `npm run build` lists them in dist/bundled-packages/*.json
 *   (build/bundled-packages.mts); this script fails if they are missing.
 *
 * Default output: release/casebook-<version>.cdx.json, beside the packages.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * @typedef {{ name: string, version: string, license: string | null, path: string }} BundledPackage
 * @typedef {{ name: string, value: string }} Property
 * @typedef {{ 'bom-ref': string, type: string, name: string, version: string, purl?: string, scope?: string,
 *   licenses?: unknown[], properties?: Property[], [key: string]: unknown }} Component
 * @typedef {{ ref: string, dependsOn?: string[] }} Dependency
 * @typedef {{ bomFormat: string, specVersion: string, metadata: { component: Component, [key: string]: unknown },
 *   components: Component[], dependencies?: Dependency[], [key: string]: unknown }} Bom
 */

/** npm's purl for a package: a scope's @ is written %40. */
export function purlOf(/** @type {string} */ name, /** @type {string} */ version) {
  return `pkg:npm/${name.replace(/^@/, '%40')}@${version}`;
}

/** A CycloneDX license entry: an SPDX id alone, or an expression. */
function licensesOf(/** @type {string | null} */ license) {
  if (!license) return undefined;
  return /^[A-Za-z0-9.+-]+$/.test(license) ? [{ license: { id: license } }] : [{ expression: license }];
}

/** The runtime dependencies, as npm describes them (from the lock file: the installed tree may hold extra dev leftovers). */
export function npmSbom(root = ROOT) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['sbom', '--sbom-format', 'cyclonedx', '--omit', 'dev', '--package-lock-only'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return /** @type {Bom} */ (JSON.parse(out));
}

/** The package lists `npm run build` wrote, by bundle name. */
export function readBundles(root = ROOT) {
  const dir = path.join(root, 'dist', 'bundled-packages');
  let files;
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    files = [];
  }
  if (!files.includes('renderer.json') || !files.includes('preload.json')) {
    throw new Error(`${dir} lacks renderer.json or preload.json: run "npm run build" first`);
  }
  /** @type {Record<string, BundledPackage[]>} */
  const bundles = {};
  for (const file of files.sort()) {
    /** @type {BundledPackage[]} */
    const list = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    const bad = list.find((p) => typeof p?.name !== 'string' || typeof p.version !== 'string' || typeof p.path !== 'string');
    if (bad) throw new Error(`${path.join(dir, file)} has an entry without name, version or path (${JSON.stringify(bad)}): run "npm run build" again`);
    bundles[file.replace(/\.json$/, '')] = list;
  }
  return bundles;
}

/** The SHA-512 package-lock.json records for each installed package (by its path in the tree), as CycloneDX hashes. */
export function lockHashes(root = ROOT) {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  /** @type {Map<string, { alg: string, content: string }[]>} */
  const hashes = new Map();
  for (const [where, entry] of Object.entries(lock.packages ?? {})) {
    const integrity = /** @type {{ integrity?: string }} */ (entry).integrity;
    const sha512 = integrity?.split(' ').find((i) => i.startsWith('sha512-'));
    if (sha512) hashes.set(where, [{ alg: 'SHA-512', content: Buffer.from(sha512.slice(7), 'base64').toString('hex') }]);
  }
  return hashes;
}

/**
 * One SBOM of both: npm's components stay as they are; each bundled package is
 * added once (or, if npm lists it already, marked), with a property naming the
 * bundles that carry it, the lock file's hash, and listed as a dependency of the app.
 * @param {Bom} bom
 * @param {Record<string, BundledPackage[]>} bundles
 * @param {{ name: string, version: string }} app
 * @param {Map<string, { alg: string, content: string }[]>} hashes
 * @returns {Bom}
 */
export function mergeSbom(bom, bundles, app, hashes = new Map()) {
  const components = bom.components.map((c) => ({ ...c }));
  const byRef = new Map(components.map((c) => [`${c.name}@${c.version}`, c]));
  for (const [bundle, packages] of Object.entries(bundles)) {
    for (const pkg of packages) {
      const key = `${pkg.name}@${pkg.version}`;
      let component = byRef.get(key);
      if (!component) {
        component = {
          'bom-ref': key,
          type: 'library',
          name: pkg.name,
          version: pkg.version,
          scope: 'required',
          purl: purlOf(pkg.name, pkg.version),
          ...(hashes.has(pkg.path) ? { hashes: hashes.get(pkg.path) } : {}),
          ...(licensesOf(pkg.license) ? { licenses: licensesOf(pkg.license) } : {}),
          properties: [{ name: 'cdx:npm:package:path', value: pkg.path }],
        };
        components.push(component);
        byRef.set(key, component);
      }
      component.properties = [...(component.properties ?? []), { name: 'casebook:bundled-in', value: bundle }];
    }
  }
  // npm names the root after the folder it ran in; the document describes the app.
  const rootRef = bom.metadata.component['bom-ref'];
  const metadata = {
    ...bom.metadata,
    lifecycles: [{ phase: 'build' }],
    component: { ...bom.metadata.component, type: 'application', name: app.name, version: app.version, purl: purlOf(app.name, app.version) },
  };
  const dependencies = (bom.dependencies ?? []).map((d) => ({ ...d, dependsOn: [...(d.dependsOn ?? [])] }));
  let rootDeps = dependencies.find((d) => d.ref === rootRef);
  if (!rootDeps) dependencies.push((rootDeps = { ref: rootRef, dependsOn: [] }));
  const known = new Set(dependencies.map((d) => d.ref));
  for (const c of components) {
    if (!c.properties?.some((p) => p.name === 'casebook:bundled-in')) continue;
    if (!rootDeps.dependsOn.includes(c['bom-ref'])) rootDeps.dependsOn.push(c['bom-ref']);
    if (!known.has(c['bom-ref'])) dependencies.push({ ref: c['bom-ref'], dependsOn: [] });
  }
  components.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  return { ...bom, metadata, components, dependencies };
}

/** Makes the SBOM and writes it; returns where. */
export function writeSbom({ root = ROOT, out = /** @type {string | undefined} */ (undefined) } = {}) {
  const app = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const merged = mergeSbom(npmSbom(root), readBundles(root), app, lockHashes(root));
  const file = out ?? path.join(root, 'release', `${app.name}-${app.version}.cdx.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(merged, null, 2) + '\n');
  return file;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--out');
  try {
    const file = writeSbom({ out: at === -1 ? undefined : path.resolve(process.argv[at + 1] ?? '') });
    console.log(`SBOM written to ${path.relative(process.cwd(), file)}`);
  } catch (err) {
    console.error(`sbom: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
