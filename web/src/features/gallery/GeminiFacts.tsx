import { useI18n } from "../../i18n";
import { formatDate } from "../studio/StudioHistory";
import type { GeminiDetail } from "./gallery";
import { useGeminiFourcutsQuery } from "./queries";

/** The four-cuts ordered from this gemini: finished ones link to their strip, others show their state. */
export function GeminiFourcuts({ id }: { id: number }) {
  const { t } = useI18n();
  const items = useGeminiFourcutsQuery(id).data?.items ?? [];
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
export function GeminiFacts({ gemini }: { gemini: GeminiDetail }) {
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
