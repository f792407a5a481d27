// ESLint for the UI: typed TypeScript rules (floating promises, unsafe `any`) over .ts and
// .svelte alike, Svelte's own rules, and the layering rules that keep the app growable.
import js from "@eslint/js";
import svelte from "eslint-plugin-svelte";
import { defineConfig } from "eslint/config";
import globals from "globals";
import ts from "typescript-eslint";
import svelteConfig from "./svelte.config.js";

export default defineConfig(
  {
    // bindings.ts is generated from Rust (tauri-specta); isolation/ is a plain script the
    // IPC isolation frame loads, outside the app bundle; public/theme.js is the plain
    // script index.html runs before the first paint (src/theme/theme.test.ts runs it).
    ignores: ["dist/", "node_modules/", "src/lib/bindings.ts", "isolation/", "public/"],
  },
  js.configs.recommended,
  ts.configs.recommendedTypeChecked,
  svelte.configs.recommended,
  {
    languageOptions: {
      globals: globals.browser,
      parserOptions: {
        projectService: true,
        extraFileExtensions: [".svelte"],
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    rules: {
      // Errors cross IPC as the generated AppError objects, and are thrown as such.
      "@typescript-eslint/only-throw-error": [
        "error",
        { allow: [{ from: "file", name: "AppError", path: "src/lib/bindings.ts" }] },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // Snippets and callbacks handed to generic components (ui/ListDetail, ui/DetailPane)
    // have their parameter types written out: the Svelte parser does not infer them yet
    // (sveltejs/svelte-eslint-parser#658) and would lint them as `any`.
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: {
      parserOptions: { parser: ts.parser, svelteConfig },
    },
  },
  {
    // Layering: each domain's service.ts is the only code that talks to Rust, through the
    // generated bindings; components talk to their domain's service. So the commands (and
    // the raw IPC underneath them) can change shape in one place per domain.
    files: ["src/**"],
    ignores: ["src/**/service.ts", "src/testing/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)lib/bindings$",
              importNames: ["commands", "events"],
              message: "Only a domain's service.ts calls Rust: import from that service instead.",
            },
          ],
          paths: [
            {
              name: "@tauri-apps/api/core",
              importNames: ["invoke"],
              message: "Call Rust through the generated bindings, in a service.ts.",
            },
            {
              name: "@tauri-apps/api/event",
              importNames: ["listen", "once"],
              message: "Core events are listened to once, in shell/service.ts.",
            },
          ],
        },
      ],
    },
  },
  {
    // Tests stand in for the backend (throwing its error objects, answering without
    // waiting) and lean on matchers typed `any`.
    files: ["src/**/*.test.ts", "src/testing/**"],
    rules: {
      "@typescript-eslint/only-throw-error": "off",
      "@typescript-eslint/prefer-promise-reject-errors": "off",
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/unbound-method": "off",
      "@typescript-eslint/no-unnecessary-type-assertion": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
    },
  },
  {
    // The build and lint configs run in Node and are not part of the app's tsconfig.
    files: ["*.js", "*.ts"],
    extends: [ts.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
);
