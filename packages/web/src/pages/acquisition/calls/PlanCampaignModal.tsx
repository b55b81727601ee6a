// Plan a call campaign from a bucket: name, brand, script flow (brand / platform) and an optional start day.
import { App, Form, Input, Modal, Radio } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type CallBucket, type CallCampaignInput } from "../../../api/index.ts";
import { useSaveFailure } from "../../../lib/FormErrorAlert.tsx";

type Values = Omit<CallCampaignInput, "bucket">;

export function PlanCampaignModal(props: {
  corpId: string;
  bucket: CallBucket;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const failure = useSaveFailure(form);
  const [saving, setSaving] = useState(false);

  async function submit(values: Values) {
    setSaving(true);
    failure.clear();
    try {
      const c = await api.callCampaigns.create(props.corpId, {
        ...values,
        bucket: props.bucket,
        ...(values.startDay ? { startDay: values.startDay } : {}),
      });
      void message.success(t("callCampaigns.form.created"));
      props.onCreated(c.id);
    } catch (reason) {
      failure.fail(reason);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      title={`${t("callCampaigns.form.title")} · ${t(`callCampaigns.buckets.${props.bucket}`)}`}
      okText={t("callCampaigns.form.create")}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      {failure.alert}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: "brand" }}
        onFinish={(v) => void submit(v)}
        data-testid="plan-campaign-form"
      >
        <Form.Item name="name" label={t("callCampaigns.form.name")} rules={[{ required: true }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="brandName" label={t("callCampaigns.form.brandName")} rules={[{ required: true }]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="kind" label={t("callCampaigns.form.kind")}>
          <Radio.Group
            options={(["brand", "platform"] as const).map((k) => ({
              value: k,
              label: t(`callCampaigns.form.kinds.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="startDay" label={t("callCampaigns.form.startDay")}>
          <Input placeholder="YYYY-MM-DD" maxLength={10} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
