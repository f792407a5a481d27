// How a text will travel: its length, how many SMS segments the carrier splits it into
// (each billed), and why a character makes every segment shorter. Counted by Twilio's own
// calculator (sms-segments-calculator), the carrier KaiCalls sends through.
import { SegmentedMessage } from "sms-segments-calculator";
import { COUNTS } from "../lib/strings";
import { TEXTS_STRINGS } from "../lib/strings";

const S = TEXTS_STRINGS.segments;

/// Twilio's longest message (Rust refuses longer ones too).
export const MAX_TEXT_CHARS = 1600;

export interface TextSize {
  characters: number;
  segments: number;
  /// Characters outside the GSM alphabet, which switch the whole text to UCS-2 (70 per segment).
  unicode: string[];
}

export function measure(text: string): TextSize {
  const body = text.trim();
  if (body === "") {
    return { characters: 0, segments: 0, unicode: [] };
  }
  const m = new SegmentedMessage(body, "auto");
  return { characters: [...body].length, segments: m.segmentsCount, unicode: m.getNonGsmCharacters() };
}

/// "42 characters · 1 text", "170 characters · 2 texts (billed as 2)".
export function sizeLabel(size: TextSize): string {
  const chars = COUNTS.characters(size.characters);
  if (size.segments <= 1) {
    return `${chars} · 1 text`;
  }
  return `${chars} · sent in ${size.segments} parts, billed as ${size.segments} texts`;
}

/// Why the parts are short, when they are; null for plain text.
export function unicodeNote(size: TextSize): string | null {
  if (size.unicode.length === 0) {
    return null;
  }
  const shown = size.unicode.slice(0, 3).join(" ");
  return S.canTBeSent(shown);
}
