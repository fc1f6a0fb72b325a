import { useQuery } from "@tanstack/react-query";
import { useI18n } from "../../i18n";
import { api } from "../../api/client";
import { errorMessage } from "../../api/errors";

/** Radio cards of the starter portraits, as a real radio group (arrow keys work). */
export function AvatarPicker({
  value,
  onChange,
  error,
  label,
}: {
  label?: string;
  value: string | null;
  onChange: (id: string) => void;
  error?: string | null;
}) {
  const { t } = useI18n();
  // The starter set is fixed for the life of the server.
  const { data: avatars, error: loadFailure } = useQuery({
    queryKey: ["accounts", "avatars"],
    queryFn: () => api.avatars(),
    staleTime: Infinity,
  });
  const loadError = loadFailure ? errorMessage(loadFailure, t) : null;

  return (
    <fieldset className="avatar-picker" aria-invalid={error ? true : undefined}>
      <legend>{label ?? t("onboarding.avatar")}</legend>
      {!avatars && !loadError && <p className="muted">{t("onboarding.loadingAvatars")}</p>}
      {loadError && <p className="field__error">{loadError}</p>}
      <div className="avatar-picker__grid">
        {avatars?.map((avatar) => (
          <label key={avatar.id} className={`avatar-card${value === avatar.id ? " is-selected" : ""}`}>
            <input
              type="radio"
              name="avatar"
              value={avatar.id}
              checked={value === avatar.id}
              onChange={() => onChange(avatar.id)}
            />
            <span className="avatar-card__frame">
              <img src={avatar.image_url} alt="" loading="lazy" />
            </span>
            <span className="avatar-card__name">{avatar.name}</span>
          </label>
        ))}
      </div>
      {error && <p className="field__error" role="alert">{error}</p>}
    </fieldset>
  );
}
