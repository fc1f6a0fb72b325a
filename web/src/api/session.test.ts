import { describe, expect, it } from "vitest";
import { createApi } from "./client";
import { TokenStore } from "./session";

const BASE = "http://test.local";

interface Seen {
  method: string;
  path: string;
  auth: string | null;
  csrf: string | null;
  credentials: RequestCredentials;
  body: string;
}

/** A fake server: `handler` decides each response; every request is recorded. */
function fakeServer(handler: (req: Seen) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const fetch = async (request: Request) => {
    const req: Seen = {
      method: request.method,
      path: new URL(request.url).pathname,
      auth: request.headers.get("Authorization"),
      csrf: request.headers.get("X-Requested-With"),
      credentials: request.credentials,
      body: request.body ? await request.text() : "",
    };
    seen.push(req);
    return handler(req);
  };
  return { fetch, seen };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
const unauthorized = () => json(401, { error: "Unauthorized", detail: "token expired" });

/** The app's client (openapi-fetch + session middleware) over the fake server. */
function clientOver(server: { fetch: (request: Request) => Promise<Response> }, tokens = new TokenStore()) {
  return createApi({ baseUrl: BASE, tokens, fetch: server.fetch });
}

describe("session middleware", () => {
  it("sends the bearer token it holds", async () => {
    const tokens = new TokenStore();
    tokens.set("t1");
    const server = fakeServer(() => json(200, {}));
    await clientOver(server, tokens).client.GET("/api/me");
    expect(server.seen[0]!.auth).toBe("Bearer t1");
  });

  it("on 401 refreshes once (with the CSRF header and cookies) and retries with the new token and body", async () => {
    const tokens = new TokenStore();
    tokens.set("old");
    const server = fakeServer((req) => {
      if (req.path === "/api/auth/refresh") return json(200, { access_token: "new" });
      return req.auth === "Bearer new" ? json(200, { ok: true }) : unauthorized();
    });
    const { response } = await clientOver(server, tokens).client.PATCH("/api/me", { body: { bio: "hi" } });
    expect(response.status).toBe(200);
    expect(server.seen.map((r) => `${r.method} ${r.path} ${r.auth}`)).toEqual([
      "PATCH /api/me Bearer old",
      "POST /api/auth/refresh null",
      "PATCH /api/me Bearer new",
    ]);
    expect(server.seen[1]!.csrf).toBe("mygemini");
    expect(server.seen[1]!.credentials).toBe("include");
    expect(server.seen[2]!.body).toBe('{"bio":"hi"}');
    expect(tokens.get()).toBe("new");
  });

  it("gives up after one retry and clears the session when refresh fails", async () => {
    const tokens = new TokenStore();
    tokens.set("old");
    const cleared: Array<string | null> = [];
    tokens.subscribe((t) => cleared.push(t));
    const server = fakeServer((req) =>
      req.path === "/api/auth/refresh" ? json(401, { error: "InvalidRefresh", detail: "" }) : unauthorized(),
    );
    const { response } = await clientOver(server, tokens).client.GET("/api/me");
    expect(response.status).toBe(401);
    expect(server.seen).toHaveLength(2);
    expect(tokens.get()).toBeNull();
    expect(cleared).toEqual([null]);
  });

  it("retries only once, and a 401 on the retry signs out", async () => {
    const tokens = new TokenStore();
    tokens.set("old");
    const server = fakeServer((req) =>
      req.path === "/api/auth/refresh" ? json(200, { access_token: "fresh" }) : unauthorized(),
    );
    const api = clientOver(server, tokens);
    await expect(api.me()).rejects.toMatchObject({ status: 401, error: "Unauthorized" });
    expect(server.seen.map((r) => `${r.path} ${r.auth}`)).toEqual([
      "/api/me Bearer old",
      "/api/auth/refresh null",
      "/api/me Bearer fresh",
    ]);
    expect(tokens.get()).toBeNull();
  });

  it("shares one refresh between concurrent 401s, then retries each of them", async () => {
    const tokens = new TokenStore();
    tokens.set("old");
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let asked: () => void = () => undefined;
    const allAsked = new Promise<void>((resolve) => (asked = resolve));
    const server = fakeServer(async (req) => {
      if (req.path === "/api/auth/refresh") {
        await gate;
        return json(200, { access_token: "new" });
      }
      if (server.seen.filter((r) => r.auth === "Bearer old").length === 3) asked();
      return req.auth === "Bearer new" ? json(200, {}) : unauthorized();
    });
    const api = clientOver(server, tokens);
    const pending = [1, 2, 3].map(() => api.client.GET("/api/me"));
    await allAsked; // all three went out with the old token before the refresh answers
    release();
    const statuses = (await Promise.all(pending)).map((r) => r.response.status);
    expect(statuses).toEqual([200, 200, 200]);
    expect(server.seen.filter((r) => r.path === "/api/auth/refresh")).toHaveLength(1);
    expect(server.seen.filter((r) => r.auth === "Bearer new")).toHaveLength(3);
  });

  it("takes the cross-tab lock around a refresh when the browser has Web Locks", async () => {
    const held: string[] = [];
    const original = Object.getOwnPropertyDescriptor(globalThis.navigator, "locks");
    Object.defineProperty(globalThis.navigator, "locks", {
      configurable: true,
      value: {
        request: async (name: string, work: () => Promise<unknown>) => {
          held.push(name);
          return work();
        },
      },
    });
    try {
      const server = fakeServer((req) =>
        req.path === "/api/auth/refresh" ? json(200, { access_token: "fresh" }) : json(200, {}),
      );
      expect(await clientOver(server).refresh()).toBe("fresh");
      expect(held).toEqual(["mygemini-refresh"]);
    } finally {
      if (original) Object.defineProperty(globalThis.navigator, "locks", original);
      else delete (globalThis.navigator as { locks?: unknown }).locks;
    }
  });

  it("never refreshes on a 401 from login itself", async () => {
    const tokens = new TokenStore();
    tokens.set("kept");
    const server = fakeServer(() => json(401, { error: "InvalidCredentials", detail: "nope" }));
    const api = clientOver(server, tokens);
    await expect(api.login({ email: "a@b.co", password: "wrong-pass1" })).rejects.toMatchObject({
      status: 401,
      error: "InvalidCredentials",
    });
    expect(server.seen).toHaveLength(1);
    expect(tokens.get()).toBe("kept");
  });
});

describe("createApi", () => {
  it("keeps the token from login in memory and turns error bodies into ApiError", async () => {
    const me = { id: 1, nickname: "별", email: "a@b.co", bio: "", avatar: null, avatar_url: null, onboarded: false, followers: 0, following: 0, stars: 0 };
    const server = fakeServer((req) => {
      if (req.path === "/api/auth/login") return json(200, { access_token: "tok", user: me });
      if (req.path === "/api/users/taken/follow") return json(409, { error: "AlreadyFollowing", detail: "already" });
      if (req.path === "/api/auth/logout") return new Response(null, { status: 204 });
      return json(200, me);
    });
    const api = createApi({ baseUrl: BASE, fetch: server.fetch });
    const session = await api.login({ email: "a@b.co", password: "starlight42" });
    expect(session.user.nickname).toBe("별");
    expect(api.tokens.get()).toBe("tok");
    await api.me();
    expect(server.seen.at(-1)!.auth).toBe("Bearer tok");

    await expect(api.follow("taken")).rejects.toMatchObject({ status: 409, error: "AlreadyFollowing", detail: "already" });

    await api.logout();
    const logout = server.seen.at(-1)!;
    expect(logout.path).toBe("/api/auth/logout");
    expect(logout.csrf).toBe("mygemini");
    expect(logout.credentials).toBe("include");
    expect(api.tokens.get()).toBeNull();
  });

  it("reports network failures as ApiError status 0", async () => {
    const api = createApi({ baseUrl: BASE, fetch: () => Promise.reject(new TypeError("Failed to fetch")) });
    await expect(api.avatars()).rejects.toMatchObject({ status: 0, error: "NetworkError" });
  });
});
