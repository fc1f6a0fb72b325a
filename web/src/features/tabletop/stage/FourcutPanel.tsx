import { useState, type FormEvent } from "react";
import { useI18n } from "../../../i18n";
import type { Member } from "../events";
import { useCommand } from "../useCommand";
import type { Fourcut } from "./stageState";

export const POSE_SETS = ["sample", "shooting", "victory", "squad"] as const;
type PoseSet = (typeof POSE_SETS)[number];
const MAX_MEMBERS = 4;

function Result({ cut, title }: { cut: Fourcut; title: string }) {
  const { t } = useI18n();
  const [layout, setLayout] = useState<"grid" | "strip">("grid");
  if (cut.status !== "ready") {
    const pct = cut.total > 0 ? Math.round((cut.done / cut.total) * 100) : 0;
    return (
      <li className="fourcut__strip" data-fourcut-id={cut.fourcut_id} data-status={cut.status}>
        <p className="fourcut__progress">
          {cut.status === "failed"
            ? t("stage.fourcut.failed")
            : cut.status === "composing"
              ? t("stage.fourcut.composing")
              : t("stage.fourcut.shooting", { done: cut.done, total: cut.total })}
        </p>
        {cut.status !== "failed" && (
          <div className="meter" role="progressbar" aria-label={t("stage.fourcut.progress")} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
            <span className="meter__fill" style={{ width: `${Math.max(pct, 4)}%` }} />
          </div>
        )}
      </li>
    );
  }
  const src = layout === "grid" ? cut.image_url : cut.strip_url;
  return (
    <li className="fourcut__strip" data-fourcut-id={cut.fourcut_id} data-status="ready">
      <figure className="fourcut__figure">
        <img src={src ?? ""} alt={t("stage.fourcut.alt", { title })} className={layout === "strip" ? "is-strip" : undefined} />
      </figure>
      <div className="fourcut__links">
        <div className="dice__vis" role="group" aria-label={t("stage.fourcut.layout")}>
          {(["grid", "strip"] as const).map((l) => (
            <button key={l} type="button" className="btn btn--ghost btn--small" aria-pressed={layout === l} onClick={() => setLayout(l)}>
              {t(`stage.fourcut.${l}`)}
            </button>
          ))}
        </div>
        {cut.image_url && (
          <a className="btn btn--ghost btn--small" href={cut.image_url} download={`fourcut-${cut.fourcut_id}-2x2.png`}>
            {t("stage.fourcut.downloadGrid")}
          </a>
        )}
        {cut.strip_url && (
          <a className="btn btn--ghost btn--small" href={cut.strip_url} download={`fourcut-${cut.fourcut_id}-1x4.png`}>
            {t("stage.fourcut.downloadStrip")}
          </a>
        )}
      </div>
    </li>
  );
}

/**
 * The life four-cut (인생네컷): anyone picks up to four members and a pose set; four frames are
 * drawn with each as their chosen character over the current scene and composed into a strip that
 * everyone in the room sees, and that goes to each pictured member's memories.
 */
export function FourcutPanel({ roomId, members, fourcuts, roomTitle }: { roomId: number; members: Member[]; fourcuts: Fourcut[]; roomTitle: string }) {
  const { t } = useI18n();
  const { run, busy, error } = useCommand();
  const [chosen, setChosen] = useState<string[]>([]);
  const [pose, setPose] = useState<PoseSet>("sample");
  const picked = chosen.filter((n) => members.some((m) => m.nickname === n));
  const toggle = (nickname: string, on: boolean) =>
    setChosen((c) => (on ? (c.includes(nickname) || c.length >= MAX_MEMBERS ? c : [...c, nickname]) : c.filter((n) => n !== nickname)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (picked.length === 0) return;
    await run("fourcut.request", { room_id: roomId, members: picked, pose_set: pose });
  };
  const shown = [...fourcuts].reverse().slice(0, 3);
  return (
    <section className="table-panel glass fourcut" aria-labelledby="fourcut-title">
      <h2 id="fourcut-title" className="table-panel__title">
        <span aria-hidden="true">▦ </span>
        {t("stage.fourcut.title")}
      </h2>
      <form onSubmit={submit}>
        <fieldset className="fourcut__members">
          <legend className="sr-only">{t("stage.fourcut.who")}</legend>
          <p className="muted fourcut__hint">
            {t("stage.fourcut.whoHint", { max: MAX_MEMBERS })}
          </p>
          {members.map((m) => {
            const on = picked.includes(m.nickname);
            return (
              <label key={m.nickname} className={on ? "is-on" : undefined}>
                <input type="checkbox" checked={on} disabled={!on && picked.length >= MAX_MEMBERS} onChange={(e) => toggle(m.nickname, e.target.checked)} />
                {m.nickname}
              </label>
            );
          })}
        </fieldset>
        <fieldset className="fourcut__poses">
          <legend className="sr-only">{t("stage.fourcut.poses")}</legend>
          {POSE_SETS.map((p) => (
            <label key={p} className={pose === p ? "is-on" : undefined}>
              <input type="radio" name="fourcut-pose" value={p} checked={pose === p} onChange={() => setPose(p)} />
              {t(`stage.pose.${p}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="btn btn--gold btn--small" disabled={busy || picked.length === 0}>
          {t("stage.fourcut.take")}
        </button>
      </form>
      {error && (
        <p className="table-error" role="alert">
          {error}
        </p>
      )}
      {shown.length > 0 && (
        <ul className="fourcut__results" aria-label={t("stage.fourcut.results")} aria-live="polite">
          {shown.map((c) => (
            <Result key={c.fourcut_id} cut={c} title={roomTitle} />
          ))}
        </ul>
      )}
    </section>
  );
}
