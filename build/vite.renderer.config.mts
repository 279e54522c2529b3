import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { bundledPackages } from './bundled-packages.mts';

// The renderer: a static bundle served from app:// (and, in tests, from the Playwright route).
export default defineConfig({
  root: fileURLToPath(new URL('../renderer', import.meta.url)),
  base: './',
  // bundledPackages: the packages the bundle carries, for the release's SBOM (build/sbom.mjs).
  plugins: [react(), bundledPackages('renderer', fileURLToPath(new URL('..', import.meta.url)))],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // No inline scripts or styles: the CSP forbids them.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
