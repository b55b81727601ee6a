// 账号健康 → staff accounts: age, verification, restriction, safe daily cap, used and remaining today, activity;
// an operator edits an account's creation date and verification.
import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type AccountHealthRow, api, type FieldError } from "../../api/index.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { useServerErrors } from "../../lib/useServerErrors.ts";

const STATE_COLOR = { limited: "orange", member_banned: "red", corp_banned: "magenta" } as const;

export function AccountsCard({
  corpId,
  rows,
  loading,
  onChanged,
}: {
  corpId: string;
  rows: AccountHealthRow[];
  loading: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<AccountHealthRow>();
  return (
    <Card title={t("accountHealth.accountsTitle")} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t("accountHealth.formula")}</Typography.Paragraph>
      <Table<AccountHealthRow>
        data-testid="accounts"
        rowKey="userid"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          {
            title: t("accountHealth.name"),
            key: "name",
            render: (_: unknown, r) => (
              <span>
                {r.name} <Typography.Text type="secondary">{r.userid}</Typography.Text>
              </span>
            ),
          },
          {
            title: t("accountHealth.age"),
            key: "age",
            render: (_: unknown, r) => (
              <Space size={4}>
                {r.ageDays === null
                  ? t("accountHealth.ageUnknown")
                  : t("accountHealth.ageDays", { days: r.ageDays })}
                {r.isNew && <Tag color="blue">{t("accountHealth.newAccount")}</Tag>}
              </Space>
            ),
          },
          {
            title: t("accountHealth.verification"),
            key: "verification",
            render: (_: unknown, r) => (
              <Space size={4}>
                {r.corpVerified && <Tag color="green">{t("accountHealth.corpVerified")}</Tag>}
                {r.personalVerified && <Tag color="green">{t("accountHealth.personalVerified")}</Tag>}
              </Space>
            ),
          },
          {
            title: t("accountHealth.restriction"),
            key: "restriction",
            render: (_: unknown, r) =>
              r.restricted ? (
                <Tag color={STATE_COLOR[r.restricted.state]}>
                  {t(`accountHealth.states.${r.restricted.state}`)}
                </Tag>
              ) : (
                <Typography.Text type="secondary">{t("accountHealth.none")}</Typography.Text>
              ),
          },
          {
            title: t("accountHealth.cap"),
            key: "cap",
            render: (_: unknown, r) =>
              r.cap === r.healthCap ? r.cap : t("accountHealth.capOf", { cap: r.cap, health: r.healthCap }),
          },
          { title: t("accountHealth.usedToday"), dataIndex: "usedToday" },
          {
            title: t("accountHealth.remainingToday"),
            dataIndex: "remainingToday",
            render: (v: number) => <span data-testid="remaining">{v}</span>,
          },
          {
            title: t("accountHealth.activity"),
            key: "activity",
            render: (_: unknown, r) =>
              t("accountHealth.activityText", {
                customers: r.activity.customers,
                adds: r.activity.adds7d,
                sends: r.activity.sends7d,
              }),
          },
          {
            title: t("common.actions"),
            key: "actions",
            width: 90,
            render: (_: unknown, r) => (
              <Button size="small" onClick={() => setEditing(r)}>
                {t("accountHealth.edit")}
              </Button>
            ),
          },
        ]}
      />
      {editing && (
        <EditProfile
          corpId={corpId}
          row={editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

interface ProfileForm {
  createdOn?: string;
  corpVerified: boolean;
  personalVerified: boolean;
}

function EditProfile({
  corpId,
  row,
  onClose,
  onSaved,
}: {
  corpId: string;
  row: AccountHealthRow;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<ProfileForm>();
  const applyServerErrors = useServerErrors(form);
  const [error, setError] = useState<unknown>();
  const [leftOver, setLeftOver] = useState<FieldError[]>([]);
  const [saving, setSaving] = useState(false);

  async function submit(v: ProfileForm) {
    setSaving(true);
    setError(undefined);
    try {
      await api.accountHealth.updateProfile(corpId, row.userid, {
        createdOn: v.createdOn?.trim() ? v.createdOn.trim() : null,
        corpVerified: v.corpVerified,
        personalVerified: v.personalVerified,
      });
      void message.success(t("accountHealth.saved"));
      onSaved();
    } catch (reason) {
      setError(reason);
      setLeftOver(applyServerErrors(reason));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      title={t("accountHealth.editTitle", { name: row.name })}
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
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          createdOn: row.createdOn ?? "",
          corpVerified: row.corpVerified,
          personalVerified: row.personalVerified,
        }}
        onFinish={submit}
      >
        <Form.Item
          name="createdOn"
          label={t("accountHealth.createdOn")}
          extra={t("accountHealth.createdOnHelp")}
        >
          <Input placeholder="2025-06-01" data-testid="created-on" />
        </Form.Item>
        <Form.Item name="corpVerified" valuePropName="checked">
          <Checkbox>{t("accountHealth.corpVerified")}</Checkbox>
        </Form.Item>
        <Form.Item name="personalVerified" valuePropName="checked">
          <Checkbox>{t("accountHealth.personalVerified")}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
