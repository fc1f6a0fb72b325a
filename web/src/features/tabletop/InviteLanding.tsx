import { useEffect, useRef, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { useI18n } from "../../i18n";
import { Loading } from "../../app/Guards";
import { joinErrorMessage } from "./joinError";
import { rooms } from "./queries";

/** `/play/:id?invite=…` (the invite link the server makes): join with the invite, then sit down. */
export function InviteLandingPage() {
  const { t } = useI18n();
  const { id = "" } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  const roomId = Number(id);
  const invite = params.get("invite");

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    rooms
      .join(roomId, { invite })
      .then(() => navigate(`/play/rooms/${roomId}`, { replace: true }))
      .catch((err: unknown) => setError(joinErrorMessage(err, t)));
  }, [invite, navigate, roomId, t]);

  if (!error) return <Loading />;
  return (
    <section className="play-page">
      <h1>{t("play.invite.failed")}</h1>
      <p className="form-alert form-alert--error" role="alert">
        {error}
      </p>
      <Link className="btn btn--ghost" to="/play">
        {t("play.backToLobby")}
      </Link>
    </section>
  );
}
