// The customer's stage on the 360° page: where they are, since when and why, and a way to move them by hand.
import { App, Card, Descriptions, Select, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api } from "../../../api/index.ts";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";
import { LoadError } from "../../LoadError.tsx";
import { reasonText } from "./stageTexts.ts";

export function CustomerStageCard({
  corpId,
  customerId,
  onMoved,
}: {
  corpId: string;
  customerId: string;
  onMoved?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [language] = useLanguage();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const current = useApiData(() => api.stages.ofCustomer(corpId, customerId));
  const pipeline = useApiData(() => api.stages.pipeline(corpId));
  const s = current.data;

  async function move(stageId: string) {
    try {
      await api.stages.move(corpId, customerId, stageId);
      current.reload();
      onMoved?.();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  return (
    <Card title={t("stages.customerCard")} style={{ marginBottom: 16 }} loading={!s && !current.error}>
      {current.error !== undefined ? (
        <LoadError error={current.error} onRetry={current.reload} />
      ) : (
        s && (
          <Space direction="vertical" style={{ width: "100%" }}>
            <Space wrap>
              <Tag color="blue" data-testid="customer-stage" style={{ fontSize: 14, padding: "2px 10px" }}>
                {s.stage.name}
              </Tag>
              {s.source === "manual" && <Tag>{t("stages.manualTag")}</Tag>}
              <Typography.Text type="secondary">
                {t("stages.since", { time: formatDateTime(s.enteredAt, language) })}
              </Typography.Text>
            </Space>
            <Typography.Text type="secondary">
              {reasonText(t, s.reason, s.rule, (k) => i18n.exists(k))}
            </Typography.Text>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t("stages.moveSelect")}>
                <Select
                  size="small"
                  style={{ minWidth: 160 }}
                  aria-label={t("stages.moveSelect")}
                  value={s.stage.id}
                  options={(pipeline.data?.stages ?? [s.stage]).map((x) => ({ value: x.id, label: x.name }))}
                  onChange={(v: string) => void move(v)}
                />
              </Descriptions.Item>
              {s.paidOrders > 0 && (
                <Descriptions.Item label={t("stages.paidOrders", { count: s.paidOrders })}>
                  {t("stages.lastPaid", { time: formatDateTime(s.lastPaidAt, language) })}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Space>
        )
      )}
    </Card>
  );
}
