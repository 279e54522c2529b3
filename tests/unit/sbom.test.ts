import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describePackages, licenseOf, packageDirOf } from '../../build/bundled-packages.mjs';
import { built, ROOT } from './support/built';
import { useTempDirs } from './support/temp-dir';

/**
 * The release SBOM (build/sbom.mjs, `npm run sbom`): npm's runtime
 * dependencies plus every package the Vite build put into the renderer and
 * preload bundles, which npm counts as dev-only although they ship.
 */
const tempDir = useTempDirs();

interface Component {
  'bom-ref': string;
  name: string;
  version: string;
  purl: string;
  scope?: string;
  hashes?: { alg: string; content: string }[];
  licenses?: ({ license: { id: string } } | { expression: string })[];
  properties?: { name: string; value: string }[];
}
interface Bom {
  bomFormat: string;
  specVersion: string;
  metadata: { component: { 'bom-ref': string; name: string; version: string; type: string } };
  components: Component[];
  dependencies: { ref: string; dependsOn: string[] }[];
}

const installed = (name: string): string =>
  (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

const bundledIn = (c: Component | undefined) => (c?.properties ?? []).filter((p) => p.name === 'casebook:bundled-in').map((p) => p.value);

describe('release SBOM', () => {
  it('names what the bundles carry at their installed versions, and the runtime dependencies from npm, in one CycloneDX document', () => {
    // Written by `npm run build` (npm test builds before the unit tests).
    built('bundled-packages/renderer.json');
    built('bundled-packages/preload.json');
    const out = path.join(tempDir(), 'casebook.cdx.json');
    execFileSync(process.execPath, [path.join(ROOT, 'build', 'sbom.mjs'), '--out', out], { cwd: ROOT, encoding: 'utf8' });
    const bom = JSON.parse(readFileSync(out, 'utf8')) as Bom;

    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5' });
    expect(bom.metadata.component).toMatchObject({ name: 'casebook', type: 'application' });
    const find = (name: string) => bom.components.find((c) => c.name === name);
    for (const name of ['react', 'react-dom', 'dexie', 'recharts']) {
      const component = find(name);
      expect(component, name).toMatchObject({ version: installed(name), purl: `pkg:npm/${name}@${installed(name)}`, scope: 'required' });
      expect(bundledIn(component), name).toEqual(['renderer']);
      expect(component!.hashes?.[0], name).toMatchObject({ alg: 'SHA-512', content: expect.stringMatching(/^[0-9a-f]{128}$/) });
    }
    expect(find('react')!.licenses).toEqual([{ license: { id: 'MIT' } }]);
    expect(find('dexie')!.licenses).toEqual([{ license: { id: 'Apache-2.0' } }]);
    // What Recharts needs comes along: a dependency of a bundled package is in the bundle too.
    expect(bundledIn(find('d3-scale'))).toEqual(['renderer']);

    // zod: a runtime dependency npm lists (its lock hash, its license), and bundled into both bundles.
    expect(bom.components.filter((c) => c.name === 'zod')).toHaveLength(1);
    expect(find('zod')).toMatchObject({ version: installed('zod'), licenses: [{ license: { id: 'MIT' } }] });
    expect(bundledIn(find('zod'))).toEqual(['preload', 'renderer']);

    // Build tools never ship: none of them is named.
    for (const tool of ['vite', 'typescript', 'electron', 'electron-builder', 'vitest', '@playwright/test', 'eslint']) {
      expect(find(tool), tool).toBeUndefined();
    }

    // Every reference resolves, and the app depends on every bundled package.
    const refs = new Set([bom.metadata.component['bom-ref'], ...bom.components.map((c) => c['bom-ref'])]);
    for (const d of bom.dependencies) {
      expect(refs.has(d.ref), d.ref).toBe(true);
      for (const on of d.dependsOn) expect(refs.has(on), on).toBe(true);
    }
    const app = bom.dependencies.find((d) => d.ref === bom.metadata.component['bom-ref'])!;
    for (const c of bom.components.filter((c) => bundledIn(c).length)) expect(app.dependsOn).toContain(c['bom-ref']);
  });
});

describe('bundled packages', () => {
  it('finds the package a bundled module comes from: scoped, nested, wrapped or with a query; none for the project', () => {
    expect(packageDirOf('/w/app/node_modules/react/cjs/react.production.js')).toBe('/w/app/node_modules/react');
    expect(packageDirOf('\0/w/app/node_modules/@reduxjs/toolkit/dist/index.js?commonjs-module')).toBe('/w/app/node_modules/@reduxjs/toolkit');
    expect(packageDirOf('/w/app/node_modules/victory-vendor/node_modules/d3-scale/src/linear.js')).toBe(
      '/w/app/node_modules/victory-vendor/node_modules/d3-scale',
    );
    expect(packageDirOf('C:\\w\\app\\node_modules\\dexie\\dist\\dexie.mjs')).toBe('C:/w/app/node_modules/dexie');
    expect(packageDirOf('/w/app/renderer/main.tsx')).toBeNull();
    expect(packageDirOf('\0vite/preload-helper.js')).toBeNull();
    expect(packageDirOf('/w/app/node_modules/@scope')).toBeNull();
  });

  it('reads each license the way package.json may state it', () => {
    expect(licenseOf({ license: 'MIT' })).toBe('MIT');
    expect(licenseOf({ license: 'MIT AND ISC' })).toBe('MIT AND ISC');
    expect(licenseOf({ license: { type: 'BSD-3-Clause' } })).toBe('BSD-3-Clause');
    expect(licenseOf({ licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] })).toBe('(MIT OR Apache-2.0)');
    expect(licenseOf({})).toBeNull();
  });

  it('describes installed packages from their package.json, once each, by name', () => {
    const dirs = ['zod', 'react', 'react', 'dexie'].map((name) => path.join(ROOT, 'node_modules', name));
    expect(describePackages(dirs)).toEqual([
      { name: 'dexie', version: installed('dexie'), license: 'Apache-2.0', path: 'node_modules/dexie' },
      { name: 'react', version: installed('react'), license: 'MIT', path: 'node_modules/react' },
      { name: 'zod', version: installed('zod'), license: 'MIT', path: 'node_modules/zod' },
    ]);
  });
});
