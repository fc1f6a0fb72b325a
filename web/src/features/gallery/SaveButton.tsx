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
      aria-label={saved ? t("gemini.unsaveLabel", { name }) : t("gemini.saveLabel", { name })}
      data-testid="save-button"
      onClick={() => save.mutate(saved)}
    >
      <Icon name={saved ? "bookmark" : "bookmarkOutline"} size={withText ? 16 : 18} />
      {withText && <span>{saved ? t("gemini.saved") : t("gemini.save")}</span>}
    </button>
  );
}
