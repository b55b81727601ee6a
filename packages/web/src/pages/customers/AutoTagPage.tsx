// 客户 → 自动打标: rules that tag customers by chat keywords, tracked-link opens, orders, live-stream viewing and
// activity participation; the alerts staff received when customers opened tracked links; the tracked links
// with their opens; and the import of a live stream's viewer list.
import { PlusOutlined, UploadOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Popconfirm,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type LiveImportResult, type RuleInput, type TagRule } from "../../api/index.ts";
import { RequireCorp } from "../../corps/RequireCorp.tsx";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";
import { AutoTagEditor } from "./AutoTagEditor.tsx";

export function AutoTagPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle
        title={t("nav.pages.customers.autoTag.title")}
        description={t("nav.pages.customers.autoTag.description")}
      />
      <RequireCorp>
        {(corpId) => (
          <Tabs
            key={corpId}
            items={[
              { key: "rules", label: t("autoTags.tabs.rules"), children: <Rules corpId={corpId} /> },
              { key: "alerts", label: t("autoTags.tabs.alerts"), children: <Alerts corpId={corpId} /> },
              { key: "links", label: t("autoTags.tabs.links"), children: <Links corpId={corpId} /> },
              { key: "live", label: t("autoTags.tabs.live"), children: <LiveImport corpId={corpId} /> },
            ]}
          />
        )}
      </RequireCorp>
    </>
  );
}

function summary(rule: TagRule, t: (k: string, o?: Record<string, unknown>) => string): string {
  const c = rule.config;
  switch (rule.kind) {
    case "keyword": {
      const words = (c.keywords as string[] | undefined) ?? [];
      return t("autoTags.summary.keyword", { count: words.length, sample: words.slice(0, 5).join("、") });
    }
    case "link":
      return String(c.title ?? c.url ?? "");
    case "order": {
      const parts: string[] = [];
      if (c.minTotalCents !== undefined) parts.push(`≥ ¥${Number(c.minTotalCents) / 100}`);
      if (c.minOrders !== undefined) parts.push(t("autoTags.summary.orders", { n: c.minOrders }));
      if (Array.isArray(c.categories) && c.categories.length) parts.push(c.categories.join("/"));
      if (c.withinDays !== undefined) parts.push(t("autoTags.summary.days", { n: c.withinDays }));
      return parts.join(" · ");
    }
    case "live": {
      const parts: string[] = [];
      if (c.minWatchMinutes !== undefined)
        parts.push(t("autoTags.summary.minutes", { n: c.minWatchMinutes }));
      if (c.commented) parts.push(t("autoTags.commented"));
      if (c.spoke) parts.push(t("autoTags.spoke"));
      if (c.liveId) parts.push(String(c.liveId));
      return parts.join(" · ");
    }
    case "activity":
      return String(c.activity ?? "");
    case "moment":
      return `${c.momentId ? `#${c.momentId}` : t("autoTags.anyMoment")} · ${t(`autoTags.interactions.${String(c.interaction ?? "any")}`)}`;
  }
}

