// 风控 → 账号健康: staff accounts' restrictions now and in the past; record one (restricted 24 h / 72 h / 7 d,
// member banned, corp banned) and lift one. The send gate defers a restricted account's messages until its
// cool-down ends and drops a banned account's.
import { PlusOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Table,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type FieldError, type NewRestriction, type SenderRestriction } from "../../api/index.ts";
import { RequireCorp } from "../../corps/RequireCorp.tsx";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { useServerErrors } from "../../lib/useServerErrors.ts";
import { MemberPicker } from "../../pickers/MemberPicker.tsx";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";
import { AccountsCard } from "./AccountsCard.tsx";
import { CapacityCard } from "./CapacityCard.tsx";

export function AccountHealthPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle
        title={t("nav.pages.risk.accountHealth.title")}
        description={t("nav.pages.risk.accountHealth.description")}
      />
      <RequireCorp>{(corpId) => <AccountHealth key={corpId} corpId={corpId} />}</RequireCorp>
    </>
  );
}

const STATE_COLOR = { limited: "orange", member_banned: "red", corp_banned: "magenta" } as const;

/** In force: not lifted, and either without an end or ending later than now. */
export function inForce(r: SenderRestriction, now: number): boolean {
  return r.liftedAt === null && (r.until === null || Date.parse(r.until) > now);
}

function AccountHealth({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const {
    data,
    error,
    loading,
    reload: reloadRestrictions,
  } = useApiData(() => api.restrictions.list(corpId, true));
  const health = useApiData(() => api.accountHealth.list(corpId));
  const reload = () => {
    reloadRestrictions();
    health.reload();
  };
  const [recording, setRecording] = useState(false);
  const now = Date.now();
  const all = data?.items ?? [];
  const current = all.filter((r) => inForce(r, now));

  async function lift(r: SenderRestriction) {
    try {
      await api.restrictions.lift(corpId, r.id);
      void message.success(t("accountHealth.lifted"));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  const time = (v: string | null) => (v ? formatDateTime(v, language) : "");
  const columns = [
    { title: t("accountHealth.userid"), dataIndex: "userid", width: 180 },
    {
      title: t("accountHealth.state"),
      dataIndex: "state",
      width: 130,
      render: (s: SenderRestriction["state"]) => (
        <Tag color={STATE_COLOR[s]}>{t(`accountHealth.states.${s}`)}</Tag>
      ),
    },
    { title: t("accountHealth.since"), dataIndex: "since", width: 170, render: time },
    {
      title: t("accountHealth.until"),
      dataIndex: "until",
      width: 170,
      render: (v: string | null) => (v ? time(v) : t("accountHealth.noEnd")),
    },
    { title: t("accountHealth.note"), dataIndex: "note", ellipsis: true },
  ];

  return (
    <>
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      {health.error !== undefined && <LoadError error={health.error} onRetry={health.reload} />}
      <Alert type="info" showIcon title={t("accountHealth.intro")} style={{ marginBottom: 16 }} />
      <CapacityCard corpId={corpId} data={health.data} />
      <AccountsCard
        corpId={corpId}
        rows={health.data?.members ?? []}
        loading={health.loading}
        onChanged={health.reload}
      />
      <Card
        title={t("accountHealth.currentTitle")}
        style={{ marginBottom: 16 }}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)}>
            {t("accountHealth.record")}
          </Button>
        }
      >
        <Table<SenderRestriction>
          data-testid="restrictions-current"
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={current}
          pagination={false}
          locale={{ emptyText: t("accountHealth.emptyCurrent") }}
          columns={[
            ...columns,
            {
              title: t("common.actions"),
              key: "actions",
              width: 100,
              render: (_: unknown, r) => (
                <Popconfirm
                  title={t("accountHealth.liftConfirm")}
                  okText={t("accountHealth.lift")}
                  cancelText={t("common.cancel")}
                  onConfirm={() => lift(r)}
                >
                  <Button size="small">{t("accountHealth.lift")}</Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t("accountHealth.historyTitle")}>
        <Table<SenderRestriction>
          data-testid="restrictions-history"
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={all}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: t("accountHealth.emptyHistory") }}
          columns={[
            ...columns,
            {
              title: t("accountHealth.status"),
              key: "status",
              width: 200,
              render: (_: unknown, r) =>
                r.liftedAt ? (
                  t("accountHealth.liftedAt", { time: time(r.liftedAt) })
                ) : inForce(r, now) ? (
                  <Typography.Text type="warning">{t("accountHealth.active")}</Typography.Text>
                ) : (
                  t("accountHealth.expired")
                ),
            },
          ]}
        />
      </Card>
      {recording && (
        <RecordRestriction
          corpId={corpId}
          onClose={() => setRecording(false)}
          onRecorded={() => {
            setRecording(false);
            reload();
          }}
        />
      )}
    </>
  );
}

type Kind = "limited24" | "limited72" | "limited168" | "member_banned" | "corp_banned";
const KINDS: Kind[] = ["limited24", "limited72", "limited168", "member_banned", "corp_banned"];

function toRestriction(v: { userid: string; kind: Kind; note?: string }): NewRestriction {
  const note = v.note?.trim() ? { note: v.note.trim() } : {};
  const limited = /^limited(\d+)$/.exec(v.kind);
  return limited
    ? { userid: v.userid.trim(), state: "limited", hours: Number(limited[1]), ...note }
    : { userid: v.userid.trim(), state: v.kind as NewRestriction["state"], ...note };
}

function RecordRestriction({
  corpId,
  onClose,
  onRecorded,
}: {
  corpId: string;
  onClose: () => void;
  onRecorded: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ userid: string; kind: Kind; note?: string }>();
  const applyServerErrors = useServerErrors(form);
  const [error, setError] = useState<unknown>();
  const [leftOver, setLeftOver] = useState<FieldError[]>([]);
  const [saving, setSaving] = useState(false);

  async function submit(values: { userid: string; kind: Kind; note?: string }) {
    setSaving(true);
    setError(undefined);
    setLeftOver([]);
    try {
      await api.restrictions.add(corpId, toRestriction(values));
      void message.success(t("accountHealth.recorded"));
      onRecorded();
    } catch (reason) {
      setError(reason);
      // "hours" belongs to the kind the user picked.
      setLeftOver(applyServerErrors(reason).filter((f) => f.field !== "hours"));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      title={t("accountHealth.recordTitle")}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error !== undefined && (
        <Alert
          type="error"
          showIcon
          title={errorText(error)}
          description={
            leftOver.length > 0 ? leftOver.map((f) => `${f.field}: ${f.message}`).join("; ") : undefined
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <Form form={form} layout="vertical" initialValues={{ kind: "limited24" }} onFinish={submit}>
        <Form.Item
          name="userid"
          label={t("accountHealth.userid")}
          rules={[{ required: true, whitespace: true, message: t("accountHealth.useridRequired") }]}
        >
          <MemberPicker corpId={corpId} />
        </Form.Item>
        <Form.Item name="kind" label={t("accountHealth.kind")}>
          <Radio.Group
            optionType="button"
            options={KINDS.map((k) => ({ value: k, label: t(`accountHealth.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t("accountHealth.note")}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t("accountHealth.notePlaceholder")} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
