// The 千店千群 report: per store, its groups with their members and customers, customers assigned to it, adds
// through its staff QR and joins through its group QR over a range of days, with a per-day chart and a CSV
// export of the same figures.
import { DownloadOutlined } from "@ant-design/icons";
import { Button, Card, Col, Flex, Row, Segmented, Space, Statistic, Table, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type StoreReport, type StoreReportRow } from "../../../api/index.ts";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { EChart, type EChartOption } from "../../../lib/EChart.tsx";
import { useApiData } from "../../../lib/useApiData.ts";
import { LoadError } from "../../LoadError.tsx";

type Range = "today" | "7" | "30";

/** Local calendar days (the browser's) for the range. */
function rangeOf(r: Range): { from: string; to: string } {
  const day = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  const now = new Date();
  const back = r === "today" ? 0 : Number(r) - 1;
  return { from: day(new Date(now.getTime() - back * 86_400_000)), to: day(now) };
}

function ReportChart({ report }: { report: StoreReport }) {
  const { t } = useTranslation();
  const option = useMemo<EChartOption>(() => {
    const days = report.stores[0]?.days.map((d) => d.day) ?? [];
    const total = (key: "adds" | "joins") =>
      days.map((_d, i) => report.stores.reduce((n, s) => n + (s.days[i]?.[key] ?? 0), 0));
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: "category", data: days.map((d) => d.slice(5)) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        {
          name: t("storeReport.adds"),
          type: "line",
          smooth: true,
          data: total("adds"),
          itemStyle: { color: "#1677ff" },
        },
        {
          name: t("storeReport.joins"),
          type: "line",
          smooth: true,
          data: total("joins"),
          itemStyle: { color: "#52c41a" },
        },
      ],
    };
  }, [report, t]);
  return <EChart option={option} testId="store-report-chart" />;
}

export function StoreReportPanel({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const [range, setRange] = useState<Range>("7");
  const dates = rangeOf(range);
  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <Flex justify="space-between" wrap gap={12}>
        <Segmented<Range>
          value={range}
          onChange={setRange}
          options={[
            { value: "today", label: t("storeReport.today") },
            { value: "7", label: t("storeReport.last7") },
            { value: "30", label: t("storeReport.last30") },
          ]}
        />
        <Button
          icon={<DownloadOutlined />}
          href={api.stores.reportCsvUrl(corpId, { ...dates, lang: language })}
          download
        >
          {t("storeReport.exportCsv")}
        </Button>
      </Flex>
      <ReportBody key={range} corpId={corpId} dates={dates} />
    </Space>
  );
}

function ReportBody({ corpId, dates }: { corpId: string; dates: { from: string; to: string } }) {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useApiData(() => api.stores.report(corpId, dates));
  if (error !== undefined) return <LoadError error={error} onRetry={reload} />;
  return (
    <>
      <Row gutter={16}>
        {(["stores", "groups", "groupMembers", "customersAssigned", "adds", "joins"] as const).map((k) => (
          <Col xs={12} md={4} key={k}>
            <Card size="small">
              <Statistic title={t(`storeReport.${k}`)} value={data?.totals[k] ?? 0} loading={loading} />
            </Card>
          </Col>
        ))}
      </Row>
      {data && data.stores.length > 0 && (
        <Card size="small">
          <ReportChart report={data} />
        </Card>
      )}
      <Table<StoreReportRow>
        rowKey="storeId"
        loading={loading}
        dataSource={data?.stores ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        data-testid="store-report"
        columns={[
          {
            title: t("stores.name"),
            key: "name",
            render: (_v, r) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{r.name}</Typography.Text>
                <Typography.Text type="secondary">
                  {[r.city, r.district].filter(Boolean).join(" ")}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t("storeReport.storeGroups"),
            key: "groups",
            render: (_v, r) =>
              r.groups.length === 0 ? (
                <Typography.Text type="secondary">{t("storeReport.noGroups")}</Typography.Text>
              ) : (
                <Space size={[4, 4]} wrap>
                  {r.groups.map((g) => (
                    <Tag key={g.chatId} color="blue">
                      {t("storeReport.groupLine", {
                        name: g.name || g.chatId,
                        members: g.members,
                        customers: g.customers,
                      })}
                    </Tag>
                  ))}
                </Space>
              ),
          },
          { title: t("storeReport.groupMembers"), dataIndex: "groupMembers", align: "right", width: 100 },
          {
            title: t("storeReport.customersAssigned"),
            dataIndex: "customersAssigned",
            align: "right",
            width: 100,
          },
          { title: t("storeReport.adds"), dataIndex: "adds", align: "right", width: 90 },
          { title: t("storeReport.joins"), dataIndex: "joins", align: "right", width: 90 },
          { title: t("storeReport.visits"), dataIndex: "visits", align: "right", width: 100 },
        ]}
      />
    </>
  );
}
