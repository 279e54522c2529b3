import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * A Vite plugin that lists the npm packages whose code ends up in a bundle.
 * The renderer and the preload ship React, Dexie, Recharts, zod and their own
 * dependencies inside their bundles, where `npm audit --omit=dev` and
 * `npm sbom --omit dev` do not look (they are devDependencies: the app does
 * not install them, it carries them). build/sbom.mjs merges these lists into
 * the release's CycloneDX SBOM.
 *
 * Written to dist/bundled-packages/<name>.json, which is not packaged.
 */

export interface BundledPackage {
  name: string;
  version: string;
  /** SPDX id or expression as the package states it; null when it states none. */
  license: string | null;
  /** Where it sits in the installed tree: node_modules/name, or nested under the package that needs this copy. */
  path: string;
}

/** Where the lists go, under the project's root. */
export const BUNDLED_PACKAGES_DIR = path.join('dist', 'bundled-packages');

/**
 * The folder of the package a bundled module comes from, or null for the
 * project's own code. Module ids may carry a \0 prefix (virtual and wrapped
 * modules) and a ?query; the last node_modules in the path is the one the
 * module was resolved in (a package's own nested copy of a dependency).
 */
export function packageDirOf(id: string): string | null {
  const file = id.replace(/^\0+/, '').replace(/\?.*$/, '').replaceAll('\\', '/');
  const at = file.lastIndexOf('/node_modules/');
  if (at === -1) return null;
  const rest = file.slice(at + '/node_modules/'.length).split('/');
  const length = rest[0]?.startsWith('@') ? 2 : 1;
  if (rest.length <= length || rest.slice(0, length).some((part) => part === '' || part === '.pnpm')) return null;
  return file.slice(0, at + '/node_modules/'.length) + rest.slice(0, length).join('/');
}

/** The license a package.json states: the SPDX `license` field, or the old `licenses` list joined with OR. */
export function licenseOf(manifest: { license?: unknown; licenses?: unknown }): string | null {
  const { license, licenses } = manifest;
  if (typeof license === 'string' && license.trim()) return license.trim();
  if (license && typeof license === 'object' && typeof (license as { type?: unknown }).type === 'string') return (license as { type: string }).type;
  if (Array.isArray(licenses)) {
    const types = licenses.map((l: { type?: unknown }) => l?.type).filter((t): t is string => typeof t === 'string');
    if (types.length) return types.length > 1 ? `(${types.join(' OR ')})` : types[0]!;
  }
  return null;
}

/** Name, version and license of each package folder, read from its package.json; sorted by name and version. */
export function describePackages(dirs: Iterable<string>): BundledPackage[] {
  const found = new Map<string, BundledPackage>();
  for (const dir of dirs) {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      name?: string;
      version?: string;
      license?: unknown;
      licenses?: unknown;
    };
    if (!manifest.name || !manifest.version) throw new Error(`${dir}/package.json has no name or version`);
    const installed = dir.slice(dir.replaceAll('\\', '/').indexOf('/node_modules/') + 1);
    const entry = { name: manifest.name, version: manifest.version, license: licenseOf(manifest), path: installed };
    found.set(`${entry.name}@${entry.version}`, entry);
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

/** The plugin: after the bundle is made, writes the list of the packages in it as `<root>/dist/bundled-packages/<name>.json`. */
export function bundledPackages(name: string, root: string): Plugin {
  const outDir = path.join(root, BUNDLED_PACKAGES_DIR);
  return {
    name: 'casebook-bundled-packages',
    apply: 'build',
    generateBundle(_output, bundle) {
      const dirs = new Set<string>();
      for (const item of Object.values(bundle)) {
        if (item.type !== 'chunk') continue;
        for (const [id, rendered] of Object.entries(item.modules)) {
          // A module tree-shaken to nothing is not shipped.
          if (rendered.renderedLength === 0) continue;
          const dir = packageDirOf(id);
          if (dir) dirs.add(dir);
        }
      }
      mkdirSync(outDir, { recursive: true });
      writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(describePackages(dirs), null, 2) + '\n');
    },
  };
}
