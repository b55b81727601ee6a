// 账号健康 → capacity: accounts × safe daily caps → new friends per day, in total and per store, what is left
// today, and how many days a list of N leads takes.
import { Button, Card, Col, InputNumber, Row, Space, Statistic, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type AccountHealthList, api, type Capacity } from "../../api/index.ts";
import { useErrorText } from "../../lib/useErrorText.ts";

export function CapacityCard({ corpId, data }: { corpId: string; data: AccountHealthList | undefined }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [leads, setLeads] = useState<number | null>(1000);
  const [forecast, setForecast] = useState<Capacity["forecast"]>(null);
  const [error, setError] = useState<string>();

  async function compute() {
    setError(undefined);
    try {
      const c = await api.accountHealth.capacity(corpId, { leads: leads ?? 0 });
      setForecast(c.forecast);
    } catch (reason) {
      setError(errorText(reason));
    }
  }

  const total = data?.total;
  return (
    <Card title={t("accountHealth.capacityTitle")} style={{ marginBottom: 16 }} data-testid="capacity">
      <Typography.Paragraph type="secondary">{t("accountHealth.capacityIntro")}</Typography.Paragraph>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={6}>
          <Statistic title={t("accountHealth.accounts")} value={total?.accounts ?? "-"} />
        </Col>
        <Col span={6}>
          <Statistic title={t("accountHealth.restrictedCount")} value={total?.restricted ?? "-"} />
        </Col>
        <Col span={6}>
          <div data-testid="daily-capacity">
            <Statistic title={t("accountHealth.dailyCapacity")} value={total?.dailyCapacity ?? "-"} />
          </div>
        </Col>
        <Col span={6}>
          <Statistic title={t("accountHealth.remainingToday")} value={total?.remainingToday ?? "-"} />
        </Col>
      </Row>
      {(data?.stores.length ?? 0) > 0 && (
        <Table
          rowKey="storeId"
          size="small"
          style={{ marginBottom: 16 }}
          pagination={false}
          dataSource={data?.stores ?? []}
          columns={[
            { title: t("accountHealth.store"), dataIndex: "name" },
            { title: t("accountHealth.accounts"), dataIndex: "accounts" },
            { title: t("accountHealth.restrictedCount"), dataIndex: "restricted" },
            { title: t("accountHealth.dailyCapacity"), dataIndex: "dailyCapacity" },
            { title: t("accountHealth.remainingToday"), dataIndex: "remainingToday" },
          ]}
        />
      )}
      <Space wrap>
        <span>{t("accountHealth.leads")}</span>
        <InputNumber min={0} max={10_000_000} value={leads} onChange={setLeads} data-testid="leads" />
        <Button onClick={() => void compute()}>{t("accountHealth.compute")}</Button>
        {forecast && (
          <Typography.Text data-testid="forecast">
            {forecast.days === null
              ? t("accountHealth.forecastNever", { leads: forecast.leads })
              : t("accountHealth.forecastDays", { leads: forecast.leads, days: forecast.days })}
            {forecast.perDay.length > 0 &&
              ` · ${t("accountHealth.perDay", { list: forecast.perDay.slice(0, 10).join(" / ") })}`}
          </Typography.Text>
        )}
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
      </Space>
    </Card>
  );
}
