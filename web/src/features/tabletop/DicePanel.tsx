import { useState, type FormEvent } from "react";
import { useI18n } from "../../i18n";
import { dieFace, isDice, type RoomEvent } from "./events";
import { useCommand } from "./useCommand";

const QUICK = [4, 6, 8, 10, 12, 20, 100] as const;
type Visibility = "public" | "gm" | "self";
const VISIBILITIES: readonly Visibility[] = ["public", "gm", "self"];

/** Roll on the server: an expression or a quick die, seen by all, by the GM, or by me alone. */
export function DicePanel({ roomId, events }: { roomId: number; events: RoomEvent[] }) {
  const { t } = useI18n();
  const { run, busy, error } = useCommand();
  const [expr, setExpr] = useState("1d20");
  const [visibility, setVisibility] = useState<Visibility>("public");
  const rolls = events.filter(isDice).slice(-12).reverse();
  const roll = (expression: string) => void run("dice.roll", { room_id: roomId, expr: expression, visibility });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (expr.trim()) roll(expr.trim());
  };
  return (
    <section className="table-panel glass dice" aria-labelledby="dice-title">
      <h2 id="dice-title" className="table-panel__title">
        <span aria-hidden="true">⚄ </span>
        {t("room.dice")}
      </h2>
      <form className="dice__form" onSubmit={submit}>
        <input className="table-input" aria-label={t("room.diceExpr")} value={expr} maxLength={100} onChange={(e) => setExpr(e.target.value)} />
        <button type="submit" className="btn btn--gold btn--small" disabled={busy}>
          {t("room.roll")}
        </button>
      </form>
      <div className="dice__quick" role="group" aria-label={t("room.quickDice")}>
        {QUICK.map((sides) => (
          <button key={sides} type="button" className="dice__chip" disabled={busy} onClick={() => roll(`1d${sides}`)} aria-label={t("room.rollOne", { sides })}>
            d{sides}
          </button>
        ))}
      </div>
      <fieldset className="dice__vis">
        <legend className="sr-only">{t("room.visibility")}</legend>
        {VISIBILITIES.map((v) => (
          <label key={v} className={visibility === v ? "is-on" : undefined}>
            <input type="radio" name="dice-visibility" value={v} checked={visibility === v} onChange={() => setVisibility(v)} />
            {t(`room.vis.${v}`)}
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="table-error" role="alert">
          {error}
        </p>
      )}
      <ol className="dice__history" aria-label={t("room.diceHistory")}>
        {rolls.map((e) => (
          <li key={e.seq} className="dice__roll">
            <span className="dice__who">
              {e.author?.nickname} · <code>{e.payload.expr}</code>
              {e.payload.visibility !== "public" && <span className="badge dice__badge">{t(`room.vis.${e.payload.visibility}`)}</span>}
            </span>
            <span className="dice__faces" role="group" aria-label={t("room.faces")}>
              {e.payload.dice.map((d, i) => {
                const face = dieFace(d);
                return (
                  <span key={i} className={`die${d.kept ? "" : " die--dropped"}${d.sides === 6 ? " die--pips" : ""}`} role="img" aria-label={face.label}>
                    {face.glyph}
                  </span>
                );
              })}
            </span>
            <span className="dice__total">
              {t("room.total")} <strong>{e.payload.total}</strong>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
