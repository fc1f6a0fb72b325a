// Client-side forms that mirror the server's rules (accounts/rules.py and accounts/schemas.py).
// The server stays the judge; these only save a round trip. Messages are i18n keys, translated
// where they are shown, so a language switch re-words an error already on screen.
// zod/mini: the same checks as zod, in a fraction of the bundle.
import { z } from "zod/mini";
import type { MessageKey } from "../../i18n";

// Hangul syllables and compatibility jamo, Latin letters, digits, underscore, space.
const NICKNAME_CHARS = /^[0-9A-Za-z_\u3131-\u318E\uAC00-\uD7A3 ]*$/;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const NICKNAME_MIN = 2;
export const NICKNAME_MAX = 20;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const BIO_MAX = 255;
/** The server's limit on a starter avatar id (MeUpdate.avatar). */
const AVATAR_ID_MAX = 64;

const codePoints = (text: string) => [...text].length;
/** A rule that, when broken, is the only problem reported for its field. */
const rule = (ok: (value: string) => boolean, key: MessageKey) => z.refine<string>(ok, { message: key, abort: true });

// Each field stops at its first problem, so a person reads one thing to fix, in this order.
export const nicknameSchema = z.string().check(
  rule((v) => v.length > 0, "validation.required"),
  rule((v) => NICKNAME_CHARS.test(v), "validation.nickname.chars"),
  rule((v) => !v.startsWith(" ") && !v.endsWith(" ") && !v.includes("  "), "validation.nickname.spaces"),
  rule((v) => codePoints(v) >= NICKNAME_MIN && codePoints(v) <= NICKNAME_MAX, "validation.nickname.length"),
);

export const passwordSchema = z.string().check(
  rule((v) => v.length > 0, "validation.required"),
  rule((v) => v.length >= PASSWORD_MIN && v.length <= PASSWORD_MAX, "validation.password.length"),
  rule((v) => /\p{L}/u.test(v) && /\p{Nd}/u.test(v), "validation.password.mix"),
);

/** Trimmed before it is checked and sent. */
export const emailSchema = z.string().check(
  z.trim(),
  rule((v) => v.length > 0, "validation.required"),
  rule((v) => EMAIL_SHAPE.test(v), "validation.email"),
);

export const bioSchema = z.string().check(rule((v) => codePoints(v) <= BIO_MAX, "validation.bio.length"));

/** Login only asks for a password, not a strong one: old passwords still log in. */
export const loginSchema = z.object({
  email: emailSchema,
  password: z.string().check(rule((v) => v.length > 0, "validation.required")),
});

export const signupSchema = z.object({ email: emailSchema, nickname: nicknameSchema, password: passwordSchema });

/** Profile edit: keeping no avatar is allowed (the server leaves it as it is). */
export const profileSchema = z.object({
  nickname: nicknameSchema,
  bio: bioSchema,
  avatar: z.nullable(z.string().check(z.maxLength(AVATAR_ID_MAX))),
});

/** Onboarding: a starter avatar is required. */
export const onboardingSchema = z.extend(profileSchema, {
  avatar: z.nullable(z.string().check(z.maxLength(AVATAR_ID_MAX))).check(
    z.refine((v) => v !== null && v.length > 0, { message: "validation.avatar" }),
  ),
});

export type LoginValues = z.input<typeof loginSchema>;
export type SignupValues = z.input<typeof signupSchema>;
export type ProfileValues = z.input<typeof profileSchema>;

/** The first problem the schema finds with `value` (an i18n key), or null if it passes. */
export function problemWith(schema: z.ZodMiniType, value: unknown): MessageKey | null {
  const result = schema.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message as MessageKey);
}
