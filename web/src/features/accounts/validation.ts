// Client-side hints that mirror the server's rules. The server stays the judge; these only save a round trip.
import type { MessageKey } from "../../i18n";

// Hangul syllables and compatibility jamo, Latin letters, digits, underscore, space.
const NICKNAME_CHARS = /^[0-9A-Za-z_\u3131-\u318E\uAC00-\uD7A3 ]*$/;

export function nicknameProblem(nickname: string): MessageKey | null {
  const length = [...nickname].length;
  if (length === 0) return "validation.required";
  if (!NICKNAME_CHARS.test(nickname)) return "validation.nickname.chars";
  if (nickname.startsWith(" ") || nickname.endsWith(" ") || nickname.includes("  ")) {
    return "validation.nickname.spaces";
  }
  if (length < 2 || length > 20) return "validation.nickname.length";
  return null;
}

export function passwordProblem(password: string): MessageKey | null {
  if (password.length === 0) return "validation.required";
  if (password.length < 8 || password.length > 128) return "validation.password.length";
  if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password)) return "validation.password.mix";
  return null;
}

export function emailProblem(email: string): MessageKey | null {
  if (email.trim().length === 0) return "validation.required";
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) return "validation.email";
  return null;
}

export const BIO_MAX = 255;

export function bioProblem(bio: string): MessageKey | null {
  return [...bio].length > BIO_MAX ? "validation.bio.length" : null;
}
