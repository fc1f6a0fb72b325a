import { useQuery } from "@tanstack/react-query";
import { api, call } from "../../api/client";
import { useI18n } from "../../i18n";

/** Which words of an extra prompt the configured renderer reads (server's list, in the UI language). */
function useVocabulary() {
  const { lang } = useI18n();
  return useQuery({
    queryKey: ["studio", "vocabulary", lang],
    queryFn: () => call(api.client.GET("/api/studio/vocabulary", { headers: { "Accept-Language": lang } })),
    staleTime: Infinity,
  });
}

/**
 * Under the extra prompt: said plainly who reads free text, and the words the built-in renderer
 * does draw, as chips that add themselves to the prompt.
 */
export function PromptWords({ onAdd }: { onAdd: (word: string) => void }) {
  const { t } = useI18n();
  const { data } = useVocabulary();
  if (!data) return null;
  if (data.reads_free_text) return <p className="prompt-words__note">{t("studio.words.all")}</p>;
  const groups = [
    { kind: "prop", title: t("studio.words.props") },
    { kind: "mood", title: t("studio.words.moods") },
  ] as const;
  return (
    <div className="prompt-words">
      <p className="prompt-words__note">{t("studio.words.note")}</p>
      <p className="prompt-words__title">{t("studio.words.title")}</p>
      {groups.map((g) => {
        const words = data.words.filter((w) => w.kind === g.kind);
        if (words.length === 0) return null;
        return (
          <ul key={g.kind} className="prompt-words__list" aria-label={g.title}>
            {words.map((w) => (
              <li key={w.id}>
                <button
                  type="button"
                  className={`word-chip word-chip--${g.kind}`}
                  title={t("studio.words.add", { word: w.label })}
                  onClick={() => onAdd(w.label)}
                >
                  {w.label}
                </button>
              </li>
            ))}
          </ul>
        );
      })}
    </div>
  );
}
