// Rewards an activity handed out: who, what (the voucher code, the red-packet amount), why and whether it still
// needs to be handed over; manual rewards, red packets and vouchers whose pool ran dry are marked by hand.
import { App, Button, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { type ActivityReward, api } from "../../api/index.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { LoadError } from "../LoadError.tsx";

const COLORS = { granted: "green", pending: "orange", fulfilled: "blue", failed: "red" } as const;

export function RewardsTable({
  corpId,
  filter,
}: {
  corpId: string;
  filter: { source?: string; sourceId?: string };
}) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data, error, loading, reload } = useApiData(() => api.activityRewards.list(corpId, filter));
  if (error !== undefined) return <LoadError error={error} onRetry={reload} />;

  async function fulfil(r: ActivityReward) {
    try {
      await api.activityRewards.fulfil(corpId, r.id);
      void message.success(t("rewards.fulfilled"));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  return (
    <Table<ActivityReward>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={data?.items ?? []}
      locale={{ emptyText: t("rewards.empty") }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        {
          title: t("rewards.customer"),
          key: "c",
          render: (_: unknown, r) => r.customerName || r.externalUserId,
        },
        {
          title: t("rewards.reward"),
          key: "r",
          render: (_: unknown, r) =>
            `${r.name}${r.amountCents !== null ? ` ¥${(r.amountCents / 100).toFixed(2)}` : ""}`,
        },
        { title: t("rewards.code"), dataIndex: "code", render: (c: string | null) => c ?? "—" },
        { title: t("rewards.source"), key: "s", render: (_: unknown, r) => r.sourceName ?? r.sourceId },
        {
          title: t("rewards.status"),
          key: "st",
          render: (_: unknown, r) => <Tag color={COLORS[r.status]}>{t(`rewards.statuses.${r.status}`)}</Tag>,
        },
        {
          title: t("rewards.when"),
          key: "w",
          render: (_: unknown, r) => formatDateTime(r.createdAt, language),
        },
        {
          title: t("common.actions"),
          key: "a",
          render: (_: unknown, r) =>
            r.status === "pending" || r.status === "failed" ? (
              <Button size="small" onClick={() => fulfil(r)}>
                {t("rewards.fulfil")}
              </Button>
            ) : null,
        },
      ]}
    />
  );
}
