import { useState } from "react";
import { useI18n } from "../../i18n";
import { isChat, type Member, type RoomEvent } from "./events";
import { Portrait } from "./Portrait";

/** The story channel as a visual novel: one line at a time, its speaker's portrait, previous/next. */
export function DialogueBox({ events, members }: { events: RoomEvent[]; members: Member[] }) {
  const { t } = useI18n();
  const lines = events.filter((e) => isChat(e) && e.payload.channel === "story");
  // null follows the newest line; a number pins one while someone reads back.
  const [pinned, setPinned] = useState<number | null>(null);
  const index = pinned === null ? lines.length - 1 : Math.min(pinned, lines.length - 1);
  const line = lines[index];
  const speaker = line?.author ?? null;
  const member = members.find((m) => m.nickname === speaker?.nickname);
  const portrait = speaker?.character ? { avatar_url: null, character: speaker.character } : member;
  const text = line && isChat(line) ? line.payload.text : "";
  return (
    <section className="dialogue" aria-labelledby="dialogue-title">
      <h2 id="dialogue-title" className="sr-only">
        {t("room.dialogue")}
      </h2>
      {line ? (
        <div className="dialogue__stage">
          <div className="dialogue__portrait">
            <Portrait member={portrait} nickname={speaker?.nickname ?? "?"} size={112} />
          </div>
          <div className="dialogue__box glass" aria-live="polite" data-testid="dialogue-line">
            <p className="dialogue__speaker">
              {speaker?.character?.name ?? speaker?.nickname ?? t("room.narrator")}
              {speaker?.character && <span className="muted"> · {speaker.nickname}</span>}
            </p>
            <p className="dialogue__text">{text}</p>
          </div>
        </div>
      ) : (
        <p className="dialogue__empty glass">{t("room.dialogueEmpty")}</p>
      )}
      <div className="dialogue__nav">
        <button type="button" className="btn btn--ghost btn--small" disabled={index <= 0} onClick={() => setPinned(index - 1)}>
          ‹ {t("room.previous")}
        </button>
        <span className="muted" aria-live="off">
          {lines.length ? `${index + 1} / ${lines.length}` : ""}
        </span>
        <button
          type="button"
          className="btn btn--ghost btn--small"
          disabled={index >= lines.length - 1}
          onClick={() => setPinned(index + 1 >= lines.length - 1 ? null : index + 1)}
        >
          {t("room.next")} ›
        </button>
      </div>
    </section>
  );
}
