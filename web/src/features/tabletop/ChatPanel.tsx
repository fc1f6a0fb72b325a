import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useI18n } from "../../i18n";
import { nextTabIndex } from "../../ui/tabs";
import { isChat, isWhisper, lastSeq, TABS, tabOf, unreadCounts, type Member, type RoomEvent, type Tab } from "./events";
import { useCommand } from "./useCommand";

function Composer({ roomId, tab, members, me }: { roomId: number; tab: Tab; members: Member[]; me: string }) {
  const { t } = useI18n();
  const { run, busy, error } = useCommand();
  const [text, setText] = useState("");
  const others = members.filter((m) => m.nickname !== me);
  const [to, setTo] = useState("");
  const toId = useId();
  const target = others.some((m) => m.nickname === to) ? to : (others[0]?.nickname ?? "");
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = text.trim();
    if (!body) return;
    const ok =
      tab === "whispers"
        ? await run("chat.whisper", { room_id: roomId, to: target, text: body })
        : await run("chat.send", { room_id: roomId, channel: tab, text: body });
    if (ok) setText("");
  };
  return (
    <form className="chat__composer" onSubmit={submit}>
      {tab === "whispers" && (
        <span className="chat__to">
          <label htmlFor={toId}>{t("room.whisperTo")}</label>
          <select id={toId} className="table-select" value={target} onChange={(e) => setTo(e.target.value)} disabled={others.length === 0}>
            {others.map((m) => (
              <option key={m.nickname} value={m.nickname}>
                {m.nickname}
              </option>
            ))}
          </select>
        </span>
      )}
      <input
        className="table-input"
        aria-label={t(`room.say.${tab}`)}
        placeholder={t(`room.say.${tab}`)}
        value={text}
        maxLength={2000}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="btn btn--gold btn--small" disabled={busy || !text.trim() || (tab === "whispers" && !target)}>
        {t("room.send")}
      </button>
      {error && (
        <p className="table-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function Line({ e, me }: { e: RoomEvent; me: string }) {
  const { t } = useI18n();
  const who = e.author?.character?.name ?? e.author?.nickname ?? "";
  if (isWhisper(e)) {
    const mine = e.author?.nickname === me;
    return (
      <li className="chat__line chat__line--whisper">
        <span className="chat__who">{mine ? t("room.whisperedTo", { nickname: e.payload.to }) : t("room.whisperFrom", { nickname: e.author?.nickname ?? "" })}</span>
        <span>{e.payload.text}</span>
      </li>
    );
  }
  if (!isChat(e)) return null;
  return (
    <li className={`chat__line${e.author?.nickname === me ? " is-mine" : ""}`}>
      <span className="chat__who">{who}</span>
      <span>{e.payload.text}</span>
    </li>
  );
}

/** Chat by channel (story, info, out of character) and whispers; a tab counts what I have not seen. */
export function ChatPanel({ roomId, events, members, me }: { roomId: number; events: RoomEvent[]; members: Member[]; me: string }) {
  const { t } = useI18n();
  const [active, setActive] = useState<Tab>("story");
  const [seen, setSeen] = useState<Partial<Record<Tab, number>>>({});
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  // What the open tab shows is read: its mark follows the newest event (adjusted while rendering).
  const newest = lastSeq(events) ?? 0;
  if ((seen[active] ?? 0) < newest) setSeen({ ...seen, [active]: newest });
  const unread = unreadCounts(events, seen, me);
  const lines = events.filter((e) => tabOf(e) === active);
  const panel = useRef<HTMLDivElement>(null);
  // The newest line stays in view as lines arrive (the panel scrolls, the page does not).
  useEffect(() => {
    const el = panel.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines.length, active]);

  const onKey = (event: KeyboardEvent) => {
    const next = nextTabIndex(TABS.length, TABS.indexOf(active), event.key);
    if (next === null) return;
    event.preventDefault();
    setActive(TABS[next] ?? "story");
    tabRefs.current[next]?.focus();
  };

  return (
    <section className="chat glass" aria-labelledby="chat-title">
      <h2 id="chat-title" className="sr-only">
        {t("room.chat")}
      </h2>
      <div className="tabs chat__tabs" role="tablist" aria-label={t("room.channels")}>
        {TABS.map((tab, i) => (
          <button
            key={tab}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`chat-tab-${tab}`}
            aria-controls="chat-panel"
            aria-selected={active === tab}
            tabIndex={active === tab ? 0 : -1}
            onClick={() => setActive(tab)}
            onKeyDown={onKey}
          >
            {t(`room.tab.${tab}`)}
            {unread[tab] > 0 && (
              <span className="chat__unread" aria-label={t("room.unread", { count: unread[tab] })}>
                {unread[tab]}
              </span>
            )}
          </button>
        ))}
      </div>
      <div ref={panel} id="chat-panel" role="tabpanel" aria-labelledby={`chat-tab-${active}`} className="chat__panel">
        {lines.length === 0 ? (
          <p className="muted chat__empty">{t("room.chatEmpty")}</p>
        ) : (
          <ol className="chat__lines" aria-label={t(`room.tab.${active}`)}>
            {lines.map((e) => (
              <Line key={e.seq} e={e} me={me} />
            ))}
          </ol>
        )}
      </div>
      <Composer roomId={roomId} tab={active} members={members} me={me} />
    </section>
  );
}
