// The assign form of a transfer: by rule (same store first, least loaded; optionally among chosen candidates)
// or by hand to one member; the groups' new owner; for in-service transfers the handover and a message to the
// customers. The server's field-level refusals (a resigned or unlicensed takeover…) land on their fields.
import { Alert, Button, Form, Input, Radio, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type TransferInput, type TransferJob, type TransferKind } from "../../../api/index.ts";
import { useSaveFailure } from "../../../lib/FormErrorAlert.tsx";
import { useApiData } from "../../../lib/useApiData.ts";
import { MemberPicker } from "../../../pickers/MemberPicker.tsx";

interface Values {
  handover?: string;
  assign: { mode: "rule" | "hand"; takeover?: string; candidates?: string[] };
  groupOwner?: string;
  message?: string;
}

export function TransferForm({
  corpId,
  kind,
  handover,
  onPlanned,
}: {
  corpId: string;
  kind: TransferKind;
  /** Fixed for a departed member; picked in the form for an in-service transfer. */
  handover?: string;
  onPlanned: (job: TransferJob) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const failure = useSaveFailure(form);
  const [saving, setSaving] = useState(false);
  const mode = Form.useWatch(["assign", "mode"], form) ?? "rule";
  const picked = Form.useWatch("handover", form);
  const who = handover ?? picked;
  const assets = useApiData(() =>
    who ? api.inheritance.assets(corpId, who, kind) : Promise.resolve(undefined),
  );
  const [loadedFor, setLoadedFor] = useState(who);
  if (loadedFor !== who) {
    setLoadedFor(who);
    assets.reload();
  }

  async function submit(values: Values) {
    const from = handover ?? values.handover;
    if (!from) return;
    setSaving(true);
    failure.clear();
    const input: TransferInput = {
      kind,
      handover: from,
      assign:
        values.assign.mode === "hand"
          ? { mode: "hand", takeover: values.assign.takeover ?? "" }
          : {
              mode: "rule",
              ...(values.assign.candidates?.length ? { candidates: values.assign.candidates } : {}),
            },
      ...(values.groupOwner ? { groupOwner: values.groupOwner } : {}),
      ...(kind === "onjob" && values.message ? { message: values.message } : {}),
    };
    try {
      onPlanned(await api.inheritance.plan(corpId, input));
    } catch (reason) {
      failure.fail(reason);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{ assign: { mode: "rule" } }}
      onFinish={submit}
      data-testid="transfer-form"
    >
      {failure.alert}
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t("inheritance.rules")} />
      {handover === undefined && (
        <Form.Item
          name="handover"
          label={t("inheritance.form.handover")}
          rules={[{ required: true, message: t("inheritance.form.pickHandover") }]}
        >
          <MemberPicker corpId={corpId} aria-label={t("inheritance.form.handover")} />
        </Form.Item>
      )}
      {assets.data && (
        <Typography.Paragraph data-testid="transfer-summary">
          {t("inheritance.form.summary", {
            customers: assets.data.customers.length,
            groups: assets.data.groups.length,
          })}
        </Typography.Paragraph>
      )}
      <Form.Item name={["assign", "mode"]} label={t("inheritance.form.mode")}>
        <Radio.Group>
          <Space direction="vertical">
            <Radio value="rule">{t("inheritance.form.rule")}</Radio>
            <Radio value="hand">{t("inheritance.form.hand")}</Radio>
          </Space>
        </Radio.Group>
      </Form.Item>
      {mode === "hand" ? (
        <Form.Item
          name={["assign", "takeover"]}
          label={t("inheritance.form.takeover")}
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <MemberPicker corpId={corpId} aria-label={t("inheritance.form.takeover")} />
        </Form.Item>
      ) : (
        <Form.Item
          name={["assign", "candidates"]}
          label={t("inheritance.form.candidates")}
          extra={t("inheritance.form.candidatesHelp")}
        >
          <MemberPicker corpId={corpId} multiple aria-label={t("inheritance.form.candidates")} />
        </Form.Item>
      )}
      <Form.Item
        name="groupOwner"
        label={t("inheritance.form.groupOwner")}
        extra={t("inheritance.form.groupOwnerHelp")}
      >
        <MemberPicker corpId={corpId} aria-label={t("inheritance.form.groupOwner")} />
      </Form.Item>
      {kind === "onjob" && (
        <Form.Item
          name="message"
          label={t("inheritance.form.message")}
          extra={t("inheritance.form.messageHelp")}
        >
          <Input.TextArea maxLength={200} rows={2} />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={saving}>
        {t("inheritance.form.submit")}
      </Button>
    </Form>
  );
}
