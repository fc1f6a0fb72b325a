import { useCallback, useState } from "react";
import { isMessageKey, useI18n } from "../../i18n";
import { command, TableError, type CommandBody, type CommandName, type Ok } from "./socket";

/**
 * Run table commands from a panel: busy while one is in flight, the refusal worded for people.
 * `run` resolves to the command's ack, or null when it was refused (the error is then shown).
 */
export function useCommand() {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async <C extends CommandName>(name: C, body: CommandBody<C>): Promise<Ok<C> | null> => {
      setBusy(true);
      setError(null);
      try {
        return await command(name, body);
      } catch (err) {
        if (err instanceof TableError && err.error === "Timeout") setError(t("play.timeout"));
        else if (err instanceof TableError) {
          const key = `errors.${err.error}`;
          setError(isMessageKey(key) ? t(key) : err.detail || err.error);
        }
        else setError(t("errors.generic"));
        return null;
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  return { run, busy, error };
}
