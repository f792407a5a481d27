import { describe, expect, it } from "vitest";
import { Pending } from "./pending.svelte";

describe("Pending", () => {
  it("is busy while the action runs, and runs it once however often it is asked", async () => {
    const task = new Pending();
    let runs = 0;
    let finish = () => {};
    const first = task.run(() => {
      runs += 1;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    expect(task.busy).toBe(true);
    await task.run(async () => void (runs += 1));
    expect(runs).toBe(1);
    finish();
    await first;
    expect(task.busy).toBe(false);
    expect(task.error).toBeNull();
  });

  it("keeps what went wrong as an AppError, and clears it on the next run", async () => {
    const task = new Pending();
    await task.run(() => Promise.reject({ code: "unauthorized", message: "no" }));
    expect(task.error).toEqual({ code: "unauthorized", message: "no" });
    expect(task.busy).toBe(false);
    await task.run(() => Promise.reject(new Error("boom")));
    expect(task.error).toEqual({ code: "unexpected", message: "boom" });
    await task.run(async () => {});
    expect(task.error).toBeNull();
  });
});
