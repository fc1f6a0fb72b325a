import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { Link } from "react-router-dom";
import { useI18n } from "../../i18n";
import { api, type UserCard } from "../../api/client";
import { errorMessage } from "../../api/errors";
import { Avatar } from "../../ui/Avatar";

type Kind = "followers" | "following";
const KINDS: Kind[] = ["followers", "following"];

interface ListState {
  items: UserCard[];
  next: string | null;
  loaded: boolean;
  busy: boolean;
  error: string | null;
}
const EMPTY: ListState = { items: [], next: null, loaded: false, busy: false, error: null };

function useUserList(nickname: string, kind: Kind, version: number) {
  const { t } = useI18n();
  const [list, setList] = useState<ListState>(EMPTY);
  const token = useRef(0);

  const load = useCallback(
    async (cursor: string | null) => {
      const mine = ++token.current;
      setList((s) => ({ ...s, busy: true, error: null }));
      try {
        const page = await (kind === "followers" ? api.followers : api.following)(nickname, cursor);
        if (mine !== token.current) return;
        setList((s) => ({
          items: cursor ? [...s.items, ...page.items] : page.items,
          next: page.next_cursor ?? null,
          loaded: true,
          busy: false,
          error: null,
        }));
      } catch (err) {
        if (mine !== token.current) return;
        setList((s) => ({ ...s, busy: false, error: errorMessage(err, t) }));
      }
    },
    [kind, nickname, t],
  );

  useEffect(() => {
    setList(EMPTY);
    void load(null);
  }, [load, version]);

  return { list, more: () => load(list.next) };
}

function Panel({ nickname, kind, version, id, labelledBy }: { nickname: string; kind: Kind; version: number; id: string; labelledBy: string }) {
  const { t } = useI18n();
  const { list, more } = useUserList(nickname, kind, version);
  return (
    <div role="tabpanel" id={id} aria-labelledby={labelledBy} className="user-list" aria-busy={list.busy}>
      {list.error && <p className="field__error" role="alert">{list.error}</p>}
      {list.loaded && list.items.length === 0 && (
        <p className="muted user-list__empty">{t(kind === "followers" ? "profile.emptyFollowers" : "profile.emptyFollowing")}</p>
      )}
      <ul>
        {list.items.map((user) => (
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
      {list.next && (
        <button type="button" className="btn btn--ghost btn--block" onClick={more} disabled={list.busy}>
          {list.busy ? t("auth.busy") : t("profile.loadMore")}
        </button>
      )}
    </div>
  );
}

/** Followers / following as tabs (WAI-ARIA tabs pattern: arrow keys move between tabs). */
export function FollowPanels({
  nickname,
  counts,
  version = 0,
}: {
  nickname: string;
  counts: { followers: number; following: number };
  version?: number;
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
        version={version}
        id={`${base}-${active}-panel`}
        labelledBy={`${base}-${active}-tab`}
      />
    </section>
  );
}
