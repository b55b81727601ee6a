// 客户群 → 防骚扰: rules over what customers post in groups (links and mini-programs outside the whitelist, ad
// keywords, flooding, contact cards), the event log with its evidence and the removal task's status, and the
// blacklist of customers refused when they come back through a group code.
import { PlusOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type GuardEvent, type GuardRule, type GuardRuleInput } from "../../api/index.ts";
import { RequireCorp } from "../../corps/RequireCorp.tsx";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { FormErrorAlert } from "../../lib/FormErrorAlert.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { useServerErrors } from "../../lib/useServerErrors.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";

export function AntiHarassmentPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle
        title={t("nav.pages.groups.antiHarassment.title")}
        description={t("nav.pages.groups.antiHarassment.description")}
      />
      <RequireCorp>
        {(corpId) => (
          <div key={corpId}>
            <Alert type="info" showIcon title={t("guard.intro")} style={{ marginBottom: 16 }} />
            <Rules corpId={corpId} />
            <Events corpId={corpId} />
            <Blacklist corpId={corpId} />
          </div>
        )}
      </RequireCorp>
    </>
  );
}

function Rules({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data, error, loading, reload } = useApiData(() => api.groupGuard.rules(corpId));
  const [editing, setEditing] = useState<GuardRule | "new">();
  async function remove(r: GuardRule) {
    try {
      await api.groupGuard.remove(corpId, r.id);
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }
  const checks = (r: GuardRule) =>
    [
      r.checkLinks && t("guard.links"),
      r.adKeywords.length > 0 && t("guard.keywords"),
      r.flood && `${t("guard.flood")} ${r.flood.count}/${r.flood.seconds}s`,
      r.blockCards && t("guard.cards"),
    ].filter(Boolean) as string[];
  return (
    <Card
      title={t("guard.rules")}
      style={{ marginBottom: 16 }}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")}>
          {t("guard.add")}
        </Button>
      }
    >
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      <Table<GuardRule>
        data-testid="guard-rules"
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t("guard.noRules") }}
        columns={[
          { title: t("guard.name"), dataIndex: "name" },
          {
            title: t("guard.scope"),
            width: 120,
            render: (_: unknown, r) =>
              r.chatIds.length === 0
                ? t("guard.allGroups")
                : t("guard.groupsCount", { count: r.chatIds.length }),
          },
          {
            title: t("guard.checks"),
            render: (_: unknown, r) => (
              <Space wrap>
                {checks(r).map((c) => (
                  <Tag key={c}>{c}</Tag>
                ))}
              </Space>
            ),
          },
          { title: t("guard.strikes"), dataIndex: "strikes", width: 110 },
          {
            title: t("guard.enabled"),
            width: 80,
            render: (_: unknown, r) => (r.enabled ? <Tag color="green">✓</Tag> : <Tag>—</Tag>),
          },
          {
            title: t("common.actions"),
            width: 160,
            render: (_: unknown, r) => (
              <Space>
                <Button size="small" onClick={() => setEditing(r)}>
                  {t("guard.edit")}
                </Button>
                <Popconfirm
                  title={t("guard.removeConfirm", { name: r.name })}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove(r)}
                >
                  <Button size="small" danger>
                    {t("guard.remove")}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <RuleEditor
          corpId={corpId}
          rule={editing === "new" ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            reload();
          }}
        />
      )}
    </Card>
  );
}

interface RuleForm {
  name: string;
  enabled: boolean;
  chatIds: string[];
  checkLinks: boolean;
  allowedDomains: string;
  allowedMiniPrograms: string;
  adKeywords: string;
  floodCount: number | null;
  floodSeconds: number | null;
  blockCards: boolean;
  strikes: number;
  strikeWindowHours: number;
  allowedSenders: string;
}

