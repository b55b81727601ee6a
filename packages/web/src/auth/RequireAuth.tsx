// Route guard: renders its children only for a signed-in user, else redirects to /login
// remembering where they were going.
import { Spin } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation } from "react-router";
import { useAuth } from "./AuthContext.tsx";

export function RequireAuth({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();
  if (state.status === "loading") {
    return (
      <div className="siyu-fullscreen-center">
        <Spin size="large" description={t("common.loading")} />
      </div>
    );
  }
  if (state.status === "signedOut") {
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  return children;
}
