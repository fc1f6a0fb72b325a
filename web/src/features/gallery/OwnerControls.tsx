import { useState, type FormEvent } from "react";
import { useI18n } from "../../i18n";
import { errorMessage } from "../../api/errors";
import { FormAlert } from "../../ui/Form";
import type { GeminiDetail, GeminiUpdate } from "./gallery";
import { useDeleteGemini, useOrderFourcut, useSetAvatar, useUpdateGemini } from "./queries";

function Switch({
  label,
  hint,
  checked,
  disabled,
  onChange,
}: {
  label: string;
  hint: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (next: boolean) => void;
}) {
  return (
    // The label's text (name + hint, styled apart) sits two spans deep, below the depth jsx-a11y
    // searches by default; the switch's accessible name is that text.
    // eslint-disable-next-line jsx-a11y/label-has-associated-control
    <label className="gswitch">
      <span className="gswitch__text">
        <span className="gswitch__label">{label}</span>
        <span className="gswitch__hint">{hint}</span>
      </span>
      <input
        type="checkbox"
        role="switch"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span className="gswitch__track" aria-hidden="true" />
    </label>
  );
}

type Message = { tone: "error" | "success"; text: string } | null;

/** What the owner may do with a gemini: rename, describe, publish, share the seed, use as avatar,
 * order a four-cut, delete. One message line reports the last action. */
export function OwnerControls({ gemini, onDeleted }: { gemini: GeminiDetail; onDeleted: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(gemini.name);
  const [description, setDescription] = useState(gemini.description);
  const [message, setMessage] = useState<Message>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  // A switch shows its new position in the same frame as the click; the cache (and every other view)
  // follows once the mutation has started, and a refusal puts both back.
  const [flipped, setFlipped] = useState<GeminiUpdate>({});
  const update = useUpdateGemini(gemini.id);
  const remove = useDeleteGemini(gemini.id);
  const setAvatar = useSetAvatar(gemini.id);
  const orderFourcut = useOrderFourcut(gemini.id);
  const busy = update.isPending || remove.isPending || setAvatar.isPending || orderFourcut.isPending;

  async function run(action: () => Promise<unknown>, success?: string): Promise<boolean> {
    setMessage(null);
    try {
      await action();
      if (success) setMessage({ tone: "success", text: success });
      return true;
    } catch (err) {
      setMessage({ tone: "error", text: errorMessage(err, t) });
      return false;
    }
  }
  const patch = (body: GeminiUpdate, success?: string) => void run(() => update.mutateAsync({ body }), success);
  const flip = async (body: GeminiUpdate) => {
    setFlipped((shown) => ({ ...shown, ...body }));
    if (!(await run(() => update.mutateAsync({ body, optimistic: true })))) setFlipped({});
  };
  const visibility = flipped.visibility ?? gemini.visibility;
  const shareSeed = flipped.share_seed ?? gemini.share_seed;

  const nameTooLong = [...name].length > 20;
  const descTooLong = [...description].length > 255;

  return (
    <section className="gdetail__owner" aria-labelledby="gdetail-owner">
      <h3 id="gdetail-owner">{t("gemini.owner")}</h3>
      <form
        className="gdetail__form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (!nameTooLong && !descTooLong) patch({ name: name.trim(), description: description.trim() }, t("gemini.saved"));
        }}
      >
        <label className="gfield">
          <span>{t("gemini.name")}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={40} aria-invalid={nameTooLong || undefined} />
          <small className={nameTooLong ? "gfield__err" : "muted"}>{nameTooLong ? t("gemini.tooLong") : t("gemini.nameHint")}</small>
        </label>
        <label className="gfield">
          <span>{t("gemini.description")}</span>
          <textarea value={description} rows={3} onChange={(e) => setDescription(e.target.value)} aria-invalid={descTooLong || undefined} />
          <small className={descTooLong ? "gfield__err" : "muted"}>
            {descTooLong ? t("gemini.tooLong") : t("gemini.descriptionHint")} ({[...description].length}/255)
          </small>
        </label>
        <button type="submit" className="btn btn--gold btn--small" disabled={busy || nameTooLong || descTooLong}>
          {t("gemini.save")}
        </button>
      </form>
      <Switch
        label={t("gemini.public")}
        hint={t("gemini.publicHint")}
        checked={visibility === "public"}
        onChange={(on) => void flip({ visibility: on ? "public" : "private" })}
      />
      <Switch
        label={t("gemini.shareSeed")}
        hint={t("gemini.shareSeedHint")}
        checked={shareSeed}
        onChange={(on) => void flip({ share_seed: on })}
      />
      <div className="gdetail__actions">
        <button
          type="button"
          className="btn btn--ghost btn--small"
          disabled={busy}
          onClick={() => void run(() => setAvatar.mutateAsync(), t("gemini.avatarSet"))}
        >
          {t("gemini.setAvatar")}
        </button>
        <button
          type="button"
          className="btn btn--ghost btn--small"
          disabled={busy}
          onClick={() => void run(() => orderFourcut.mutateAsync(), t("gemini.fourcutOrdered"))}
        >
          <span aria-hidden="true">✦ </span>
          {t("gemini.orderFourcut")}
        </button>
        {!confirmDelete ? (
          <button type="button" className="btn btn--danger btn--small" disabled={busy} onClick={() => setConfirmDelete(true)}>
            {t("gemini.delete")}
          </button>
        ) : (
          <div className="gdetail__confirm" role="group" aria-label={t("gemini.deleteConfirm")}>
            <p>{t("gemini.deleteConfirm")}</p>
            <button
              type="button"
              className="btn btn--danger btn--small"
              disabled={busy}
              onClick={async () => {
                if (await run(() => remove.mutateAsync())) onDeleted();
              }}
            >
              {t("gemini.deleteYes")}
            </button>
            <button type="button" className="btn btn--ghost btn--small" onClick={() => setConfirmDelete(false)}>
              {t("gemini.cancel")}
            </button>
          </div>
        )}
      </div>
      <FormAlert message={message?.text ?? null} tone={message?.tone ?? "error"} />
    </section>
  );
}
