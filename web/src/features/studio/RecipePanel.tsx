import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { createPortal } from "react-dom";
import { useForm, useWatch } from "react-hook-form";
import { ApiError, type Generation } from "../../api/client";
import { errorMessage } from "../../api/errors";
import { useI18n } from "../../i18n";
import { FormAlert, TextArea, TextField } from "../../ui/Form";
import { fieldError } from "../../ui/formErrors";
import { Icon } from "../../ui/Icon";
import { PromptWords } from "./PromptWords";
import { RecipePreview } from "./RecipePreview";
import { useSummon, useVary } from "./queries";
import { charCount, EXTRA_PROMPT_MAX, missingRequired, recipeSummary, type Attributes, type StudioCatalog } from "./studio";
import { summonSchema, type SummonFields, type SummonOptions } from "./summonForm";

/** What other pages may hand the studio through router state ("use this recipe"). */
export interface StudioState {
  attributes?: Record<string, unknown>;
  extra_prompt?: string | null;
  seed?: number | null;
}

/**
 * "Your recipe": the chosen options (each a way back to its tab), the fine-tuning form, the price,
 * and the summon button.
 */
export function RecipePanel({
  catalog,
  attributes,
  initial,
  balance,
  onEdit,
  onSummoned,
  onNeedStars,
  onVaried,
  dock,
}: {
  catalog: StudioCatalog;
  attributes: Attributes;
  initial: StudioState | null;
  balance: number;
  onEdit: (categoryId: string) => void;
  onSummoned: (job: Generation) => void;
  onNeedStars: () => void;
  onVaried: (items: Generation[]) => void;
  /** Where the summon bar goes: a slot that stays in view at the bottom of the studio. */
  dock: HTMLElement | null;
}) {
  const { t } = useI18n();
  const summary = recipeSummary(catalog, attributes);
  const missing = missingRequired(catalog, attributes);
  const [fineTune, setFineTune] = useState(Boolean(initial?.extra_prompt) || typeof initial?.seed === "number");
  const {
    register,
    control,
    handleSubmit,
    setError,
    getValues,
    setValue,
    formState: { errors },
  } = useForm<SummonFields, unknown, SummonOptions>({
    resolver: zodResolver(summonSchema),
    // Problems show as they are typed, and keep the button disabled until fixed.
    mode: "onChange",
    defaultValues: {
      extra_prompt: initial?.extra_prompt ?? "",
      seed: typeof initial?.seed === "number" ? String(initial.seed) : "",
    },
  });
  const extra = useWatch({ control, name: "extra_prompt" });
  const summon = useSummon();
  // A server refusal shown on a field does not lock the button; the form's own rules do.
  const fieldsOk = [errors.extra_prompt, errors.seed].every((e) => !e || e.type === "server");
  const ready = missing.length === 0 && fieldsOk;
  const busy = summon.isPending;
  const vary = useVary();

  // Summon failures: stars → the dialog; a refused prompt → its field; anything else → one alert.
  function refused(err: unknown) {
    if (err instanceof ApiError && err.error === "InsufficientStars") {
      onNeedStars();
      return;
    }
    // One message, in the person's language (the server's English detail only for errors we have no words for).
    const message = errorMessage(err, t);
    if (err instanceof ApiError && err.error === "RejectedPrompt") {
      setFineTune(true);
      setError("extra_prompt", { type: "server", message });
    } else {
      setError("root.server", { type: "server", message });
    }
  }

  const varyNow = handleSubmit(async ({ extra_prompt }) => {
    if (!ready || vary.isPending) return;
    try {
      const out = await vary.mutateAsync({ attributes, ...(extra_prompt ? { extra_prompt } : {}) });
      onVaried(out.items);
    } catch (err) {
      refused(err);
    }
  });
  const extraActions = (
    <button
      type="button"
      className="btn btn--ghost vary-btn"
      disabled={!ready}
      aria-busy={vary.isPending}
      title={t("studio.varyHint", { count: catalog.vary_count })}
      onClick={() => void varyNow()}
    >
      {t("studio.vary", { count: catalog.vary_count })}
      <span className="vary-btn__price" role="img" aria-label={t("studio.varyCost", { count: catalog.vary_cost, n: catalog.vary_count })}>
        <Icon name="star" size={11} /> <span aria-hidden="true">{catalog.vary_cost}</span>
      </span>
    </button>
  );

  const generate = handleSubmit(async ({ extra_prompt, seed }) => {
    if (!ready || busy) return;
    try {
      const job = await summon.mutateAsync({
        attributes,
        ...(extra_prompt ? { extra_prompt } : {}),
        ...(seed !== null ? { seed } : {}),
      });
      onSummoned(job);
    } catch (err) {
      refused(err);
    }
  });

  return (
    <section className="recipe glass" aria-labelledby="recipe-title">
      <h2 id="recipe-title">{t("studio.summary")}</h2>
      <RecipePreview attributes={attributes} />
      <dl className="recipe__list">
        {summary.map((line) => (
          <div key={line.categoryId} className={line.option ? undefined : "is-empty"}>
            <dt>{line.category}</dt>
            <dd>
              <button type="button" className="recipe__edit" onClick={() => onEdit(line.categoryId)}>
                {line.option ?? (line.required ? t("studio.unset") : "—")}
              </button>
            </dd>
          </div>
        ))}
      </dl>

      <details className="fine-tune" open={fineTune} onToggle={(e) => setFineTune(e.currentTarget.open)}>
        <summary>{t("studio.fineTune")}</summary>
        <TextArea
          label={t("studio.extra")}
          rows={2}
          placeholder={t("studio.extraPlaceholder")}
          {...register("extra_prompt")}
          hint={`${charCount(extra)} / ${EXTRA_PROMPT_MAX}`}
          error={fieldError(errors.extra_prompt, t)}
        />
        <PromptWords
          onAdd={(word) => {
            const now = getValues("extra_prompt").trim();
            if (now.split(/[\s,]+/).includes(word)) return;
            setValue("extra_prompt", now ? `${now}, ${word}` : word, { shouldValidate: true, shouldDirty: true });
          }}
        />
        <TextField
          label={t("studio.seed")}
          inputMode="numeric"
          autoComplete="off"
          {...register("seed")}
          hint={t("studio.seedHint")}
          error={fieldError(errors.seed, t)}
        />
      </details>

      {missing.length > 0 && (
        <p className="recipe__missing">{t("studio.missing", { list: missing.map((c) => c.label).join(", ") })}</p>
      )}
      {dock &&
        createPortal(
          <div className="summon-dock glass" role="group" aria-label={t("studio.summonBar")}>
            <FormAlert message={errors.root?.server?.message ?? null} />
            <div className="summon-dock__row">
              <div className="summon-dock__price">
                <span>
                  <span className="muted">{t("studio.cost")}</span>{" "}
                  <strong data-testid="studio-cost" role="img" aria-label={t("home.stars", { count: catalog.cost })}>
                    <Icon name="star" size={12} /> <span aria-hidden="true">{catalog.cost}</span>
                  </strong>
                </span>
                <span>
                  <span className="muted">{t("studio.balance")}</span>{" "}
                  <strong
                    data-testid="studio-balance"
                    role="img"
                    className={balance < catalog.cost ? "is-low" : undefined}
                    aria-label={t("home.stars", { count: balance })}
                  >
                    <Icon name="star" size={12} /> <span aria-hidden="true">{balance}</span>
                  </strong>
                </span>
              </div>
              {extraActions}
              <button
                type="button"
                className="btn btn--gold summon-btn"
                // Not `disabled` while sending: the button keeps focus (and gets it back from the dialog).
                disabled={!ready}
                aria-busy={busy}
                onClick={() => void generate()}
              >
                <Icon name="star" size={16} />
                {busy ? t("studio.generating") : t("studio.generate")}
              </button>
            </div>
          </div>,
          dock,
        )}
    </section>
  );
}
