// The import form: a file, a preset (or a generic column mapping), then the result with its counts and the bad
// rows by row number as the user sees them in the file.
import { UploadOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Form, Input, Select, Space, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type OrderImport, uploadOrders } from "../../api/index.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { ImportResult } from "./ImportResult.tsx";

const PRESETS = ["taobao", "taobao-items", "youzan", "youzan-items", "douyin", "xiaoe", "generic"] as const;
const MAPPED = [
  "orderNo",
  "amount",
  "orderedAt",
  "status",
  "phone",
  "unionid",
  "buyerName",
  "itemName",
] as const;
const REQUIRED = new Set(["orderNo", "amount", "orderedAt"]);

export function OrderImportCard({ corpId, onImported }: { corpId: string; onImported: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm();
  const [file, setFile] = useState<File>();
  const [preset, setPreset] = useState<string>("taobao");
  const [busy, setBusy] = useState(false);
  const [fileError, setFileError] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [result, setResult] = useState<OrderImport>();

  async function submit(values: { columns?: Record<string, string> }) {
    if (!file) {
      setFileError(t("orders.fileRequired"));
      return;
    }
    setBusy(true);
    setFailure(undefined);
    setResult(undefined);
    try {
      const columns = Object.fromEntries(
        Object.entries(values.columns ?? {}).filter(([, v]) => typeof v === "string" && v.trim() !== ""),
      );
      const mapping = preset === "generic" ? JSON.stringify({ columns }) : undefined;
      setResult(await uploadOrders(corpId, file, preset, mapping));
      onImported();
    } catch (reason) {
      setFailure(errorText(reason));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t("orders.importTitle")} style={{ marginBottom: 16 }}>
      <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 640 }}>
        <Alert type="info" showIcon message={t("orders.importHint")} style={{ marginBottom: 16 }} />
        <Form.Item
          label={t("orders.file")}
          required
          validateStatus={fileError ? "error" : ""}
          help={fileError}
        >
          <Upload
            maxCount={1}
            accept=".csv,.xlsx,.xls,text/csv"
            beforeUpload={(f) => {
              setFile(f);
              setFileError(undefined);
              return false;
            }}
            onRemove={() => setFile(undefined)}
          >
            <Button icon={<UploadOutlined />} data-testid="order-file">
              {t("orders.chooseFile")}
            </Button>
          </Upload>
        </Form.Item>
        <Form.Item label={t("orders.preset")} required>
          <Select
            value={preset}
            onChange={setPreset}
            data-testid="order-preset"
            options={PRESETS.map((p) => ({ value: p, label: t(`orders.presets.${p}`) }))}
          />
        </Form.Item>
        {preset === "generic" && (
          <Form.Item label={t("orders.mapping")} extra={t("orders.mappingHint")}>
            <Space wrap>
              {MAPPED.map((f) => (
                <Form.Item
                  key={f}
                  name={["columns", f]}
                  label={t(`orders.fields.${f}`)}
                  rules={REQUIRED.has(f) ? [{ required: true, message: t("orders.fieldRequired") }] : []}
                  style={{ marginBottom: 8 }}
                >
                  <Input style={{ width: 180 }} />
                </Form.Item>
              ))}
            </Space>
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={busy}>
          {busy ? t("orders.importing") : t("orders.start")}
        </Button>
      </Form>
      {failure && (
        <Alert type="error" showIcon message={failure} style={{ marginTop: 16 }} data-testid="import-error" />
      )}
      {result && <ImportResult corpId={corpId} result={result} />}
    </Card>
  );
}
