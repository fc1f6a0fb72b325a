import { useId, useState, type FormEvent } from "react";
import { useI18n } from "../../../i18n";
import type { Member } from "../events";
import { useCommand } from "../useCommand";
import type { TurnEntry, TurnOrder } from "./stageState";

const MAX_ENTRIES = 20;

/** The entries as the command takes them back (the server keeps initiatives it rolled). */
const asInput = (entries: readonly TurnEntry[]) => entries.map((e) => ({ kind: e.kind, name: e.name, initiative: e.initiative }));

/**
 * The turn order (initiative): shown to all with whose turn it is; the GM adds members or NPCs,
 * rolls initiative for everyone (the server's dice) and moves the turn on or back.
 */
export function Turns({ roomId, turns, members, isGm }: { roomId: number; turns: TurnOrder; members: Member[]; isGm: boolean }) {
  const { t } = useI18n();
  const { run, busy, error } = useCommand();
  const [npc, setNpc] = useState("");
  const [who, setWho] = useState("");
  const id = useId();
  const listed = new Set(turns.entries.filter((e) => e.kind === "member").map((e) => e.name));
  const addable = members.filter((m) => !listed.has(m.nickname));
  const pick = addable.some((m) => m.nickname === who) ? who : (addable[0]?.nickname ?? "");
  const full = turns.entries.length >= MAX_ENTRIES;

  const setEntries = (entries: ReturnType<typeof asInput>) => run("turns.set", { room_id: roomId, entries });
  const addNpc = async (e: FormEvent) => {
    e.preventDefault();
    const name = npc.trim();
    if (name && (await setEntries([...asInput(turns.entries), { kind: "npc", name, initiative: null }]))) setNpc("");
  };

  return (
    <section className="table-panel glass turns" aria-labelledby="turns-title">
      <h2 id="turns-title" className="table-panel__title">
        <span aria-hidden="true">⚔ </span>
        {t("stage.turns.title")}
        {turns.round > 0 && <span className="muted"> · {t("stage.turns.round", { round: turns.round })}</span>}
      </h2>
      {turns.entries.length === 0 ? (
        <p className="muted">{isGm ? t("stage.turns.emptyGm") : t("stage.turns.empty")}</p>
      ) : (
        <ol className="turns__list" aria-label={t("stage.turns.order")}>
          {turns.entries.map((e, i) => {
            const current = turns.current === i;
            return (
              <li
                key={`${e.kind}:${e.name}`}
                className={`turns__item${current ? " is-current" : ""}`}
                aria-current={current ? "step" : undefined}
                title={e.roll ?? undefined}
              >
                <span className="turns__name">
                  {e.name} {e.kind === "npc" && <span className="turns__npc">{t("stage.turns.npc")}</span>}
                  {current && <span className="sr-only"> ({t("stage.turns.now")})</span>}
                </span>
                {e.initiative !== null && (
                  <span className="turns__init" aria-label={t("stage.turns.initiative", { value: e.initiative })}>
                    {e.initiative}
                  </span>
                )}
                {isGm && (
                  <button
                    type="button"
                    className="turns__remove"
                    disabled={busy}
                    aria-label={t("stage.turns.remove", { name: e.name })}
                    onClick={() => void setEntries(asInput(turns.entries.filter((_, j) => j !== i)))}
                  >
                    ×
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
      <p className="sr-only" aria-live="polite">
        {turns.current !== null && turns.entries[turns.current] ? t("stage.turns.turnOf", { name: turns.entries[turns.current]!.name }) : ""}
      </p>
      {isGm && (
        <>
          <div className="turns__controls">
            <button type="button" className="btn btn--gold btn--small" disabled={busy || turns.entries.length === 0} onClick={() => void run("turns.roll", { room_id: roomId, expr: "1d20" })}>
              {t("stage.turns.roll")}
            </button>
            <button type="button" className="btn btn--ghost btn--small" disabled={busy || turns.entries.length === 0} onClick={() => void run("turns.next", { room_id: roomId, step: -1 })}>
              ‹ {t("stage.turns.previous")}
            </button>
            <button type="button" className="btn btn--ghost btn--small" disabled={busy || turns.entries.length === 0} onClick={() => void run("turns.next", { room_id: roomId, step: 1 })}>
              {t("stage.turns.next")} ›
            </button>
          </div>
          {addable.length > 0 && (
            <div className="turns__add">
              <label htmlFor={`${id}-member`} className="sr-only">
                {t("stage.turns.member")}
              </label>
              <select id={`${id}-member`} className="table-select" value={pick} disabled={addable.length === 0} onChange={(e) => setWho(e.target.value)}>
                {addable.map((m) => (
                  <option key={m.nickname} value={m.nickname}>
                    {m.nickname}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="btn btn--ghost btn--small"
                disabled={busy || !pick || full}
                onClick={() => void setEntries([...asInput(turns.entries), { kind: "member", name: pick, initiative: null }])}
              >
                {t("stage.turns.addMember")}
              </button>
              <button
                type="button"
                className="btn btn--ghost btn--small"
                disabled={busy || addable.length === 0 || turns.entries.length + addable.length > MAX_ENTRIES}
                onClick={() => void setEntries([...asInput(turns.entries), ...addable.map((m) => ({ kind: "member" as const, name: m.nickname, initiative: null }))])}
              >
                {t("stage.turns.addAll")}
              </button>
            </div>
          )}
          <form className="turns__add" onSubmit={addNpc}>
            <input className="table-input" aria-label={t("stage.turns.npcName")} placeholder={t("stage.turns.npcName")} value={npc} maxLength={30} onChange={(e) => setNpc(e.target.value)} />
            <button type="submit" className="btn btn--ghost btn--small" disabled={busy || !npc.trim() || full}>
              {t("stage.turns.addNpc")}
            </button>
          </form>
        </>
      )}
      {error && (
        <p className="table-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
