import { useId, useState, type FormEvent } from "react";
import { useI18n } from "../../../i18n";
import { Modal } from "../../../ui/Modal";
import { useCommand } from "../useCommand";
import { useRoomBackgrounds, useScenePresets } from "./queries";
import type { Scene } from "./stageState";

/**
 * Choosing the room's scene: a built-in one, one the room used or drew before, or a new one drawn
 * from a few words (Korean or English). The GM also decides here whether everyone may do this.
 */
export function ScenePicker({
  roomId,
  open,
  onClose,
  current,
  isGm,
  sceneByAnyone,
}: {
  roomId: number;
  open: boolean;
  onClose: () => void;
  current: Scene | null;
  isGm: boolean;
  sceneByAnyone: boolean;
}) {
  const { t, lang } = useI18n();
  const presets = useScenePresets();
  const backgrounds = useRoomBackgrounds(roomId, open);
  const { run, busy, error } = useCommand();
  const [description, setDescription] = useState("");
  const describeId = useId();
  const earlier = (backgrounds.data?.items ?? []).filter((b) => b.kind === "generated" && b.status === "ready" && b.image_url);

  const choosePreset = async (id: string) => {
    const preset = presets.data?.find((p) => p.id === id);
    if (preset && (await run("scene.set", { room_id: roomId, background: { kind: "preset", id: preset.id } }))) onClose();
  };
  const chooseEarlier = async (id: number) => {
    if (await run("scene.set", { room_id: roomId, background: { kind: "room", id } })) onClose();
  };
  const describe = async (e: FormEvent) => {
    e.preventDefault();
    const text = description.trim();
    if (!text) return;
    if (await run("scene.generate", { room_id: roomId, description: text })) {
      setDescription("");
      onClose();
    }
  };

  return (
    <Modal open={open} onClose={onClose} title={t("stage.scene.choose")} className="scene-dialog">
      <h3 className="scene-section">{t("stage.scene.presets")}</h3>
      {presets.isPending && <p className="muted">{t("app.loading")}</p>}
      <ul className="scene-grid" aria-label={t("stage.scene.presets")}>
        {(presets.data ?? []).map((p) => {
          const name = lang === "ko" ? p.name_ko : p.name_en;
          const on = current?.kind === "preset" && current.preset === p.id;
          return (
            <li key={p.id}>
              <button type="button" className={`scene-tile${on ? " is-on" : ""}`} aria-pressed={on} disabled={busy} onClick={() => void choosePreset(p.id)}>
                <img src={p.image_url} alt="" loading="lazy" width={160} height={90} />
                <span>{name}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {earlier.length > 0 && (
        <>
          <h3 className="scene-section">{t("stage.scene.earlier")}</h3>
          <ul className="scene-grid" aria-label={t("stage.scene.earlier")}>
            {earlier.map((b) => {
              const on = current?.id === b.id;
              return (
                <li key={b.id}>
                  <button type="button" className={`scene-tile${on ? " is-on" : ""}`} aria-pressed={on} disabled={busy} onClick={() => void chooseEarlier(b.id)}>
                    <img src={b.image_url ?? ""} alt="" loading="lazy" width={160} height={90} />
                    <span title={b.description ?? ""}>{b.description}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
      <form className="scene-describe" onSubmit={describe}>
        <label htmlFor={describeId} className="scene-section">
          {t("stage.scene.describe")}
        </label>
        <div className="scene-describe__row">
          <input
            id={describeId}
            className="table-input"
            value={description}
            maxLength={200}
            placeholder={t("stage.scene.describeHint")}
            onChange={(e) => setDescription(e.target.value)}
          />
          <button type="submit" className="btn btn--gold btn--small" disabled={busy || !description.trim()}>
            {t("stage.scene.draw")}
          </button>
        </div>
        <p className="muted">{t("stage.scene.describeNote")}</p>
      </form>
      {isGm && <AllowEveryone roomId={roomId} anyone={sceneByAnyone} />}
      {error && (
        <p className="table-error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}

function AllowEveryone({ roomId, anyone }: { roomId: number; anyone: boolean }) {
  const { t } = useI18n();
  const { run, busy, error } = useCommand();
  return (
    <div className="stage-allow">
      <label className="table-check">
        <input type="checkbox" checked={anyone} disabled={busy} onChange={(e) => void run("scene.allow", { room_id: roomId, anyone: e.target.checked })} />
        {t("stage.scene.allowAnyone")}
      </label>
      {error && (
        <p className="table-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
