import { describe, expect, it } from "vitest";
import { catalogs, detectLang, format, LANGS, translate } from ".";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message catalogs", () => {
  const keys = new Set(LANGS.flatMap((lang) => Object.keys(catalogs[lang])));

  it.each(LANGS)("%s has every key with a non-empty message", (lang) => {
    for (const key of keys) {
      const message = (catalogs[lang] as Record<string, string>)[key];
      expect(message, `${lang} is missing ${key}`).toBeTypeOf("string");
      expect(message!.trim(), `${lang}.${key} is empty`).not.toBe("");
    }
  });

  it("uses the same placeholders in both languages", () => {
    for (const key of keys) {
      const ko = (catalogs.ko as Record<string, string>)[key]!;
      const en = (catalogs.en as Record<string, string>)[key]!;
      expect(placeholders(en), key).toEqual(placeholders(ko));
    }
  });

  it("has a translation for each error name the server is known to send", () => {
    for (const name of ["EmailTaken", "NicknameTaken", "InvalidCredentials", "TooManyAttempts"]) {
      expect(keys.has(`errors.${name}`), name).toBe(true);
    }
  });
});

describe("format / translate", () => {
  it("fills placeholders and leaves unknown ones alone", () => {
    expect(format("{a} and {b}", { a: 1 })).toBe("1 and {b}");
    expect(translate("en", "home.welcome", { nickname: "별" })).toBe("Welcome back, 별");
    expect(translate("ko", "home.stars", { count: 3 })).toBe("별조각 3개");
  });
});

describe("detectLang", () => {
  it("prefers ?lang=, then the stored choice, then the browser, then Korean", () => {
    expect(detectLang("?lang=en", "ko", ["ko-KR"])).toBe("en");
    expect(detectLang("?lang=fr", "en", ["ko-KR"])).toBe("en");
    expect(detectLang("", null, ["fr-FR", "en-US", "ko"])).toBe("en");
    expect(detectLang("", null, ["ko-KR", "en-US"])).toBe("ko");
    expect(detectLang("", "de", ["fr"])).toBe("ko");
  });
});
