import { useEffect, useRef, useState } from "react";
import { api, ApiError } from "../../api/client";
import { useI18n } from "../../i18n";
import { attributesOf, PREVIEW_DEBOUNCE_MS, recipeKey, RecentCache, type PreviewAttributes } from "./preview";

// Drawn previews of this page load, by recipe: going back to an earlier choice needs no request.
const drawn = new RecentCache<Blob>(24);

async function fetchPreview(attributes: PreviewAttributes, signal: AbortSignal): Promise<Blob> {
  const { data, response } = await api.client.POST("/api/studio/preview", {
    body: { attributes: { ...attributes } },
    parseAs: "blob",
    signal,
  });
  if (!response.ok || !data) throw new ApiError(response.status, `Http${response.status}`, response.statusText);
  return data;
}

type Preview = { url: string | null; loading: boolean; failed: boolean };
type Drawn = { key: string | null; url: string | null; failedKey: string | null };

/**
 * The whole recipe drawn small by the server, following the choices: requests wait for a pause in
 * the picking, a newer choice aborts the older request, and each object URL is revoked once it is
 * no longer shown. Until the new picture arrives the previous one stays, dimmed.
 */
function useRecipePreview(attributes: PreviewAttributes): Preview {
  const key = recipeKey(attributes);
  const [state, setState] = useState<Drawn>({ key: null, url: null, failedKey: null });
  const shown = useRef<string | null>(null);

  useEffect(() => {
    const show = (blob: Blob) => {
      const url = URL.createObjectURL(blob);
      if (shown.current) URL.revokeObjectURL(shown.current);
      shown.current = url;
      setState({ key, url, failedKey: null });
    };
    const abort = new AbortController();
    const cached = drawn.get(key);
    // A recipe seen before shows at once; a new one waits for a pause in the picking.
    const timer = window.setTimeout(
      () => {
        if (cached) {
          show(cached);
          return;
        }
        fetchPreview(attributesOf(key), abort.signal)
          .then((blob) => {
            drawn.set(key, blob);
            if (!abort.signal.aborted) show(blob);
          })
          .catch(() => {
            if (!abort.signal.aborted) setState((s) => ({ ...s, failedKey: key }));
          });
      },
      cached ? 0 : PREVIEW_DEBOUNCE_MS,
    );
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [key]);

  // The last picture is released when the studio closes.
  useEffect(
    () => () => {
      if (shown.current) URL.revokeObjectURL(shown.current);
      shown.current = null;
    },
    [],
  );
  const failed = state.failedKey === key;
  return { url: state.url, loading: state.key !== key && !failed, failed };
}

/** "Live preview": the recipe as picked so far, with a starry placeholder while it is drawn. */
export function RecipePreview({ attributes }: { attributes: PreviewAttributes }) {
  const { t } = useI18n();
  const { url, loading, failed } = useRecipePreview(attributes);
  return (
    <figure className={`recipe-preview${loading ? " is-loading" : ""}`} aria-busy={loading} data-testid="recipe-preview">
      <div className="recipe-preview__frame">
        {url ? (
          <img src={url} alt={t("studio.preview.alt")} width={384} height={510} data-testid="recipe-preview-image" />
        ) : (
          <span className="recipe-preview__placeholder" aria-hidden="true" />
        )}
        {loading && <span className="recipe-preview__shimmer" aria-hidden="true" />}
      </div>
      <figcaption>
        <span className="sr-only" role="status">
          {loading ? t("studio.preview.loading") : ""}
        </span>
        {failed ? <span className="recipe-preview__error">{t("studio.preview.error")}</span> : t("studio.preview.note")}
      </figcaption>
    </figure>
  );
}
