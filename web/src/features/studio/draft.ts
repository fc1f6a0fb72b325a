// The recipe being designed survives a reload of this tab (sessionStorage), not a new tab.
import type { Attributes } from "./studio";

const DRAFT_KEY = "mygemini.studio.draft";

export function readDraft(): Record<string, unknown> | null {
  try {
    const raw = window.sessionStorage.getItem(DRAFT_KEY);
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function writeDraft(attributes: Attributes): void {
  try {
    window.sessionStorage.setItem(DRAFT_KEY, JSON.stringify(attributes));
  } catch {
    // Storage may be unavailable; the draft is simply not kept.
  }
}
