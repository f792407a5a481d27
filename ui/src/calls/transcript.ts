// Transcripts arrive as text, one `Agent:` / `Caller:` line per turn. This turns them into
// chat bubbles; a line without a speaker continues the turn before it.

export type Speaker = "agent" | "caller" | "other";

export interface Turn {
  speaker: Speaker;
  /// The label as written (`Agent`, `Caller`, `AI`, …), for speakers we don't recognise.
  label: string;
  text: string;
}

const AGENT = new Set(["agent", "ai", "assistant", "bot", "kai"]);
const CALLER = new Set(["caller", "user", "customer", "human", "client", "lead"]);

const SPEAKER_LINE = /^\s*([A-Za-z][A-Za-z .'-]{0,30}?)\s*:\s?(.*)$/;

export function speakerOf(label: string): Speaker {
  const key = label.trim().toLowerCase();
  if (AGENT.has(key)) {
    return "agent";
  }
  if (CALLER.has(key)) {
    return "caller";
  }
  return "other";
}

export function parseTranscript(text: string | null | undefined): Turn[] {
  const turns: Turn[] = [];
  for (const raw of (text ?? "").split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") {
      continue;
    }
    const m = SPEAKER_LINE.exec(line);
    const label = m?.[1];
    if (m && label !== undefined && speakerOf(label) !== "other") {
      turns.push({ speaker: speakerOf(label), label: label.trim(), text: (m[2] ?? "").trim() });
      continue;
    }
    const last = turns[turns.length - 1];
    if (last) {
      last.text = last.text ? `${last.text}\n${line}` : line;
    } else {
      turns.push({ speaker: "other", label: "", text: line });
    }
  }
  return turns;
}
