// Search snippets mark each match with STX…ETX (HIGHLIGHT_START/END in
// crates/kaicalls-store/src/search.rs). This splits them into parts the UI renders as
// text and <mark>, so no HTML from the cache is ever interpreted.

export const HIGHLIGHT_START = "\u0002";
export const HIGHLIGHT_END = "\u0003";

export interface SnippetPart {
  text: string;
  highlighted: boolean;
}

/// Plain and highlighted parts in order; markers removed, empty parts skipped, adjacent
/// parts of the same kind merged. A stray or unbalanced marker never leaks into the text.
export function splitHighlights(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let text = "";
  let highlighted = false;
  const flush = () => {
    if (text === "") {
      return;
    }
    const last = parts[parts.length - 1];
    if (last && last.highlighted === highlighted) {
      last.text += text;
    } else {
      parts.push({ text, highlighted });
    }
    text = "";
  };
  for (const ch of snippet) {
    if (ch === HIGHLIGHT_START || ch === HIGHLIGHT_END) {
      flush();
      highlighted = ch === HIGHLIGHT_START;
    } else {
      text += ch;
    }
  }
  flush();
  return parts;
}

/// The snippet as plain text (for titles and screen readers).
export function plainSnippet(snippet: string): string {
  return splitHighlights(snippet)
    .map((p) => p.text)
    .join("");
}
