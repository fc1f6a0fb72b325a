import { useId, useState, type FormEvent } from "react";
import { useI18n } from "../../../i18n";
import type { Member } from "../events";
import { useCommand } from "../useCommand";
import type { Sheet } from "./stageState";

const MAX_STATS = 6;

function HpBar({ hp, max, label }: { hp: number; max: number; label: string }) {
  const pct = max > 0 ? Math.max(0, Math.min(100, (hp / max) * 100)) : 0;
  return (
    <div className="hp">
      <div className="hp__bar" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={Math.max(0, Math.min(hp, max))} aria-valuetext={`${hp} / ${max}`}>
        <span className={`hp__fill${pct > 50 ? " is-ok" : ""}`} style={{ width: `${pct}%` }} />
      </div>
      <span className="hp__text">
        HP {hp} / {max}
      </span>
    </div>
  );
}

type Draft = { name: string; hp: string; hp_max: string; stats: { name: string; value: string }[]; notes: string };

const draftOf = (s: Sheet): Draft => ({
  name: s.name,
  hp: String(s.hp),
  hp_max: String(s.hp_max),
  stats: (s.stats ?? []).map((st) => ({ name: st.name, value: String(st.value) })),
  notes: s.notes ?? "",
});

function SheetForm({ roomId, sheet, onDone }: { roomId: number; sheet: Sheet; onDone: () => void }) {
  const { t } = useI18n();
  const { run, busy, error } = useCommand();
  const [draft, setDraft] = useState<Draft>(() => draftOf(sheet));
  const id = useId();
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const stats = draft.stats.filter((s) => s.name.trim()).map((s) => ({ name: s.name.trim(), value: Math.trunc(Number(s.value) || 0) }));
    const patch = {
      name: draft.name.trim() || sheet.name,
      hp: Math.trunc(Number(draft.hp) || 0),
      hp_max: Math.max(1, Math.trunc(Number(draft.hp_max) || 1)),
      stats,
      notes: draft.notes,
    };
    if (await run("sheet.update", { room_id: roomId, nickname: sheet.nickname, patch })) onDone();
  };
  return (
    <form className="sheet-form" onSubmit={submit} aria-label={t("stage.sheet.editOf", { nickname: sheet.nickname })}>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t("stage.sheet.name")}</label>
        <input id={`${id}-name`} className="table-input" value={draft.name} maxLength={40} onChange={(e) => set({ name: e.target.value })} />
      </div>
      <div className="sheet-form__pair">
        <div className="field">
          <label htmlFor={`${id}-hp`}>{t("stage.sheet.hp")}</label>
          <input id={`${id}-hp`} className="table-input" type="number" min={-9999} max={9999} value={draft.hp} onChange={(e) => set({ hp: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-max`}>{t("stage.sheet.hpMax")}</label>
          <input id={`${id}-max`} className="table-input" type="number" min={1} max={9999} value={draft.hp_max} onChange={(e) => set({ hp_max: e.target.value })} />
        </div>
      </div>
      <fieldset className="field">
        <legend>{t("stage.sheet.stats")}</legend>
        {draft.stats.map((st, i) => (
          <div key={i} className="sheet-form__stat">
            <input
              className="table-input"
              aria-label={t("stage.sheet.statName", { n: i + 1 })}
              value={st.name}
              maxLength={16}
              onChange={(e) => set({ stats: draft.stats.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })}
            />
            <input
              className="table-input"
              type="number"
              min={-999}
              max={999}
              aria-label={t("stage.sheet.statValue", { n: i + 1 })}
              value={st.value}
              onChange={(e) => set({ stats: draft.stats.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)) })}
            />
            <button type="button" className="turns__remove" aria-label={t("stage.sheet.statRemove", { n: i + 1 })} onClick={() => set({ stats: draft.stats.filter((_, j) => j !== i) })}>
              ×
            </button>
          </div>
        ))}
        {draft.stats.length < MAX_STATS && (
          <button type="button" className="btn btn--ghost btn--small" onClick={() => set({ stats: [...draft.stats, { name: "", value: "10" }] })}>
            + {t("stage.sheet.statAdd")}
          </button>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-notes`}>{t("stage.sheet.notes")}</label>
        <textarea id={`${id}-notes`} className="table-input" value={draft.notes} maxLength={2000} onChange={(e) => set({ notes: e.target.value })} />
      </div>
      <div className="vote__row">
        <button type="submit" className="btn btn--gold btn--small" disabled={busy}>
          {t("stage.sheet.save")}
        </button>
        <button type="button" className="btn btn--ghost btn--small" onClick={onDone}>
          {t("stage.cancel")}
        </button>
      </div>
      {error && (
        <p className="table-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/**
 * The party's character sheets: everyone sees names and HP; the owner and the GM see the stats and
 * notes (the server sends those only to them) and edit.
 */
export function Sheets({ roomId, sheets, members, me, isGm }: { roomId: number; sheets: Sheet[]; members: Member[]; me: string; isGm: boolean }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<string | null>(null);
  // Every member has a line; one without a sheet yet shows a blank one to start from.
  const shown = members.map(
    (m): Sheet & { blank: boolean } => {
      const found = sheets.find((s) => s.nickname === m.nickname);
      return found
        ? { ...found, blank: false }
        : { nickname: m.nickname, name: m.character?.name || m.nickname, hp: 10, hp_max: 10, stats: [], notes: "", blank: true };
    },
  );
  return (
    <section className="table-panel glass sheets" aria-labelledby="sheets-title">
      <h2 id="sheets-title" className="table-panel__title">
        {t("stage.sheet.title")}
      </h2>
      {shown.length === 0 ? (
        <p className="muted">{t("stage.sheet.empty")}</p>
      ) : (
        <ul className="sheets__list">
          {shown.map((s) => {
            const mayEdit = isGm || s.nickname === me;
            return (
              <li key={s.nickname} className="sheet" aria-label={t("stage.sheet.of", { name: s.name, nickname: s.nickname })}>
                <div className="sheet__head">
                  <span className="sheet__name">{s.name}</span>
                  {s.name !== s.nickname && <span className="sheet__who">{s.nickname}</span>}
                </div>
                {s.blank ? <p className="muted">{t("stage.sheet.none")}</p> : <HpBar hp={s.hp} max={s.hp_max} label={t("stage.sheet.hpOf", { name: s.name })} />}
                {s.stats && s.stats.length > 0 && (
                  <ul className="sheet__stats" aria-label={t("stage.sheet.stats")}>
                    {s.stats.map((st) => (
                      <li key={st.name}>
                        {st.name} <strong>{st.value}</strong>
                      </li>
                    ))}
                  </ul>
                )}
                {s.notes && <p className="sheet__notes">{s.notes}</p>}
                {mayEdit &&
                  (editing === s.nickname ? (
                    <SheetForm key={s.nickname} roomId={roomId} sheet={s} onDone={() => setEditing(null)} />
                  ) : (
                    <button type="button" className="btn btn--ghost btn--small" onClick={() => setEditing(s.nickname)}>
                      {s.blank ? t("stage.sheet.create") : t("stage.sheet.edit")}
                    </button>
                  ))}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
