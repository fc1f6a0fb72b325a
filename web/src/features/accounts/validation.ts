// Client-side forms that mirror the server's rules (accounts/rules.py and accounts/schemas.py).
// The server stays the judge; these only save a round trip. Messages are i18n keys, translated
// where they are shown, so a language switch re-words an error already on screen.
import { z } from "zod";
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
const message = (key: MessageKey) => ({ message: key, abort: true });

// Each rule stops at its first problem, so a person reads one thing to fix, in this order.
export const nicknameSchema = z
  .string()
  .refine((v) => v.length > 0, message("validation.required"))
  .regex(NICKNAME_CHARS, message("validation.nickname.chars"))
  .refine((v) => !v.startsWith(" ") && !v.endsWith(" ") && !v.includes("  "), message("validation.nickname.spaces"))
  .refine((v) => codePoints(v) >= NICKNAME_MIN && codePoints(v) <= NICKNAME_MAX, message("validation.nickname.length"));

export const passwordSchema = z
  .string()
  .refine((v) => v.length > 0, message("validation.required"))
  .refine((v) => v.length >= PASSWORD_MIN && v.length <= PASSWORD_MAX, message("validation.password.length"))
  .refine((v) => /\p{L}/u.test(v) && /\p{Nd}/u.test(v), message("validation.password.mix"));

/** Trimmed before it is checked and sent. */
export const emailSchema = z
  .string()
  .trim()
  .refine((v) => v.length > 0, message("validation.required"))
  .regex(EMAIL_SHAPE, message("validation.email"));

export const bioSchema = z.string().refine((v) => codePoints(v) <= BIO_MAX, message("validation.bio.length"));

/** Login only asks for a password, not a strong one: old passwords still log in. */
export const loginSchema = z.object({
  email: emailSchema,
  password: z.string().refine((v) => v.length > 0, message("validation.required")),
});

export const signupSchema = z.object({ email: emailSchema, nickname: nicknameSchema, password: passwordSchema });

/** Profile edit: keeping no avatar is allowed (the server leaves it as it is). */
export const profileSchema = z.object({
  nickname: nicknameSchema,
  bio: bioSchema,
  avatar: z.string().max(AVATAR_ID_MAX).nullable(),
});

/** Onboarding: a starter avatar is required. */
export const onboardingSchema = profileSchema.extend({
  avatar: z
    .string()
    .max(AVATAR_ID_MAX)
    .nullable()
    .refine((v) => v !== null && v.length > 0, message("validation.avatar")),
});

export type LoginValues = z.input<typeof loginSchema>;
export type SignupValues = z.input<typeof signupSchema>;
export type ProfileValues = z.input<typeof profileSchema>;

/** The first problem the schema finds with `value` (an i18n key), or null if it passes. */
export function problemWith(schema: z.ZodType, value: unknown): MessageKey | null {
  const result = schema.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message as MessageKey);
}
