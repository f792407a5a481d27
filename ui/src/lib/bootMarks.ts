// Where the page's start-up goes, for the start-up benchmark (bench/app, which splits its
// figure by these): each mark is the time since the page's navigation began, taken the
// first time only, and sent with the ready mark (dashboard/service.ts).
import type { PageMarks } from "./bindings";

const marks: PageMarks = {
  script_ms: null,
  info_ms: null,
  request_ms: null,
  answered_ms: null,
  painted_ms: null,
};

export type BootMark = keyof PageMarks;

export function bootMark(name: BootMark): void {
  marks[name] ??= performance.now();
}

export function bootMarks(): PageMarks {
  return { ...marks };
}
