// A mass send's attachments inside the compose form: materials from the library, links and mini programs,
// at most 9, with a warning above 4 (the client folds them).
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Flex, Form, Input, Select } from "antd";
import { useTranslation } from "react-i18next";
import {
  ATTACHMENT_FIELDS,
  ATTACHMENT_KINDS,
  type AttachmentValues,
  attachmentLevel,
  MAX_ATTACHMENTS,
} from "./draft.ts";
import { MaterialPicker } from "./MaterialPicker.tsx";

const URL_PATTERN = /^https?:\/\/\S+$/;
const NAME = ["content", "attachments"];

export function AttachmentFields({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  return (
    <Form.List
      name={NAME}
      rules={[
        {
          validator: async (_rule, value: unknown[] | undefined) => {
            if (attachmentLevel(value?.length ?? 0) === "error")
              throw new Error(t("validation.attachmentsTooMany"));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label={t("massSends.attachments", { count: fields.length, max: MAX_ATTACHMENTS })}>
          <Flex vertical gap={8}>
            {attachmentLevel(fields.length) === "warn" && (
              <Alert
                type="warning"
                showIcon
                title={t("massSends.attachmentsWarn")}
                data-testid="attachments-warn"
              />
            )}
            {fields.map((field, index) => (
              <Card
                key={field.key}
                size="small"
                title={t("massSends.attachmentN", { n: index + 1 })}
                extra={
                  <Button
                    size="small"
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t("massSends.removeAttachment")}
                    onClick={() => remove(field.name)}
                  />
                }
              >
                <Form.Item name={[field.name, "kind"]} label={t("massSends.attachmentKind")}>
                  <Select
                    options={ATTACHMENT_KINDS.map((kind) => ({
                      value: kind,
                      label: t(`massSends.kinds.${kind}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item noStyle dependencies={[[...NAME, field.name, "kind"]]}>
                  {() => {
                    const kind = (form.getFieldValue([...NAME, field.name]) as AttachmentValues | undefined)
                      ?.kind;
                    return (kind ? ATTACHMENT_FIELDS[kind] : []).map((f) => (
                      <Form.Item
                        key={`${kind}-${f.name}`}
                        name={[field.name, f.name]}
                        label={
                          kind === "miniprogram" && f.material
                            ? t("massSends.coverMaterial")
                            : t(`massSends.fields.${f.name}`)
                        }
                        rules={[
                          ...(f.required
                            ? [{ required: true, whitespace: true, message: t("validation.required") }]
                            : []),
                          ...(f.url ? [{ pattern: URL_PATTERN, message: t("validation.url") }] : []),
                        ]}
                      >
                        {f.material ? (
                          <MaterialPicker
                            corpId={corpId}
                            {...(kind === "miniprogram" ? { kind: "image" as const } : {})}
                          />
                        ) : (
                          <Input />
                        )}
                      </Form.Item>
                    ));
                  }}
                </Form.Item>
              </Card>
            ))}
            <Button
              icon={<PlusOutlined />}
              disabled={fields.length >= MAX_ATTACHMENTS}
              onClick={() => add({ kind: "material" })}
            >
              {fields.length >= MAX_ATTACHMENTS
                ? t("massSends.attachmentsFull")
                : t("massSends.addAttachment")}
            </Button>
            <Form.ErrorList errors={errors} />
          </Flex>
        </Form.Item>
      )}
    </Form.List>
  );
}
