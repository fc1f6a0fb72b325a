import { useEffect, useReducer, useState, type FormEvent } from "react";
import { Link, useLocation, useNavigate } from "react-router-dom";
import { useI18n } from "../../i18n";
import { ApiError } from "../../api/client";
import { useAuth } from "../accounts/auth";
import { errorMessage } from "../../api/errors";
import {
  gallery,
  geminiParam,
  likeInit,
  likeReducer,
  publishGeminiChange,
  type Fourcut,
  type GeminiDetail,
} from "./gallery";
import { onSocketEvent } from "../../api/realtime";
import { formatDate } from "../studio/StudioHistory";
import { Avatar } from "../../ui/Avatar";
import { FormAlert } from "../../ui/Form";
import { Modal } from "../../ui/Modal";
import "./gallery.css";

function LikeButton({ gemini }: { gemini: GeminiDetail }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const location = useLocation();
  const [model, dispatch] = useReducer(likeReducer, { liked: gemini.liked, like_count: gemini.like_count }, likeInit);
  useEffect(() => dispatch({ type: "reset", state: { liked: gemini.liked, like_count: gemini.like_count } }), [gemini.id, gemini.liked, gemini.like_count]);

  if (!me) {
    return (
      <Link className="like like--login" to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>
        <span aria-hidden="true">♡</span> {t("gemini.likeLogin")} · {model.like_count}
      </Link>
    );
  }
  async function toggle() {
    const liking = !model.liked;
    dispatch({ type: "toggle" });
    publishGeminiChange({ id: gemini.id, patch: { liked: liking, like_count: Math.max(0, model.like_count + (liking ? 1 : -1)) } });
    try {
      const state = await (liking ? gallery.like : gallery.unlike)(gemini.id);
      dispatch({ type: "confirmed", state });
      publishGeminiChange({ id: gemini.id, patch: state });
    } catch {
      dispatch({ type: "failed" });
      publishGeminiChange({ id: gemini.id, patch: model.confirmed });
    }
  }
  return (
    <button
      type="button"
      className={model.liked ? "like is-liked" : "like"}
      aria-pressed={model.liked}
      aria-label={`${model.liked ? t("gemini.unlike") : t("gemini.like")} (${t("gemini.likes", { count: model.like_count })})`}
      onClick={toggle}
      data-testid="like-button"
    >
      <span className="like__heart" aria-hidden="true">
        {model.liked ? "♥" : "♡"}
      </span>
      <span className="like__count" data-testid="like-count">
        {model.like_count}
      </span>
    </button>
  );
}

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

