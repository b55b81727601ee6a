// The corp's fission campaigns: status, tiers and the funnel at a glance (posters → scans → adds → qualified).
import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Space, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, type FissionCampaign } from "../../../api/index.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { LoadError } from "../../LoadError.tsx";
import { PageTitle } from "../../PageTitle.tsx";
import { FISSION_PATH, fissionPath } from "./paths.ts";

const STATUS_COLORS = { active: "green", paused: "orange", ended: undefined } as const;

export function FissionList({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useApiData(() => api.fission.list(corpId));
  const items = data?.items ?? [];
  const create = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`${FISSION_PATH}/new`)}>
      {t("fission.create")}
    </Button>
  );
  return (
    <>
      <PageTitle
        title={t("nav.pages.acquisition.fission.title")}
        description={t("nav.pages.acquisition.fission.description")}
        extra={create}
      />
      {error !== undefined ? (
        <LoadError error={error} onRetry={reload} />
      ) : !loading && items.length === 0 ? (
        <Card>
          <Empty
            description={
              <>
                <Typography.Title level={5}>{t("fission.emptyTitle")}</Typography.Title>
                <Typography.Text type="secondary">{t("fission.emptyText")}</Typography.Text>
              </>
            }
          />
        </Card>
      ) : (
        <Table<FissionCampaign>
          rowKey="id"
          loading={loading}
          dataSource={items}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            {
              title: t("fission.name"),
              key: "name",
              render: (_: unknown, c) => (
                <Space>
                  <Link to={fissionPath(c.id)}>{c.name}</Link>
                  <Tag color={STATUS_COLORS[c.status]}>{t(`fission.status.${c.status}`)}</Tag>
                </Space>
              ),
            },
            {
              title: t("fission.tiers"),
              key: "tiers",
              render: (_: unknown, c) =>
                c.tiers
                  .map((tier) =>
                    t("fission.tierSummary", { invites: tier.invites, reward: tier.reward.name }),
                  )
                  .join("；"),
            },
            ...(["posters", "scans", "adds", "qualified"] as const).map((k) => ({
              title: t(`fission.funnel.${k}`),
              key: k,
              render: (_: unknown, c: FissionCampaign) => c.funnel[k],
            })),
          ]}
        />
      )}
    </>
  );
}
