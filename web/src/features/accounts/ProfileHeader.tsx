import type { ReactNode } from "react";
import { Avatar } from "../../ui/Avatar";
import { Constellation } from "../../ui/Constellation";
import { useI18n } from "../../i18n";

export function ProfileHeader({
  title,
  nickname,
  bio,
  avatarUrl,
  counts,
  stars,
  action,
  extra,
}: {
  title?: string;
  nickname: string;
  bio: string;
  avatarUrl: string | null;
  counts: { followers: number; following: number };
  stars?: number;
  action?: ReactNode;
  extra?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <section className="profile glass" aria-labelledby="profile-name">
      <Constellation className="profile__constellation" />
      <div className="profile__portrait">
        <Avatar src={avatarUrl} alt={t("profile.avatarAlt", { nickname })} name={nickname} size={132} />
      </div>
      <div className="profile__body">
        {title && <p className="eyebrow">{title}</p>}
        <h1 id="profile-name">{nickname}</h1>
        <p className={bio ? "profile__bio" : "profile__bio muted"}>{bio || t("profile.noBio")}</p>
        <dl className="stats">
          <div>
            <dt>{t("profile.followers")}</dt>
            <dd data-testid="followers-count">{counts.followers}</dd>
          </div>
          <div>
            <dt>{t("profile.following")}</dt>
            <dd data-testid="following-count">{counts.following}</dd>
          </div>
          {stars !== undefined && (
            <div className="stats__stars">
              <dt>{t("profile.stars")}</dt>
              <dd>
                <span aria-hidden="true">✦ </span>
                {stars}
              </dd>
            </div>
          )}
        </dl>
        {extra}
        {action && <div className="profile__action">{action}</div>}
      </div>
    </section>
  );
}
