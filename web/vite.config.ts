import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * Staff SPA. Built into web/dist, which the API server serves as static files
 * with an SPA fallback to index.html for every non-/api path.
 * Nothing may be loaded from the internet at run time (LGWAN): fonts are
 * bundled from @fontsource, no CDN.
 */
export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: 'public',
  plugins: [react(), tailwindcss()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Fonts come in ~250 small unicode-range files per weight; never inline them.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 800,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': {
        target: process.env.GYOKAKU_API_URL ?? 'http://localhost:3000',
        changeOrigin: false,
      },
    },
  },
  preview: {
    proxy: {
      '/api': process.env.GYOKAKU_API_URL ?? 'http://localhost:3000',
    },
  },
});
