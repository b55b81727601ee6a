// Import a call centre's result file: the report says what was applied, or lists the rows in error (nothing is
// applied then) and the rows skipped (masked phones, not called yet).
import { UploadOutlined } from "@ant-design/icons";
import { Alert, App, Button, Table, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type CallImportIssue, type CallImportReport } from "../../../api/index.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";

export function CallResultsImport(props: { corpId: string; id: string; onImported: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [report, setReport] = useState<CallImportReport>();
  const [busy, setBusy] = useState(false);

  async function send(file: File) {
    setBusy(true);
    try {
      const r = await api.callCampaigns.importResults(props.corpId, props.id, file);
      setReport(r);
      props.onImported();
    } catch (reason) {
      void message.error(errorText(reason));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-testid="call-import">
      <Upload
        accept=".csv,.xlsx"
        showUploadList={false}
        beforeUpload={(file) => {
          void send(file);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy}>
          {t("callCampaigns.import.button")}
        </Button>
      </Upload>
      {report && (
        <Alert
          style={{ marginTop: 12 }}
          data-testid="call-import-report"
          type={report.status === "applied" ? "success" : "error"}
          showIcon
          title={
            report.status === "applied"
              ? t("callCampaigns.import.applied", {
                  applied: report.applied,
                  unchanged: report.unchanged,
                  skipped: report.skipped,
                  sms: report.smsPlanned,
                })
              : t("callCampaigns.import.rejected", { errors: report.errors })
          }
        />
      )}
      {report && report.issues.length > 0 && (
        <Table<CallImportIssue>
          style={{ marginTop: 8 }}
          data-testid="call-import-issues"
          rowKey={(r) => `${r.row}:${r.code}`}
          size="small"
          pagination={{ pageSize: 10 }}
          dataSource={report.issues}
          columns={[
            { title: t("callCampaigns.import.row"), dataIndex: "row", width: 70 },
            { title: t("callCampaigns.import.code"), dataIndex: "code", width: 160 },
            { title: t("callCampaigns.import.message"), dataIndex: "message" },
            { title: t("callCampaigns.import.value"), dataIndex: "value", width: 160 },
          ]}
        />
      )}
    </div>
  );
}
