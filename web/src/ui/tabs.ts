// Keyboard movement in a WAI-ARIA tablist (roving tabindex): arrows wrap, Home/End jump to the ends.

/** The index a key moves the selection to, or null when the key is not a tab-moving key. */
export function nextTabIndex(count: number, current: number, key: string): number | null {
  if (count <= 0) return null;
  switch (key) {
    case "ArrowRight":
      return (current + 1) % count;
    case "ArrowLeft":
      return (current - 1 + count) % count;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}
