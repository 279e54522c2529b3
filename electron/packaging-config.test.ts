import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * electron-builder.yml checked with electron-builder's own validator (the one
 * `electron-builder` runs before packaging), so a misspelt key fails here and
 * not on the release machine. Packaging itself needs an Electron download, which
 * a build machine may not allow.
 */
const root = path.join(__dirname, '..');
// Both come with electron-builder; required, not imported, because they ship no types we depend on.
const load = createRequire(path.join(root, 'package.json'));
const yaml = load('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = load('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = load('builder-util/out/DebugLogger') as { DebugLogger: new (enabled: boolean) => unknown };

interface BuilderConfig {
  appId: string;
  productName: string;
  asar: boolean;
  files: string[];
  publish?: unknown;
  directories: { output: string };
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; category: string; maintainer: string };
  win: { target: string[] };
  mac: { target: string; category: string };
}

const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it("matches electron-builder's schema", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('would catch a misspelt fuse', async () => {
    const typo = { ...config, electronFuses: { ...config.electronFuses, runAsNodee: false } };
    await expect(validateConfiguration(typo, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('flips the fuses a desktop app of this kind should flip', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  it('has no publisher, so no auto-update metadata is generated', () => {
    expect(config.publish).toBeNull();
  });

  it('packages the compiled app into an asar, for every desktop platform', () => {
    expect(config.appId).toBe('org.casebook.app');
    expect(config.productName).toBe('Casebook');
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'package.json']));
    // The build's lists of bundled packages feed the SBOM beside the packages, not the app.
    expect(config.files).toContain('!dist/bundled-packages/**');
    expect(config.directories.output).toBe('release');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.maintainer).toBeTruthy();
    expect(config.win.target).toEqual(['portable', 'nsis']);
    expect(config.mac.target).toBe('dmg');
  });
});
