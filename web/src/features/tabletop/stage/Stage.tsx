import { useEffect, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useI18n } from "../../../i18n";
import { DialogueBox } from "../DialogueBox";
import type { Member, RoomEvent } from "../events";
import { useCommand } from "../useCommand";
import { Backdrop } from "./Backdrop";
import { useScenePresets } from "./queries";
import { ScenePicker } from "./ScenePicker";
import type { SceneJob, StageState } from "./stageState";

/** How long the end of a drawing (ready, failed, cancelled) stays on the stage. */
const ENDED_SHOWN_MS = 8_000;

/** The scene's name for people: a preset's name in my language, or the words it was drawn from. */
export function useSceneName(scene: StageState["scene"]): string | null {
  const { lang } = useI18n();
  const presets = useScenePresets();
  if (!scene) return null;
  if (scene.kind === "preset") {
    const p = presets.data?.find((x) => x.id === scene.preset);
    return p ? (lang === "ko" ? p.name_ko : p.name_en) : scene.preset;
  }
  return scene.description;
}

/** The picture of the scene; with none chosen yet, the built-in night sky. */
export function useSceneUrl(scene: StageState["scene"]): string | null {
  const presets = useScenePresets();
  return scene?.image_url ?? presets.data?.find((p) => p.id === "night_sky")?.image_url ?? null;
}

function Job({ job, roomId, canCancel }: { job: SceneJob; roomId: number; canCancel: boolean }) {
  const { t } = useI18n();
  const { run, busy } = useCommand();
  const pct = Math.round(Math.max(0, Math.min(1, job.progress)) * 100);
  const failed = job.status === "failed" || job.status === "cancelled";
  const drawing = job.status === "queued" || job.status === "running";
  return (
    <li className={`stage__job${failed ? " is-failed" : ""}`} data-job-id={job.job_id} data-status={job.status}>
      <p>
        {job.status === "queued" && t("stage.scene.queued", { description: job.description })}
        {job.status === "running" && t("stage.scene.drawing", { description: job.description, percent: pct })}
        {job.status === "succeeded" && t("stage.scene.drawn", { description: job.description })}
        {job.status === "failed" && t("stage.scene.failed", { description: job.description })}
        {job.status === "cancelled" && t("stage.scene.cancelled", { description: job.description })}
      </p>
      {drawing && (
        <div className="meter" role="progressbar" aria-label={t("stage.scene.progress", { description: job.description })} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
          <span className="meter__fill" style={{ width: `${Math.max(pct, 4)}%` }} />
        </div>
      )}
      {drawing && canCancel && (
        <button type="button" className="btn btn--ghost btn--small" disabled={busy} onClick={() => void run("scene.cancel", { room_id: roomId, job_id: job.job_id })}>
          {t("stage.scene.cancel")}
        </button>
      )}
    </li>
  );
}

/**
 * The stage: the room's scene large (and blurred behind the whole room), the story's dialogue box
 * over its foot, the scene's name, its picker for those allowed, and backgrounds being drawn.
 */
export function Stage({
  roomId,
  stage,
  events,
  members,
  isGm,
}: {
  roomId: number;
  stage: StageState;
  events: RoomEvent[];
  members: Member[];
  isGm: boolean;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [picking, setPicking] = useState(false);
  const canSet = isGm || stage.sceneByAnyone;
  const url = useSceneUrl(stage.scene);
  const name = useSceneName(stage.scene);
  // The shown jobs: those drawing, and for a few seconds how each ended.
  const [gone, setGone] = useState<ReadonlySet<number>>(new Set());
  const endedIds = stage.jobs.filter((j) => j.status !== "queued" && j.status !== "running").map((j) => j.job_id);
  const ended = endedIds.length;
  const fresh = endedIds.filter((id) => !gone.has(id)).join(",");
  useEffect(() => {
    if (!fresh) return;
    const ids = fresh.split(",").map(Number);
    const timer = window.setTimeout(() => setGone((g) => new Set([...g, ...ids])), ENDED_SHOWN_MS);
    return () => window.clearTimeout(timer);
  }, [fresh]);
  const jobs = stage.jobs.filter((j) => !gone.has(j.job_id)).slice(-4);
  // A job that ended (or a new scene) adds to the room's backgrounds: read them again when asked.
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: ["rooms", "backgrounds", roomId] });
  }, [queryClient, roomId, ended, stage.scene?.id]);

  return (
    <section className="stage" aria-labelledby="stage-title" data-scene-id={stage.scene?.id ?? ""} data-scene-kind={stage.scene?.kind ?? ""}>
      <h2 id="stage-title" className="sr-only">
        {t("stage.title")}
      </h2>
      <div className="stage__scene">
        <Backdrop url={url} className="backdrop" />
        <div className="stage__bar">
          <span className="stage__label" role="status" data-testid="scene-name">
            {t("stage.scene.now")} <strong>{name ?? t("stage.scene.none")}</strong>
          </span>
          {canSet && (
            <button type="button" className="btn btn--ghost btn--small stage__change" onClick={() => setPicking(true)}>
              {t("stage.scene.change")}
            </button>
          )}
        </div>
        {jobs.length > 0 && (
          <ul className="stage__generating" aria-label={t("stage.scene.jobs")} aria-live="polite">
            {jobs.map((j) => (
              <Job key={j.job_id} job={j} roomId={roomId} canCancel={canSet} />
            ))}
          </ul>
        )}
      </div>
      <DialogueBox events={events} members={members} />
      {canSet && (
        <ScenePicker
          roomId={roomId}
          open={picking}
          onClose={() => setPicking(false)}
          current={stage.scene}
          isGm={isGm}
          sceneByAnyone={stage.sceneByAnyone}
        />
      )}
    </section>
  );
}
