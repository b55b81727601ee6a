// 客户群 → 重复成员: customers in several groups (once each, per customer and per group), the keep rules, and
// the removal tasks, which only the group's owner confirms or dismisses. WeCom has no API to remove a member,
// so a confirmed task tells the owner to remove them by hand; the leave callback completes it.
import { Alert, App, Button, Card, Form, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type DuplicateReport, type KeepRule, type RemovalTask } from "../../api/index.ts";
import { RequireCorp } from "../../corps/RequireCorp.tsx";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { FormErrorAlert } from "../../lib/FormErrorAlert.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { useServerErrors } from "../../lib/useServerErrors.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";

const KEEP: KeepRule[] = ["store_group", "newest", "oldest", "largest", "smallest"];

export function DuplicatesPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle
        title={t("nav.pages.groups.duplicates.title")}
        description={t("nav.pages.groups.duplicates.description")}
      />
      <RequireCorp>{(corpId) => <Duplicates key={corpId} corpId={corpId} />}</RequireCorp>
    </>
  );
}

function Duplicates({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const report = useApiData(() => api.groupDuplicates.report(corpId));
  const tasks = useApiData(() => api.groupDuplicates.removals(corpId));
  const [planning, setPlanning] = useState(false);
  const reloadAll = () => {
    report.reload();
    tasks.reload();
  };

  async function plan() {
    setPlanning(true);
    try {
      const r = await api.groupDuplicates.plan(corpId);
      void message.success(t("duplicates.planned", r));
      reloadAll();
    } catch (reason) {
      void message.error(errorText(reason));
    } finally {
      setPlanning(false);
    }
  }

  return (
    <>
      <Alert type="info" showIcon title={t("duplicates.intro")} style={{ marginBottom: 16 }} />
      {report.data && <KeepRules corpId={corpId} keep={report.data.keep} onSaved={reloadAll} />}
      <Card
        title={report.data ? t("duplicates.total", { count: report.data.totalCustomers }) : undefined}
        style={{ marginBottom: 16 }}
        extra={
          <Button type="primary" loading={planning} onClick={plan} data-testid="plan-removals">
            {t("duplicates.plan")}
          </Button>
        }
      >
        {report.error !== undefined && <LoadError error={report.error} onRetry={report.reload} />}
        <Tabs
          items={[
            {
              key: "customers",
              label: t("duplicates.byCustomer"),
              children: <ByCustomer report={report.data} loading={report.loading} />,
            },
            {
              key: "groups",
              label: t("duplicates.byGroup"),
              children: <ByGroup report={report.data} loading={report.loading} />,
            },
          ]}
        />
      </Card>
      <RemovalTasks corpId={corpId} data={tasks.data?.items} loading={tasks.loading} onChanged={reloadAll} />
      {tasks.error !== undefined && <LoadError error={tasks.error} onRetry={tasks.reload} />}
    </>
  );
}

function KeepRules({ corpId, keep, onSaved }: { corpId: string; keep: KeepRule[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ keep: KeepRule[] }>();
  const place = useServerErrors(form);
  const [error, setError] = useState<unknown>();
  const [leftOver, setLeftOver] = useState<ReturnType<typeof place>>([]);
  async function save(values: { keep: KeepRule[] }) {
    setError(undefined);
    try {
      await api.groupDuplicates.saveKeep(corpId, values.keep ?? []);
      void message.success(t("duplicates.saved"));
      onSaved();
    } catch (reason) {
      setLeftOver(place(reason));
      setError(reason);
    }
  }
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <FormErrorAlert error={error} leftOver={leftOver} style={{ marginBottom: 8 }} />
      <Form form={form} layout="inline" initialValues={{ keep }} onFinish={save}>
        <Form.Item name="keep" label={t("duplicates.keep")}>
          <Select
            mode="multiple"
            style={{ minWidth: 420 }}
            aria-label={t("duplicates.keep")}
            options={KEEP.map((k) => ({ value: k, label: t(`duplicates.keepRules.${k}`) }))}
          />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit">{t("duplicates.saveKeep")}</Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

function StatusTag({ status }: { status: RemovalTask["status"] }) {
  const { t } = useTranslation();
  const color = {
    pending: "orange",
    confirmed: "blue",
    done: "green",
    dismissed: "default",
    moot: "default",
  }[status];
  return <Tag color={color}>{t(`duplicates.statuses.${status}`)}</Tag>;
}

function ByCustomer({ report, loading }: { report: DuplicateReport | undefined; loading: boolean }) {
  const { t } = useTranslation();
  return (
    <Table
      data-testid="duplicate-customers"
      size="small"
      rowKey="externalUserId"
      loading={loading}
      dataSource={report?.customers ?? []}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      locale={{ emptyText: t("duplicates.empty") }}
      columns={[
        {
          title: t("duplicates.customer"),
          width: 200,
          render: (_: unknown, c) => c.name ?? c.externalUserId,
        },
        {
          title: t("duplicates.groups"),
          render: (_: unknown, c) => (
            <Space wrap>
              {c.groups.map((g) => (
                <Space key={g.chatId} size={4}>
                  <Tag color={g.keep ? "green" : undefined}>
                    {g.groupName || g.chatId}
                    {g.keep ? ` · ${t("duplicates.kept")}` : ""}
                  </Tag>
                  {g.removal && <StatusTag status={g.removal.status} />}
                </Space>
              ))}
            </Space>
          ),
        },
      ]}
    />
  );
}

function ByGroup({ report, loading }: { report: DuplicateReport | undefined; loading: boolean }) {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      rowKey="chatId"
      loading={loading}
      dataSource={report?.groups ?? []}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      locale={{ emptyText: t("duplicates.empty") }}
      columns={[
        { title: t("duplicates.group"), render: (_: unknown, g) => g.groupName || g.chatId },
        { title: t("duplicates.owner"), render: (_: unknown, g) => g.ownerName ?? g.owner ?? "—" },
        { title: t("groupList.memberCount"), dataIndex: "memberCount", width: 90 },
        { title: t("duplicates.duplicatesCol"), dataIndex: "duplicates", width: 100 },
        { title: t("duplicates.toRemove"), dataIndex: "toRemove", width: 100 },
      ]}
    />
  );
}

function RemovalTasks({
  corpId,
  data,
  loading,
  onChanged,
}: {
  corpId: string;
  data: RemovalTask[] | undefined;
  loading: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { message } = App.useApp();
  const errorText = useErrorText();
  async function decide(task: RemovalTask, decision: "confirm" | "dismiss") {
    try {
      await api.groupDuplicates.decide(corpId, task.id, decision);
      void message.success(t(decision === "confirm" ? "duplicates.confirmed" : "duplicates.dismissedMsg"));
      onChanged();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }
  return (
    <Card title={t("duplicates.tasks")}>
      <Table<RemovalTask>
        data-testid="removal-tasks"
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t("duplicates.noTasks") }}
        columns={[
          { title: t("duplicates.member"), render: (_: unknown, r) => r.memberName ?? r.memberId },
          { title: t("duplicates.group"), render: (_: unknown, r) => r.groupName || r.chatId },
          { title: t("duplicates.owner"), render: (_: unknown, r) => r.ownerName ?? r.owner ?? "—" },
          {
            title: t("duplicates.reason"),
            width: 100,
            render: (_: unknown, r) => t(`duplicates.reasons.${r.reason}`),
          },
          {
            title: t("duplicates.status"),
            width: 120,
            render: (_: unknown, r) => <StatusTag status={r.status} />,
          },
          {
            title: t("duplicates.instruction"),
            render: (_: unknown, r) =>
              r.instruction ? <Typography.Text type="secondary">{r.instruction}</Typography.Text> : null,
          },
          {
            title: t("duplicates.createdAt"),
            width: 160,
            render: (_: unknown, r) => formatDateTime(r.createdAt, language),
          },
          {
            title: t("common.actions"),
            width: 200,
            render: (_: unknown, r) =>
              r.status === "pending" ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => decide(r, "confirm")}>
                    {t("duplicates.confirm")}
                  </Button>
                  <Button size="small" onClick={() => decide(r, "dismiss")}>
                    {t("duplicates.dismiss")}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
