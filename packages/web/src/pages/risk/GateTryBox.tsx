// "Try a message": what the gate would decide for one message right now (nothing is sent or counted), with
// the rule and the reason in the console's language.
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type FieldError, type GateCheckResult } from "../../api/index.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { useServerErrors } from "../../lib/useServerErrors.ts";
import { MemberPicker } from "../../pickers/MemberPicker.tsx";
import { ActionTag, useGateText } from "./gateText.tsx";

interface Values {
  recipient: string;
  sender?: string;
  purpose: "marketing" | "service";
  text?: string;
  attachments?: number | null;
}

export function GateTryBox({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const errorText = useErrorText();
  const gateText = useGateText();
  const [form] = Form.useForm<Values>();
  const applyServerErrors = useServerErrors(form);
  const [result, setResult] = useState<GateCheckResult>();
  const [error, setError] = useState<unknown>();
  const [leftOver, setLeftOver] = useState<FieldError[]>([]);
  const [checking, setChecking] = useState(false);

  async function check(values: Values) {
    setChecking(true);
    setError(undefined);
    setLeftOver([]);
    setResult(undefined);
    const n = values.attachments ?? 0;
    try {
      setResult(
        await api.sendGate.check(corpId, {
          purpose: values.purpose,
          recipient: values.recipient.trim(),
          ...(values.sender?.trim() ? { sender: values.sender.trim() } : {}),
          ...(values.text ? { text: values.text } : {}),
          ...(n > 0 ? { attachments: Array.from({ length: n }, () => ({ type: "image" })) } : {}),
        }),
      );
    } catch (reason) {
      setError(reason);
      setLeftOver(applyServerErrors(reason));
    } finally {
      setChecking(false);
    }
  }

  const warning = (w: string) => {
    const m = /^(\d+) attachments: more than (\d+)/.exec(w);
    return m ? t("sendGate.attachmentsWarning", { n: m[1], max: m[2] }) : w;
  };

  return (
    <Card title={t("sendGate.tryTitle")} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t("sendGate.tryIntro")}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ purpose: "marketing" }}
        onFinish={check}
        data-testid="gate-try"
      >
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item
              name="recipient"
              label={t("sendGate.recipient")}
              rules={[{ required: true, whitespace: true, message: t("sendGate.recipientRequired") }]}
            >
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="sender" label={t("sendGate.sender")}>
              <MemberPicker corpId={corpId} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="purpose" label={t("sendGate.purpose")}>
              <Select
                options={(["marketing", "service"] as const).map((p) => ({
                  value: p,
                  label: t(`sendGate.purposes.${p}`),
                }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} md={16}>
            <Form.Item name="text" label={t("sendGate.text")}>
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="attachments" label={t("sendGate.attachmentCount")}>
              <InputNumber min={0} max={20} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={checking}>
          {t("sendGate.check")}
        </Button>
      </Form>
      {error !== undefined && (
        <Alert
          type="error"
          showIcon
          title={errorText(error)}
          description={
            leftOver.length > 0 ? leftOver.map((f) => `${f.field}: ${f.message}`).join("; ") : undefined
          }
          style={{ marginTop: 16 }}
        />
      )}
      {result && (
        <Alert
          data-testid="gate-try-result"
          style={{ marginTop: 16 }}
          type={result.action === "send" ? "success" : result.action === "defer" ? "warning" : "error"}
          showIcon
          title={
            <Space wrap>
              <ActionTag action={result.action} />
              {result.rule && <Tag>{t("sendGate.byRule", { rule: gateText.rule(result.rule) })}</Tag>}
              <span>{gateText.reason(result.reason)}</span>
            </Space>
          }
          description={
            result.deferUntil || result.warnings.length > 0 ? (
              <Space direction="vertical" size={2}>
                {result.deferUntil && (
                  <span>
                    {t("sendGate.deferUntil", { time: formatDateTime(result.deferUntil, language) })}
                  </span>
                )}
                {result.warnings.map((w) => (
                  <span key={w}>
                    {t("sendGate.warningsTitle")}: {warning(w)}
                  </span>
                ))}
              </Space>
            ) : undefined
          }
        />
      )}
    </Card>
  );
}
