import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { ko, type MessageKey } from "./ko";
import { en } from "./en";

export type Lang = "ko" | "en";
export type { MessageKey };
export const LANGS: readonly Lang[] = ["ko", "en"];
export const catalogs: Record<Lang, Record<MessageKey, string>> = { ko, en };

const STORAGE_KEY = "mygemini.lang";

/** Replace `{name}` placeholders; unknown placeholders are left as they are. */
export function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  return format(catalogs[lang][key] ?? catalogs.ko[key] ?? key, vars);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(ko, key);
}

function isLang(value: unknown): value is Lang {
  return value === "ko" || value === "en";
}

/**
 * Pick the UI language: `?lang=` in the URL (remembered), then the remembered choice, then the
 * browser's languages (Korean first when the browser lists both), then Korean.
 */
export function detectLang(
  search: string,
  stored: string | null,
  navigatorLanguages: readonly string[],
): Lang {
  const fromUrl = new URLSearchParams(search).get("lang");
  if (isLang(fromUrl)) return fromUrl;
  if (isLang(stored)) return stored;
  for (const tag of navigatorLanguages) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLang(base)) return base;
  }
  return "ko";
}

function readStored(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function remember(lang: Lang): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode or disabled storage: the choice simply isn't remembered.
  }
}

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;
interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const detected = detectLang(window.location.search, readStored(), navigator.languages ?? [navigator.language]);
    if (new URLSearchParams(window.location.search).has("lang")) remember(detected);
    return detected;
  });

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    remember(next);
    setLangState(next);
  }, []);

  const value = useMemo<I18nValue>(
    () => ({ lang, setLang, t: (key, vars) => translate(lang, key, vars) }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}
