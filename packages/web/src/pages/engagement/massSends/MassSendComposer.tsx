// Compose a mass send: name, target (a saved segment or customer groups), text and attachments, when to
// send and what to do with customers over their quota. The pre-flight beside the form follows the draft as
// it changes; sending asks for confirmation with its numbers. Server validation lands on the fields in the
// user's language; nothing typed is lost on an error.
import { App, Button, Card, Col, DatePicker, Form, Input, Radio, Row, Select, Space } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { api } from "../../../api/index.ts";
import { useSaveFailure } from "../../../lib/FormErrorAlert.tsx";
import { GroupPicker } from "../../../pickers/GroupPicker.tsx";
import { LoadError } from "../../LoadError.tsx";
import { PageTitle } from "../../PageTitle.tsx";
import { AttachmentFields } from "./AttachmentFields.tsx";
import {
  type ComposeValues,
  MAX_GROUPS,
  MAX_NAME,
  MAX_TEXT,
  NEW_SEND,
  onFormFields,
  toDraft,
} from "./draft.ts";
import { PreflightPanel } from "./PreflightPanel.tsx";
import { MASS_SENDS_PATH, massSendPath } from "./paths.ts";
import { usePreflight } from "./usePreflight.ts";
import { useSegments } from "./useSegmentNames.ts";

