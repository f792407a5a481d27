import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Tauri serves ui/dist from its own protocol; the dev server is only for `tauri dev`.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
    // No inline scripts: the CSP allows scripts from 'self' only.
    assetsInlineLimit: 0,
  },
  // Svelte's client runtime in the tests too (not its server build, where untrack() and
  // onMount() do nothing): the tests mount the app as the webview runs it.
  resolve: process.env.VITEST ? { conditions: ["browser"] } : undefined,
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
