// 引流获客 → 外呼加微: the team's capacity, the call lists per bucket (by spending tier), planning a campaign from
// a bucket, and the selected campaign's schedule, calls, result import and funnel.
import { Button, Card, Col, Empty, Row, Select, Statistic, Table, Tag } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type CallBucket, type CallListSummary } from "../../../api/index.ts";
import { RequireCorp } from "../../../corps/RequireCorp.tsx";
import { useApiData } from "../../../lib/useApiData.ts";
import { LoadError } from "../../LoadError.tsx";
import { PageTitle } from "../../PageTitle.tsx";
import { CallSettingsCard } from "./CallSettingsCard.tsx";
import { CampaignDetail } from "./CampaignDetail.tsx";
import { PlanCampaignModal } from "./PlanCampaignModal.tsx";

export function OutboundCallsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle
        title={t("nav.pages.acquisition.outboundCalls.title")}
        description={t("nav.pages.acquisition.outboundCalls.description")}
      />
      <RequireCorp>{(corpId) => <OutboundCalls key={corpId} corpId={corpId} />}</RequireCorp>
    </>
  );
}

function OutboundCalls({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const lists = useApiData(() => api.callCampaigns.lists(corpId));
  const campaigns = useApiData(() => api.callCampaigns.list(corpId));
  const [planning, setPlanning] = useState<CallBucket>();
  const [selected, setSelected] = useState<string>();
  const items = campaigns.data?.items ?? [];
  useEffect(() => {
    if (!selected && items[0]) setSelected(items[0].id);
  }, [items, selected]);
  const cap = lists.data?.capacity;
  type Row = CallListSummary["buckets"][number];

  return (
    <>
      {lists.error !== undefined && <LoadError error={lists.error} onRetry={lists.reload} />}
      <Card
        title={t("callCampaigns.capacity.title")}
        style={{ marginBottom: 16 }}
        data-testid="call-capacity"
      >
        <Row gutter={16}>
          <Col span={6}>
            <Statistic title={t("callCampaigns.capacity.daily")} value={cap?.totalCap ?? 0} />
          </Col>
          <Col span={6}>
            <Statistic title={t("callCampaigns.capacity.remaining")} value={cap?.totalRemaining ?? 0} />
          </Col>
          <Col span={6}>
            <Statistic
              title={t("callCampaigns.capacity.accounts")}
              value={cap?.members.filter((m) => !m.restricted).length ?? 0}
            />
          </Col>
          <Col span={6}>
            <Statistic
              title={t("callCampaigns.capacity.restricted")}
              value={cap?.members.filter((m) => m.restricted).length ?? 0}
            />
          </Col>
        </Row>
      </Card>
      <Card title={t("callCampaigns.lists.title")} style={{ marginBottom: 16 }}>
        <Table<Row>
          data-testid="call-lists"
          rowKey="bucket"
          size="small"
          loading={lists.loading}
          pagination={false}
          dataSource={lists.data?.buckets ?? []}
          columns={[
            {
              title: t("callCampaigns.lists.bucket"),
              dataIndex: "bucket",
              render: (b: CallBucket) => t(`callCampaigns.buckets.${b}`),
            },
            { title: t("callCampaigns.lists.total"), dataIndex: "total", width: 100 },
            {
              title: t("callCampaigns.lists.tiers"),
              key: "tiers",
              render: (_: unknown, r: Row) =>
                (["net", "mid", "high_net", "vip"] as const).map((tier) => (
                  <Tag key={tier}>
                    {t(`callCampaigns.tiers.${tier}`)} {r.byTier[tier]}
                  </Tag>
                )),
            },
            {
              title: t("common.actions"),
              key: "actions",
              width: 130,
              render: (_: unknown, r: Row) => (
                <Button
                  size="small"
                  type="primary"
                  disabled={r.total === 0}
                  onClick={() => setPlanning(r.bucket)}
                >
                  {t("callCampaigns.lists.plan")}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Card
        title={t("callCampaigns.campaigns.title")}
        extra={
          items.length > 0 && (
            <Select
              data-testid="campaign-select"
              style={{ minWidth: 260 }}
              placeholder={t("callCampaigns.campaigns.pick")}
              value={selected}
              onChange={setSelected}
              options={items.map((c) => ({
                value: c.id,
                label: `${c.name} · ${t(`callCampaigns.buckets.${c.bucket}`)}`,
              }))}
            />
          )
        }
      >
        {selected ? (
          <CampaignDetail key={selected} corpId={corpId} id={selected} />
        ) : (
          <Empty description={t("callCampaigns.campaigns.empty")} />
        )}
      </Card>
      <CallSettingsCard corpId={corpId} onSaved={lists.reload} />
      {planning && (
        <PlanCampaignModal
          corpId={corpId}
          bucket={planning}
          onClose={() => setPlanning(undefined)}
          onCreated={(id) => {
            setPlanning(undefined);
            setSelected(id);
            campaigns.reload();
          }}
        />
      )}
    </>
  );
}
