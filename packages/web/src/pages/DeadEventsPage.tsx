// 失败事件: callback events the processor parked after repeated failures, with replay.
import { App, Button, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type DeadEvent } from "../api/index.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { formatDateTime } from "../lib/format.ts";
import { useApiData } from "../lib/useApiData.ts";
import { useErrorText } from "../lib/useErrorText.ts";
import { LoadError } from "./LoadError.tsx";
import { PageTitle } from "./PageTitle.tsx";

export function DeadEventsPage() {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data, error, loading, reload } = useApiData(() => api.inbox.dead());
  const [replaying, setReplaying] = useState<DeadEvent["id"]>();

  async function replay(id: DeadEvent["id"]) {
    setReplaying(id);
    try {
      await api.inbox.replay(id);
      void message.success(t("deadEvents.replayed"));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    } finally {
      setReplaying(undefined);
    }
  }

  return (
    <>
      <PageTitle title={t("deadEvents.title")} description={t("deadEvents.description")} />
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      <Table<DeadEvent>
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t("deadEvents.empty") }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          {
            title: t("deadEvents.receivedAt"),
            dataIndex: "receivedAt",
            render: (v: string) => formatDateTime(v, language),
          },
          { title: t("deadEvents.corpId"), dataIndex: "corpId" },
          { title: t("deadEvents.eventType"), dataIndex: "eventType" },
          {
            title: t("deadEvents.error"),
            dataIndex: "error",
            render: (v: string) => (
              <Typography.Text type="danger" ellipsis={{ tooltip: v }} style={{ maxWidth: 360 }}>
                {v}
              </Typography.Text>
            ),
          },
          { title: t("deadEvents.attempts"), dataIndex: "attempts" },
          {
            title: t("common.actions"),
            key: "actions",
            render: (_: unknown, row) => (
              <Button size="small" loading={replaying === row.id} onClick={() => void replay(row.id)}>
                {t("deadEvents.replay")}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}
