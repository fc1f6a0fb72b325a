import { useEffect, type RefObject } from "react";

/**
 * While `open`, a press outside `root` or the Escape key calls `dismiss` (Escape also passes
 * `focusBack: true`, so focus can return to the trigger). The document is an outside system,
 * hence the effect.
 */
export function useDismiss(
  open: boolean,
  root: RefObject<HTMLElement | null>,
  dismiss: (options: { focusBack: boolean }) => void,
): void {
  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) dismiss({ focusBack: false });
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") dismiss({ focusBack: true });
    };
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open, root, dismiss]);
}
