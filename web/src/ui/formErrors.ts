// Between react-hook-form and what a person reads: zod messages are i18n keys, server refusals
// are already worded.
import type { FieldError, FieldValues, Path, UseFormSetError } from "react-hook-form";
import { ApiError } from "../api/client";
import { errorMessage } from "../api/errors";
import { isMessageKey, type MessageKey } from "../i18n";

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** The text of a field's error: a schema's i18n key translated, a server's message as it is. */
export function fieldError(error: FieldError | undefined, t: Translate): string | null {
  const message = error?.message;
  if (!message) return null;
  return isMessageKey(message) ? t(message) : message;
}

/**
 * Show a failed submit: a refusal that names a field (`EmailTaken` → the email field) goes on that
 * field; anything else becomes the form's alert (`errors.root.server`).
 */
export function showServerError<T extends FieldValues>(
  err: unknown,
  setError: UseFormSetError<T>,
  t: Translate,
  fields: Partial<Record<string, Path<T>>> = {},
): void {
  const field = err instanceof ApiError ? fields[err.error] : undefined;
  const message = errorMessage(err, t);
  if (field) setError(field, { type: "server", message }, { shouldFocus: true });
  else setError("root.server", { type: "server", message });
}
