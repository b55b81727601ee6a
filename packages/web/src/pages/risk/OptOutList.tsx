// Customers who opted out of marketing (replied 退订 etc. in chat, or recorded by hand), with a manual opt-out
// and opting a customer back in.
import { Alert, App, Button, Card, Form, Input, Popconfirm, Space, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { api, type OptOut } from "../../api/index.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { useServerErrors } from "../../lib/useServerErrors.ts";
import { LoadError } from "../LoadError.tsx";

interface Values {
  externalUserid: string;
  detail?: string;
}

export function OptOutList({ corpId }: { corpId: string }) {
  const { t, i18n } = useTranslation();
  const [language] = useLanguage();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data, error, loading, reload } = useApiData(() => api.optOuts.list(corpId));
  const [form] = Form.useForm<Values>();
  const applyServerErrors = useServerErrors(form);
  const sourceText = (s: string) => (i18n.exists(`optOuts.sources.${s}`) ? t(`optOuts.sources.${s}`) : s);

  async function add(values: Values) {
    try {
      const r = await api.optOuts.add(corpId, {
        externalUserid: values.externalUserid.trim(),
        ...(values.detail?.trim() ? { detail: values.detail.trim() } : {}),
      });
      if (r.created) {
        void message.success(t("optOuts.added"));
        form.resetFields();
      } else form.setFields([{ name: "externalUserid", errors: [t("optOuts.already")] }]);
      reload();
    } catch (reason) {
      const rest = applyServerErrors(reason);
      if (rest.length > 0 || fieldless(reason)) void message.error(errorText(reason));
    }
  }

  async function optIn(externalUserid: string) {
    try {
      await api.optOuts.remove(corpId, externalUserid);
      void message.success(t("optOuts.optedIn"));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  return (
    <Card title={t("optOuts.title")}>
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      <Alert type="info" showIcon title={t("optOuts.intro")} style={{ marginBottom: 16 }} />
      <Form<Values> form={form} layout="inline" onFinish={add} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item
          name="externalUserid"
          label={t("optOuts.externalUserid")}
          rules={[{ required: true, whitespace: true, message: t("optOuts.externalUseridRequired") }]}
        >
          <Input maxLength={64} style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="detail" label={t("optOuts.detail")}>
          <Input maxLength={500} placeholder={t("optOuts.detailPlaceholder")} style={{ width: 260 }} />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit">{t("optOuts.add")}</Button>
        </Form.Item>
      </Form>
      <Table<OptOut>
        data-testid="opt-outs"
        rowKey="externalUserid"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t("optOuts.empty") }}
        columns={[
          { title: t("optOuts.externalUserid"), dataIndex: "externalUserid" },
          {
            title: t("optOuts.source"),
            dataIndex: "source",
            width: 120,
            render: (s: string) => <Tag>{sourceText(s)}</Tag>,
          },
          { title: t("optOuts.detail"), dataIndex: "detail", ellipsis: true },
          {
            title: t("optOuts.optedOutAt"),
            dataIndex: "optedOutAt",
            width: 180,
            render: (v: string) => formatDateTime(v, language),
          },
          {
            title: t("common.actions"),
            key: "actions",
            width: 120,
            render: (_: unknown, o) => (
              <Space>
                <Popconfirm
                  title={t("optOuts.optInConfirm")}
                  okText={t("optOuts.optIn")}
                  cancelText={t("common.cancel")}
                  onConfirm={() => optIn(o.externalUserid)}
                >
                  <Button size="small">{t("optOuts.optIn")}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** An error that names no field (not a validation failure): said in a toast. */
function fieldless(reason: unknown): boolean {
  return !(reason instanceof Error && "code" in reason && reason.code === "VALIDATION_FAILED");
}
