// The fields of a welcome message inside a form: text with placeholder buttons, and up to 9
// attachments whose inputs follow their type. Used by the live code form and the welcome page.
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Form, Input, Select, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { AttachmentType } from "../../api/index.ts";
import type { NamePath } from "../../lib/formErrors.ts";
import { MaterialSelect } from "../content/MaterialSelect.tsx";
import {
  ATTACHMENT_FIELDS,
  ATTACHMENT_SOURCES,
  ATTACHMENT_TYPES,
  MAX_ATTACHMENTS,
  MAX_TEXT,
  PLACEHOLDERS,
} from "./welcomeContent.ts";

const URL_PATTERN = /^https?:\/\/\S+$/;

export function WelcomeFields({ prefix }: { prefix: NamePath }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const textName = [...prefix, "text"];
  const attachmentsName = [...prefix, "attachments"];

  function insert(placeholder: string) {
    const current = (form.getFieldValue(textName) as string | undefined) ?? "";
    form.setFieldValue(textName, `${current}${placeholder}`);
    void form.validateFields([textName]).catch(() => {});
  }

  return (
    <>
      <Form.Item
        name={textName}
        label={t("welcome.text")}
        extra={
          <Space size={4} wrap style={{ marginTop: 4 }}>
            <Typography.Text type="secondary">{t("welcome.insert")}</Typography.Text>
            {PLACEHOLDERS.map((p) => (
              <Button key={p} size="small" onClick={() => insert(p)}>
                {t(`welcome.placeholders.${p.slice(1, -1)}`)}
              </Button>
            ))}
          </Space>
        }
        dependencies={[attachmentsName]}
        rules={[
          { max: MAX_TEXT, message: t("validation.tooLong", { max: MAX_TEXT }) },
          {
            validator: async (_rule, value: string | undefined) => {
              const attachments = (form.getFieldValue(attachmentsName) as unknown[] | undefined) ?? [];
              if ((value ?? "").trim() === "" && attachments.length === 0) {
                throw new Error(t("validation.welcomeEmpty"));
              }
            },
          },
        ]}
      >
        <Input.TextArea rows={4} showCount maxLength={MAX_TEXT} placeholder={t("welcome.textPlaceholder")} />
      </Form.Item>
      <Form.List
        name={attachmentsName}
        rules={[
          {
            validator: async (_rule, value: unknown[] | undefined) => {
              if ((value?.length ?? 0) > MAX_ATTACHMENTS) throw new Error(t("validation.attachmentsTooMany"));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <Form.Item label={t("welcome.attachments", { count: fields.length, max: MAX_ATTACHMENTS })}>
            <Flex vertical gap={8}>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  title={t("welcome.attachmentN", { n: index + 1 })}
                  extra={
                    <Button
                      size="small"
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={t("welcome.removeAttachment")}
                      onClick={() => remove(field.name)}
                    />
                  }
                >
                  <Form.Item name={[field.name, "type"]} label={t("welcome.attachmentType")}>
                    <Select
                      options={ATTACHMENT_TYPES.map((type) => ({
                        value: type,
                        label: t(`welcome.types.${type}`),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item noStyle dependencies={[[...attachmentsName, field.name, "type"]]}>
                    {() => {
                      const type = form.getFieldValue([
                        ...attachmentsName,
                        field.name,
                        "type",
                      ]) as AttachmentType;
                      const source = ATTACHMENT_SOURCES[type];
                      return (ATTACHMENT_FIELDS[type] ?? []).map((f) => (
                        <Form.Item
                          key={`${type}-${f.name}`}
                          name={[field.name, f.name]}
                          label={t(`welcome.fields.${f.name}`)}
                          rules={[
                            ...(f.required
                              ? [{ required: true, whitespace: true, message: t("validation.required") }]
                              : []),
                            ...(f.url ? [{ pattern: URL_PATTERN, message: t("validation.url") }] : []),
                            ...(source && source.fields[0] === f.name
                              ? [
                                  {
                                    validator: async () => {
                                      const a = form.getFieldValue([...attachmentsName, field.name]) as
                                        | Record<string, string | undefined>
                                        | undefined;
                                      if (!source.fields.some((name) => a?.[name]?.trim())) {
                                        throw new Error(t(source.message));
                                      }
                                    },
                                  },
                                ]
                              : []),
                          ]}
                        >
                          {f.material ? <MaterialSelect kind={f.material} /> : <Input />}
                        </Form.Item>
                      ));
                    }}
                  </Form.Item>
                </Card>
              ))}
              <Button
                icon={<PlusOutlined />}
                disabled={fields.length >= MAX_ATTACHMENTS}
                onClick={() => add({ type: "link" })}
              >
                {fields.length >= MAX_ATTACHMENTS ? t("welcome.attachmentsFull") : t("welcome.addAttachment")}
              </Button>
              <Form.ErrorList errors={errors} />
            </Flex>
          </Form.Item>
        )}
      </Form.List>
    </>
  );
}
