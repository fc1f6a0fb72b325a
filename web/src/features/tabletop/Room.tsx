import { Link, useParams } from "react-router-dom";
import { useAuth } from "../accounts/auth";
import { Loading } from "../../app/Guards";
import { useI18n } from "../../i18n";
import { useTitle } from "../../ui/useTitle";
import { ChatPanel } from "./ChatPanel";
import { DicePanel } from "./DicePanel";
import { Party } from "./Party";
import { PickPanel } from "./PickPanel";
import { useRoomQuery } from "./queries";
import { RoomBar } from "./RoomBar";
import { useTable } from "./useTable";
import { VotePanel } from "./VotePanel";
import { Backdrop } from "./stage/Backdrop";
import { FourcutPanel } from "./stage/FourcutPanel";
import { MusicBar } from "./stage/MusicBar";
import { Sheets } from "./stage/Sheets";
import { Stage, useSceneUrl } from "./stage/Stage";
import { Turns } from "./stage/Turns";
import { useCommand } from "./useCommand";
import "./tabletop.css";
import "./stage/stage.css";

function Away({ title, body }: { title: string; body: string }) {
  const { t } = useI18n();
  return (
    <section className="play-page room-away glass panel" role="alert">
      <h1>{title}</h1>
      <p className="lead">{body}</p>
      <Link className="btn btn--gold" to="/play">
        {t("play.backToLobby")}
      </Link>
    </section>
  );
}

export function RoomPage() {
  const { t } = useI18n();
  const { id = "" } = useParams();
  const roomId = Number(id);
  const me = useAuth().me?.nickname ?? "";
  const room = useRoomQuery(roomId);
  const table = useTable(roomId);
  const music = useCommand();
  const sceneUrl = useSceneUrl(table.stage.scene);
  useTitle(room.data?.title ?? t("play.title"));

  const members = room.data?.members ?? [];
  const seated = members.some((m) => m.nickname === me);
  const kicked = table.events.some((e) => e.kind === "member.kicked" && e.payload.nickname === me);
  if (kicked) return <Away title={t("room.kickedTitle")} body={t("room.kickedBody")} />;
  if (table.status === "closed") return <Away title={t("room.closedTitle")} body={t("room.closedBody")} />;
  if (table.status === "refused" || (room.isError && !room.data)) {
    return <Away title={t("room.notSeatedTitle")} body={t("room.notSeatedBody")} />;
  }
  if (!room.data) return <Loading />;
  const isGm = members.some((m) => m.nickname === me && m.role === "gm");
  const { stage } = table;
  // The GM sets the scene and the music, or anyone once the GM allows it.
  const canStage = isGm || stage.sceneByAnyone;

  return (
    <div className="room room--staged">
      <Backdrop url={sceneUrl} className="room__backdrop" />
      {table.status === "reconnecting" && (
        <p className="room__banner" role="status">
          <span className="room__banner-dot" aria-hidden="true" />
          {t("room.reconnecting")}
        </p>
      )}
      <RoomBar room={room.data} members={members} me={me} isGm={isGm && seated} />
      <div className="room__grid">
        <div className="room__side">
          <Party roomId={roomId} members={members} me={me} />
          <Sheets roomId={roomId} sheets={stage.sheets} members={members} me={me} isGm={isGm} />
        </div>
        <div className="room__main">
          <Stage roomId={roomId} stage={stage} events={table.events} members={members} isGm={isGm} />
          <MusicBar
            music={stage.music}
            canControl={canStage}
            busy={music.busy}
            error={music.error}
            onSet={(next) => void music.run("music.set", { room_id: roomId, ...next })}
          />
          <ChatPanel roomId={roomId} events={table.events} members={members} me={me} />
        </div>
        <div className="room__tools">
          <Turns roomId={roomId} turns={stage.turns} members={members} isGm={isGm} />
          <FourcutPanel roomId={roomId} members={members} fourcuts={stage.fourcuts} roomTitle={room.data.title} />
          <DicePanel roomId={roomId} events={table.events} />
          <VotePanel roomId={roomId} events={table.events} me={me} isGm={isGm} />
          <PickPanel roomId={roomId} events={table.events} members={members} />
        </div>
      </div>
    </div>
  );
}
