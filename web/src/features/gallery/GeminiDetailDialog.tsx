import { useState } from "react";
import { Link, useLocation, useNavigate } from "react-router-dom";
import { useI18n } from "../../i18n";
import { ApiError } from "../../api/client";
import { errorMessage } from "../../api/errors";
import { Avatar } from "../../ui/Avatar";
import { FormAlert } from "../../ui/Form";
import { Modal } from "../../ui/Modal";
import { Icon } from "../../ui/Icon";
import { gallery, geminiParam, type GeminiDetail } from "./gallery";
import { GeminiFacts, GeminiFourcuts } from "./GeminiFacts";
import { LikeButton } from "./LikeButton";
import { SaveButton } from "./SaveButton";
import { OwnerControls } from "./OwnerControls";
import { useGeminiQuery } from "./queries";
import "./gallery.css";

/** Portrait, owner, like, keywords, facts, "use this recipe", four-cuts, and the owner's controls. */
function GeminiBody({ gemini, onClose }: { gemini: GeminiDetail; onClose: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [recipeError, setRecipeError] = useState<string | null>(null);
  const name = gemini.name || t("gemini.untitled");

  async function useRecipe() {
    setRecipeError(null);
    try {
      const recipe = await gallery.recipe(gemini.id);
      navigate("/studio", {
        state: { attributes: recipe.attributes, extra_prompt: recipe.extra_prompt, seed: recipe.seed },
      });
    } catch (err) {
      setRecipeError(errorMessage(err, t));
    }
  }

  return (
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
          <span className="gdetail__acts">
            <LikeButton gemini={gemini} />
            <SaveButton id={gemini.id} name={name} saved={gemini.saved} withText />
          </span>
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
          <Icon name="star" size={14} /> {t("gemini.useRecipe")}
        </button>
        <FormAlert message={recipeError} />
        <GeminiFourcuts id={gemini.id} />
        {gemini.is_mine && <OwnerControls key={gemini.id} gemini={gemini} onDeleted={onClose} />}
      </div>
    </div>
  );
}

/**
 * The detail dialog for any gemini (mine or someone else's): portrait, owner, like, keywords, "use this
 * recipe"; owner controls appear when `is_mine`.
 */
export function GeminiDetailDialog({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useI18n();
  const { data: gemini, error } = useGeminiQuery(id);
  const name = gemini?.name || t("gemini.untitled");
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <Modal open onClose={onClose} title={gemini ? name : notFound ? t("gemini.notFound") : t("app.loading")} className="gdetail-modal">
      {notFound ? (
        // The title already says it is gone: the body says why that may be and offers a way on.
        <div className="gdetail__missing">
          <p>{t("gemini.missingBody")}</p>
          <button type="button" className="btn btn--ghost btn--small" onClick={onClose}>
            {t("gallery.title")}
          </button>
        </div>
      ) : (
        Boolean(error) && <p className="field__error">{errorMessage(error, t)}</p>
      )}
      {!gemini && !error && (
        <div className="gdetail__loading" aria-hidden="true">
          <span className="feed__spinner" />
        </div>
      )}
      {gemini && !error && <GeminiBody gemini={gemini} onClose={onClose} />}
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
