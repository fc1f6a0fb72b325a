import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import { translate, type MessageKey } from "../../i18n";
import { joinErrorMessage } from "./joinError";
import { roomSchema, toRoomCreate } from "./roomForm";

const t = (key: MessageKey, vars?: Record<string, string | number>) => translate("en", key, vars);
const base = { title: "Moon Tower", concept: "", max_players: "4", secret: false, password: "" };

describe("roomSchema", () => {
  it("accepts a public room and sends no password", () => {
    const parsed = roomSchema.safeParse(base);
    expect(parsed.success).toBe(true);
    expect(toRoomCreate(base)).toEqual({ title: "Moon Tower", concept: "", max_players: 4, secret: false, password: null });
  });

  it("holds the server's limits", () => {
    const issue = (v: Partial<typeof base>) => roomSchema.safeParse({ ...base, ...v }).error?.issues[0]?.message;
    expect(issue({ title: "  " })).toBe("validation.required");
    expect(issue({ title: "x".repeat(61) })).toBe("play.form.titleLength");
    expect(issue({ concept: "y".repeat(201) })).toBe("play.form.conceptLength");
    expect(issue({ max_players: "9" })).toBe("play.form.maxPlayers");
    expect(issue({ secret: true, password: "abc" })).toBe("play.form.passwordLength");
    expect(issue({ secret: true, password: "abcd" })).toBeUndefined();
  });
});

describe("joinErrorMessage", () => {
  it("says how long to wait after too many wrong passwords", () => {
    expect(joinErrorMessage(new ApiError(429, "TooManyRequests", "slow down", 120), t)).toBe(
      "Too many wrong passwords. Try again in 120 seconds.",
    );
    expect(joinErrorMessage(new ApiError(429, "TooManyRequests", "slow down"), t)).toBe(
      "Too many wrong passwords. Try again later.",
    );
  });

  it("shows the server's word for a wrong password", () => {
    expect(joinErrorMessage(new ApiError(403, "WrongRoomPassword", "The room's password is wrong."), t)).toBe(
      "The room's password is wrong.",
    );
  });
});
