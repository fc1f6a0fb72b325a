import { useCallback } from "react";
import { useLocation, useNavigate } from "react-router-dom";

/** Open the detail dialog for a gemini on top of the current page (`?gemini=ID`, deep-linkable). */
export function useOpenGemini(): (id: number) => void {
  const navigate = useNavigate();
  const location = useLocation();
  return useCallback(
    (id: number) => {
      const params = new URLSearchParams(location.search);
      params.set("gemini", String(id));
      navigate({ pathname: location.pathname, search: `?${params}` }, { state: { fromGallery: true } });
    },
    [location.pathname, location.search, navigate],
  );
}
