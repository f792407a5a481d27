import { describe, expect, it } from "vitest";
import { formatMoney, formatNumber, plural, pluralCategory, setLocale, usable } from "./locale";
import { COUNTS } from "./strings";

describe("numbers and money", () => {
  it("follow the locale's separators and currency placement", () => {
    expect(formatNumber(1234.5)).toBe("1,234.5");
    expect(formatNumber(1234.5, {}, "de-DE")).toBe("1.234,5");
    expect(formatMoney(12.5, "USD")).toBe("$12.50");
    expect(formatMoney(12.5, "USD", "de-DE")).toBe("12,50\u00a0$");
  });
});

describe("plurals", () => {
  it("pick the form by the locale's rules, with the number as the locale writes it", () => {
    expect(plural(1, { one: "{n} row", other: "{n} rows" })).toBe("1 row");
    expect(plural(0, { one: "{n} row", other: "{n} rows" })).toBe("0 rows");
    expect(plural(1200, { one: "{n} row", other: "{n} rows" })).toBe("1,200 rows");
    expect(COUNTS.rows(1200, "de-DE")).toBe("1.200 rows");
  });
  it("offer a translation the categories its language has", () => {
    // Polish has "few" and "many" as well as "one" and "other".
    expect([1, 3, 5].map((n) => pluralCategory(n, "pl"))).toEqual(["one", "few", "many"]);
    const pliki = { one: "{n} plik", few: "{n} pliki", many: "{n} plików", other: "{n} pliku" };
    expect([1, 3, 5].map((n) => plural(n, pliki, "pl"))).toEqual(["1 plik", "3 pliki", "5 plików"]);
  });
});

describe("the system's locale", () => {
  it("falls back to en-US when the webview reports one Intl rejects (POSIX 'C' with LANG unset)", () => {
    expect(usable("C")).toBe("en-US");
    expect(usable("POSIX")).toBe("en-US");
    expect(usable("")).toBe("en-US");
    expect(usable("de-DE")).toBe("de-DE");
    setLocale("C");
    expect(formatNumber(1234.5)).toBe("1,234.5");
    setLocale("en-US");
  });
});
