// The summon form's fine-tuning (extra prompt, seed) as a zod schema mirroring the server:
// at most 200 characters of extra prompt (studio/prompt.py) and a seed in 0..2^32-1 (RecipeIn).
// Messages are i18n keys.
import { z } from "zod/mini";
import { charCount, EXTRA_PROMPT_MAX, parseSeed } from "./studio";

export const summonSchema = z.pipe(
  z.object({
    extra_prompt: z.string().check(z.refine((v) => charCount(v) <= EXTRA_PROMPT_MAX, { message: "studio.extraTooLong" })),
    seed: z.string().check(z.refine((v) => parseSeed(v) !== "invalid", { message: "studio.seedInvalid" })),
  }),
  z.transform(({ extra_prompt, seed }) => {
    const parsed = parseSeed(seed);
    return { extra_prompt: extra_prompt.trim() || null, seed: typeof parsed === "number" ? parsed : null };
  }),
);

/** What the fields hold (text as typed). */
export type SummonFields = z.input<typeof summonSchema>;
/** What is sent: no extra prompt or seed rather than empty ones. */
export type SummonOptions = z.output<typeof summonSchema>;
