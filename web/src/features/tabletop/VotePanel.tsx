import { useState, type FormEvent } from "react";
import { useI18n } from "../../i18n";
import { votesOf, type RoomEvent, type VoteView } from "./events";
import { useCommand } from "./useCommand";

const MIN_OPTIONS = 2;
const MAX_OPTIONS = 8;

function StartVote({ roomId }: { roomId: number }) {
  const { t } = useI18n();
  const { run, busy, error } = useCommand();
  const [question, setQuestion] = useState("");
  const [options, setOptions] = useState(["", ""]);
  const filled = options.map((o) => o.trim()).filter(Boolean);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!question.trim() || filled.length < MIN_OPTIONS) return;
    if (await run("vote.start", { room_id: roomId, question: question.trim(), options: filled })) {
      setQuestion("");
      setOptions(["", ""]);
    }
  };
  return (
    <form className="vote__start" onSubmit={submit}>
      <input className="table-input" aria-label={t("room.voteQuestion")} placeholder={t("room.voteQuestion")} value={question} maxLength={200} onChange={(e) => setQuestion(e.target.value)} />
      {options.map((o, i) => (
        <input
          key={i}
          className="table-input"
          aria-label={t("room.voteOption", { n: i + 1 })}
          placeholder={t("room.voteOption", { n: i + 1 })}
          value={o}
          maxLength={100}
          onChange={(e) => setOptions(options.map((x, j) => (j === i ? e.target.value : x)))}
        />
      ))}
      <div className="vote__row">
        <button type="button" className="btn btn--ghost btn--small" disabled={options.length >= MAX_OPTIONS} onClick={() => setOptions([...options, ""])}>
          + {t("room.voteAddOption")}
        </button>
        <button type="submit" className="btn btn--gold btn--small" disabled={busy || !question.trim() || filled.length < MIN_OPTIONS}>
          {t("room.voteStart")}
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

function Vote({ roomId, vote, canClose }: { roomId: number; vote: VoteView; canClose: boolean }) {
  const { t } = useI18n();
  const { run, busy, error } = useCommand();
  const { vote_id, question, options } = vote.started.payload;
  const closed = vote.closed;
  return (
    <li className={`vote${closed ? " is-closed" : ""}`} aria-label={t("room.voteNamed", { question })}>
      <p className="vote__question">{question}</p>
      {closed ? (
        <ul className="vote__tally" aria-label={t("room.voteTally")}>
          {closed.tally.map((row) => (
            <li key={row.option} className={closed.winners.includes(row.option) ? "is-winner" : undefined}>
              <span>
                {closed.winners.includes(row.option) && <span aria-hidden="true">★ </span>}
                {row.option}
              </span>
              <span>{t("room.votes", { count: row.votes })}</span>
            </li>
          ))}
        </ul>
      ) : (
        <div className="vote__options" role="group" aria-label={question}>
          {options.map((option) => (
            <button
              key={option}
              type="button"
              className="dice__chip"
              aria-pressed={vote.mine === option}
              disabled={busy}
              onClick={() => void run("vote.cast", { room_id: roomId, vote_id, option })}
            >
              {option}
            </button>
          ))}
        </div>
      )}
      {!closed && canClose && (
        <button type="button" className="btn btn--ghost btn--small" disabled={busy} onClick={() => void run("vote.close", { room_id: roomId, vote_id })}>
          {t("room.voteClose")}
        </button>
      )}
      {error && (
        <p className="table-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** Votes: anyone starts one; everyone casts (and may change) a ballot; the GM or its starter closes it. */
export function VotePanel({ roomId, events, me, isGm }: { roomId: number; events: RoomEvent[]; me: string; isGm: boolean }) {
  const { t } = useI18n();
  const votes = votesOf(events).slice(-4).reverse();
  return (
    <section className="table-panel glass" aria-labelledby="vote-title">
      <h2 id="vote-title" className="table-panel__title">
        <span aria-hidden="true">☍ </span>
        {t("room.vote")}
      </h2>
      <ul className="vote__list">
        {votes.map((v) => (
          <Vote key={v.started.seq} roomId={roomId} vote={v} canClose={isGm || v.started.author?.nickname === me} />
        ))}
      </ul>
      <StartVote roomId={roomId} />
    </section>
  );
}