export function MassSendComposer({ corpId }: { corpId: string }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<ComposeValues>();
  const failure = useSaveFailure(form);
  const [saving, setSaving] = useState(false);
  const segments = useSegments(corpId);
  const watched = Form.useWatch([], { form, preserve: true }) as ComposeValues | undefined;
  const values: ComposeValues = { ...NEW_SEND, ...watched };
  const draft = toDraft(values, t("massSends.untitled"));
  const preflight = usePreflight(corpId, draft);
  const targetKind = values.target?.kind ?? "segment";

  async function create(v: ComposeValues) {
    setSaving(true);
    failure.clear();
    try {
      const created = await api.massSends.create(corpId, toDraft(v));
      void message.success(t("massSends.created"));
      navigate(massSendPath(created.id));
    } catch (reason) {
      failure.fail(onFormFields(reason, v.target.kind));
    } finally {
      setSaving(false);
    }
  }

  function submit(v: ComposeValues) {
    const current =
      preflight.result && preflight.resultFor === JSON.stringify(toDraft(v, t("massSends.untitled")));
    modal.confirm({
      title: t("massSends.confirmTitle"),
      content:
        current && preflight.result
          ? t("massSends.confirmText", {
              tasks: preflight.result.tasks,
              now: preflight.result.now.toLocaleString(i18n.language),
              deferred: preflight.result.deferred.toLocaleString(i18n.language),
              dropped: preflight.result.dropped.toLocaleString(i18n.language),
            })
          : t("massSends.confirmUnknown"),
      okText: t("massSends.confirmOk"),
      cancelText: t("common.cancel"),
      onOk: () => create(v),
    });
  }

  return (
    <>
      <PageTitle title={t("massSends.composeTitle")} description={t("massSends.composeDescription")} />
      {failure.alert}
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Form<ComposeValues>
            form={form}
            layout="vertical"
            initialValues={NEW_SEND}
            onFinish={submit}
            scrollToFirstError
            autoComplete="off"
          >
            <Card title={t("massSends.basics")} style={{ marginBottom: 16 }}>
              <Form.Item
                name="name"
                label={t("massSends.name")}
                rules={[
                  { required: true, whitespace: true, message: t("validation.nameRequired") },
                  { max: MAX_NAME, message: t("validation.tooLong", { max: MAX_NAME }) },
                ]}
              >
                <Input placeholder={t("massSends.namePlaceholder")} data-testid="mass-send-name" />
              </Form.Item>
            </Card>

            <Card title={t("massSends.target")} style={{ marginBottom: 16 }}>
              <Form.Item name={["target", "kind"]}>
                <Radio.Group
                  optionType="button"
                  options={(["segment", "groups"] as const).map((kind) => ({
                    value: kind,
                    label: t(`massSends.targetKind.${kind}`),
                  }))}
                />
              </Form.Item>
              {targetKind === "segment" ? (
                <>
                  {segments.error !== undefined && (
                    <LoadError error={segments.error} onRetry={segments.reload} />
                  )}
                  <Form.Item
                    name={["target", "segmentId"]}
                    label={t("massSends.segment")}
                    rules={[{ required: true, message: t("massSends.segmentPlaceholder") }]}
                  >
                    <Select
                      showSearch
                      optionFilterProp="label"
                      loading={segments.loading}
                      placeholder={t("massSends.segmentPlaceholder")}
                      notFoundContent={t("massSends.noSegments")}
                      data-testid="mass-send-segment"
                      options={segments.items.map((s) => ({
                        value: s.id,
                        label:
                          s.lastCount === null
                            ? s.name
                            : t("massSends.segmentCount", {
                                name: s.name,
                                count: s.lastCount.toLocaleString(i18n.language),
                              }),
                      }))}
                    />
                  </Form.Item>
                </>
              ) : (
                <Form.Item
                  name={["target", "chatIds"]}
                  label={t("massSends.groups")}
                  extra={t("massSends.groupsHelp")}
                  rules={[{ required: true, type: "array", min: 1, message: t("validation.groupsNeeded") }]}
                >
                  <GroupPicker corpId={corpId} max={MAX_GROUPS} />
                </Form.Item>
              )}
            </Card>

            <Card title={t("massSends.content")} style={{ marginBottom: 16 }}>
              <Form.Item
                name={["content", "text"]}
                label={t("massSends.text")}
                dependencies={[["content", "attachments"]]}
                rules={[
                  { max: MAX_TEXT, message: t("validation.tooLong", { max: MAX_TEXT }) },
                  {
                    validator: async (_rule, value: string | undefined) => {
                      const attachments = (form.getFieldValue(["content", "attachments"]) as unknown[]) ?? [];
                      if ((value ?? "").trim() === "" && attachments.length === 0)
                        throw new Error(t("validation.massEmpty"));
                    },
                  },
                ]}
              >
                <Input.TextArea
                  rows={5}
                  showCount
                  maxLength={MAX_TEXT}
                  placeholder={t("massSends.textPlaceholder")}
                  data-testid="mass-send-text"
                />
              </Form.Item>
              <AttachmentFields corpId={corpId} />
            </Card>

            <Card title={t("massSends.schedule")} style={{ marginBottom: 16 }}>
              <Form.Item name="when" label={t("massSends.when")}>
                <Radio.Group
                  options={[
                    { value: "now", label: t("massSends.whenNow") },
                    { value: "later", label: t("massSends.whenLater") },
                  ]}
                />
              </Form.Item>
              {values.when === "later" && (
                <Form.Item
                  name="scheduledAt"
                  label={t("massSends.scheduledAt")}
                  rules={[
                    { required: true, message: t("validation.required") },
                    {
                      validator: async (_rule, value: Dayjs | null | undefined) => {
                        if (value && value.valueOf() <= Date.now())
                          throw new Error(t("validation.scheduledPast"));
                      },
                    },
                  ]}
                >
                  <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" />
                </Form.Item>
              )}
              <Form.Item name="onQuota" label={t("massSends.onQuota")} extra={t("massSends.onQuotaHelp")}>
                <Radio.Group
                  options={[
                    { value: "defer", label: t("massSends.onQuotaDefer") },
                    { value: "drop", label: t("massSends.onQuotaDrop") },
                  ]}
                />
              </Form.Item>
            </Card>

            <Space style={{ marginBottom: 24 }}>
              <Button type="primary" htmlType="submit" loading={saving} data-testid="mass-send-submit">
                {values.when === "later" ? t("massSends.sendScheduled") : t("massSends.send")}
              </Button>
              <Button onClick={() => navigate(MASS_SENDS_PATH)}>{t("common.cancel")}</Button>
            </Space>
          </Form>
        </Col>
        <Col xs={24} lg={10}>
          <div style={{ position: "sticky", top: 16 }}>
            <PreflightPanel state={preflight} />
          </div>
        </Col>
      </Row>
    </>
  );
}
