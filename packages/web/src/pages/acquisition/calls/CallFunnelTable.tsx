// The campaign funnel: planned → called → connected → A/B/C → SMS → friend added, in total and per bucket,
// window and script.
import { Table, Tabs, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type FunnelRow } from "../../../api/index.ts";
import { useApiData } from "../../../lib/useApiData.ts";

const DIMENSIONS = ["total", "byBucket", "byWindow", "byScript"] as const;

export function CallFunnelTable({ corpId, id }: { corpId: string; id: string }) {
  const { t } = useTranslation();
  const [dim, setDim] = useState<(typeof DIMENSIONS)[number]>("total");
  const funnel = useApiData(() => api.callCampaigns.funnel(corpId, id));
  const f = funnel.data;
  const rows: FunnelRow[] = !f ? [] : dim === "total" ? (f.total ? [f.total] : []) : f[dim];
  const keyLabel = (k: string) =>
    dim === "total"
      ? t("callCampaigns.funnel.total")
      : dim === "byBucket"
        ? t(`callCampaigns.buckets.${k}`)
        : k;
  const n = (key: keyof FunnelRow) => ({
    title: t(`callCampaigns.funnel.${key}`),
    dataIndex: key,
    width: 80,
  });
  return (
    <>
      <Tabs
        activeKey={dim}
        onChange={(k) => setDim(k as typeof dim)}
        items={DIMENSIONS.map((d) => ({ key: d, label: t(`callCampaigns.funnel.${d}`) }))}
      />
      <Table<FunnelRow>
        data-testid="call-funnel"
        rowKey="key"
        size="small"
        pagination={false}
        loading={funnel.loading}
        dataSource={rows}
        columns={[
          { title: t("callCampaigns.funnel.dimension"), dataIndex: "key", render: keyLabel },
          n("planned"),
          n("called"),
          n("connected"),
          n("a"),
          n("b"),
          n("c"),
          n("smsSent"),
          n("added"),
        ]}
      />
      {f && (
        <Typography.Text type="secondary">
          {t("callCampaigns.funnel.viaCodes", { n: f.addedViaCodes })}
        </Typography.Text>
      )}
    </>
  );
}
