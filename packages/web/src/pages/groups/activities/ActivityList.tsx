// The corp's group activities: kind, groups' keyword, dates, figures (participants, entries, rewards, red-packet
// spend, prizes left) and the segment term their participation makes; pause, resume or end each.
import { App, Button, Card, Empty, Space, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api, type GroupActivity } from "../../../api/index.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";
import { LoadError } from "../../LoadError.tsx";

const yuan = (cents: number) => (cents / 100).toFixed(2);

export function ActivityList({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data, error, loading, reload } = useApiData(() => api.groupActivities.list(corpId));
  const items = data?.items ?? [];
  if (error !== undefined) return <LoadError error={error} onRetry={reload} />;
  if (!loading && items.length === 0)
    return (
      <Card>
        <Empty
          description={
            <>
              <Typography.Title level={5}>{t("groupActivities.emptyTitle")}</Typography.Title>
              <Typography.Text type="secondary">{t("groupActivities.emptyText")}</Typography.Text>
            </>
          }
        />
      </Card>
    );

  async function setStatus(a: GroupActivity, status: GroupActivity["status"]) {
    try {
      await api.groupActivities.setStatus(corpId, a.id, status);
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  return (
    <Table<GroupActivity>
      rowKey="id"
      loading={loading}
      dataSource={items}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        {
          title: t("groupActivities.name"),
          key: "name",
          render: (_: unknown, a) => (
            <Space direction="vertical" size={0}>
              <Typography.Text strong>{a.name}</Typography.Text>
              <Space size={4}>
                <Tag color="blue">{t(`groupActivities.kinds.${a.kind}`)}</Tag>
                <Tag>{t(`fission.status.${a.status}`)}</Tag>
                {a.keyword && <Tag>「{a.keyword}」</Tag>}
              </Space>
            </Space>
          ),
        },
        {
          title: t("groupActivities.startsOn"),
          key: "dates",
          render: (_: unknown, a) => `${a.startsOn} ~ ${a.endsOn ?? ""}`,
        },
        {
          title: t("fission.funnelTitle"),
          key: "stats",
          render: (_: unknown, a) => (
            <Space direction="vertical" size={0}>
              <Typography.Text>{t("groupActivities.stats", a.stats)}</Typography.Text>
              {a.config.kind === "redpacket" && (
                <Typography.Text type="secondary">
                  {t("groupActivities.spent", {
                    spent: yuan(a.stats.spentCents),
                    budget: yuan(a.config.budgetCents),
                  })}
                </Typography.Text>
              )}
              {a.stats.prizesLeft.length > 0 && (
                <Typography.Text type="secondary">
                  {t("groupActivities.prizesLeft", {
                    list: a.stats.prizesLeft.map((p) => `${p.name} ${p.left}`).join("，"),
                  })}
                </Typography.Text>
              )}
              <Typography.Text type="secondary">
                {t("groupActivities.activityKey", { key: a.activityKey })}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: t("common.actions"),
          key: "actions",
          render: (_: unknown, a) => (
            <Space>
              {a.status === "active" && (
                <Button size="small" onClick={() => setStatus(a, "paused")}>
                  {t("fission.pause")}
                </Button>
              )}
              {a.status === "paused" && (
                <Button size="small" onClick={() => setStatus(a, "active")}>
                  {t("fission.resume")}
                </Button>
              )}
              {a.status !== "ended" && (
                <Button size="small" danger onClick={() => setStatus(a, "ended")}>
                  {t("fission.end")}
                </Button>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}
