import { useState, type FormEvent } from "react";
import { useI18n } from "../../i18n";
import { isPick, type RoomEvent } from "./events";
import { useCommand } from "./useCommand";

/** Let the server pick one of several names (comma or line separated). */
export function PickPanel({ roomId, events }: { roomId: number; events: RoomEvent[] }) {
  const { t } = useI18n();
  const { run, busy, error } = useCommand();
  const [text, setText] = useState("");
  const candidates = text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);
  const picks = events.filter(isPick).slice(-5).reverse();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (candidates.length < 2) return;
    if (await run("pick.random", { room_id: roomId, candidates })) setText("");
  };
  return (
    <section className="table-panel glass" aria-labelledby="pick-title">
      <h2 id="pick-title" className="table-panel__title">
        <span aria-hidden="true">✧ </span>
        {t("room.pick")}
      </h2>
      <form className="pick__form" onSubmit={submit}>
        <input className="table-input" aria-label={t("room.pickCandidates")} placeholder={t("room.pickHint")} value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit" className="btn btn--gold btn--small" disabled={busy || candidates.length < 2}>
          {t("room.pickRun")}
        </button>
      </form>
      {error && (
        <p className="table-error" role="alert">
          {error}
        </p>
      )}
      <ol className="pick__history" aria-label={t("room.pickHistory")}>
        {picks.map((e) => (
          <li key={e.seq}>
            <span className="muted">{e.payload.candidates.join(", ")} →</span> <strong className="pick__picked">{e.payload.picked}</strong>
          </li>
        ))}
      </ol>
    </section>
  );
}
