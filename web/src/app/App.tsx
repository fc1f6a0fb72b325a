import { lazy, Suspense, useEffect } from "react";
import { Navigate, Outlet, Route, Routes, useLocation, useParams } from "react-router-dom";
import { GeminiDetailHost } from "../features/gallery/GeminiDetailDialog";
import { Header } from "./Header";
import { Loading, OnboardingGate, RequireAnonymous, RequireUser } from "./Guards";
import { Starfield } from "../ui/Starfield";
import { useRealtimeCache } from "./useRealtimeCache";
import { useAuth } from "../features/accounts/auth";
import { AuthCompletePage } from "../features/accounts/AuthComplete";
import { HomePage } from "../features/gallery/Home";
import { LoginPage } from "../features/accounts/Login";
import { NotFoundPage } from "./NotFound";
import { SignupPage } from "../features/accounts/Signup";
import { Icon } from "../ui/Icon";

// Pages behind a sign-in or a click load as their own chunks, so the first page a visitor opens
// (the gallery, login, sign-up) downloads only what it shows.
const MyProfilePage = lazy(() => import("../features/accounts/MyProfile").then((m) => ({ default: m.MyProfilePage })));
const OnboardingPage = lazy(() => import("../features/accounts/Onboarding").then((m) => ({ default: m.OnboardingPage })));
const StudioPage = lazy(() => import("../features/studio/Studio").then((m) => ({ default: m.StudioPage })));
const StudioHistoryPage = lazy(() =>
  import("../features/studio/StudioHistory").then((m) => ({ default: m.StudioHistoryPage })),
);
const PlayPage = lazy(() => import("../features/tabletop/Play").then((m) => ({ default: m.PlayPage })));
const RoomPage = lazy(() => import("../features/tabletop/Room").then((m) => ({ default: m.RoomPage })));
const InviteLandingPage = lazy(() =>
  import("../features/tabletop/InviteLanding").then((m) => ({ default: m.InviteLandingPage })),
);
const WalletPage = lazy(() => import("../features/wallet/WalletPage").then((m) => ({ default: m.WalletPage })));
const OrderPage = lazy(() => import("../features/wallet/OrderPage").then((m) => ({ default: m.OrderPage })));
const UserProfilePage = lazy(() => import("../features/accounts/UserProfile").then((m) => ({ default: m.UserProfilePage })));

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
  useRealtimeCache();
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
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
            <GeminiDetailHost />
          </OnboardingGate>
        )}
      </main>
      <footer className="site-footer">
        <Icon name="star" size={12} /> mygemini · 2023 → now
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
        <Route path="play" element={<RequireUser><PlayPage /></RequireUser>} />
        <Route path="play/rooms/:id" element={<RequireUser><RoomPage /></RequireUser>} />
        <Route path="play/:id" element={<RequireUser><InviteLandingPage /></RequireUser>} />
        <Route path="wallet" element={<RequireUser><WalletPage /></RequireUser>} />
        <Route path="wallet/orders/:id" element={<RequireUser><OrderPage /></RequireUser>} />
        <Route path="u/:nickname" element={<UserProfilePage />} />
        <Route path="g/:id" element={<GeminiLink />} />
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
