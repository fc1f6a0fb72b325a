import { useI18n } from "../../i18n";
import { Icon } from "../../ui/Icon";
import { useAuth } from "../accounts/auth";
import { useSaveMutation } from "./queries";

/** Bookmark a gemini into my "saved" tab (optimistic); not shown to visitors. */
export function SaveButton({
  id,
  name,
  saved,
  withText = false,
}: {
  id: number;
  name: string;
  saved: boolean;
  withText?: boolean;
}) {
  const { t } = useI18n();
  const { me } = useAuth();
  const save = useSaveMutation(id);
  if (!me) return null;
  return (
    <button
      type="button"
      className={`save-btn${saved ? " is-saved" : ""}${withText ? " save-btn--text" : ""}`}
      aria-pressed={saved}
      // A toggle keeps one name; aria-pressed says whether it is on. The card's own name is the
      // list item's, so it is not repeated here.
      aria-label={withText ? undefined : t("gemini.bookmark")}
      title={name}
      data-testid="save-button"
      onClick={() => save.mutate(saved)}
    >
      <Icon name={saved ? "bookmark" : "bookmarkOutline"} size={withText ? 16 : 18} />
      {withText && <span>{saved ? t("gemini.bookmarked") : t("gemini.bookmark")}</span>}
    </button>
  );
}
