import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { Generation } from "../../api/client";
import { errorMessage } from "../../api/errors";
import { useI18n } from "../../i18n";
import { FormAlert } from "../../ui/Form";
import { Icon } from "../../ui/Icon";
import { gallery } from "../gallery/gallery";
import { galleryKeys } from "../gallery/queries";
import { GenerationProgress } from "./GenerationCard";
import { useStudioGemini } from "./queries";
import { isFinished } from "./studio";
import { useGeneration } from "./useGeneration";

/** The geminis of a vary that the person did not keep (only summons that made one can be let go). */
export function notKept(items: readonly Pick<Generation, "id" | "status" | "gemini_id">[], kept: ReadonlySet<number>): number[] {
  return items
    .filter((g) => g.status === "succeeded" && g.gemini_id != null && !kept.has(g.id))
    .map((g) => g.gemini_id as number);
}

function VaryTile({
  initial,
  index,
  kept,
  decided,
  onToggle,
  onSeen,
}: {
  initial: Generation;
  index: number;
  kept: boolean;
  decided: boolean;
  onToggle: () => void;
  onSeen: (g: Generation) => void;
}) {
  const { t, lang } = useI18n();
  const generation = useGeneration(initial, onSeen);
  const portrait = useStudioGemini(generation.status === "succeeded" ? generation.gemini_id : null, lang);
  const n = index + 1;
  return (
    <li className={`vary-tile${kept ? " is-kept" : ""}`}>
      <div className="vary-tile__frame">
        {portrait.data ? (
          <img src={portrait.data.thumbnail_url} alt={t("studio.varyPick", { n })} width={192} height={256} />
        ) : isFinished(generation.status) && generation.status !== "succeeded" ? (
          <p role="status">{generation.status === "cancelled" ? t("studio.cancelled") : t("studio.failed")}</p>
        ) : (
          <div className="vary-tile__wait" aria-label={t("studio.varyWaiting", { n })}>
            <GenerationProgress generation={generation} />
          </div>
        )}
      </div>
      {generation.status === "succeeded" && (
        <label className="vary-tile__keep">
          <input type="checkbox" checked={kept} disabled={decided} onChange={onToggle} />
          {t("studio.varyPick", { n })}
        </label>
      )}
    </li>
  );
}

/**
 * A vary's summons side by side as they arrive; each is kept unless unticked. "Keep" lets the
 * unticked ones go (their geminis are deleted), "Keep all" keeps every one.
 */
export function VaryPanel({ items, onDone }: { items: Generation[]; onDone: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [latest, setLatest] = useState<Record<number, Generation>>({});
  const [dropped, setDropped] = useState<ReadonlySet<number>>(new Set());
  const [decided, setDecided] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = items.map((g) => latest[g.id] ?? g);
  const allDone = current.every((g) => isFinished(g.status));
  const keptIds = new Set(current.filter((g) => !dropped.has(g.id)).map((g) => g.id));
  const keptCount = current.filter((g) => g.status === "succeeded" && keptIds.has(g.id)).length;
  const total = current.filter((g) => g.status === "succeeded").length;

  async function keep(all: boolean) {
    setBusy(true);
    setError(null);
    try {
      const gone = all ? [] : notKept(current, keptIds);
      for (const id of gone) await gallery.remove(id);
      void queryClient.invalidateQueries({ queryKey: galleryKeys.lists() });
      setDecided(t("studio.varyDone", { count: all ? total : keptCount, total }));
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="vary glass panel" aria-labelledby="vary-title">
      <div className="vary__head">
        <h2 id="vary-title">
          <Icon name="star" size={16} /> {t("studio.varyTitle")}
        </h2>
        {decided && (
          <button type="button" className="btn btn--ghost btn--small" onClick={onDone}>
            <Icon name="close" size={14} /> {t("gemini.close")}
          </button>
        )}
      </div>
      <ul className="vary__tiles">
        {items.map((g, i) => (
          <VaryTile
            key={g.id}
            initial={g}
            index={i}
            kept={keptIds.has(g.id)}
            decided={decided !== null}
            onSeen={(seen) => setLatest((m) => ({ ...m, [seen.id]: seen }))}
            onToggle={() =>
              setDropped((set) => {
                const next = new Set(set);
                if (next.has(g.id)) next.delete(g.id);
                else next.add(g.id);
                return next;
              })
            }
          />
        ))}
      </ul>
      <FormAlert message={error} />
      {decided ? (
        <p role="status" className="vary__done">
          {decided}
        </p>
      ) : (
        <div className="vary__actions">
          <button type="button" className="btn btn--ghost" disabled={!allDone || busy || keptCount === total} onClick={() => void keep(false)}>
            {t("studio.varyKeepSelected", { count: keptCount })}
          </button>
          <button type="button" className="btn btn--gold" disabled={!allDone || busy} onClick={() => void keep(true)}>
            {t("studio.varyKeepAll")}
          </button>
        </div>
      )}
    </section>
  );
}
