// WCAG 2 contrast of the themes' colours, worked out from app.css itself: happy-dom lays
// nothing out, so axe's color-contrast rule cannot run in the UI tests; these functions
// check the colour pairs the screens use instead (see theme/contrast.test.ts).

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /// 0–1.
  a: number;
}

/// `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb(r g b / a)`, `rgb(r, g, b)` or `white`/`black`.
export function parseColor(value: string): Rgba {
  const v = value.trim().toLowerCase();
  if (v === "white") {
    return { r: 255, g: 255, b: 255, a: 1 };
  }
  if (v === "black") {
    return { r: 0, g: 0, b: 0, a: 1 };
  }
  const hex = /^#([0-9a-f]{3,8})$/.exec(v)?.[1];
  if (hex && [3, 4, 6, 8].includes(hex.length)) {
    const full = hex.length <= 4 ? [...hex].map((c) => c + c).join("") : hex;
    const byte = (i: number) => parseInt(full.slice(i * 2, i * 2 + 2), 16);
    return { r: byte(0), g: byte(1), b: byte(2), a: full.length === 8 ? byte(3) / 255 : 1 };
  }
  const rgb = /^rgba?\(([^)]*)\)$/.exec(v)?.[1];
  if (rgb) {
    const parts = rgb.split(/[\s,/]+/).filter(Boolean);
    const [r, g, b] = parts.slice(0, 3).map(Number);
    const alpha = parts[3];
    const a = alpha === undefined ? 1 : alpha.endsWith("%") ? parseFloat(alpha) / 100 : Number(alpha);
    if ([r, g, b, a].every((n) => n !== undefined && Number.isFinite(n))) {
      return { r: r as number, g: g as number, b: b as number, a };
    }
  }
  throw new Error(`not a colour this check reads: ${value}`);
}

/// `top` painted over the opaque `under`.
export function over(top: Rgba, under: Rgba): Rgba {
  const mix = (t: number, u: number) => t * top.a + u * (1 - top.a);
  return { r: mix(top.r, under.r), g: mix(top.g, under.g), b: mix(top.b, under.b), a: 1 };
}

function luminance({ r, g, b }: Rgba): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/// The WCAG 2 contrast ratio (1–21) of two opaque colours.
export function contrastRatio(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/// The custom properties a rule block sets, by name (`--bg` → `#f7f8fa`).
function declarations(block: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const m of block.matchAll(/(--[a-z0-9-]+)\s*:\s*([^;]+);/gi)) {
    vars[m[1] as string] = (m[2] as string).trim();
  }
  return vars;
}

/// Each theme's variables as app.css sets them: the block whose selector list names
/// `:root[data-theme="<theme>"]`.
export function themeVariables(css: string, theme: string): Record<string, string> {
  const noComments = css.replace(/\/\*[\s\S]*?\*\//g, "");
  for (const m of noComments.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const selectors = (m[1] as string).split(",").map((s) => s.replace(/\s+/g, "").replace(/'/g, '"'));
    if (selectors.includes(`:root[data-theme="${theme}"]`)) {
      return declarations(m[2] as string);
    }
  }
  throw new Error(`app.css has no :root[data-theme="${theme}"] block`);
}
