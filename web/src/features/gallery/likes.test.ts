// The like mutation against a real QueryClient and the app's real API client; only the network is
// fake (a stand-in for the server, answering when the test says so).
import { MutationObserver, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createQueryClient } from "../../app/queryClient";
import { NO_FILTERS } from "./feedFilters";
import type { FeedItem, FeedPage, GeminiDetail, LikeState } from "./gallery";

// The app's client takes its base URL from the page: give the page one before loading it.
(window as unknown as { happyDOM: { setURL: (url: string) => void } }).happyDOM.setURL("http://test.local/");
const { galleryKeys, likeMutationOptions } = await import("./queries");

const VIEWER = 7;
const card = (id: number, extra: Partial<FeedItem> = {}): FeedItem => ({
  id,
  name: `g${id}`,
  thumbnail_url: `/t/${id}.webp`,
  owner: { nickname: "ara", avatar_url: null },
  like_count: 4,
  liked: false,
  saved: false,
  ...extra,
});
const onePage = (...items: FeedItem[]): InfiniteData<FeedPage, string | null> => ({
  pages: [{ items, next_cursor: null }],
  pageParams: [null],
});

/** A server that holds each like request until the test answers it. */
function heldServer() {
  const waiting: Array<{ method: string; path: string; answer: (status: number, body: unknown) => void }> = [];
  let arrived: () => void = () => undefined;
  const fetch = (request: Request) =>
    new Promise<Response>((resolve) => {
      waiting.push({
        method: request.method,
        path: new URL(request.url).pathname,
        answer: (status, body) =>
          resolve(new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } })),
      });
      arrived();
    });
  /** Resolves once `count` requests have arrived. */
  const requests = (count: number) =>
    new Promise<void>((resolve) => {
      arrived = () => waiting.length >= count && resolve();
      arrived();
    });
  return { fetch, waiting, requests };
}

let queryClient: QueryClient;
let server: ReturnType<typeof heldServer>;
beforeEach(() => {
  queryClient = createQueryClient();
  server = heldServer();
  vi.stubGlobal("fetch", server.fetch);
  queryClient.setQueryData(galleryKeys.feed(NO_FILTERS, VIEWER), onePage(card(1), card(2)));
  queryClient.setQueryData(galleryKeys.mine(VIEWER), onePage(card(1)));
  queryClient.setQueryData(galleryKeys.detail(1, "en", VIEWER), { ...card(1), is_mine: false } as unknown as GeminiDetail);
});
afterEach(() => vi.unstubAllGlobals());

/** What every cache shows for gemini 1: the feed card, my card and the detail. */
function shown(): LikeState[] {
  const feed = queryClient.getQueryData<InfiniteData<FeedPage>>(galleryKeys.feed(NO_FILTERS, VIEWER))!;
  const mine = queryClient.getQueryData<InfiniteData<FeedPage>>(galleryKeys.mine(VIEWER))!;
  const detail = queryClient.getQueryData<GeminiDetail>(galleryKeys.detail(1, "en", VIEWER))!;
  return [feed.pages[0]!.items[0]!, mine.pages[0]!.items[0]!, detail].map(({ liked, like_count }) => ({ liked, like_count }));
}
const everywhere = (state: LikeState) => [state, state, state];
const click = (state: LikeState) => new MutationObserver(queryClient, likeMutationOptions(queryClient, 1)).mutate(state);

describe("the like mutation", () => {
  it("flips every cached copy before the server answers, then shows the server's count", async () => {
    const done = click({ liked: false, like_count: 4 });
    await server.requests(1);
    expect(server.waiting[0]).toMatchObject({ method: "PUT", path: "/api/geminis/1/like" });
    expect(shown()).toEqual(everywhere({ liked: true, like_count: 5 }));
    server.waiting[0]!.answer(200, { liked: true, like_count: 9 });
    await done;
    expect(shown()).toEqual(everywhere({ liked: true, like_count: 9 }));
    // The other card is untouched.
    const feed = queryClient.getQueryData<InfiniteData<FeedPage>>(galleryKeys.feed(NO_FILTERS, VIEWER))!;
    expect(feed.pages[0]!.items[1]).toEqual(card(2));
  });

  it("puts every cached copy back when the server refuses", async () => {
    const done = click({ liked: false, like_count: 4 });
    await server.requests(1);
    expect(shown()).toEqual(everywhere({ liked: true, like_count: 5 }));
    server.waiting[0]!.answer(404, { error: "GeminiNotFound", detail: "gone" });
    await expect(done).rejects.toMatchObject({ status: 404, error: "GeminiNotFound" });
    expect(shown()).toEqual(everywhere({ liked: false, like_count: 4 }));
  });

  it("keeps showing a later click while it is in flight, and settles on the last answer", async () => {
    const like = click({ liked: false, like_count: 4 });
    await server.requests(1);
    const unlike = click({ liked: true, like_count: 5 });
    await server.requests(2);
    expect(server.waiting.map((r) => r.method)).toEqual(["PUT", "DELETE"]);
    expect(shown()).toEqual(everywhere({ liked: false, like_count: 4 }));
    server.waiting[0]!.answer(200, { liked: true, like_count: 5 });
    await like;
    expect(shown()).toEqual(everywhere({ liked: false, like_count: 4 }));
    // Someone else liked it meanwhile: the last answer is what stays.
    server.waiting[1]!.answer(200, { liked: false, like_count: 6 });
    await unlike;
    expect(shown()).toEqual(everywhere({ liked: false, like_count: 6 }));
  });
});
