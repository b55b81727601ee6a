// The modal that creates or edits one welcome message (corp default or one member's): text with
// placeholders, attachments, enabled. Server validation lands on the fields; input survives errors.
import { App, Form, Input, Modal, Switch } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, type WelcomeMessage, type WelcomeScope } from "../../api/index.ts";
import { useSaveFailure } from "../../lib/FormErrorAlert.tsx";
import { useErrorText } from "../../lib/useErrorText.ts";
import { WelcomeFields } from "./WelcomeFields.tsx";
import { type AttachmentDraft, toWelcomeContent } from "./welcomeContent.ts";

interface Values {
  userid?: string;
  enabled: boolean;
  text?: string;
  attachments?: AttachmentDraft[];
}

export function WelcomeEditor({
  corpId,
  scope,
  existing,
  onClose,
  onSaved,
}: {
  corpId: string;
  scope: Exclude<WelcomeScope, "code">;
  existing: WelcomeMessage | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const failure = useSaveFailure(form);
  const [saving, setSaving] = useState(false);

  async function submit(values: Values) {
    setSaving(true);
    failure.clear();
    const content = toWelcomeContent(values);
    try {
      if (existing) {
        await api.welcome.update(corpId, existing.id, { ...content, enabled: values.enabled });
      } else {
        await api.welcome.create(corpId, {
          scope,
          ...(scope === "staff" ? { userid: values.userid?.trim() } : {}),
          enabled: values.enabled,
          ...content,
        });
      }
      void message.success(t("welcomePage.saved"));
      onSaved();
    } catch (reason) {
      if (reason instanceof ApiError && reason.code === "WELCOME_EXISTS" && scope === "staff") {
        form.setFields([{ name: "userid", errors: [errorText(reason)] }]);
      } else {
        failure.fail(reason);
      }
    } finally {
      setSaving(false);
    }
  }

  const title = existing
    ? t(scope === "default" ? "welcomePage.editDefault" : "welcomePage.editStaff", {
        userid: existing.userid,
      })
    : t(scope === "default" ? "welcomePage.createDefault" : "welcomePage.createStaff");

  return (
    <Modal
      open
      width={720}
      title={title}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {failure.alert}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        autoComplete="off"
        initialValues={{
          userid: existing?.userid ?? undefined,
          enabled: existing?.enabled ?? true,
          text: existing?.text ?? "",
          attachments: (existing?.attachments ?? []) as AttachmentDraft[],
        }}
      >
        {scope === "staff" && (
          <Form.Item
            name="userid"
            label={t("liveCodes.userid")}
            extra={existing ? t("welcomePage.scopeFixed") : undefined}
            rules={[{ required: true, whitespace: true, message: t("validation.useridRequired") }]}
          >
            <Input disabled={existing !== undefined} placeholder={t("liveCodes.useridPlaceholder")} />
          </Form.Item>
        )}
        <Form.Item name="enabled" label={t("liveCodes.enabled")} valuePropName="checked">
          <Switch />
        </Form.Item>
        <WelcomeFields prefix={[]} />
      </Form>
    </Modal>
  );
}
