import { useCallback, useState } from "react";
import { isMessageKey, useI18n } from "../../i18n";
import { command, TableError, type CommandBody, type CommandName } from "./socket";

/** Run table commands from a panel: busy while one is in flight, the refusal worded for people. */
export function useCommand() {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async <C extends CommandName>(name: C, body: CommandBody<C>): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        await command(name, body);
        return true;
      } catch (err) {
        if (err instanceof TableError && err.error === "Timeout") setError(t("play.timeout"));
        else if (err instanceof TableError) {
          const key = `errors.${err.error}`;
          setError(isMessageKey(key) ? t(key) : err.detail || err.error);
        }
        else setError(t("errors.generic"));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  return { run, busy, error };
}
