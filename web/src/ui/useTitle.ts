import { useEffect } from "react";

/** Each page names itself in the tab (WCAG 2.4.2) — screen readers announce it on navigation. */
export function useTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · mygemini` : "mygemini";
  }, [title]);
}
