import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
import { App } from "./app/App";
import { queryClient } from "./app/queryClient";
import { I18nProvider } from "./i18n";
import { AuthProvider } from "./features/accounts/auth";
// Korean text from a self-hosted webfont, split by unicode-range: a Latin-only page loads none of it.
import "@fontsource/noto-sans-kr/400.css";
import "@fontsource/noto-sans-kr/700.css";
import "./app/styles.css";
import "./features/studio/studio.css";

function render() {
  createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <AuthProvider>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </AuthProvider>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
}

// The header's "한국어" is on every page, English ones too: fetch its few glyphs before the first paint
// (text drawn before its webfont arrived could stay as boxes). Never waits long for it.
const koreanLabel = document.fonts?.load("1em 'Noto Sans KR'", "한국어") ?? Promise.resolve();
void Promise.race([koreanLabel, new Promise((resolve) => window.setTimeout(resolve, 800))])
  .catch(() => undefined)
  .then(render);
