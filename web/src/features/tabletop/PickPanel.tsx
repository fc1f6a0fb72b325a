import { useState, type FormEvent } from "react";
import { useI18n } from "../../i18n";
import { isPick, type Member, type RoomEvent } from "./events";
import { useCommand } from "./useCommand";

/** The server draws one of the members ticked here (everyone, unless some are unticked). */
export function PickPanel({ roomId, events, members }: { roomId: number; events: RoomEvent[]; members: Member[] }) {
  const { t } = useI18n();
  const { run, busy, error } = useCommand();
  const [left, setLeft] = useState<ReadonlySet<string>>(new Set());
  const candidates = members.map((m) => m.nickname).filter((n) => !left.has(n));
  const picks = events.filter(isPick).slice(-5).reverse();
  const toggle = (nickname: string) => {
    const next = new Set(left);
    if (!next.delete(nickname)) next.add(nickname);
    setLeft(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (candidates.length > 0) void run("pick.random", { room_id: roomId, candidates: candidates.slice(0, 8) });
  };
  return (
    <section className="table-panel glass" aria-labelledby="pick-title">
      <h2 id="pick-title" className="table-panel__title">
        <span aria-hidden="true">✧ </span>
        {t("room.pick")}
      </h2>
      <form className="pick__form" onSubmit={submit}>
        <fieldset className="pick__candidates">
          <legend className="sr-only">{t("room.pickCandidates")}</legend>
          {members.map((m) => (
            <label key={m.nickname} className={left.has(m.nickname) ? undefined : "is-on"}>
              <input type="checkbox" checked={!left.has(m.nickname)} onChange={() => toggle(m.nickname)} />
              {m.nickname}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="btn btn--gold btn--small" disabled={busy || candidates.length === 0}>
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
