import { useState, type FormEvent } from "react";
import { useI18n } from "../../i18n";
import { FormAlert, TextField } from "../../ui/Form";
import { Modal } from "../../ui/Modal";
import type { RoomSummary } from "./queries";

/** The password of a secret room; a refusal (wrong password, too many tries) stays on screen. */
export function JoinDialog({
  room,
  error,
  busy,
  onJoin,
  onClose,
}: {
  room: RoomSummary | null;
  error: string | null;
  busy: boolean;
  onJoin: (password: string) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [password, setPassword] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onJoin(password);
  };
  return (
    <Modal open={room !== null} onClose={onClose} title={t("play.join.title", { title: room?.title ?? "" })} className="table-dialog">
      <form onSubmit={submit} className="form">
        <TextField
          label={t("play.join.password")}
          type="password"
          autoComplete="off"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        <FormAlert message={error} />
        <button type="submit" className="btn btn--gold btn--block" disabled={busy || password.length === 0}>
          {t("play.join.submit")}
        </button>
      </form>
    </Modal>
  );
}
