// Follow-up tasks: open / done counts per member, then the tasks (filter by member and status), each with the
// round, the suggested script, when it is due and buttons for the customer's response.
import { App, Button, Flex, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type FollowupOutcome, type FollowupTask } from "../../../api/index.ts";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";
import { MemberPicker } from "../../../pickers/MemberPicker.tsx";
import { LoadError } from "../../LoadError.tsx";

const STATUSES = ["open", "done", "cancelled"] as const;
const OUTCOMES: FollowupOutcome[] = ["positive", "neutral", "no"];

export function FollowupTasks({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [userid, setUserid] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>("open");
  const [busy, setBusy] = useState<string | undefined>();
  const { data, error, loading, reload } = useApiData(() =>
    api.followups.tasks(corpId, { ...(userid ? { userid } : {}), ...(status ? { status } : {}) }),
  );

  async function record(task: FollowupTask, outcome: FollowupOutcome) {
    setBusy(task.id);
    try {
      await api.followups.outcome(corpId, task.id, outcome);
      void message.success(t("followups.recorded"));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <>
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      <Typography.Title level={5}>{t("followups.perMember")}</Typography.Title>
      <Table
        data-testid="followup-members"
        rowKey="userid"
        size="small"
        style={{ marginBottom: 24 }}
        dataSource={data?.perMember ?? []}
        pagination={false}
        columns={[
          { title: t("followups.member"), key: "member", render: (_: unknown, r) => r.name ?? r.userid },
          { title: t("followups.openCount"), dataIndex: "open" },
          { title: t("followups.doneCount"), dataIndex: "done" },
          { title: t("followups.plans"), dataIndex: "plans" },
        ]}
      />
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <MemberPicker
          corpId={corpId}
          value={userid}
          aria-label={t("followups.member")}
          placeholder={t("followups.allMembers")}
          style={{ width: 240 }}
          onChange={(v) => {
            setUserid(v);
            reload();
          }}
        />
        <Select<string>
          allowClear
          aria-label={t("followups.status")}
          style={{ width: 160 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            reload();
          }}
          options={STATUSES.map((s) => ({ value: s, label: t(`followups.statuses.${s}`) }))}
        />
      </Flex>
      <Table<FollowupTask>
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t("followups.empty") }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t("followups.member"), dataIndex: "userid" },
          {
            title: t("followups.customer"),
            key: "customer",
            render: (_: unknown, r) => r.customerName ?? r.externalUserId,
          },
          {
            title: t("followups.round"),
            key: "round",
            render: (_: unknown, r) => (
              <Space direction="vertical" size={0}>
                <span>
                  {t("followups.roundLabel", { n: r.round + 1, name: r.name })}
                  {r.branch === "fallback" && <Tag style={{ marginLeft: 8 }}>{t("followups.fallback")}</Tag>}
                </span>
                <Typography.Text type="secondary">{r.script}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t("followups.due"),
            key: "due",
            render: (_: unknown, r) => formatDateTime(r.dueAt, language),
          },
          {
            title: t("followups.outcome"),
            key: "outcome",
            render: (_: unknown, r) =>
              r.status === "open" ? (
                <Space>
                  {OUTCOMES.map((o) => (
                    <Button
                      key={o}
                      size="small"
                      danger={o === "no"}
                      loading={busy === r.id}
                      onClick={() => record(r, o)}
                    >
                      {t(`followups.outcomes.${o}`)}
                    </Button>
                  ))}
                </Space>
              ) : (
                <Tag color={r.status === "done" ? "green" : "default"}>
                  {r.outcome ? t(`followups.outcomes.${r.outcome}`) : t(`followups.statuses.${r.status}`)}
                </Tag>
              ),
          },
        ]}
      />
    </>
  );
}
