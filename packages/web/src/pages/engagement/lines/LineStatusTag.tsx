import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { Journey } from "../../../api/index.ts";

export function LineStatusTag({ status }: { status: Journey["status"] }) {
  const { t } = useTranslation();
  return <Tag color={status === "active" ? "green" : "default"}>{t(`journeys.statuses.${status}`)}</Tag>;
}
