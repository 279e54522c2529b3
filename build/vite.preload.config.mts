import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { bundledPackages } from './bundled-packages.mts';

// A sandboxed preload cannot require local files, so it is bundled into one CommonJS file
// (with the contract it is derived from); only 'electron' stays external.
export default defineConfig({
  // The packages the bundle carries, for the release's SBOM (build/sbom.mjs).
  plugins: [bundledPackages('preload', fileURLToPath(new URL('..', import.meta.url)))],
  build: {
    outDir: fileURLToPath(new URL('../dist/electron', import.meta.url)),
    emptyOutDir: false,
    sourcemap: true,
    minify: false,
    lib: {
      entry: fileURLToPath(new URL('../electron/preload.ts', import.meta.url)),
      formats: ['cjs'],
      fileName: () => 'preload.js',
    },
    rollupOptions: { external: ['electron'] },
  },
});
