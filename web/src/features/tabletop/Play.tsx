import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { useI18n } from "../../i18n";
import { CrownIcon, LockIcon } from "./icons";
import { Avatar } from "../../ui/Avatar";
import { useTitle } from "../../ui/useTitle";
import { CreateRoomDialog } from "./CreateRoomDialog";
import { JoinDialog } from "./JoinDialog";
import { joinErrorMessage } from "./joinError";
import { useJoinRoom, useLobbyQuery, type RoomSummary } from "./queries";
import "./tabletop.css";

function RoomCard({ room, onJoin, busy }: { room: RoomSummary; onJoin: () => void; busy: boolean }) {
  const { t } = useI18n();
  const full = room.players >= room.max_players;
  return (
    <li className="room-card glass">
      <div className="room-card__head">
        <h2 className="room-card__title">
          {room.secret && (
            <span className="room-card__lock" role="img" aria-label={t("play.secret")}>
              <LockIcon />
            </span>
          )}
          {room.title}
        </h2>
        <span className="badge" aria-label={t("play.players", { n: room.players, max: room.max_players })}>
          {room.players}/{room.max_players}
        </span>
      </div>
      {room.concept && <p className="room-card__concept">{room.concept}</p>}
      <div className="room-card__foot">
        {room.gm && (
          <span className="room-card__gm">
            <Avatar src={room.gm.avatar_url} alt="" name={room.gm.nickname} size={26} />
            <span>
              <CrownIcon size={14} /> 
              {t("play.gmIs", { nickname: room.gm.nickname })}
            </span>
          </span>
        )}
        <button
          type="button"
          className="btn btn--gold btn--small"
          onClick={onJoin}
          disabled={busy || full}
          aria-label={t("play.joinRoom", { title: room.title })}
        >
          {full ? t("play.full") : t("play.join.submit")}
        </button>
      </div>
    </li>
  );
}

export function PlayPage() {
  const { t } = useI18n();
  useTitle(t("play.title"));
  const navigate = useNavigate();
  const lobby = useLobbyQuery();
  const join = useJoinRoom();
  const [creating, setCreating] = useState(false);
  const [secretRoom, setSecretRoom] = useState<RoomSummary | null>(null);
  const [error, setError] = useState<string | null>(null);

  const enter = async (room: RoomSummary, password: string | null) => {
    setError(null);
    try {
      await join.mutateAsync({ id: room.id, body: { password } });
      navigate(`/play/rooms/${room.id}`);
    } catch (err) {
      setError(joinErrorMessage(err, t));
    }
  };

  const rooms = lobby.data?.items ?? [];
  return (
    <section className="play-page" aria-labelledby="play-title">
      <header className="play-hero">
        <div>
          <p className="eyebrow">{t("play.eyebrow")}</p>
          <h1 id="play-title">{t("play.title")}</h1>
          <p className="lead">{t("play.lead")}</p>
        </div>
        <button type="button" className="btn btn--gold btn--large" onClick={() => setCreating(true)}>
          <span aria-hidden="true">⚄ </span>
          {t("play.create.open")}
        </button>
      </header>
      {error && secretRoom === null && (
        <p className="form-alert form-alert--error" role="alert">
          {error}
        </p>
      )}
      <h2 className="play-section">{t("play.lobby")}</h2>
      {lobby.isPending ? (
        <p className="muted">{t("app.loading")}</p>
      ) : rooms.length === 0 ? (
        <p className="empty-state">{t("play.empty")}</p>
      ) : (
        <ul className="room-list" aria-label={t("play.lobby")}>
          {rooms.map((room) => (
            <RoomCard
              key={room.id}
              room={room}
              busy={join.isPending}
              onJoin={() => {
                setError(null);
                if (room.secret) setSecretRoom(room);
                else void enter(room, null);
              }}
            />
          ))}
        </ul>
      )}
      <CreateRoomDialog open={creating} onClose={() => setCreating(false)} />
      <JoinDialog
        key={secretRoom?.id ?? 0}
        room={secretRoom}
        error={error}
        busy={join.isPending}
        onJoin={(password) => secretRoom && void enter(secretRoom, password)}
        onClose={() => {
          setSecretRoom(null);
          setError(null);
        }}
      />
    </section>
  );
}
