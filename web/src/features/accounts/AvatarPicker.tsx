import { useEffect, useState } from "react";
import { useI18n } from "../../i18n";
import { api, type StarterAvatar } from "../../api/client";
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
  const [avatars, setAvatars] = useState<StarterAvatar[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.avatars().then(
      (items) => live && setAvatars(items),
      (err: unknown) => live && setLoadError(errorMessage(err, t)),
    );
    return () => {
      live = false;
    };
  }, [t]);

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
