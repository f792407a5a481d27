// The command palette's matching, pure so it is tested without a window: a command
// matches when every word typed starts a word of its label (or its keywords), in any
// order, ignoring case and accents; labels that start with the query come first.

export type PaletteCommand = {
  /// Stable id (`go:calls`, `do:dial`, `lead:<id>`), the option's `data-command-id`.
  id: string;
  label: string;
  /// What kind of thing it is, shown beside it ("Go to", "Action", "Lead", …).
  group: string;
  /// More words it answers to ("phone", "ring" for Call someone).
  keywords?: string;
  run: () => void;
};

const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();

const words = (text: string) =>
  fold(text)
    .split(/[^\p{L}\p{N}+]+/u)
    .filter(Boolean);

/// The commands `query` finds, best first, at most `limit`.
export function rank(commands: readonly PaletteCommand[], query: string, limit = 12): PaletteCommand[] {
  const typed = words(query);
  if (typed.length === 0) {
    return commands.slice(0, limit);
  }
  const scored: Array<{ command: PaletteCommand; score: number; index: number }> = [];
  commands.forEach((command, index) => {
    const own = words(`${command.label} ${command.keywords ?? ""}`);
    if (!typed.every((t) => own.some((w) => w.startsWith(t)))) {
      return;
    }
    const label = fold(command.label);
    const score = label.startsWith(fold(query.trim()))
      ? 0
      : words(command.label).some((w) => w.startsWith(typed[0] ?? ""))
        ? 1
        : 2;
    scored.push({ command, score, index });
  });
  scored.sort((a, b) => a.score - b.score || a.index - b.index);
  return scored.slice(0, limit).map((s) => s.command);
}
