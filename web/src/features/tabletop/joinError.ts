import { ApiError } from "../../api/client";
import { errorMessage } from "../../api/errors";
import type { MessageKey } from "../../i18n";

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** A refused join, for people: too many wrong passwords says how long to wait; the rest by name. */
export function joinErrorMessage(err: unknown, t: T): string {
  if (err instanceof ApiError && err.status === 429) {
    return err.retryAfter ? t("play.join.wait", { seconds: err.retryAfter }) : t("play.join.waitLater");
  }
  return errorMessage(err, t);
}
