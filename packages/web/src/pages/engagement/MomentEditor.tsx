// Compose a customer moment: text; images (≤ 9), one video or one link from the materials library; which staff
// post it and which customers (by tag) see it; now or at a time. Server validation lands on the fields (or the
// banner above them); nothing typed is lost on an error.
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Col, DatePicker, Form, Input, Radio, Row, Space } from "antd";
import type { Dayjs } from "dayjs";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { api, type MomentAttachmentInput, type MomentInput } from "../../api/index.ts";
import { useSaveFailure } from "../../lib/FormErrorAlert.tsx";
import { MemberPicker } from "../../pickers/MemberPicker.tsx";
import { MaterialSelect } from "../content/MaterialSelect.tsx";
import { TagSelect } from "../customers/TagSelect.tsx";
import { PageTitle } from "../PageTitle.tsx";
import { MOMENTS_PATH, momentPath } from "./momentPaths.ts";

const MAX_IMAGES = 9;
type AttachmentType = "none" | "image" | "video" | "link";

interface Values {
  text?: string;
  attachmentType: AttachmentType;
  attachments?: { materialId?: string }[];
  video?: string;
  link?: { url?: string; title?: string; coverMaterialId?: string };
  senders?: string[];
  visibleTags?: string[];
  when: "now" | "later";
  scheduledAt?: Dayjs;
}

const INITIAL: Values = {
  attachmentType: "none",
  attachments: [{}],
  when: "now",
  senders: [],
  visibleTags: [],
};

function attachmentsOf(v: Values): MomentAttachmentInput[] {
  switch (v.attachmentType) {
    case "image":
      return (v.attachments ?? []).flatMap((a) =>
        a?.materialId ? [{ type: "image" as const, materialId: a.materialId }] : [],
      );
    case "video":
      return v.video ? [{ type: "video", materialId: v.video }] : [];
    case "link":
      return [
        {
          type: "link",
          url: v.link?.url?.trim() ?? "",
          title: v.link?.title?.trim() ?? "",
          coverMaterialId: v.link?.coverMaterialId ?? "",
        },
      ];
    default:
      return [];
  }
}

export function toMomentInput(v: Values): MomentInput {
  return {
    text: v.text?.trim() ?? "",
    attachments: attachmentsOf(v),
    senders: v.senders ?? [],
    visibleTags: v.visibleTags ?? [],
    ...(v.when === "later" && v.scheduledAt ? { scheduledAt: v.scheduledAt.toISOString() } : {}),
  };
}

export function MomentEditor({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const failure = useSaveFailure(form);
  const [saving, setSaving] = useState(false);
  const type = Form.useWatch("attachmentType", form) ?? "none";
  const when = Form.useWatch("when", form) ?? "now";

  async function submit(values: Values) {
    setSaving(true);
    failure.clear();
    try {
      const saved = await api.moments.create(corpId, toMomentInput(values));
      void message.success(t("moments.created"));
      navigate(momentPath(saved.id));
    } catch (reason) {
      failure.fail(reason);
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <PageTitle title={t("moments.createTitle")} description={t("moments.formDescription")} />
      {failure.alert}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={INITIAL}
        onFinish={submit}
        // A server message on a field goes away once that field is changed.
        onValuesChange={(changed) =>
          form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof Values, errors: [] })))
        }
        scrollToFirstError
        autoComplete="off"
      >
        <Card title={t("moments.content")} style={{ marginBottom: 16 }}>
          <Form.Item name="text" label={t("moments.text")}>
            <Input.TextArea
              rows={5}
              maxLength={2000}
              showCount
              placeholder={t("moments.textPlaceholder")}
              data-testid="moment-text"
            />
          </Form.Item>
          <Form.Item
            name="attachmentType"
            label={t("moments.attachmentType")}
            extra={t("moments.attachmentHelp")}
          >
            <Radio.Group
              optionType="button"
              options={(["none", "image", "video", "link"] as const).map((k) => ({
                value: k,
                label: t(`moments.attachmentTypes.${k}`),
              }))}
            />
          </Form.Item>
          {type === "image" && (
            <Form.List name="attachments">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field, i) => (
                    <Space key={field.key} align="baseline" style={{ display: "flex" }}>
                      <Form.Item
                        name={[field.name, "materialId"]}
                        label={i === 0 ? t("moments.images") : undefined}
                        style={{ width: 420 }}
                      >
                        <MaterialSelect kind="image" />
                      </Form.Item>
                      {fields.length > 1 && (
                        <Button
                          icon={<DeleteOutlined />}
                          aria-label={t("common.delete")}
                          onClick={() => remove(field.name)}
                        />
                      )}
                    </Space>
                  ))}
                  <Button
                    icon={<PlusOutlined />}
                    disabled={fields.length >= MAX_IMAGES}
                    onClick={() => add({})}
                    style={{ marginBottom: 16 }}
                  >
                    {t("moments.addImage")}
                  </Button>
                </>
              )}
            </Form.List>
          )}
          {type === "video" && (
            <Form.Item name="video" label={t("moments.video")} style={{ maxWidth: 420 }}>
              <MaterialSelect kind="video" />
            </Form.Item>
          )}
          {type === "link" && (
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item
                  name={["link", "url"]}
                  label={t("moments.linkUrl")}
                  rules={[{ required: true, type: "url", message: t("validation.url") }]}
                >
                  <Input placeholder="https://" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name={["link", "title"]}
                  label={t("moments.linkTitle")}
                  rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
                >
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name={["link", "coverMaterialId"]}
                  label={t("moments.linkCover")}
                  rules={[{ required: true, message: t("validation.required") }]}
                >
                  <MaterialSelect kind="image" />
                </Form.Item>
              </Col>
            </Row>
          )}
        </Card>

        <Card title={t("moments.audience")} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="senders" label={t("moments.senders")} extra={t("moments.sendersHelp")}>
                <MemberPicker corpId={corpId} multiple placeholder={t("moments.sendersPlaceholder")} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="visibleTags"
                label={t("moments.visibleTags")}
                extra={t("moments.visibleTagsHelp")}
              >
                <TagSelect corpId={corpId} placeholder={t("moments.visibleTagsPlaceholder")} />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title={t("moments.when")} style={{ marginBottom: 16 }}>
          <Form.Item name="when">
            <Radio.Group
              options={[
                { value: "now", label: t("moments.now") },
                { value: "later", label: t("moments.later") },
              ]}
            />
          </Form.Item>
          {when === "later" && (
            <Form.Item
              name="scheduledAt"
              label={t("moments.scheduledAt")}
              rules={[{ required: true, message: t("moments.scheduledAtRequired") }]}
            >
              <DatePicker
                showTime={{ format: "HH:mm" }}
                format="YYYY-MM-DD HH:mm"
                disabledDate={(d) => d.isBefore(dayjs().startOf("day"))}
              />
            </Form.Item>
          )}
        </Card>

        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            {t("moments.create")}
          </Button>
          <Button onClick={() => navigate(MOMENTS_PATH)}>{t("common.cancel")}</Button>
        </Space>
      </Form>
    </>
  );
}
