import { useId, useRef, useState, type KeyboardEvent } from "react";
import { Link } from "react-router-dom";
import { useI18n } from "../../i18n";
import { errorMessage } from "../../api/errors";
import { Avatar } from "../../ui/Avatar";
import { useFollowListQuery, type FollowKind as Kind } from "./profileQueries";

const KINDS: Kind[] = ["followers", "following"];

function Panel({ nickname, kind, id, labelledBy }: { nickname: string; kind: Kind; id: string; labelledBy: string }) {
  const { t } = useI18n();
  const list = useFollowListQuery(nickname, kind);
  const items = list.data ?? [];
  const busy = list.isFetching;
  return (
    <div role="tabpanel" id={id} aria-labelledby={labelledBy} className="user-list" aria-busy={busy}>
      {list.error && <p className="field__error" role="alert">{errorMessage(list.error, t)}</p>}
      {list.isSuccess && items.length === 0 && (
        <p className="muted user-list__empty">{t(kind === "followers" ? "profile.emptyFollowers" : "profile.emptyFollowing")}</p>
      )}
      <ul>
        {items.map((user) => (
          <li key={user.nickname}>
            <Link to={`/u/${encodeURIComponent(user.nickname)}`} className="user-row">
              <Avatar src={user.avatar_url} alt="" name={user.nickname} size={44} />
              <span className="user-row__text">
                <span className="user-row__name">{user.nickname}</span>
                {user.bio && <span className="user-row__bio">{user.bio}</span>}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {list.hasNextPage && (
        <button type="button" className="btn btn--ghost btn--block" onClick={() => void list.fetchNextPage()} disabled={busy}>
          {busy ? t("auth.busy") : t("profile.loadMore")}
        </button>
      )}
    </div>
  );
}

/** Followers / following as tabs (WAI-ARIA tabs pattern: arrow keys move between tabs). */
export function FollowPanels({
  nickname,
  counts,
}: {
  nickname: string;
  counts: { followers: number; following: number };
}) {
  const { t } = useI18n();
  const [active, setActive] = useState<Kind>("followers");
  const base = useId();
  const tabRefs = useRef<Record<Kind, HTMLButtonElement | null>>({ followers: null, following: null });

  const onKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const next = KINDS[(KINDS.indexOf(active) + 1) % KINDS.length]!;
    setActive(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <section className="follow-panels glass" aria-label={t("profile.lists")}>
      <div role="tablist" className="tabs">
        {KINDS.map((kind) => (
          <button
            key={kind}
            ref={(el) => {
              tabRefs.current[kind] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-${kind}-tab`}
            aria-controls={active === kind ? `${base}-${kind}-panel` : undefined}
            aria-selected={active === kind}
            tabIndex={active === kind ? 0 : -1}
            onClick={() => setActive(kind)}
            onKeyDown={onKey}
          >
            {t(kind === "followers" ? "profile.followers" : "profile.following")}
            <span className="tabs__count">{counts[kind]}</span>
          </button>
        ))}
      </div>
      <Panel
        key={`${nickname}-${active}`}
        nickname={nickname}
        kind={active}
        id={`${base}-${active}-panel`}
        labelledBy={`${base}-${active}-tab`}
      />
    </section>
  );
}
