// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { business, chooseBusiness, inChosenBusiness, loadBusinesses } from "./business.svelte";

let list = [
  { id: "b1", name: "Smith Law" },
  { id: "b2", name: "Smith Law Houston" },
];

beforeEach(() => {
  localStorage.clear();
  business.list = [];
  business.id = null;
  business.account = null;
  mockIPC((cmd) => (cmd === "businesses_list" ? list : null));
});
afterEach(() => clearMocks());

describe("the chosen business", () => {
  it("is remembered per account, and forgotten when the key no longer reaches it", async () => {
    await loadBusinesses("acct-1");
    expect(business.id).toBeNull();
    chooseBusiness("b2");
    await loadBusinesses("acct-2");
    expect(business.id).toBeNull();
    await loadBusinesses("acct-1");
    expect(business.id).toBe("b2");
    expect(inChosenBusiness({ business_id: "b1" })).toBe(false);
    expect(inChosenBusiness({ business_id: "b2" })).toBe(true);
    list = [{ id: "b1", name: "Smith Law" }];
    await loadBusinesses("acct-1");
    expect(business.id).toBeNull();
    expect(inChosenBusiness({ business_id: "b1" })).toBe(true);
  });
});
