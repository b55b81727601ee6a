// One transfer job: before/after counts (the report, and whether it balances), the customers that need action
// (refused, at the limit, failed) with WeCom's reason and a reassign, and every customer's status. "Check results
// now" asks WeCom (transfer_result) without waiting for the scheduler.
import { Alert, App, Button, Descriptions, Flex, Progress, Space, Table, Tabs, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type CustomerTransferStatus, type JobCustomer } from "../../../api/index.ts";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";
import { MemberPicker } from "../../../pickers/MemberPicker.tsx";
import { LoadError } from "../../LoadError.tsx";

const COLORS: Record<CustomerTransferStatus, string> = {
  planned: "default",
  waiting: "processing",
  succeeded: "green",
  refused: "orange",
  limit: "red",
  failed: "red",
};

export function StatusTag({ status }: { status: CustomerTransferStatus }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[status]}>{t(`inheritance.customerStatuses.${status}`)}</Tag>;
}

export function TransferDetail({ corpId, jobId }: { corpId: string; jobId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const report = useApiData(() => api.inheritance.report(corpId, jobId));
  const failed = useApiData(() => api.inheritance.customers(corpId, jobId, "unfinished"));
  const all = useApiData(() => api.inheritance.customers(corpId, jobId));
  const [selected, setSelected] = useState<string[]>([]);
  const [takeover, setTakeover] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const reload = () => {
    report.reload();
    failed.reload();
    all.reload();
  };

  async function poll() {
    setBusy(true);
    try {
      await api.inheritance.poll(corpId, jobId);
      void message.success(t("inheritance.detail.polled"));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    } finally {
      setBusy(false);
    }
  }

  async function reassign() {
    if (!takeover || selected.length === 0) return;
    setBusy(true);
    try {
      await api.inheritance.reassign(corpId, jobId, selected, takeover);
      void message.success(t("inheritance.detail.reassigned"));
      setSelected([]);
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    } finally {
      setBusy(false);
    }
  }

  const r = report.data;
  const columns = [
    { title: t("inheritance.detail.customer"), dataIndex: "name" },
    {
      title: t("inheritance.detail.takeover"),
      key: "takeover",
      render: (_: unknown, c: JobCustomer) => c.takeoverName,
    },
    {
      title: t("inheritance.detail.status"),
      key: "status",
      render: (_: unknown, c: JobCustomer) => <StatusTag status={c.status} />,
    },
    { title: t("inheritance.detail.reason"), dataIndex: "reason" },
    {
      title: t("inheritance.detail.takeoverAt"),
      key: "at",
      render: (_: unknown, c: JobCustomer) => formatDateTime(c.takeoverAt, language),
    },
  ];
  return (
    <>
      {report.error !== undefined && <LoadError error={report.error} onRetry={reload} />}
      {r && (
        <div data-testid="transfer-report">
          <Flex gap={24} align="center" wrap style={{ marginBottom: 16 }}>
            <Progress
              type="circle"
              size={88}
              percent={
                r.before.customers === 0
                  ? 100
                  : Math.round(((r.before.customers - r.after.customers.open) / r.before.customers) * 100)
              }
            />
            <Descriptions size="small" column={3} bordered>
              <Descriptions.Item
                label={`${t("inheritance.detail.before")} · ${t("inheritance.detail.customers")}`}
              >
                {r.before.customers}
              </Descriptions.Item>
              <Descriptions.Item label={t("inheritance.detail.newOwner")}>
                <span data-testid="report-new-owner">{r.after.customers.newOwner}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t("inheritance.detail.open")}>
                <span data-testid="report-open">{r.after.customers.open}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t("inheritance.customerStatuses.refused")}>
                {r.after.customers.refused}
              </Descriptions.Item>
              <Descriptions.Item label={t("inheritance.customerStatuses.limit")}>
                {r.after.customers.limit}
              </Descriptions.Item>
              <Descriptions.Item label={t("inheritance.customerStatuses.failed")}>
                {r.after.customers.failed}
              </Descriptions.Item>
              <Descriptions.Item
                label={`${t("inheritance.detail.before")} · ${t("inheritance.detail.groups")}`}
              >
                {r.before.groups}
              </Descriptions.Item>
              <Descriptions.Item
                label={`${t("inheritance.detail.groups")} · ${t("inheritance.detail.newOwner")}`}
              >
                {r.after.groups.newOwner}
              </Descriptions.Item>
              <Descriptions.Item
                label={`${t("inheritance.detail.groups")} · ${t("inheritance.customerStatuses.failed")}`}
              >
                {r.after.groups.failed}
              </Descriptions.Item>
            </Descriptions>
            <Button onClick={poll} loading={busy}>
              {t("inheritance.detail.poll")}
            </Button>
          </Flex>
          {r.finished && (
            <Alert
              showIcon
              type={r.balanced ? "success" : "error"}
              title={r.balanced ? t("inheritance.detail.balanced") : t("inheritance.detail.unbalanced")}
              style={{ marginBottom: 16 }}
            />
          )}
        </div>
      )}
      <Tabs
        items={[
          {
            key: "failed",
            label: t("inheritance.detail.failedList"),
            children: (
              <>
                <Space style={{ marginBottom: 12 }} wrap>
                  <MemberPicker
                    corpId={corpId}
                    value={takeover}
                    onChange={setTakeover}
                    aria-label={t("inheritance.detail.reassignTo")}
                    placeholder={t("inheritance.detail.reassignTo")}
                    style={{ width: 240 }}
                  />
                  <Button disabled={!takeover || selected.length === 0} loading={busy} onClick={reassign}>
                    {t("inheritance.detail.reassign")}
                  </Button>
                </Space>
                <Table<JobCustomer>
                  data-testid="transfer-failed"
                  rowKey="externalUserid"
                  size="small"
                  loading={failed.loading}
                  dataSource={failed.data?.items ?? []}
                  locale={{ emptyText: t("inheritance.detail.noneFailed") }}
                  rowSelection={{
                    selectedRowKeys: selected,
                    onChange: (keys) => setSelected(keys as string[]),
                  }}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  columns={columns}
                />
              </>
            ),
          },
          {
            key: "all",
            label: t("inheritance.detail.all"),
            children: (
              <Table<JobCustomer>
                data-testid="transfer-customers"
                rowKey="externalUserid"
                size="small"
                loading={all.loading}
                dataSource={all.data?.items ?? []}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                columns={columns}
              />
            ),
          },
        ]}
      />
    </>
  );
}
