import { Link, useSearchParams } from "react-router-dom";
import { useI18n } from "../../i18n";
import { errorMessage } from "../../api/errors";
import { useAuth } from "../accounts/auth";
import { FourcutStrips } from "./FourcutStrips";
import { ProfileTabs } from "./ProfileTabs";
import { useOpenGemini } from "./useOpenGemini";
import { useMyGeminisQuery } from "./queries";
import { Icon } from "../../ui/Icon";
import { Memories } from "../tabletop/Memories";

function VisibilityBadge({ visibility }: { visibility: "public" | "private" }) {
  const { t } = useI18n();
  return (
    <span className={`vis-badge vis-badge--${visibility}`}>
      <Icon name={visibility === "private" ? "lock" : "star"} size={12} />{" "}
      {visibility === "private" ? t("geminis.private") : t("geminis.public")}
    </span>
  );
}

/** My geminis, paged; the cards follow changes made in the gemini dialog (through the query cache). */
function MyGeminiGrid() {
  const { t } = useI18n();
  const open = useOpenGemini();
  const mine = useMyGeminisQuery();
  const items = mine.data ?? null;
  const error = mine.error ? errorMessage(mine.error, t) : null;
  const busy = mine.isFetchingNextPage;

  return (
    <>
      {error && <p className="field__error">{error}</p>}
      {items === null && !error && <p className="muted">{t("app.loading")}</p>}
      {items?.length === 0 && (
        <div className="empty-state">
          <p>{t("geminis.empty")}</p>
        </div>
      )}
      {items && items.length > 0 && (
        <ul className="gemini-grid">
          {items.map((g) => {
            const name = g.name || t("geminis.untitled");
            return (
              <li key={g.id}>
                <button
                  type="button"
                  className="gemini-card"
                  aria-label={t("geminis.open", { name })}
                  data-gemini-id={g.id}
                  onClick={() => open(g.id)}
                >
                  <img src={g.thumbnail_url} alt="" width={192} height={256} loading="lazy" decoding="async" />
                  <span className="gemini-card__foot">
                    <span className="gemini-card__name">{name}</span>
                    <VisibilityBadge visibility={g.visibility} />
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {mine.hasNextPage && (
        <div className="load-more">
          <button type="button" className="btn btn--ghost" disabled={busy} onClick={() => void mine.fetchNextPage()}>
            {busy ? t("auth.busy") : t("profile.loadMore")}
          </button>
        </div>
      )}
    </>
  );
}

/**
 * "My geminis" on /me: my geminis (private ones too) and my finished four-cuts, as tabs. A gemini card
 * opens the shared gemini dialog (`?gemini=id`, mounted by the shell); renames, visibility flips and
 * deletions made there apply to the grid live.
 */
export function MyGeminis() {
  const { t } = useI18n();
  const { me } = useAuth();
  const [search] = useSearchParams();
  const tab = search.get("tab");
  return (
    <section id="geminis" className="glass panel my-geminis" aria-labelledby="geminis-title">
      <div className="my-geminis__head">
        <h2 id="geminis-title">{t("geminis.title")}</h2>
        <Link className="btn btn--gold btn--small" to="/studio">
          ✦ {t("nav.studio")}
        </Link>
      </div>
      <ProfileTabs
        key={tab ?? ""}
        initial={tab}
        label={t("geminis.title")}
        tabs={[
          { id: "geminis", label: t("feed.userTab"), render: () => <MyGeminiGrid /> },
          {
            id: "fourcuts",
            label: t("feed.userFourcuts"),
            render: () => (me ? <FourcutStrips nickname={me.nickname} /> : null),
          },
          { id: "memories", label: t("stage.memories.tab"), render: () => <Memories /> },
        ]}
      />
    </section>
  );
}
