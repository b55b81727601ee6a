// The corp's send-gate settings as one form: quota policy and what happens on hit, touch cap, quiet hours,
// active windows, batch limits, attachment warning, opt-out keywords and the corp's time zone. The server
// checks every field; its messages land on the fields, and nothing typed is lost on an error.
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Switch } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type FieldError, type GateSettings, type OnHit, type QuotaPolicy } from "../../api/index.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { useServerErrors } from "../../lib/useServerErrors.ts";

interface Values {
  tzOffsetMinutes: number;
  quota: { policy: QuotaPolicy; onHit: OnHit };
  touchCapOn: boolean;
  touchCap: { max: number; days: number; onHit: OnHit };
  quietOn: boolean;
  quietHours: { start: string; end: string };
  activeWindows: boolean;
  batch: { maxCustomers: number; maxGroups: number; personalChunk: number | null };
  attachmentsWarnAbove: number;
  optOutKeywords: string[];
}

function toValues(s: GateSettings): Values {
  return {
    tzOffsetMinutes: s.tzOffsetMinutes,
    quota: s.quota,
    touchCapOn: s.touchCap !== null,
    touchCap: s.touchCap ?? { max: 3, days: 7, onHit: "defer" },
    quietOn: s.quietHours !== null,
    quietHours: s.quietHours ?? { start: "22:00", end: "08:00" },
    activeWindows: s.activeWindows,
    batch: s.batch,
    attachmentsWarnAbove: s.attachmentsWarnAbove,
    optOutKeywords: s.optOutKeywords,
  };
}

function toSettings(v: Values): GateSettings {
  return {
    tzOffsetMinutes: v.tzOffsetMinutes,
    quota: v.quota,
    touchCap: v.touchCapOn ? v.touchCap : null,
    quietHours: v.quietOn ? { start: v.quietHours.start.trim(), end: v.quietHours.end.trim() } : null,
    activeWindows: v.activeWindows,
    batch: { ...v.batch, personalChunk: v.batch.personalChunk ?? null },
    attachmentsWarnAbove: v.attachmentsWarnAbove,
    optOutKeywords: v.optOutKeywords.map((k) => k.trim()).filter((k) => k !== ""),
  };
}

export function GateSettingsForm({
  corpId,
  settings,
  onSaved,
}: {
  corpId: string;
  settings: GateSettings;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const applyServerErrors = useServerErrors(form);
  const [error, setError] = useState<unknown>();
  const [leftOver, setLeftOver] = useState<FieldError[]>([]);
  const [saving, setSaving] = useState(false);
  const touchCapOn = Form.useWatch("touchCapOn", form) ?? settings.touchCap !== null;
  const quietOn = Form.useWatch("quietOn", form) ?? settings.quietHours !== null;

  async function submit(values: Values) {
    setSaving(true);
    setError(undefined);
    setLeftOver([]);
    try {
      const saved = await api.sendGate.updateSettings(corpId, toSettings(values));
      form.setFieldsValue(toValues(saved));
      void message.success(t("sendGate.saved"));
      onSaved();
    } catch (reason) {
      setError(reason);
      setLeftOver(applyServerErrors(reason));
    } finally {
      setSaving(false);
    }
  }

  const onHitOptions = (["defer", "drop"] as const).map((v) => ({
    value: v,
    label: t(`sendGate.onHit.${v}`),
  }));

  return (
    <Card title={t("sendGate.settingsTitle")} style={{ marginBottom: 16 }}>
      {error !== undefined && (
        <Alert
          type="error"
          showIcon
          title={errorText(error)}
          description={
            leftOver.length > 0 ? leftOver.map((f) => `${f.field}: ${f.message}`).join("; ") : undefined
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={toValues(settings)}
        onFinish={submit}
        data-testid="gate-settings"
      >
        <Row gutter={24}>
          <Col xs={24} lg={12}>
            <Form.Item
              name={["quota", "policy"]}
              label={t("sendGate.quotaPolicy")}
              extra={t("sendGate.quotaPolicyHelp")}
            >
              <Radio.Group
                options={(["day1", "week7", "days_in_month"] as const).map((p) => ({
                  value: p,
                  label: t(`sendGate.policies.${p}`),
                }))}
              />
            </Form.Item>
            <Form.Item name={["quota", "onHit"]} label={t("sendGate.quotaOnHit")}>
              <Radio.Group options={onHitOptions} />
            </Form.Item>
            <Form.Item name="touchCapOn" label={t("sendGate.touchCap")} valuePropName="checked">
              <Switch aria-label={t("sendGate.touchCap")} />
            </Form.Item>
            <Row gutter={12}>
              <Col span={8}>
                <Form.Item name={["touchCap", "max"]} label={t("sendGate.touchCapMax")}>
                  <InputNumber disabled={!touchCapOn} style={{ width: "100%" }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={["touchCap", "days"]} label={t("sendGate.touchCapDays")}>
                  <InputNumber disabled={!touchCapOn} style={{ width: "100%" }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={["touchCap", "onHit"]} label={t("sendGate.touchCapOnHit")}>
                  <Select disabled={!touchCapOn} options={onHitOptions} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="quietOn" label={t("sendGate.quietHours")} valuePropName="checked">
              <Switch aria-label={t("sendGate.quietHours")} />
            </Form.Item>
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item
                  name={["quietHours", "start"]}
                  label={t("sendGate.quietStart")}
                  extra={t("sendGate.quietHelp")}
                >
                  <Input disabled={!quietOn} placeholder="22:00" maxLength={5} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={["quietHours", "end"]} label={t("sendGate.quietEnd")}>
                  <Input disabled={!quietOn} placeholder="08:00" maxLength={5} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="activeWindows" label={t("sendGate.activeWindows")} valuePropName="checked">
              <Switch aria-label={t("sendGate.activeWindows")} />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <Form.Item label={t("sendGate.batch")} style={{ marginBottom: 0 }}>
              <Row gutter={12}>
                <Col span={12}>
                  <Form.Item name={["batch", "maxCustomers"]} label={t("sendGate.maxCustomers")}>
                    <InputNumber style={{ width: "100%" }} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name={["batch", "maxGroups"]} label={t("sendGate.maxGroups")}>
                    <InputNumber style={{ width: "100%" }} />
                  </Form.Item>
                </Col>
              </Row>
            </Form.Item>
            <Form.Item
              name={["batch", "personalChunk"]}
              label={t("sendGate.personalChunk")}
              extra={t("sendGate.personalChunkHelp")}
            >
              <InputNumber style={{ width: "100%" }} placeholder="200" />
            </Form.Item>
            <Form.Item
              name="attachmentsWarnAbove"
              label={t("sendGate.attachmentsWarnAbove")}
              extra={t("sendGate.attachmentsWarnHelp")}
            >
              <InputNumber style={{ width: "100%" }} />
            </Form.Item>
            <Form.Item
              name="optOutKeywords"
              label={t("sendGate.optOutKeywords")}
              extra={t("sendGate.optOutKeywordsHelp")}
            >
              <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[",", "，"]} />
            </Form.Item>
            <Form.Item
              name="tzOffsetMinutes"
              label={t("sendGate.tzOffset")}
              extra={t("sendGate.tzOffsetHelp")}
            >
              <InputNumber style={{ width: "100%" }} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={saving}>
          {t("common.save")}
        </Button>
      </Form>
    </Card>
  );
}