function Rules({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data, error, loading, reload } = useApiData(() => api.autoTags.list(corpId));
  const [editing, setEditing] = useState<{ rule: TagRule | undefined }>();

  async function setEnabled(rule: TagRule, enabled: boolean) {
    const input: RuleInput = {
      kind: rule.kind,
      name: rule.name,
      enabled,
      addTags: rule.addTags.map((x) => x.id),
      removeTags: rule.removeTags.map((x) => x.id),
      config: rule.config as unknown as RuleInput["config"],
    };
    try {
      await api.autoTags.update(corpId, rule.id, input);
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  async function remove(rule: TagRule) {
    try {
      await api.autoTags.remove(corpId, rule.id);
      void message.success(t("autoTags.deleted"));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  const tagList = (tags: TagRule["addTags"], color?: string) =>
    tags.map((x) => (
      <Tag key={x.id} color={color}>
        {x.name ?? x.id}
      </Tag>
    ));

  return (
    <>
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      <Card
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ rule: undefined })}>
            {t("autoTags.create")}
          </Button>
        }
        title={t("autoTags.rulesTitle")}
      >
        <Table<TagRule>
          rowKey="id"
          loading={loading && !data}
          dataSource={data?.rules ?? []}
          pagination={false}
          data-testid="rules-table"
          locale={{ emptyText: t("autoTags.empty") }}
          columns={[
            { title: t("autoTags.name"), dataIndex: "name" },
            { title: t("autoTags.kind"), dataIndex: "kind", render: (k: string) => t(`autoTags.kinds.${k}`) },
            {
              title: t("autoTags.condition"),
              key: "condition",
              render: (_, r) => <Typography.Text ellipsis>{summary(r, t)}</Typography.Text>,
            },
            {
              title: t("autoTags.tags"),
              key: "tags",
              render: (_, r) => (
                <>
                  {tagList(r.addTags, "blue")}
                  {r.removeTags.length > 0 && (
                    <>
                      {t("autoTags.removes")} {tagList(r.removeTags, "default")}
                    </>
                  )}
                </>
              ),
            },
            { title: t("autoTags.applied"), dataIndex: "applied" },
            {
              title: t("autoTags.enabled"),
              key: "enabled",
              render: (_, r) => (
                <Switch
                  size="small"
                  checked={r.enabled}
                  aria-label={t("autoTags.enabled")}
                  onChange={(v) => void setEnabled(r, v)}
                />
              ),
            },
            {
              title: t("common.actions"),
              key: "actions",
              render: (_, r) => (
                <Space>
                  <Button size="small" onClick={() => setEditing({ rule: r })}>
                    {t("common.edit")}
                  </Button>
                  <Popconfirm
                    title={t("autoTags.deleteConfirm")}
                    okText={t("common.delete")}
                    cancelText={t("common.cancel")}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => remove(r)}
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
      </Card>
      {editing && (
        <AutoTagEditor
          corpId={corpId}
          existing={editing.rule}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            reload();
          }}
        />
      )}
    </>
  );
}

function Alerts({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useApiData(() => api.autoTags.alerts(corpId));
  if (error !== undefined) return <LoadError error={error} onRetry={reload} />;
  return (
    <Card title={t("autoTags.alertsTitle")} extra={<Button onClick={reload}>{t("autoTags.refresh")}</Button>}>
      <Table
        rowKey="id"
        loading={loading && !data}
        dataSource={data?.alerts ?? []}
        pagination={{ pageSize: 50 }}
        locale={{ emptyText: t("autoTags.noAlerts") }}
        columns={[
          {
            title: t("autoTags.at"),
            dataIndex: "createdAt",
            render: (v: string) => new Date(v).toLocaleString(),
          },
          { title: t("autoTags.member"), dataIndex: "userid" },
          { title: t("autoTags.customer"), dataIndex: "externalUserId" },
          { title: t("autoTags.alertText"), dataIndex: "text" },
        ]}
      />
    </Card>
  );
}

function Links({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useApiData(() => api.autoTags.links(corpId));
  if (error !== undefined) return <LoadError error={error} onRetry={reload} />;
  return (
    <Card title={t("autoTags.linksTitle")}>
      <Alert type="info" showIcon title={t("autoTags.linksHelp")} style={{ marginBottom: 16 }} />
      <Table
        rowKey="id"
        loading={loading && !data}
        dataSource={data?.links ?? []}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: t("autoTags.linkTitle"), dataIndex: "title", render: (v: string | null, r) => v ?? r.url },
          {
            title: t("autoTags.url"),
            dataIndex: "url",
            render: (v: string) => <Typography.Text copyable>{v}</Typography.Text>,
          },
          { title: t("autoTags.sends"), dataIndex: "tokens" },
          { title: t("autoTags.opens"), dataIndex: "opens" },
          { title: t("autoTags.openers"), dataIndex: "openers" },
        ]}
      />
    </Card>
  );
}

function LiveImport({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [result, setResult] = useState<LiveImportResult>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function upload(file: File) {
    setBusy(true);
    setFailure(undefined);
    try {
      setResult(await api.autoTags.importLive(corpId, { fileName: file.name, content: await file.text() }));
    } catch (reason) {
      setResult(undefined);
      setFailure(errorText(reason));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t("autoTags.liveTitle")}>
      <Typography.Paragraph type="secondary">{t("autoTags.liveHelp")}</Typography.Paragraph>
      <Upload
        accept=".csv,text/csv"
        showUploadList={false}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy}>
          {t("autoTags.liveUpload")}
        </Button>
      </Upload>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginTop: 16 }} />}
      {result && (
        <div style={{ marginTop: 16 }} data-testid="live-result">
          <Alert
            type="success"
            showIcon
            title={t("autoTags.liveResult", {
              rows: result.rows,
              participations: result.participations,
              skipped: result.skipped.length,
              tagChanges: result.tagChanges,
            })}
          />
          {result.skipped.length > 0 && (
            <Table
              style={{ marginTop: 16 }}
              rowKey="row"
              size="small"
              pagination={false}
              dataSource={result.skipped}
              columns={[
                { title: t("autoTags.row"), dataIndex: "row", width: 80 },
                { title: t("autoTags.reason"), dataIndex: "reason" },
              ]}
            />
          )}
        </div>
      )}
    </Card>
  );
}
