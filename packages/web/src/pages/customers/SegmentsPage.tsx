// 客户 → 人群: saved segments with their last count and count history, and the segment editor (visual builder
// and text form, live count and sample).
import { DeleteOutlined, EditOutlined, LineChartOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Empty, Popconfirm, Space, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type SavedSegment } from "../../api/index.ts";
import { RequireCorp } from "../../corps/RequireCorp.tsx";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";
import { SegmentEditor, useSegmentLang } from "./segments/SegmentEditor.tsx";
import { SegmentHistory } from "./segments/SegmentHistory.tsx";

export function SegmentsPage() {
  return <RequireCorp>{(corpId) => <Segments key={corpId} corpId={corpId} />}</RequireCorp>;
}

function Segments({ corpId }: { corpId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const lang = useSegmentLang();
  const { data, error, loading, reload } = useApiData(() => api.segments.list(corpId, lang));
  const [editing, setEditing] = useState<SavedSegment | "new">();
  const [history, setHistory] = useState<SavedSegment>();
  const items = data?.items ?? [];

  async function remove(s: SavedSegment) {
    try {
      await api.segments.remove(corpId, s.id);
      void message.success(t("segments.deleted"));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  const title = (
    <PageTitle
      title={t("nav.pages.customers.segments.title")}
      description={t("nav.pages.customers.segments.description")}
      extra={
        !editing && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing("new")}
            data-testid="segment-new"
          >
            {t("segments.newSegment")}
          </Button>
        )
      }
    />
  );

  if (editing) {
    return (
      <>
        {title}
        <SegmentEditor
          key={editing === "new" ? "new" : editing.id}
          corpId={corpId}
          segment={editing === "new" ? undefined : editing}
          onCancel={() => setEditing(undefined)}
          onSaved={() => {
            void message.success(t("segments.saved"));
            setEditing(undefined);
            reload();
          }}
        />
      </>
    );
  }

  return (
    <>
      {title}
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      {!loading && !error && items.length === 0 ? (
        <Card>
          <Empty
            description={
              <>
                <Typography.Title level={5}>{t("segments.emptyTitle")}</Typography.Title>
                <Typography.Text type="secondary">{t("segments.emptyText")}</Typography.Text>
              </>
            }
          >
            <Button type="primary" onClick={() => setEditing("new")}>
              {t("segments.newSegment")}
            </Button>
          </Empty>
        </Card>
      ) : (
        <Table<SavedSegment>
          rowKey="id"
          loading={loading}
          dataSource={items}
          pagination={false}
          data-testid="segment-list"
          columns={[
            { title: t("segments.columns.name"), dataIndex: "name" },
            {
              title: t("segments.columns.description"),
              dataIndex: "description",
              render: (d: string | null) => d ?? "",
            },
            {
              title: t("segments.columns.text"),
              dataIndex: "text",
              ellipsis: true,
              render: (text: string) => <Typography.Text code>{text}</Typography.Text>,
            },
            {
              title: t("segments.columns.lastCount"),
              dataIndex: "lastCount",
              align: "right",
              render: (n: number | null) => (n === null ? "—" : n.toLocaleString(i18n.language)),
            },
            {
              title: t("segments.columns.lastCountedAt"),
              dataIndex: "lastCountedAt",
              render: (at: string | null) => (at ? new Date(at).toLocaleString(i18n.language) : "—"),
            },
            {
              title: t("segments.columns.actions"),
              key: "actions",
              render: (_: unknown, s) => (
                <Space>
                  <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(s)}>
                    {t("segments.edit")}
                  </Button>
                  <Button size="small" icon={<LineChartOutlined />} onClick={() => setHistory(s)}>
                    {t("segments.history")}
                  </Button>
                  <Popconfirm
                    title={t("segments.deleteConfirm")}
                    okText={t("common.delete")}
                    cancelText={t("common.cancel")}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => remove(s)}
                  >
                    <Button
                      size="small"
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t("segments.remove")}
                    />
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      )}
      {history && <SegmentHistory corpId={corpId} segment={history} onClose={() => setHistory(undefined)} />}
    </>
  );
}