function FourcutList({ items }: { items: Fourcut[] }) {
  const { t } = useI18n();
  if (items.length === 0) return null;
  return (
    <section className="gdetail__fourcuts">
      <h3>{t("gemini.fourcuts")}</h3>
      <ul>
        {items.map((f) => (
          <li key={f.id}>
            {f.status === "ready" && (f.grid_url || f.strip_url) ? (
              <a href={f.strip_url ?? f.grid_url ?? "#"} target="_blank" rel="noreferrer">
                <img src={f.grid_url ?? f.strip_url ?? ""} alt={f.caption} loading="lazy" />
              </a>
            ) : (
              <span className={`gdetail__fc-status gdetail__fc-status--${f.status}`}>
                {f.status === "failed" ? t("gemini.fourcutFailed") : t("gemini.fourcutPending")}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Seed (when the viewer may see it), the extra prompt, and when it was summoned. */
function GeminiFacts({ gemini }: { gemini: GeminiDetail }) {
  const { t, lang } = useI18n();
  const extra = (gemini.recipe as { extra_prompt?: unknown }).extra_prompt;
  return (
    <dl className="gdetail__facts">
      {typeof extra === "string" && extra && (
        <div>
          <dt>{t("gemini.extra")}</dt>
          <dd>{extra}</dd>
        </div>
      )}
      {gemini.seed !== null && (
        <div>
          <dt>{t("gemini.seed")}</dt>
          <dd data-testid="gemini-seed">{gemini.seed}</dd>
        </div>
      )}
      <div>
        <dt>{t("gemini.created")}</dt>
        <dd>
          <time dateTime={gemini.created_at}>{formatDate(gemini.created_at, lang)}</time>
        </dd>
      </div>
    </dl>
  );
}

function OwnerControls({
  gemini,
  onChange,
  onDeleted,
}: {
  gemini: GeminiDetail;
  onChange: (g: GeminiDetail) => void;
  onDeleted: () => void;
}) {
  const { t } = useI18n();
  const { reloadMe } = useAuth();
  const [name, setName] = useState(gemini.name);
  const [description, setDescription] = useState(gemini.description);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  async function run<T>(action: () => Promise<T>, success?: string): Promise<T | undefined> {
    setBusy(true);
    setMessage(null);
    try {
      const out = await action();
      if (success) setMessage({ tone: "success", text: success });
      return out;
    } catch (err) {
      setMessage({ tone: "error", text: errorMessage(err, t) });
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  async function patch(body: Parameters<typeof gallery.update>[1], success?: string, optimistic = false) {
    // Switches flip at once and flip back if the server refuses.
    if (optimistic) onChange({ ...gemini, ...(body as Partial<GeminiDetail>) });
    const updated = await run(() => gallery.update(gemini.id, body), success);
    if (!updated && optimistic) onChange(gemini);
    if (updated) {
      onChange({ ...gemini, ...updated });
      publishGeminiChange({ id: gemini.id, patch: { name: updated.name, visibility: updated.visibility } });
    }
  }

  const nameTooLong = [...name].length > 20;
  const descTooLong = [...description].length > 255;

  return (
    <section className="gdetail__owner" aria-labelledby="gdetail-owner">
      <h3 id="gdetail-owner">{t("gemini.owner")}</h3>
      <form
        className="gdetail__form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (!nameTooLong && !descTooLong) void patch({ name: name.trim(), description: description.trim() }, t("gemini.saved"));
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
        checked={gemini.visibility === "public"}
        onChange={(on) => void patch({ visibility: on ? "public" : "private" }, undefined, true)}
      />
      <Switch
        label={t("gemini.shareSeed")}
        hint={t("gemini.shareSeedHint")}
        checked={gemini.share_seed}
        onChange={(on) => void patch({ share_seed: on }, undefined, true)}
      />
      <div className="gdetail__actions">
        <button
          type="button"
          className="btn btn--ghost btn--small"
          disabled={busy}
          onClick={async () => {
            const ok = await run(() => gallery.setAvatar(gemini.id), t("gemini.avatarSet"));
            if (ok !== undefined) void reloadMe().catch(() => undefined);
          }}
        >
          {t("gemini.setAvatar")}
        </button>
        <button
          type="button"
          className="btn btn--ghost btn--small"
          disabled={busy}
          onClick={async () => {
            const ok = await run(() => gallery.orderFourcut(gemini.id), t("gemini.fourcutOrdered"));
            if (ok !== undefined) {
              void reloadMe().catch(() => undefined);
              onChange({ ...gemini });
            }
          }}
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
                const ok = await run(() => gallery.remove(gemini.id));
                if (ok !== undefined) {
                  publishGeminiChange({ id: gemini.id, deleted: true });
                  onDeleted();
                }
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

/**
 * The detail dialog for any gemini (mine or someone else's): portrait, owner, like, keywords, "use this
 * recipe"; owner controls appear when `is_mine`.
 */
export function GeminiDetailDialog({ id, onClose }: { id: number; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { state } = useAuth();
  const navigate = useNavigate();
  const [gemini, setGemini] = useState<GeminiDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [fourcuts, setFourcuts] = useState<Fourcut[]>([]);
  const [recipeError, setRecipeError] = useState<string | null>(null);
  const [fourcutVersion, setFourcutVersion] = useState(0);

  useEffect(() => {
    if (state.status === "loading") return;
    let live = true;
    setError(null);
    gallery.gemini(id, lang).then(
      (g) => live && setGemini(g),
      (err: unknown) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [id, lang, state.status, state.me?.id]);

  useEffect(() => {
    let live = true;
    gallery.fourcuts(id).then(
      (page) => live && setFourcuts(page.items),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [id, fourcutVersion]);

  useEffect(
    () =>
      onSocketEvent("notification.new", (n) => {
        if (n.kind.startsWith("fourcut.") && n.payload?.gemini_id === id) setFourcutVersion((v) => v + 1);
      }),
    [id],
  );

  async function useRecipe() {
    setRecipeError(null);
    try {
      const recipe = await gallery.recipe(id);
      navigate("/studio", {
        state: { attributes: recipe.attributes, extra_prompt: recipe.extra_prompt, seed: recipe.seed },
      });
    } catch (err) {
      setRecipeError(errorMessage(err, t));
    }
  }

  const name = gemini?.name || t("gemini.untitled");
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <Modal open onClose={onClose} title={gemini ? name : notFound ? t("gemini.notFound") : t("app.loading")} className="gdetail-modal">
      {Boolean(error) && <p className="field__error">{notFound ? t("gemini.notFound") : errorMessage(error, t)}</p>}
      {!gemini && !error && (
        <div className="gdetail__loading" aria-hidden="true">
          <span className="feed__spinner" />
        </div>
      )}
      {gemini && !error && (
        <div className="gdetail" data-testid="gemini-detail">
          <figure className="gdetail__figure">
            <img src={gemini.image_url} width={gemini.width} height={gemini.height} alt={t("gemini.imageAlt", { name })} />
          </figure>
          <div className="gdetail__info">
            <div className="gdetail__by">
              <Link to={`/u/${encodeURIComponent(gemini.owner.nickname)}`} className="gdetail__owner-link">
                <Avatar src={gemini.owner.avatar_url} alt="" name={gemini.owner.nickname} size={36} />
                <span>{gemini.owner.nickname}</span>
              </Link>
              <LikeButton gemini={gemini} />
            </div>
            <p className={gemini.description ? "gdetail__desc" : "gdetail__desc muted"}>
              {gemini.description || t("gemini.noDescription")}
            </p>
            {gemini.keywords.length > 0 && (
              <>
                <h3 className="gdetail__label">{t("gemini.keywords")}</h3>
                <ul className="gchips" aria-label={t("gemini.keywords")}>
                  {gemini.keywords.map((k) => (
                    <li key={`${k.category}:${k.option}`} className="gchip">
                      {k.label}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <GeminiFacts gemini={gemini} />
            <button type="button" className="btn btn--gold gdetail__recipe" onClick={useRecipe}>
              <span aria-hidden="true">✦ </span>
              {t("gemini.useRecipe")}
            </button>
            <FormAlert message={recipeError} />
            <FourcutList items={fourcuts} />
            {gemini.is_mine && (
              <OwnerControls
                key={gemini.id}
                gemini={gemini}
                onChange={(g) => {
                  setGemini(g);
                  setFourcutVersion((v) => v + 1);
                }}
                onDeleted={onClose}
              />
            )}
          </div>
        </div>
      )}
    </Modal>
  );
}

/** Mounted once in the shell: opens the dialog for `?gemini=ID` on any page (`/me` included). */
export function GeminiDetailHost() {
  const location = useLocation();
  const navigate = useNavigate();
  const id = geminiParam(location.search);
  if (!id) return null;
  const close = () => {
    const fromGallery = (location.state as { fromGallery?: boolean } | null)?.fromGallery;
    if (fromGallery && window.history.length > 1) {
      navigate(-1);
      return;
    }
    const params = new URLSearchParams(location.search);
    params.delete("gemini");
    const search = params.toString();
    navigate(
      { pathname: location.pathname, search: search ? `?${search}` : "", hash: location.hash },
      { replace: true, preventScrollReset: true },
    );
  };
  return <GeminiDetailDialog key={id} id={id} onClose={close} />;
}
