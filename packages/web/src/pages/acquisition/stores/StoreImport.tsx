// Import stores from a CSV sheet (UTF-8; Excel's "CSV UTF-8"): a template to start from, then the result —
// stores created and updated, and each refused row with its row number, field and reason.
import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import { Alert, App, Button, Modal, Space, Table, Typography, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type StoreImportResult } from "../../../api/index.ts";
import { translateIssue } from "../../../lib/formErrors.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";

const TEMPLATE = [
  "门店名称,城市,区县,地址,电话,纬度,经度,状态,导购,门店群,营业时间",
  "人民广场店,上海市,黄浦区,南京东路 1 号,021-00000000,31.2304,121.4737,营业,zhangsan|lisi,,1-5 09:00-21:00; 6-7 10:00-22:00",
].join("\r\n");

export function StoreImport({ corpId, onDone }: { corpId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<StoreImportResult>();

  async function upload(file: File) {
    setBusy(true);
    try {
      const done = await api.stores.importCsv(corpId, await file.text());
      setResult(done);
      onDone();
    } catch (reason) {
      void message.error(errorText(reason));
    } finally {
      setBusy(false);
    }
  }

  const template = `data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${TEMPLATE}\r\n`)}`;
  return (
    <>
      <Space>
        <Upload
          accept=".csv,text/csv"
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy}>
            {t("stores.import")}
          </Button>
        </Upload>
        <Button type="link" icon={<DownloadOutlined />} href={template} download="stores-template.csv">
          {t("stores.importTemplate")}
        </Button>
      </Space>
      <Modal
        open={result !== undefined}
        title={t("stores.importDone")}
        onCancel={() => setResult(undefined)}
        footer={<Button onClick={() => setResult(undefined)}>{t("common.close")}</Button>}
        width={640}
      >
        {result && (
          <Space direction="vertical" style={{ width: "100%" }}>
            <Alert
              type={result.failed.length > 0 ? "warning" : "success"}
              showIcon
              title={t("stores.importSummary", {
                created: result.created,
                updated: result.updated,
                failed: result.failed.length,
              })}
            />
            {result.failed.length > 0 && (
              <Table
                size="small"
                rowKey={(f) => `${f.row}:${f.path}`}
                dataSource={result.failed}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                data-testid="store-import-failed"
                columns={[
                  { title: t("stores.importRow"), dataIndex: "row", width: 70 },
                  {
                    title: t("stores.importField"),
                    dataIndex: "path",
                    width: 110,
                    render: (p: string) => <Typography.Text code>{p.replace(/^\//, "")}</Typography.Text>,
                  },
                  {
                    title: t("stores.importReason"),
                    dataIndex: "message",
                    render: (m: string) => translateIssue(m, t),
                  },
                ]}
              />
            )}
          </Space>
        )}
      </Modal>
    </>
  );
}
