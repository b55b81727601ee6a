// SOP tasks per owner: filter by owner and status (open, overdue, done); each task says what to send to whom
// and by when, whether it was escalated to the team lead, and has a button to mark it done.
import { App, Button, Flex, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, type SopTask, type SopTaskStatusFilter } from "../../../api/index.ts";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";
import { MemberPicker } from "../../../pickers/MemberPicker.tsx";
import { LoadError } from "../../LoadError.tsx";

const STATUSES: SopTaskStatusFilter[] = ["open", "overdue", "done"];

export function SopTasks({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [params] = useSearchParams();
  const sopId = params.get("sopId") ?? undefined;
  const [owner, setOwner] = useState<string | undefined>();
  const [status, setStatus] = useState<SopTaskStatusFilter | undefined>("open");
  const [busy, setBusy] = useState<string | undefined>();
  const { data, error, loading, reload } = useApiData(() =>
    api.sops.tasks(corpId, {
      ...(owner ? { owner } : {}),
      ...(status ? { status } : {}),
      ...(sopId ? { sopId } : {}),
    }),
  );

  async function complete(task: SopTask) {
    setBusy(task.id);
    try {
      await api.sops.complete(corpId, task.id);
      void message.success(t("sops.tasks.completed"));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <>
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <MemberPicker
          corpId={corpId}
          value={owner}
          aria-label={t("sops.tasks.owner")}
          placeholder={t("sops.tasks.allOwners")}
          style={{ width: 240 }}
          onChange={(v) => {
            setOwner(v);
            reload();
          }}
        />
        <Select<SopTaskStatusFilter>
          allowClear
          aria-label={t("sops.tasks.status")}
          placeholder={t("sops.tasks.allStatuses")}
          style={{ width: 160 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            reload();
          }}
          options={STATUSES.map((s) => ({ value: s, label: t(`sops.tasks.statuses.${s}`) }))}
        />
      </Flex>
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      <Table<SopTask>
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t("sops.tasks.empty") }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t("sops.tasks.owner"),
            key: "owner",
            render: (_: unknown, r) => r.ownerName ?? r.owner,
          },
          {
            title: t("sops.tasks.what"),
            key: "what",
            render: (_: unknown, r) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{r.sopName}</Typography.Text>
                <Typography.Text>{r.content.text ?? t("sops.tasks.attachmentsOnly")}</Typography.Text>
                <Typography.Text type="secondary">
                  {r.chatId
                    ? t("sops.tasks.toGroup", { name: r.groupName ?? r.chatId })
                    : t("sops.tasks.toCustomers", { count: r.targetCount })}
                  {r.mode === "auto" ? ` · ${t("sops.tasks.autoHint")}` : ""}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t("sops.tasks.deadline"),
            key: "deadline",
            render: (_: unknown, r) => (
              <Space direction="vertical" size={0}>
                <span>{formatDateTime(r.deadlineAt, language)}</span>
                {r.overdue && <Tag color="red">{t("sops.tasks.overdue")}</Tag>}
                {r.escalatedAt && (
                  <Typography.Text type="secondary">
                    {r.escalatedTo
                      ? t("sops.tasks.escalatedTo", { who: r.escalatedTo })
                      : t("sops.tasks.noLeader")}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t("sops.tasks.status"),
            key: "status",
            render: (_: unknown, r) =>
              r.status === "done" ? (
                <Space direction="vertical" size={0}>
                  <Tag color="green">{t("sops.tasks.statuses.done")}</Tag>
                  <Typography.Text type="secondary">
                    {r.doneBy === "detected" ? t("sops.tasks.detected") : t("sops.tasks.markedDone")}
                  </Typography.Text>
                </Space>
              ) : (
                <Button size="small" type="primary" loading={busy === r.id} onClick={() => complete(r)}>
                  {t("sops.tasks.complete")}
                </Button>
              ),
          },
        ]}
      />
    </>
  );
}
