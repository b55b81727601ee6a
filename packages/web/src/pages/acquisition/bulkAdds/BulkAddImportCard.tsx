// Imports a phone list (CSV/XLSX) and shows what happened: new numbers, duplicates, friends, bad rows by number.
import { UploadOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Form, Input, Table, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type BulkAddList, uploadPhoneList } from "../../../api/index.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";

export function BulkAddImportCard({ corpId, onImported }: { corpId: string; onImported: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ name: string }>();
  const [file, setFile] = useState<File>();
  const [fileError, setFileError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [result, setResult] = useState<BulkAddList>();

  async function submit(values: { name: string }) {
    if (!file) {
      setFileError(t("bulkAdds.fileRequired"));
      return;
    }
    setBusy(true);
    setFailure(undefined);
    setResult(undefined);
    try {
      setResult(await uploadPhoneList(corpId, file, values.name.trim()));
      onImported();
    } catch (reason) {
      setFailure(errorText(reason));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t("bulkAdds.importTitle")} style={{ marginBottom: 16 }}>
      <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 640 }}>
        <Form.Item
          name="name"
          label={t("bulkAdds.listName")}
          rules={[{ required: true, whitespace: true, message: t("bulkAdds.listNameRequired") }]}
        >
          <Input maxLength={100} data-testid="list-name" />
        </Form.Item>
        <Form.Item
          label={t("bulkAdds.file")}
          required
          validateStatus={fileError ? "error" : ""}
          help={fileError}
        >
          <Upload
            maxCount={1}
            accept=".csv,.xlsx,text/csv"
            beforeUpload={(f) => {
              setFile(f);
              setFileError(undefined);
              return false;
            }}
            onRemove={() => setFile(undefined)}
          >
            <Button icon={<UploadOutlined />} data-testid="phone-file">
              {t("bulkAdds.chooseFile")}
            </Button>
          </Upload>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="import-list">
          {t("bulkAdds.import")}
        </Button>
      </Form>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginTop: 16 }} />}
      {result && (
        <div style={{ marginTop: 16 }} data-testid="import-result">
          <Alert type="success" showIcon title={t("bulkAdds.imported", { added: result.added })} />
          <Descriptions size="small" column={5} style={{ marginTop: 12 }}>
            <Descriptions.Item label={t("bulkAdds.rows")}>{result.rows}</Descriptions.Item>
            <Descriptions.Item label={t("bulkAdds.added")}>{result.added}</Descriptions.Item>
            <Descriptions.Item label={t("bulkAdds.duplicates")}>{result.duplicates}</Descriptions.Item>
            <Descriptions.Item label={t("bulkAdds.alreadyFriends")}>
              {result.alreadyFriends}
            </Descriptions.Item>
            <Descriptions.Item label={t("bulkAdds.alreadyListed")}>{result.alreadyListed}</Descriptions.Item>
          </Descriptions>
          {result.badRows.length > 0 && (
            <Table
              data-testid="bad-rows"
              title={() => t("bulkAdds.badRows")}
              rowKey={(r) => `${r.row}-${r.field}`}
              size="small"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              dataSource={result.badRows}
              columns={[
                { title: t("bulkAdds.row"), dataIndex: "row", width: 90 },
                { title: t("bulkAdds.field"), dataIndex: "field", width: 100 },
                { title: t("bulkAdds.message"), dataIndex: "message" },
              ]}
            />
          )}
        </div>
      )}
    </Card>
  );
}
