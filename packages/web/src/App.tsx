// Root component: antd theme and locale (following the i18n language), auth, and the route table
// generated from the navigation definition.
import { App as AntApp, ConfigProvider } from "antd";
import { useTranslation } from "react-i18next";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { AuthProvider } from "./auth/AuthContext.tsx";
import { RequireAuth } from "./auth/RequireAuth.tsx";
import { antdLocale } from "./i18n/index.ts";
import { AppLayout } from "./layout/AppLayout.tsx";
import { BUILT_PAGES } from "./nav/builtPages.tsx";
import { DASHBOARD_PATH, NAV } from "./nav/nav.ts";
import { DEAD_EVENTS_PATH } from "./pages/DashboardPage.tsx";
import { DeadEventsPage } from "./pages/DeadEventsPage.tsx";
import { LoginPage } from "./pages/LoginPage.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";
import { PlaceholderPage } from "./pages/PlaceholderPage.tsx";

function navRoutes() {
  return NAV.flatMap((group) =>
    group.pages.map((page) => {
      const Built = BUILT_PAGES[page.path];
      return (
        <Route
          key={page.path}
          path={Built ? `${page.path}/*` : page.path}
          element={Built ? <Built /> : <PlaceholderPage group={group} page={page} />}
        />
      );
    }),
  );
}

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={antdLocale(i18n.language)} theme={{ token: { colorPrimary: "#1677ff" } }}>
      <AntApp>
        <AuthProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route
                element={
                  <RequireAuth>
                    <AppLayout />
                  </RequireAuth>
                }
              >
                <Route index element={<Navigate to={DASHBOARD_PATH} replace />} />
                {navRoutes()}
                <Route path={DEAD_EVENTS_PATH} element={<DeadEventsPage />} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}
