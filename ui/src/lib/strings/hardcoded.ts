// Finds user-facing English written straight into a component, for the guard test
// (strings.test.ts): every word a user reads or hears belongs in the string catalog
// (lib/strings.ts and lib/strings/*.ts), so a translation can be added in one place.
// It walks Svelte's modern AST: a Text node with a letter in it, or a static attribute
// value with a letter in it on an attribute a user reads (placeholder, title, aria-*,
// alt, label…) or a text-carrying prop of a child component, is reported.
import { parse } from "svelte/compiler";

/// Attributes (of elements and components) whose value a user reads or hears.
export const TEXT_ATTRIBUTES = new Set([
  "placeholder",
  "title",
  "alt",
  "label",
  "aria-label",
  "aria-description",
  "aria-roledescription",
  "aria-valuetext",
  "aria-placeholder",
  // Props of the app's own components that are shown as words.
  "heading",
  "hint",
  "message",
  "text",
  "empty",
  "description",
  "caption",
  "legend",
  "note",
  "busyLabel",
  "confirmLabel",
  "cancelLabel",
  "submitLabel",
  "subtitle",
]);

/// Text that may stay inline: not words of a language (symbols, units, the brand).
export const ALLOWED = new Set<string>([]);

export type Hardcoded = { line: number; text: string; where: string };

const hasLetter = (s: string) => /\p{L}/u.test(s);

type Node = { type: string; start: number; [key: string]: unknown };

function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
    }
  }
  return line;
}

/// Every hard-coded user-facing text in one component's source.
export function hardcoded(source: string): Hardcoded[] {
  const ast = parse(source, { modern: true });
  const found: Hardcoded[] = [];
  const report = (node: Node, text: string, where: string) => {
    const trimmed = text.replace(/\s+/g, " ").trim();
    if (hasLetter(trimmed) && !ALLOWED.has(trimmed)) {
      found.push({ line: lineOf(source, node.start), text: trimmed, where });
    }
  };
  const seen = new Set<unknown>();
  const walk = (value: unknown, parentName: string | null) => {
    if (!value || typeof value !== "object" || seen.has(value)) {
      return;
    }
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) {
        walk(item, parentName);
      }
      return;
    }
    const node = value as Node;
    // Scripts, styles and style directives (`style:height="{h}px"`) are code, not words.
    if (node.type === "Script" || node.type === "StyleSheet" || node.type === "StyleDirective") {
      return;
    }
    if (node.type === "Text") {
      report(node, String(node.data), parentName ? `<${parentName}> text` : "text");
      return;
    }
    if (node.type === "Attribute") {
      const name = String(node.name);
      if (TEXT_ATTRIBUTES.has(name) && Array.isArray(node.value)) {
        for (const part of node.value as Node[]) {
          if (part.type === "Text") {
            report(part, String(part.data), `${name}="…"`);
          }
        }
      }
      return;
    }
    const name = typeof node.name === "string" && "fragment" in node ? node.name : parentName;
    for (const [key, child] of Object.entries(node)) {
      if (key !== "metadata" && key !== "parent") {
        walk(child, name);
      }
    }
  };
  walk(ast.fragment, null);
  return found;
}
