import { useEffect } from "react";
import { Navigate, Outlet, Route, Routes, useLocation, useParams } from "react-router-dom";
import { GeminiDetailHost } from "./components/gallery/GeminiDetailDialog";
import { Header } from "./components/Header";
import { Loading, OnboardingGate, RequireAnonymous, RequireUser } from "./components/Guards";
import { Starfield } from "./components/Starfield";
import { useAuth } from "./lib/auth";
import { AuthCompletePage } from "./pages/AuthComplete";
import { HomePage } from "./pages/Home";
import { LoginPage } from "./pages/Login";
import { MyProfilePage } from "./pages/MyProfile";
import { NotFoundPage } from "./pages/NotFound";
import { OnboardingPage } from "./pages/Onboarding";
import { SignupPage } from "./pages/Signup";
import { StudioPage } from "./pages/Studio";
import { StudioHistoryPage } from "./pages/StudioHistory";
import { UserProfilePage } from "./pages/UserProfile";

/** New page, new view: start at the top (the browser won't for client-side navigation). */
function ScrollToTop() {
  const { pathname } = useLocation();
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pathname]);
  return null;
}

/** `/g/:id` is a shareable link to a gemini: the home page with its detail dialog open. */
function GeminiLink() {
  const { id = "" } = useParams();
  return <Navigate to={`/?gemini=${encodeURIComponent(id)}`} replace />;
}

function Shell() {
  const { state } = useAuth();
  return (
    <div className="shell">
      <ScrollToTop />
      <Starfield density={0.5} />
      <Header />
      <main id="main" className="content" tabIndex={-1}>
        {state.status === "loading" ? (
          <Loading />
        ) : (
          <OnboardingGate>
            <Outlet />
            <GeminiDetailHost />
          </OnboardingGate>
        )}
      </main>
      <footer className="site-footer">
        <span aria-hidden="true">✦</span> mygemini · 2023 → now
      </footer>
    </div>
  );
}

export function App() {
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route index element={<HomePage />} />
        <Route path="login" element={<RequireAnonymous><LoginPage /></RequireAnonymous>} />
        <Route path="signup" element={<RequireAnonymous><SignupPage /></RequireAnonymous>} />
        <Route path="auth/complete" element={<AuthCompletePage />} />
        <Route path="onboarding" element={<RequireUser><OnboardingPage /></RequireUser>} />
        <Route path="me" element={<RequireUser><MyProfilePage /></RequireUser>} />
        <Route path="studio" element={<RequireUser><StudioPage /></RequireUser>} />
        <Route path="studio/history" element={<RequireUser><StudioHistoryPage /></RequireUser>} />
        <Route path="u/:nickname" element={<UserProfilePage />} />
        <Route path="g/:id" element={<GeminiLink />} />
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
