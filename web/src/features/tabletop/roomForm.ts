// The create-room form, mirroring RoomCreate on the server (tabletop/schemas.py): a title of 1–60
// characters, a concept of at most 200, 2–8 players, and a 4–64 character password for a secret
// room. Messages are i18n keys.
import { z } from "zod/mini";
import type { MessageKey } from "../../i18n";
import type { RoomCreate } from "./queries";

const codePoints = (text: string) => [...text].length;
const rule = (ok: (value: string) => boolean, key: MessageKey) => z.refine<string>(ok, { message: key, abort: true });

export const roomSchema = z
  .object({
    title: z.string().check(
      rule((v) => v.trim().length > 0, "validation.required"),
      rule((v) => codePoints(v.trim()) <= 60, "play.form.titleLength"),
    ),
    concept: z.string().check(rule((v) => codePoints(v.trim()) <= 200, "play.form.conceptLength")),
    max_players: z.string().check(rule((v) => /^[2-8]$/.test(v), "play.form.maxPlayers")),
    secret: z.boolean(),
    password: z.string(),
  })
  .check(
    z.refine((v) => !v.secret || (v.password.length >= 4 && v.password.length <= 64), {
      message: "play.form.passwordLength",
      path: ["password"],
    }),
  );

export type RoomFields = z.infer<typeof roomSchema>;

export function toRoomCreate(v: RoomFields): RoomCreate {
  return {
    title: v.title.trim(),
    concept: v.concept.trim(),
    max_players: Number(v.max_players),
    secret: v.secret,
    password: v.secret ? v.password : null,
  };
}
