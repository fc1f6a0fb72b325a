import { useI18n } from "../../i18n";
import { FeedGrid } from "./FeedGrid";
import { listView } from "./listView";
import { useUserGeminisQuery } from "./queries";
import { FourcutStrips } from "./FourcutStrips";
import { ProfileTabs } from "./ProfileTabs";
import "./gallery.css";

/** A person's public geminis, paginated (infinite scroll + "load more"). */
function UserGeminis({ nickname }: { nickname: string }) {
  const { t } = useI18n();
  const feed = listView(useUserGeminisQuery(nickname));
  return <FeedGrid feed={feed} label={`${nickname} — ${t("feed.userTab")}`} empty={t("feed.userEmpty")} showOwner={false} />;
}

/** A profile's collections: geminis and finished expression four-cuts, as tabs. */
export function UserGallery({ nickname }: { nickname: string }) {
  const { t } = useI18n();
  const label = t("profile.collections", { nickname });
  return (
    <section className="user-gallery glass" aria-label={label}>
      <ProfileTabs
        key={nickname}
        label={label}
        tabs={[
          {
            id: "geminis",
            label: (
              <>
                <span aria-hidden="true">✦ </span>
                {t("feed.userTab")}
              </>
            ),
            render: () => <UserGeminis nickname={nickname} />,
          },
          {
            id: "fourcuts",
            label: (
              <>
                <span aria-hidden="true">▦ </span>
                {t("feed.userFourcuts")}
              </>
            ),
            render: () => <FourcutStrips nickname={nickname} />,
          },
        ]}
      />
    </section>
  );
}
