import { isMessageKey, type MessageKey } from "../i18n";
import { ApiError } from "./client";

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** A user-facing message for an error: a translation for known error names, else the server's detail. */
export function errorMessage(error: unknown, t: T): string {
  if (error instanceof ApiError) {
    if (error.error === "TooManyAttempts" && error.retryAfter) {
      return t("errors.TooManyAttemptsRetry", { seconds: error.retryAfter });
    }
    const key = `errors.${error.error}`;
    if (isMessageKey(key)) return t(key);
    if (error.status === 401) return t("errors.Unauthorized");
    if (error.detail) return error.detail;
  }
  return t("errors.generic");
}
