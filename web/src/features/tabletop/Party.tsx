import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useI18n } from "../../i18n";
import { CrownIcon } from "./icons";
import { useMyGeminisQuery } from "../gallery/queries";
import type { Member } from "./events";
import { Portrait } from "./Portrait";
import { refreshRoom, rooms } from "./queries";

function CharacterPicker({ roomId, mine }: { roomId: number; mine: Member | undefined }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const geminis = useMyGeminisQuery();
  const [busy, setBusy] = useState(false);
  const list = geminis.data ?? [];
  if (!mine) return null;
  return (
    <div className="field party__picker">
      <label htmlFor="party-character">{t("room.character")}</label>
      <select
        id="party-character"
        className="table-select"
        value={mine.character?.gemini_id ?? ""}
        disabled={busy || list.length === 0}
        onChange={async (e) => {
          const id = Number(e.target.value);
          if (!id) return;
          setBusy(true);
          try {
            await rooms.character(roomId, id);
          } finally {
            setBusy(false);
            refreshRoom(queryClient, roomId);
          }
        }}
      >
        <option value="">{list.length === 0 ? t("room.noGeminis") : t("room.asMyself")}</option>
        {list.map((g) => (
          <option key={g.id} value={g.id}>
            {g.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Who sits at the table: portraits, an online dot, a crown on the GM; and my character. */
export function Party({ roomId, members, me }: { roomId: number; members: Member[]; me: string }) {
  const { t } = useI18n();
  return (
    <section className="party glass" aria-labelledby="party-title">
      <h2 id="party-title" className="table-panel__title">
        {t("room.party")}
      </h2>
      <ul className="party__list">
        {members.map((m) => (
          <li key={m.nickname} className="party__member" aria-label={t(m.online ? "room.memberOnline" : "room.memberAway", { nickname: m.nickname })}>
            <span className="party__portrait">
              <Portrait member={m} nickname={m.nickname} size={52} />
              {m.role === "gm" && (
                <span className="party__crown" role="img" aria-label={t("room.gm")}>
                  <CrownIcon size={18} />
                </span>
              )}
              <span className={`party__dot${m.online ? " is-online" : ""}`} aria-hidden="true" />
            </span>
            <span className="party__names">
              <span className="party__nick">
                {m.nickname}
                {m.nickname === me && <span className="muted"> ({t("room.you")})</span>}
              </span>
              {m.character && <span className="party__char">{m.character.name}</span>}
            </span>
          </li>
        ))}
      </ul>
      <CharacterPicker roomId={roomId} mine={members.find((m) => m.nickname === me)} />
    </section>
  );
}
