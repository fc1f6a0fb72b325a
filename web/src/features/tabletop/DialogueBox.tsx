import { useState } from "react";
import { useI18n } from "../../i18n";
import { isChat, type Member, type RoomEvent } from "./events";
import { Portrait } from "./Portrait";
import { useReducedMotion } from "./stage/useReducedMotion";
import { useTypewriter } from "./stage/useTypewriter";

/**
 * The story channel as a visual novel: one line at a time over the stage, its speaker's portrait,
 * the text typed out (a click, Enter or Space on it shows it all; instant under reduced motion), and
 * previous/next through the history. Only the newest line types; a line read back shows whole.
 */
export function DialogueBox({ events, members }: { events: RoomEvent[]; members: Member[] }) {
  const { t } = useI18n();
  const reduced = useReducedMotion();
  const lines = events.filter((e) => isChat(e) && e.payload.channel === "story");
  // null follows the newest line; a number pins one while someone reads back.
  const [pinned, setPinned] = useState<number | null>(null);
  const index = pinned === null ? lines.length - 1 : Math.min(pinned, lines.length - 1);
  const line = lines[index];
  const speaker = line?.author ?? null;
  const member = members.find((m) => m.nickname === speaker?.nickname);
  const portrait = speaker?.character ? { avatar_url: null, character: speaker.character } : member;
  const text = line && isChat(line) ? line.payload.text : "";
  // Lines that were already there when the page opened show whole; only new ones type.
  const [firstSeq] = useState(() => lines.at(-1)?.seq ?? 0);
  const instant = reduced || pinned !== null || (line?.seq ?? 0) <= firstSeq;
  const typed = useTypewriter(text, line?.seq ?? 0, instant);
  // A gemini may have no name yet: then its player's nickname speaks.
  const name = speaker?.character?.name || speaker?.nickname || t("room.narrator");

  return (
    <section className="dialogue" aria-labelledby="dialogue-title">
      <h2 id="dialogue-title" className="sr-only">
        {t("room.dialogue")}
      </h2>
      {line ? (
        <div className="dialogue__stage">
          <div className="dialogue__portrait" key={`p${speaker?.nickname ?? ""}`}>
            <Portrait member={portrait} nickname={speaker?.nickname ?? "?"} size={112} />
          </div>
          <div className={`dialogue__box glass${typed.done ? " is-done" : ""}`} data-testid="dialogue-line">
            <p className="dialogue__speaker">
              {name}
              {speaker?.character?.name && <span className="muted"> · {speaker.nickname}</span>}
            </p>
            {/* The whole line for screen readers, once; the typed text is for the eyes only. */}
            <p className="sr-only" aria-live="polite">
              {text}
            </p>
            <p className="dialogue__text" aria-hidden="true">
              {typed.text}
              {!typed.done && <span className="dialogue__caret" />}
            </p>
            {typed.done ? (
              <span className="dialogue__more" aria-hidden="true">
                ▼
              </span>
            ) : (
              // While a line types, the whole box is one big "show it all" (a click, Enter or Space).
              <button type="button" className="dialogue__skip" aria-label={t("stage.dialogueSkip", { name })} onClick={typed.skip} />
            )}
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
          {pinned !== null && (
            <button type="button" className="dialogue__latest" onClick={() => setPinned(null)}>
              {t("stage.latestLine")}
            </button>
          )}
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
