import { describe, expect, it } from "vitest";
import {
  changeNote,
  emptyDraft,
  fromView,
  hasErrors,
  moveTurn,
  newTurn,
  retryable,
  runningLabel,
  toEdit,
  validate,
  verdict,
  type Draft,
} from "./evalTurns";

function filled(): Draft {
  const d = emptyDraft();
  d.name = "  greeting  ";
  d.turns[0]!.content = " Hi ";
  d.turns[1]!.kind = "regex";
  d.turns[1]!.content = "(?i)smith";
  d.turns[1]!.model = "leftover";
  return d;
}

describe("eval scenario drafts", () => {
  it("an empty form names every missing part, in Rust's words", () => {
    const e = validate(emptyDraft());
    expect(e.name).toBe("Give the scenario a name, like greeting.identifies_firm.");
    expect(Object.values(e.byTurn)).toEqual(["Write what the caller says.", "Write the rubric: Pass if …; fail if …."]);
    expect(hasErrors(e)).toBe(true);
  });

  it("a scenario with no agent turn has nothing to grade", () => {
    const d = filled();
    d.turns = [d.turns[0]!];
    expect(validate(d).turns).toBe("Add at least one agent turn: it is what the scenario grades.");
  });

  it("a filled form passes and is sent trimmed, the judge on the agent turn only", () => {
    const d = filled();
    expect(hasErrors(validate(d))).toBe(false);
    expect(toEdit(d)).toEqual({
      id: null,
      name: "greeting",
      description: "",
      turns: [
        { role: "user", content: "Hi", judge: null },
        // A non-AI judge sends no model, whatever the form kept from before.
        { role: "assistant", content: "", judge: { kind: "regex", content: "(?i)smith", model: "" } },
      ],
    });
  });

  it("a scenario read back fills the form as it was written", () => {
    const d = fromView({
      id: "e1",
      agent_id: "a",
      name: "n",
      description: null,
      last_passed: null,
      turns: toEdit(filled()).turns,
    });
    expect(d.id).toBe("e1");
    expect(d.turns.map((t) => [t.role, t.kind, t.content])).toEqual([
      ["user", "ai", "Hi"],
      ["assistant", "regex", "(?i)smith"],
    ]);
  });

  it("moving a turn swaps it with its neighbour and stops at the ends", () => {
    const turns = [newTurn("user"), newTurn("assistant"), newTurn("user")];
    const keys = (ts: typeof turns) => ts.map((t) => t.key);
    expect(keys(moveTurn(turns, 0, 1))).toEqual([turns[1]!.key, turns[0]!.key, turns[2]!.key]);
    expect(keys(moveTurn(turns, 0, -1))).toEqual(keys(turns));
    expect(keys(moveTurn(turns, 2, 1))).toEqual(keys(turns));
  });
});

describe("eval results in words", () => {
  it("says when a scenario changed since the run before", () => {
    expect(changeNote({ passed: false, passed_before: true })).toBe("Was passing before");
    expect(changeNote({ passed: true, passed_before: false })).toBe("Was failing before");
    expect(changeNote({ passed: true, passed_before: true })).toBeNull();
    expect(changeNote({ passed: null, passed_before: true })).toBeNull();
  });

  it("gives a verdict a tone, and an unfinished one its own words", () => {
    expect(verdict(true)).toEqual({ label: "Passed", tone: "ok" });
    expect(verdict(false)).toEqual({ label: "Failed", tone: "bad" });
    expect(verdict(null, "Still running")).toEqual({ label: "Still running", tone: "neutral" });
  });

  it("offers Try again unless Rust says it would fail the same way", () => {
    expect(retryable({ code: "network", retry: "safe" })).toBe(true);
    expect(retryable({ code: "validation_error", retry: "never" })).toBe(false);
  });
});

describe("runningLabel", () => {
  it("counts the scenarios, then says how many of them are done", () => {
    expect(runningLabel(1)).toBe("Running 1 scenario…");
    expect(runningLabel(4)).toBe("Running 4 scenarios…");
    expect(runningLabel(4, { done: 2, total: 4 })).toBe("Running… 2 of 4 done");
    expect(runningLabel(1, { done: 0, total: 1 })).toBe("Running 1 scenario…");
  });
});
