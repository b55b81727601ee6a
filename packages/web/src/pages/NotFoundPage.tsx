// Shown for an address no route knows.
import { Button, Result } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { DASHBOARD_PATH } from "../nav/nav.ts";

export function NotFoundPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t("common.notFoundTitle")}
      subTitle={t("common.notFoundText")}
      extra={
        <Button type="primary" onClick={() => navigate(DASHBOARD_PATH)}>
          {t("common.backHome")}
        </Button>
      }
    />
  );
}
