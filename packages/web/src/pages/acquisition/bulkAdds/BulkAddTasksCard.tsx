// The daily add tasks: filter by day, member and status; a member marks a task sent; run the assignment now.
import { App, Button, Card, Input, Select, Space, Table, Tag } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type BulkAddTask, type BulkAddTaskStatus } from "../../../api/index.ts";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";
import { MemberPicker } from "../../../pickers/MemberPicker.tsx";
import { LoadError } from "../../LoadError.tsx";

const STATUSES: BulkAddTaskStatus[] = ["assigned", "sent", "accepted", "expired"];
const COLOR = { assigned: "blue", sent: "gold", accepted: "green", expired: "default" } as const;

export function BulkAddTasksCard({
  corpId,
  version,
  onChanged,
}: {
  corpId: string;
  version: number;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [day, setDay] = useState("");
  const [userid, setUserid] = useState<string>();
  const [status, setStatus] = useState<BulkAddTaskStatus>();
  const { data, error, loading, reload } = useApiData(() =>
    api.bulkAdds.tasks(corpId, {
      ...(/^\d{4}-\d{2}-\d{2}$/.test(day) ? { day } : {}),
      ...(userid ? { userid } : {}),
      ...(status ? { status } : {}),
    }),
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: the filters and version trigger a reload
  useEffect(() => reload(), [day, userid, status, version]);

  async function markSent(task: BulkAddTask) {
    try {
      await api.bulkAdds.markSent(corpId, task.id);
      void message.success(t("bulkAdds.markedSent"));
      onChanged();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  async function run() {
    try {
      const r = await api.bulkAdds.run(corpId);
      void message.success(t("bulkAdds.ran", { ...r }));
      onChanged();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  const time = (v: string | null) => (v ? formatDateTime(v, language) : "");
  return (
    <Card
      title={t("bulkAdds.tasksTitle")}
      extra={
        <Button onClick={() => void run()} data-testid="run-bulk-adds">
          {t("bulkAdds.run")}
        </Button>
      }
    >
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <Input
          placeholder={`${t("bulkAdds.day")} YYYY-MM-DD`}
          value={day}
          onChange={(e) => setDay(e.target.value.trim())}
          style={{ width: 180 }}
          allowClear
        />
        <div style={{ width: 220 }}>
          <MemberPicker corpId={corpId} value={userid} onChange={(v) => setUserid(v || undefined)} />
        </div>
        <Select
          allowClear
          placeholder={t("bulkAdds.allStatuses")}
          style={{ width: 160 }}
          value={status}
          onChange={setStatus}
          options={STATUSES.map((s) => ({ value: s, label: t(`bulkAdds.statuses.${s}`) }))}
        />
      </Space>
      <Table<BulkAddTask>
        data-testid="bulk-tasks"
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t("bulkAdds.emptyTasks") }}
        columns={[
          { title: t("bulkAdds.day"), dataIndex: "day", width: 110 },
          { title: t("bulkAdds.member"), dataIndex: "userid", width: 140 },
          { title: t("bulkAdds.phone"), dataIndex: "phone", width: 130 },
          { title: t("bulkAdds.customerName"), dataIndex: "name" },
          { title: t("bulkAdds.dueAt"), dataIndex: "dueAt", width: 170, render: time },
          {
            title: t("bulkAdds.status"),
            dataIndex: "status",
            width: 100,
            render: (s: BulkAddTaskStatus) => <Tag color={COLOR[s]}>{t(`bulkAdds.statuses.${s}`)}</Tag>,
          },
          { title: t("bulkAdds.sentAt"), dataIndex: "sentAt", width: 170, render: time },
          {
            title: t("common.actions"),
            key: "actions",
            width: 100,
            render: (_: unknown, task) =>
              task.status === "assigned" ? (
                <Button size="small" onClick={() => void markSent(task)}>
                  {t("bulkAdds.markSent")}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
