// For pages scoped to one corp: renders them with the current corp, or says to connect one first.
import { Button, Card, Empty, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { LoadError } from "../pages/LoadError.tsx";
import { useCorps } from "./CorpsContext.tsx";

export function RequireCorp({ children }: { children: (corpId: string) => ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { current, corps } = useCorps();
  if (current) return <>{children(current.corpId)}</>;
  if (corps.loading) return <Card loading />;
  if (corps.error !== undefined) return <LoadError error={corps.error} onRetry={corps.reload} />;
  return (
    <Card>
      <Empty
        description={
          <>
            <Typography.Title level={5}>{t("dashboard.noCorpTitle")}</Typography.Title>
            <Typography.Text type="secondary">{t("dashboard.noCorpText")}</Typography.Text>
          </>
        }
      >
        <Button type="primary" onClick={() => navigate("/settings/corps")}>
          {t("dashboard.addCorp")}
        </Button>
      </Empty>
    </Card>
  );
}
