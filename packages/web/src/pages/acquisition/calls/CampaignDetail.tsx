// One call campaign: the schedule (day × window), export for the call centre, the calls with their results
// (all / unanswered with redial times / refused), the result import and the funnel.
import { Button, Space, Table, Tabs, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type PlannedCall } from "../../../api/index.ts";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { LoadError } from "../../LoadError.tsx";
import { CallFunnelTable } from "./CallFunnelTable.tsx";
import { CallResultsImport } from "./CallResultsImport.tsx";

const OUTCOME_COLOR: Record<string, string> = {
  A: "green",
  B: "cyan",
  C: "default",
  no_answer: "orange",
  refused: "red",
  invalid_number: "default",
};

export function CampaignDetail({ corpId, id }: { corpId: string; id: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const [filter, setFilter] = useState("all");
  const [generation, setGeneration] = useState(0);
  const campaign = useApiData(() => api.callCampaigns.get(corpId, id));
  const calls = useApiData(() => api.callCampaigns.calls(corpId, id, filter));
  const time = (v: string | null) => (v ? formatDateTime(v, language) : "");
  const c = campaign.data;

  function afterImport() {
    calls.reload();
    setGeneration((g) => g + 1);
  }

  return (
    <>
      {campaign.error !== undefined && <LoadError error={campaign.error} onRetry={campaign.reload} />}
      {c && (
        <Space style={{ marginBottom: 12 }} wrap>
          <Typography.Text strong data-testid="schedule-summary">
            {t("callCampaigns.schedule.summary", { total: c.total, days: c.days })}
          </Typography.Text>
          <Button href={api.callCampaigns.exportUrl(corpId, id, "csv")}>
            {t("callCampaigns.schedule.exportCsv")}
          </Button>
          <Button href={api.callCampaigns.exportUrl(corpId, id, "xlsx")}>
            {t("callCampaigns.schedule.exportXlsx")}
          </Button>
        </Space>
      )}
      <Typography.Title level={5}>{t("callCampaigns.schedule.title")}</Typography.Title>
      <Table
        data-testid="call-schedule"
        rowKey={(r) => `${r.day}/${r.window}`}
        size="small"
        pagination={false}
        loading={campaign.loading}
        dataSource={c?.schedule ?? []}
        columns={[
          { title: t("callCampaigns.schedule.day"), dataIndex: "day" },
          { title: t("callCampaigns.schedule.window"), dataIndex: "window" },
          { title: t("callCampaigns.schedule.calls"), dataIndex: "calls" },
        ]}
        style={{ marginBottom: 16 }}
      />
      <CallResultsImport corpId={corpId} id={id} onImported={afterImport} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t("callCampaigns.funnel.title")}
      </Typography.Title>
      <CallFunnelTable key={generation} corpId={corpId} id={id} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t("callCampaigns.calls.title")}
      </Typography.Title>
      <Tabs
        activeKey={filter}
        onChange={(k) => {
          setFilter(k);
          setTimeout(calls.reload, 0);
        }}
        items={(["all", "unanswered", "refused"] as const).map((k) => ({
          key: k,
          label: t(`callCampaigns.calls.filters.${k}`),
        }))}
      />
      <Table<PlannedCall>
        data-testid="call-list"
        rowKey="id"
        size="small"
        loading={calls.loading}
        dataSource={calls.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t("callCampaigns.calls.phone"), dataIndex: "phone", width: 130 },
          { title: t("callCampaigns.calls.name"), dataIndex: "name", width: 100 },
          { title: t("callCampaigns.calls.incentive"), dataIndex: "incentive", width: 130 },
          { title: t("callCampaigns.calls.window"), dataIndex: "window", width: 120 },
          {
            title: t("callCampaigns.calls.plannedAt"),
            dataIndex: "plannedAt",
            width: 170,
            render: (v: string) => time(v),
          },
          {
            title: t("callCampaigns.calls.redialAt"),
            key: "redial",
            width: 170,
            render: (_: unknown, r: PlannedCall) => time(r.nextRedialAt ?? r.redialAt),
          },
          { title: t("callCampaigns.calls.staff"), dataIndex: "userid", width: 110 },
          {
            title: t("callCampaigns.calls.outcome"),
            dataIndex: "outcome",
            render: (o: string | null) =>
              o ? <Tag color={OUTCOME_COLOR[o]}>{t(`callCampaigns.outcomes.${o}`)}</Tag> : null,
          },
        ]}
      />
    </>
  );
}
