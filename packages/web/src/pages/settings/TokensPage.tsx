// 设置 → API 令牌: list, create (the token is shown exactly once) and revoke.
import { PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type ApiToken, api, type CreatedApiToken, fieldErrors } from "../../api/index.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";

export function TokensPage() {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data, error, loading, reload } = useApiData(() => api.tokens.list());
  const [form] = Form.useForm<{ name: string }>();
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [createError, setCreateError] = useState<unknown>();
  const [created, setCreated] = useState<CreatedApiToken>();

  async function create({ name }: { name: string }) {
    setSaving(true);
    setCreateError(undefined);
    try {
      setCreated(await api.tokens.create(name.trim()));
      setCreating(false);
      form.resetFields();
      reload();
    } catch (reason) {
      setCreateError(reason);
      const nameError = fieldErrors(reason).find((f) => f.field === "name");
      if (nameError) form.setFields([{ name: "name", errors: [nameError.message] }]);
    } finally {
      setSaving(false);
    }
  }

  async function revoke(id: ApiToken["id"]) {
    try {
      await api.tokens.revoke(id);
      void message.success(t("tokens.revoked"));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  return (
    <>
      <PageTitle
        title={t("tokens.title")}
        description={t("nav.pages.settings.apiTokens.description")}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t("tokens.create")}
          </Button>
        }
      />
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      <Table<ApiToken>
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t("tokens.empty") }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t("tokens.name"), dataIndex: "name" },
          {
            title: t("tokens.createdAt"),
            dataIndex: "createdAt",
            render: (v: string) => formatDateTime(v, language),
          },
          {
            title: t("tokens.lastUsedAt"),
            dataIndex: "lastUsedAt",
            render: (v: string | null) => (v ? formatDateTime(v, language) : t("common.never")),
          },
          {
            title: t("common.actions"),
            key: "actions",
            render: (_: unknown, row) => (
              <Popconfirm
                title={t("tokens.revokeConfirm")}
                okText={t("tokens.revoke")}
                cancelText={t("common.cancel")}
                okButtonProps={{ danger: true }}
                onConfirm={() => revoke(row.id)}
              >
                <Button size="small" danger>
                  {t("tokens.revoke")}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t("tokens.create")}
        okText={t("common.create")}
        cancelText={t("common.cancel")}
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        forceRender
      >
        {createError !== undefined && (
          <Alert type="error" showIcon title={errorText(createError)} style={{ marginBottom: 16 }} />
        )}
        <Form form={form} layout="vertical" onFinish={create}>
          <Form.Item
            name="name"
            label={t("tokens.name")}
            rules={[{ required: true, whitespace: true, message: t("tokens.nameRequired") }]}
          >
            <Input placeholder={t("tokens.namePlaceholder")} maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={created !== undefined}
        title={t("tokens.createdTitle")}
        onCancel={() => setCreated(undefined)}
        footer={<Button onClick={() => setCreated(undefined)}>{t("common.close")}</Button>}
      >
        <Alert type="warning" showIcon title={t("tokens.createdWarning")} style={{ marginBottom: 16 }} />
        <Typography.Paragraph code copyable={{ tooltips: [t("common.copy"), t("common.copied")] }}>
          {created?.token}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t("tokens.usage")}</Typography.Paragraph>
      </Modal>
    </>
  );
}
