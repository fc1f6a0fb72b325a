import { describe, expect, it } from "vitest";
import { formatKrw, paymentPage } from "./money";

describe("wallet money", () => {
  it("writes won the way each language does", () => {
    expect(formatKrw(9900, "ko")).toBe("9,900원");
    expect(formatKrw(27000, "en")).toBe("₩27,000");
  });

  it("sends a phone to KakaoPay's mobile page and a computer to its PC page", () => {
    const started = { redirect_url: "https://pay/pc", redirect_mobile_url: "https://pay/m" };
    expect(paymentPage(started, true)).toBe("https://pay/m");
    expect(paymentPage(started, false)).toBe("https://pay/pc");
  });
});
