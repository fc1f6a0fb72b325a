import { describe, expect, it } from "vitest";
import type { GenerationStatus } from "./studio";
import { applyProgress, applySnapshot } from "./useGeneration";

type G = { id: number; status: GenerationStatus; progress: number; position: number };
const queued: G = { id: 7, status: "queued", progress: 0, position: 3 };

describe("following a generation", () => {
  it("moves up the queue, then runs, and never goes backwards", () => {
    const second = applyProgress(queued, { id: 7, progress: 0, position: 2 });
    expect(second).toMatchObject({ status: "queued", position: 2 });
    const running = applyProgress(second, { id: 7, progress: 0.4, position: 0 });
    expect(running).toMatchObject({ status: "running", progress: 0.4, position: 0 });
    // A late, older event does not undo progress.
    expect(applyProgress(running, { id: 7, progress: 0.1, position: 0 }).progress).toBe(0.4);
  });

  it("ignores other jobs' events and events after the end", () => {
    expect(applyProgress(queued, { id: 8, progress: 0.9, position: 0 })).toBe(queued);
    const done = { ...queued, status: "succeeded" as GenerationStatus, progress: 1, position: 0 };
    expect(applyProgress(done, { id: 7, progress: 0.5, position: 0 })).toBe(done);
  });

  it("takes the server's snapshot unless the job is already known to be over", () => {
    const fresh = { ...queued, status: "running" as GenerationStatus, progress: 0.5, position: 0 };
    expect(applySnapshot(queued, fresh)).toBe(fresh);
    const cancelled = { ...queued, status: "cancelled" as GenerationStatus };
    expect(applySnapshot(cancelled, fresh)).toBe(cancelled);
  });
});