const lines = (s: string | undefined) =>
  (s ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

function RuleEditor({
  corpId,
  rule,
  onClose,
  onSaved,
}: {
  corpId: string;
  rule: GuardRule | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RuleForm>();
  const place = useServerErrors(form);
  const [error, setError] = useState<unknown>();
  const [leftOver, setLeftOver] = useState<ReturnType<typeof place>>([]);
  const [saving, setSaving] = useState(false);
  const groups = useApiData(() => api.groups.list(corpId, { dismissed: "false", limit: 200 }));
  const initial: RuleForm = {
    name: rule?.name ?? "",
    enabled: rule?.enabled ?? true,
    chatIds: rule?.chatIds ?? [],
    checkLinks: rule?.checkLinks ?? true,
    allowedDomains: (rule?.allowedDomains ?? []).join("\n"),
    allowedMiniPrograms: (rule?.allowedMiniPrograms ?? []).join("\n"),
    adKeywords: (rule?.adKeywords ?? []).join("\n"),
    floodCount: rule?.flood?.count ?? null,
    floodSeconds: rule?.flood?.seconds ?? null,
    blockCards: rule?.blockCards ?? false,
    strikes: rule?.strikes ?? 2,
    strikeWindowHours: rule?.strikeWindowHours ?? 24,
    allowedSenders: (rule?.allowedSenders ?? []).join("\n"),
  };
  async function save(v: RuleForm) {
    const input: GuardRuleInput = {
      name: v.name,
      enabled: v.enabled,
      chatIds: v.chatIds ?? [],
      checkLinks: v.checkLinks,
      allowedDomains: lines(v.allowedDomains),
      allowedMiniPrograms: lines(v.allowedMiniPrograms),
      adKeywords: lines(v.adKeywords),
      flood:
        v.floodCount === null && v.floodSeconds === null
          ? null
          : { count: v.floodCount ?? 0, seconds: v.floodSeconds ?? 0 },
      blockCards: v.blockCards,
      strikes: v.strikes,
      strikeWindowHours: v.strikeWindowHours,
      allowedSenders: lines(v.allowedSenders),
    };
    setSaving(true);
    setError(undefined);
    try {
      if (rule) await api.groupGuard.update(corpId, rule.id, input);
      else await api.groupGuard.create(corpId, input);
      void message.success(t("guard.saved"));
      onSaved();
    } catch (reason) {
      // flood.count / flood.seconds land on their own inputs.
      const rest = place(reason);
      const floodIssues = rest.filter((f) => f.field.startsWith("flood"));
      for (const f of floodIssues)
        form.setFields([
          { name: f.field === "flood.seconds" ? "floodSeconds" : "floodCount", errors: [f.message] },
        ]);
      setLeftOver(rest.filter((f) => !f.field.startsWith("flood")));
      setError(reason);
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal
      open
      width={640}
      title={rule ? t("guard.edit") : t("guard.add")}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <FormErrorAlert error={error} leftOver={leftOver} style={{ marginBottom: 12 }} />
      <Form<RuleForm> form={form} layout="vertical" initialValues={initial} onFinish={save}>
        <Form.Item name="name" label={t("guard.name")}>
          <Input />
        </Form.Item>
        <Space size="large">
          <Form.Item name="enabled" label={t("guard.enabled")} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="checkLinks" valuePropName="checked">
            <Checkbox>{t("guard.checkLinks")}</Checkbox>
          </Form.Item>
          <Form.Item name="blockCards" valuePropName="checked">
            <Checkbox>{t("guard.blockCards")}</Checkbox>
          </Form.Item>
        </Space>
        <Form.Item name="chatIds" label={t("guard.scope")}>
          <Select
            mode="multiple"
            allowClear
            placeholder={t("guard.allGroups")}
            options={(groups.data?.items ?? []).map((g) => ({ value: g.chatId, label: g.name || g.chatId }))}
          />
        </Form.Item>
        <Form.Item name="allowedDomains" label={t("guard.allowedDomains")}>
          <Input.TextArea rows={3} placeholder="example.com" />
        </Form.Item>
        <Form.Item name="allowedMiniPrograms" label={t("guard.allowedMiniPrograms")}>
          <Input.TextArea rows={2} placeholder="wx1234567890abcdef" />
        </Form.Item>
        <Form.Item name="adKeywords" label={t("guard.adKeywords")}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Space size="large" align="start">
          <Form.Item name="floodCount" label={t("guard.floodCount")} extra={t("guard.floodHint")}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="floodSeconds" label={t("guard.floodSeconds")}>
            <InputNumber min={0} />
          </Form.Item>
        </Space>
        <Space size="large">
          <Form.Item name="strikes" label={t("guard.strikes")}>
            <InputNumber />
          </Form.Item>
          <Form.Item name="strikeWindowHours" label={t("guard.strikeWindowHours")}>
            <InputNumber />
          </Form.Item>
        </Space>
        <Form.Item name="allowedSenders" label={t("guard.allowedSenders")}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function evidenceText(e: GuardEvent): string {
  const ev = e.evidence as {
    text?: string | null;
    detail?: { url?: string; appid?: string; appName?: string; title?: string };
    code?: { name?: string };
    findings?: { evidence?: { urls?: string[]; keywords?: string[]; messages?: number } }[];
  };
  const f = ev.findings?.[0]?.evidence;
  const inText = (u: string) => ev.text?.includes(u) ?? false;
  const parts = [
    ev.text,
    ev.detail?.url,
    ev.detail?.appName ?? ev.detail?.appid,
    f?.urls?.filter((u) => !inText(u) && u !== ev.detail?.url).join(" "),
    f?.keywords?.join("、"),
    f?.messages ? `×${f.messages}` : undefined,
    ev.code?.name,
  ].filter((p): p is string => !!p);
  return [...new Set(parts)].join(" · ");
}

function Events({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { data, error, loading, reload } = useApiData(() => api.groupGuard.events(corpId));
  return (
    <Card title={t("guard.events")} style={{ marginBottom: 16 }} extra={<Button onClick={reload}>↻</Button>}>
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      <Table<GuardEvent>
        data-testid="guard-events"
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t("guard.noEvents") }}
        columns={[
          { title: t("guard.at"), width: 160, render: (_: unknown, e) => formatDateTime(e.at, language) },
          { title: t("guard.group"), render: (_: unknown, e) => e.groupName || e.chatId },
          { title: t("guard.member"), render: (_: unknown, e) => e.memberName ?? e.memberId },
          { title: t("guard.rule"), render: (_: unknown, e) => e.ruleName ?? "—" },
          {
            title: t("guard.kind"),
            width: 110,
            render: (_: unknown, e) => <Tag>{t(`guard.kinds.${e.kind}`)}</Tag>,
          },
          {
            title: t("guard.action"),
            width: 130,
            render: (_: unknown, e) => (
              <Tag color={e.action === "strike" ? "orange" : "red"}>{t(`guard.actions.${e.action}`)}</Tag>
            ),
          },
          {
            title: t("guard.evidence"),
            render: (_: unknown, e) => (
              <Typography.Text type="secondary" ellipsis={{ tooltip: true }} style={{ maxWidth: 280 }}>
                {evidenceText(e)}
              </Typography.Text>
            ),
          },
          {
            title: t("guard.removal"),
            width: 120,
            render: (_: unknown, e) => (e.removalStatus ? t(`duplicates.statuses.${e.removalStatus}`) : "—"),
          },
        ]}
      />
    </Card>
  );
}

function Blacklist({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data, error, loading, reload } = useApiData(() => api.groupGuard.blacklist(corpId));
  async function unblock(id: string) {
    try {
      await api.groupGuard.unblacklist(corpId, id);
      void message.success(t("guard.unblocked"));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }
  return (
    <Card title={t("guard.blacklist")}>
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      <Table
        data-testid="guard-blacklist"
        size="small"
        rowKey="externalUserId"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t("guard.noBlacklist") }}
        columns={[
          { title: t("guard.member"), render: (_: unknown, b) => b.name ?? b.externalUserId },
          {
            title: t("guard.reason"),
            render: (_: unknown, b) => {
              // The server records "rule <name>: <kind>".
              const m = /^rule (.+): (\w+)$/.exec(b.reason);
              return m ? `${m[1]} · ${t(`guard.kinds.${m[2]}`)}` : b.reason;
            },
          },
          {
            title: t("guard.at"),
            width: 160,
            render: (_: unknown, b) => formatDateTime(b.createdAt, language),
          },
          {
            title: t("common.actions"),
            width: 100,
            render: (_: unknown, b) => (
              <Button size="small" onClick={() => unblock(b.externalUserId)}>
                {t("guard.unblock")}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
