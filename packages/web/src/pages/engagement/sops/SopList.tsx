// The corp's SOPs: kind and mode, each calendar entry with its next firing, and the tasks open, overdue and done;
// pause, resume, edit and delete. An empty state says how to start.
import { App, Button, Card, Empty, Popconfirm, Space, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, type Sop } from "../../../api/index.ts";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";
import { LoadError } from "../../LoadError.tsx";
import { SOP_TASKS_PATH, SOPS_PATH, sopPath } from "./paths.ts";
import { describeSchedule } from "./schedule.ts";

export function SopList({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data, error, loading, reload } = useApiData(() => api.sops.list(corpId));
  const items = data?.items ?? [];

  async function act(run: () => Promise<unknown>, done: string) {
    try {
      await run();
      void message.success(done);
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  if (error !== undefined) return <LoadError error={error} onRetry={reload} />;
  if (!loading && items.length === 0)
    return (
      <Card>
        <Empty
          description={
            <>
              <Typography.Title level={5}>{t("sops.emptyTitle")}</Typography.Title>
              <Typography.Text type="secondary">{t("sops.emptyText")}</Typography.Text>
            </>
          }
        >
          <Button type="primary" onClick={() => navigate(`${SOPS_PATH}/new`)}>
            {t("sops.create")}
          </Button>
        </Empty>
      </Card>
    );

  return (
    <Table<Sop>
      rowKey="id"
      loading={loading}
      dataSource={items}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        {
          title: t("sops.name"),
          key: "name",
          render: (_: unknown, s) => (
            <Space direction="vertical" size={0}>
              <Link to={sopPath(s.id)}>{s.name}</Link>
              <Space size={4}>
                <Tag>{t(`sops.kinds.${s.kind}`)}</Tag>
                <Tag color={s.mode === "auto" ? "blue" : undefined}>{t(`sops.modes.${s.mode}`)}</Tag>
                {s.status === "paused" && <Tag color="orange">{t("sops.paused")}</Tag>}
              </Space>
            </Space>
          ),
        },
        {
          title: t("sops.calendar"),
          key: "rules",
          render: (_: unknown, s) => (
            <Space direction="vertical" size={0}>
              {s.rules.map((r, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id; their order is stable
                <Typography.Text key={i}>
                  {describeSchedule(r.schedule, t)}
                  <Typography.Text type="secondary">
                    {" · "}
                    {r.nextDueAt
                      ? t("sops.nextAt", { at: formatDateTime(r.nextDueAt, language) })
                      : t("sops.noNext")}
                  </Typography.Text>
                </Typography.Text>
              ))}
            </Space>
          ),
        },
        {
          title: t("sops.taskCounts"),
          key: "tasks",
          render: (_: unknown, s) => (
            <Link to={`${SOP_TASKS_PATH}?sopId=${encodeURIComponent(s.id)}`}>
              {t("sops.counts", s.tasks)}
            </Link>
          ),
        },
        {
          title: t("common.actions"),
          key: "actions",
          render: (_: unknown, s) => (
            <Space>
              <Button size="small" onClick={() => navigate(sopPath(s.id))}>
                {t("common.edit")}
              </Button>
              <Button
                size="small"
                onClick={() =>
                  act(
                    () => api.sops.setStatus(corpId, s.id, s.status === "active" ? "paused" : "active"),
                    s.status === "active" ? t("sops.pausedDone") : t("sops.resumedDone"),
                  )
                }
              >
                {s.status === "active" ? t("sops.pause") : t("sops.resume")}
              </Button>
              <Popconfirm
                title={t("sops.deleteConfirm")}
                okText={t("common.delete")}
                cancelText={t("common.cancel")}
                okButtonProps={{ danger: true }}
                onConfirm={() => act(() => api.sops.remove(corpId, s.id), t("sops.deleted"))}
              >
                <Button size="small" danger>
                  {t("common.delete")}
                </Button>
              </Popconfirm>
            </Space>
          ),
        },
      ]}
    />
  );
}
