import { isMessageKey, type MessageKey } from "../i18n";
import { ApiError } from "./client";

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** A wait in whole minutes, rounded up (a person is told "1 minute", never "0 minutes" or "37 seconds"). */
export function waitMinutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}

/** Is this an error the app words itself (so the server's English detail adds nothing)? */
export function isKnownError(error: unknown): boolean {
  return error instanceof ApiError && (isMessageKey(`errors.${error.error}`) || error.status === 0);
}

/** A user-facing message for an error: a translation for known error names, else the server's detail. */
export function errorMessage(error: unknown, t: T): string {
  if (error instanceof ApiError) {
    if (error.error === "TooManyAttempts" && error.retryAfter) {
      const minutes = waitMinutes(error.retryAfter);
      const wait = minutes === 1 ? t("time.minute") : t("time.minutes", { count: minutes });
      return t("errors.TooManyAttemptsWait", { wait });
    }
    const key = `errors.${error.error}`;
    if (isMessageKey(key)) return t(key);
    if (error.status === 401) return t("errors.Unauthorized");
    if (error.detail) return error.detail;
  }
  return t("errors.generic");
}
