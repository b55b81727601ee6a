// 添加企业: the form that connects a WeCom corp. Field rules mirror the server's validation; a
// VALIDATION_FAILED answer is put back onto the fields, and nothing typed is lost on an error.
import { Alert, Form, Input, Modal } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, fieldErrors, type NewCorp } from "../../api/index.ts";
import { useErrorText } from "../../lib/useErrorText.ts";

const DEFAULT_API_BASE = "https://qyapi.weixin.qq.com";
const AES_KEY = /^[A-Za-z0-9]{43}$/;
const HTTP_URL = /^https?:\/\/\S+$/;

export function CorpForm({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<NewCorp>();
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);

  async function submit(values: NewCorp) {
    setSaving(true);
    setError(undefined);
    try {
      await api.corps.create(values);
      form.resetFields();
      onCreated();
    } catch (reason) {
      setError(reason);
      // The server explains in English; where the console has the same rule in the user's language, use it.
      const translated: Partial<Record<string, string>> = {
        aesKey: t("corps.aesKeyInvalid"),
        apiBase: t("corps.apiBaseInvalid"),
      };
      const fields = fieldErrors(reason).filter((f) => f.field in values);
      form.setFields(
        fields.map((f) => ({ name: f.field as keyof NewCorp, errors: [translated[f.field] ?? f.message] })),
      );
      if (reason instanceof ApiError && reason.code === "CORP_EXISTS") {
        // Said once, next to the field it is about.
        setError(undefined);
        form.setFields([{ name: "corpId", errors: [errorText(reason)] }]);
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t("corps.add")}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      {error !== undefined && (
        <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} />
      )}
      <Form<NewCorp>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ apiBase: DEFAULT_API_BASE }}
        autoComplete="off"
      >
        <Form.Item
          name="corpId"
          label={t("corps.corpId")}
          rules={[{ required: true, whitespace: true, message: t("corps.corpIdRequired") }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="name"
          label={t("corps.name")}
          rules={[{ required: true, whitespace: true, message: t("corps.nameRequired") }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="secret"
          label={t("corps.secret")}
          extra={t("corps.secretHelp")}
          rules={[{ required: true, message: t("corps.secretRequired") }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="token"
          label={t("corps.token")}
          rules={[{ required: true, message: t("corps.tokenRequired") }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="aesKey"
          label={t("corps.aesKey")}
          rules={[{ required: true, pattern: AES_KEY, message: t("corps.aesKeyInvalid") }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="apiBase"
          label={t("corps.apiBase")}
          extra={t("corps.apiBaseHelp")}
          rules={[{ required: true, pattern: HTTP_URL, message: t("corps.apiBaseInvalid") }]}
        >
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
