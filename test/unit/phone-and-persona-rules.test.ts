import { describe, expect, it } from "vitest";
import { charCount, newPersonaId, unstorableText } from "../../core/personas/rules.ts";
import { maskPhone, parsePhone } from "../../core/phone.ts";

const ALLOWED = ["US", "CA", "GB", "IL", "DE"];

describe("parsePhone", () => {
  it("parses national and international input to E.164", () => {
    expect(parsePhone("(415) 555-0142", "US", ALLOWED)).toMatchObject({ ok: true, e164: "+14155550142", country: "US" });
    expect(parsePhone("+44 7400 123456", "", ALLOWED)).toMatchObject({ ok: true, e164: "+447400123456", country: "GB" });
    expect(parsePhone("030 901820", "DE", ALLOWED)).toMatchObject({ ok: true, country: "DE" });
  });

  it("goes by the number's own country and the allow-list", () => {
    expect(parsePhone("876 555 1234", "US", ALLOWED)).toMatchObject({ ok: false, code: "country_not_allowed" });
    expect(parsePhone("+33 6 12 34 56 78", "", ALLOWED)).toMatchObject({ ok: false, code: "country_not_allowed" });
  });

  it("refuses premium-rate, toll-free and shared-cost ranges", () => {
    expect(parsePhone("+1 900 555 1234", "", ALLOWED)).toMatchObject({ ok: false, code: "number_type_refused", message: expect.stringMatching(/premium/) });
    expect(parsePhone("800 555 1234", "US", ALLOWED)).toMatchObject({ ok: false, code: "number_type_refused", message: expect.stringMatching(/toll-free/) });
    expect(parsePhone("+44 909 879 0123", "", ALLOWED)).toMatchObject({ ok: false, code: "number_type_refused" });
    expect(parsePhone("+44 845 464 0000", "", ALLOWED)).toMatchObject({ ok: false, code: "number_type_refused" });
  });

  it("explains malformed input", () => {
    expect(parsePhone("call me", "US", ALLOWED)).toMatchObject({ ok: false, code: "invalid_number" });
    expect(parsePhone("415", "US", ALLOWED)).toMatchObject({ ok: false, code: "invalid_number" });
    expect(parsePhone("4155550142", "XX", ALLOWED)).toMatchObject({ ok: false, code: "invalid_number" });
  });

  it("masks a number for display", () => {
    expect(maskPhone("+14155550142")).toBe("+14•••0142");
  });
});

describe("persona text rules", () => {
  it("counts characters as people do", () => {
    expect(charCount("😀😀")).toBe(2);
    expect(charCount("שלום")).toBe(4);
  });

  it("refuses only what Postgres can't store exactly", () => {
    expect(unstorableText(`! " \\ { } 😀 שלום`)).toBeUndefined();
    expect(unstorableText("a\u0000b")).toMatch(/NUL/);
    expect(unstorableText("a\ud800b")).toMatch(/surrogate/);
    expect(unstorableText("\udc00")).toMatch(/surrogate/);
    expect(unstorableText("\ud83d\ude00")).toBeUndefined();
  });

  it("makes ids the personas table accepts", () => {
    expect(newPersonaId()).toMatch(/^[a-z0-9_-]{3,64}$/);
  });
});
