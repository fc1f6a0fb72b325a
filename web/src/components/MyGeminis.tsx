import { useCallback, useEffect, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { useI18n } from "../i18n";
import { api, type Gemini, type GeminiCard } from "../lib/api";
import { errorMessage } from "../lib/errors";
import { attributesFrom, recipeKeywords } from "../lib/studio";
import { useCatalog } from "../lib/useCatalog";
import { formatDate } from "../pages/StudioHistory";
import { Modal } from "./Modal";

function VisibilityBadge({ visibility }: { visibility: "public" | "private" }) {
  const { t } = useI18n();
  return (
    <span className={`vis-badge vis-badge--${visibility}`}>
      <span aria-hidden="true">{visibility === "private" ? "🔒 " : "✦ "}</span>
      {visibility === "private" ? t("geminis.private") : t("geminis.public")}
    </span>
  );
}

function GeminiDetail({ id, onClose }: { id: number; onClose: () => void }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { catalog } = useCatalog();
  const [gemini, setGemini] = useState<Gemini | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setGemini(null);
    api.gemini(id, lang).then(
      (g) => live && setGemini(g),
      (err: unknown) => live && setError(errorMessage(err, t)),
    );
    return () => {
      live = false;
    };
  }, [id, lang, t]);

  const recipe = (gemini?.recipe ?? {}) as { attributes?: unknown; extra_prompt?: unknown };
  const attributes = attributesFrom(recipe.attributes) ?? {};
  const keywords =
    catalog && Object.keys(attributes).length > 0
      ? recipeKeywords(catalog, attributes)
      : (gemini?.keywords.map((k) => k.label) ?? []);
  const name = gemini?.name || t("geminis.untitled");

  return (
    <Modal open onClose={onClose} title={name} className="gemini-dialog">
      {error && <p className="field__error">{error}</p>}
      {!gemini && !error && <p className="muted">{t("app.loading")}</p>}
      {gemini && (
        <div className="gemini-detail">
          <img
            className="gemini-detail__image"
            src={gemini.image_url}
            width={gemini.width}
            height={gemini.height}
            alt={t("geminis.imageAlt", { name })}
          />
          <div className="gemini-detail__meta">
            <VisibilityBadge visibility={gemini.visibility} />
            <h3>{t("geminis.keywords")}</h3>
            <ul className="chips">
              {keywords.map((k) => (
                <li key={k} className="chip">
                  {k}
                </li>
              ))}
            </ul>
            <dl className="gemini-detail__facts">
              {typeof recipe.extra_prompt === "string" && recipe.extra_prompt && (
                <div>
                  <dt>{t("geminis.extra")}</dt>
                  <dd>{recipe.extra_prompt}</dd>
                </div>
              )}
              <div>
                <dt>{t("geminis.seed")}</dt>
                <dd data-testid="gemini-seed">{gemini.seed ?? "—"}</dd>
              </div>
              <div>
                <dt>{t("geminis.created")}</dt>
                <dd>
                  <time dateTime={gemini.created_at}>{formatDate(gemini.created_at, lang)}</time>
                </dd>
              </div>
              <div>
                <dt>♥</dt>
                <dd>{t("geminis.likes", { count: gemini.like_count })}</dd>
              </div>
            </dl>
            <button
              type="button"
              className="btn btn--gold"
              onClick={() =>
                navigate("/studio", {
                  state: {
                    attributes,
                    extra_prompt: typeof recipe.extra_prompt === "string" ? recipe.extra_prompt : null,
                  },
                })
              }
            >
              {t("geminis.useRecipe")}
            </button>
          </div>
        </div>
      )}
    </Modal>
  );
}

/** "My geminis": a paged grid of thumbnails; a card opens the detail dialog (also from `?gemini=id`). */
export function MyGeminis() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const [items, setItems] = useState<GeminiCard[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const openId = Number.parseInt(params.get("gemini") ?? "", 10);

  const load = useCallback(
    async (from: string | null) => {
      setBusy(true);
      try {
        const page = await api.myGeminis(from);
        setItems((list) => (from ? [...(list ?? []), ...page.items] : page.items));
        setCursor(page.next_cursor);
        setError(null);
      } catch (err) {
        setError(errorMessage(err, t));
      } finally {
        setBusy(false);
      }
    },
    [t],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  const open = (id: number | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (id === null) next.delete("gemini");
        else next.set("gemini", String(id));
        return next;
      },
      { preventScrollReset: true, replace: id === null },
    );

  return (
    <section id="geminis" className="glass panel my-geminis" aria-labelledby="geminis-title">
      <div className="my-geminis__head">
        <h2 id="geminis-title">{t("geminis.title")}</h2>
        <Link className="btn btn--gold btn--small" to="/studio">
          ✦ {t("nav.studio")}
        </Link>
      </div>
      {error && <p className="field__error">{error}</p>}
      {items === null && !error && <p className="muted">{t("app.loading")}</p>}
      {items?.length === 0 && (
        <div className="empty-state">
          <p>{t("geminis.empty")}</p>
        </div>
      )}
      {items && items.length > 0 && (
        <ul className="gemini-grid">
          {items.map((g) => {
            const name = g.name || t("geminis.untitled");
            return (
              <li key={g.id}>
                <button
                  type="button"
                  className="gemini-card"
                  aria-label={t("geminis.open", { name })}
                  data-gemini-id={g.id}
                  onClick={() => open(g.id)}
                >
                  <img src={g.thumbnail_url} alt="" width={192} height={256} loading="lazy" decoding="async" />
                  <span className="gemini-card__foot">
                    <span className="gemini-card__name">{name}</span>
                    <VisibilityBadge visibility={g.visibility} />
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {cursor && (
        <div className="load-more">
          <button type="button" className="btn btn--ghost" disabled={busy} onClick={() => void load(cursor)}>
            {busy ? t("auth.busy") : t("profile.loadMore")}
          </button>
        </div>
      )}
      {Number.isFinite(openId) && <GeminiDetail id={openId} onClose={() => open(null)} />}
    </section>
  );
}
