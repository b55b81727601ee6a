// One import's outcome: counts, then the rejected rows (row number as in the file, reason, value), paged.
import { Alert, Button, Descriptions, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type BadRow, type OrderImport } from "../../api/index.ts";

export function ImportResult({ corpId, result }: { corpId: string; result: OrderImport }) {
  const { t, i18n } = useTranslation();
  const [rows, setRows] = useState<BadRow[]>(result.errors ?? []);
  const [loading, setLoading] = useState(false);
  const n = (x: number) => x.toLocaleString(i18n.language);
  const codeText = (code: string) => (i18n.exists(`orders.codes.${code}`) ? t(`orders.codes.${code}`) : code);

  async function more() {
    setLoading(true);
    try {
      const page = await api.orders.importErrors(corpId, result.id, rows.length);
      setRows((r) => [...r, ...page.items]);
    } finally {
      setLoading(false);
    }
  }

  return (
    <div style={{ marginTop: 16 }} data-testid="import-result">
      <Typography.Title level={5}>
        {t("orders.resultTitle")}{" "}
        <Tag color={result.status === "done" ? "green" : "red"}>
          {t(`orders.resultStatus.${result.status}`)}
        </Tag>
      </Typography.Title>
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2, md: 4 }}>
        <Descriptions.Item label={t("orders.rows")}>{n(result.rowsTotal)}</Descriptions.Item>
        <Descriptions.Item label={t("orders.ordersTotal")}>{n(result.ordersTotal)}</Descriptions.Item>
        <Descriptions.Item label={t("orders.inserted")}>
          <span data-testid="import-inserted">{n(result.inserted)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("orders.updated")}>{n(result.updated)}</Descriptions.Item>
        <Descriptions.Item label={t("orders.unchanged")}>{n(result.unchanged)}</Descriptions.Item>
        <Descriptions.Item label={t("orders.bound")}>{n(result.bound)}</Descriptions.Item>
        <Descriptions.Item label={t("orders.badRows")}>
          <span data-testid="import-bad">{n(result.badRows)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("orders.unmatchablePhone")}>
          {n(result.unmatchablePhone)}
        </Descriptions.Item>
        <Descriptions.Item label={t("orders.format")}>
          {[result.format, result.encoding].filter(Boolean).join(" · ")}
        </Descriptions.Item>
      </Descriptions>
      {result.error && <Alert type="error" showIcon message={result.error} style={{ marginTop: 12 }} />}
      {result.badRows > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t("orders.badRowsTitle")}
          </Typography.Title>
          <Table<BadRow>
            rowKey="row"
            size="small"
            data-testid="bad-rows"
            pagination={false}
            dataSource={rows}
            columns={[
              { title: t("orders.row"), dataIndex: "row", width: 90 },
              {
                title: t("orders.reason"),
                dataIndex: "code",
                render: (code: string) => <Tag>{codeText(code)}</Tag>,
              },
              {
                title: "",
                dataIndex: "reason",
                render: (r: string) => <Typography.Text type="secondary">{r}</Typography.Text>,
              },
              { title: t("orders.value"), dataIndex: "value", render: (v: string | null) => v ?? "—" },
            ]}
          />
          {rows.length < result.badRows && (
            <Button onClick={more} loading={loading} style={{ marginTop: 8 }}>
              {t("orders.loadMore")} · {t("orders.moreBadRows", { count: result.badRows - rows.length })}
            </Button>
          )}
        </>
      )}
    </div>
  );
}
