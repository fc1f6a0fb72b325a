import { useId, useState } from "react";
import { useNavigate } from "react-router-dom";
import { api, call } from "../../api/client";
import { useI18n } from "../../i18n";
import { CrownIcon, LockIcon } from "./icons";
import type { Member } from "./events";
import { rooms, type RoomDetail } from "./queries";
import { useCommand } from "./useCommand";

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

async function exportTranscript(id: number, format: "md" | "json") {
  const params = { path: { room_id: id }, query: { format } };
  if (format === "md") {
    const text = await call(api.client.GET("/api/rooms/{room_id}/transcript", { params, parseAs: "text" }));
    download(`room-${id}.md`, String(text), "text/markdown");
  } else {
    const json = await call(api.client.GET("/api/rooms/{room_id}/transcript", { params }));
    download(`room-${id}.json`, JSON.stringify(json, null, 2), "application/json");
  }
}

/** The GM's tools: send someone away, hand the GM role over, close the room. */
function GmMenu({ room, members, me }: { room: RoomDetail; members: Member[]; me: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { run, busy, error } = useCommand();
  const others = members.filter((m) => m.nickname !== me);
  const [who, setWho] = useState("");
  const whoId = useId();
  const target = others.some((m) => m.nickname === who) ? who : (others[0]?.nickname ?? "");
  return (
    <details className="gm-menu">
      <summary className="btn btn--ghost btn--small">
        <CrownIcon size={14} />
        {t("room.gmMenu")}
      </summary>
      <div className="gm-menu__body glass">
        <div className="field">
          <label htmlFor={whoId}>{t("room.gmTarget")}</label>
          <select id={whoId} className="table-select" value={target} onChange={(e) => setWho(e.target.value)} disabled={others.length === 0}>
            {others.map((m) => (
              <option key={m.nickname} value={m.nickname}>
                {m.nickname}
              </option>
            ))}
          </select>
        </div>
        <div className="vote__row">
          <button type="button" className="btn btn--ghost btn--small" disabled={busy || !target} onClick={() => void run("member.kick", { room_id: room.id, nickname: target })}>
            {t("room.kick")}
          </button>
          <button type="button" className="btn btn--ghost btn--small" disabled={busy || !target} onClick={() => void run("gm.transfer", { room_id: room.id, nickname: target })}>
            {t("room.transfer")}
          </button>
        </div>
        <button
          type="button"
          className="btn btn--ghost btn--small gm-menu__danger"
          onClick={async () => {
            if (!window.confirm(t("room.closeConfirm"))) return;
            await rooms.close(room.id);
            navigate("/play");
          }}
        >
          {t("room.closeRoom")}
        </button>
        {error && (
          <p className="table-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </details>
  );
}

export function RoomBar({ room, members, me, isGm }: { room: RoomDetail; members: Member[]; me: string; isGm: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [note, setNote] = useState<string | null>(null);
  const invite = async () => {
    try {
      const { url } = await rooms.invite(room.id);
      await navigator.clipboard.writeText(url).catch(() => undefined);
      setNote(t("room.inviteCopied", { url }));
    } catch {
      setNote(t("errors.generic"));
    }
  };
  return (
    <header className="room-bar">
      <div className="room-bar__title">
        <p className="eyebrow">
          {room.secret && <LockIcon size={12} />} {room.secret ? t("play.secret") : t("play.eyebrow")}
        </p>
        <h1>{room.title}</h1>
        {room.concept && <p className="muted room-bar__concept">{room.concept}</p>}
      </div>
      <div className="room-bar__actions">
        <button type="button" className="btn btn--ghost btn--small" onClick={invite}>
          {t("room.invite")}
        </button>
        <button type="button" className="btn btn--ghost btn--small" onClick={() => void exportTranscript(room.id, "md")}>
          {t("room.exportMd")}
        </button>
        <button type="button" className="btn btn--ghost btn--small" onClick={() => void exportTranscript(room.id, "json")}>
          {t("room.exportJson")}
        </button>
        {isGm && <GmMenu room={room} members={members} me={me} />}
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={async () => {
            await rooms.leave(room.id).catch(() => undefined);
            navigate("/play");
          }}
        >
          {t("room.leave")}
        </button>
      </div>
      <p className="room-bar__note" role="status">
        {note}
      </p>
    </header>
  );
}
