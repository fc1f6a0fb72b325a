import { describe, expect, it } from "vitest";
import { translate } from "../i18n";
import { ApiError } from "./client";
import { errorMessage, waitMinutes } from "./errors";

const en = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate("en", key, vars);
const response = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers });

describe("errorMessage", () => {
  it("translates error names it knows", () => {
    expect(errorMessage(new ApiError(409, "NicknameTaken", "nickname 'x' is taken"), en)).toBe("That nickname is already taken.");
    expect(errorMessage(new ApiError(0, "NetworkError", "Failed to fetch"), en)).toBe("Can't reach the server. Check your connection.");
  });

  it("shows the server's detail for names it doesn't know", () => {
    expect(errorMessage(new ApiError(400, "CannotFollowSelf", "You cannot follow yourself."), en)).toBe("You cannot follow yourself.");
  });

  it("says the login throttle's wait in whole minutes, in the person's language", () => {
    const error = ApiError.from(response(429, { "Retry-After": "30" }), { error: "TooManyAttempts", detail: "slow down" });
    expect(errorMessage(error, en)).toBe("Too many attempts. Try again in 1 minute.");
    const body = ApiError.from(response(429), { error: "TooManyAttempts", detail: "slow down", retry_after: 840 });
    expect(body.retryAfter).toBe(840);
    expect(errorMessage(body, en)).toBe("Too many attempts. Try again in 14 minutes.");
    const ko = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate("ko", key, vars);
    expect(errorMessage(body, ko)).toBe("시도가 너무 많아요. 14분 뒤에 다시 해 주세요.");
  });

  it("rounds waits up to whole minutes", () => {
    expect(waitMinutes(1)).toBe(1);
    expect(waitMinutes(60)).toBe(1);
    expect(waitMinutes(61)).toBe(2);
    expect(waitMinutes(900)).toBe(15);
  });

  it("falls back to a generic message", () => {
    expect(errorMessage(new Error("boom"), en)).toBe(en("errors.generic"));
    expect(errorMessage(new ApiError(500, "Http500", ""), en)).toBe(en("errors.generic"));
  });
});

describe("ApiError.from", () => {
  it("reads {error, detail} bodies", () => {
    expect(ApiError.from(response(409), { error: "EmailTaken", detail: "taken" })).toMatchObject({ status: 409, error: "EmailTaken", detail: "taken" });
  });

  it("reads FastAPI's own 422 bodies", () => {
    const body = { detail: [{ loc: ["body", "email"], msg: "value is not a valid email address", type: "value_error" }] };
    expect(ApiError.from(response(422), body)).toMatchObject({ status: 422, error: "ValidationError", detail: "value is not a valid email address" });
  });
});
