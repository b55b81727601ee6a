// The corp's customer moments, newest first: what each carries, when it goes out, how many staff posted it and
// how customers reacted; a status filter on top and an empty state that says how to start.
import { PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Empty, Flex, Popconfirm, Select, Space, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, type Moment, type MomentStatus } from "../../api/index.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";
import { MomentStatusTag } from "./MomentStatusTag.tsx";

const STATUSES: MomentStatus[] = ["scheduled", "publishing", "published", "failed", "cancelled"];

export function attachmentSummary(
  m: Moment,
  t: (key: string, o?: Record<string, unknown>) => string,
): string {
  const first = m.attachments[0];
  if (!first) return t("moments.attachmentTypes.none");
  if (first.type === "image") return `${t("moments.attachmentTypes.image")} × ${m.attachments.length}`;
  if (first.type === "video") return t("moments.attachmentTypes.video");
  return `${t("moments.attachmentTypes.link")} · ${first.title}`;
}

export function MomentList({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [status, setStatus] = useState<MomentStatus | undefined>();
  const { data, error, loading, reload } = useApiData(() =>
    api.moments.list(corpId, status ? { status, limit: 200 } : { limit: 200 }),
  );
  const items = data?.items ?? [];

  async function cancel(m: Moment) {
    try {
      await api.moments.cancel(corpId, m.id);
      void message.success(t("moments.cancelled"));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  const create = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate("new")}>
      {t("moments.create")}
    </Button>
  );

  return (
    <>
      <PageTitle
        title={t("nav.pages.engagement.moments.title")}
        description={t("nav.pages.engagement.moments.description")}
        extra={create}
      />
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      {!loading && !error && items.length === 0 && !status ? (
        <Card>
          <Empty
            description={
              <>
                <Typography.Title level={5}>{t("moments.emptyTitle")}</Typography.Title>
                <Typography.Text type="secondary">{t("moments.emptyText")}</Typography.Text>
              </>
            }
          >
            {create}
          </Empty>
        </Card>
      ) : (
        <>
          <Flex gap={12} wrap style={{ marginBottom: 16 }}>
            <Select<MomentStatus>
              allowClear
              placeholder={t("moments.allStatuses")}
              style={{ width: 180 }}
              value={status}
              onChange={(v) => {
                setStatus(v);
                reload();
              }}
              options={STATUSES.map((s) => ({ value: s, label: t(`moments.statuses.${s}`) }))}
            />
          </Flex>
          <Table<Moment>
            rowKey="id"
            loading={loading}
            dataSource={items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              {
                title: t("moments.content"),
                key: "content",
                render: (_: unknown, m) => (
                  <Space direction="vertical" size={0}>
                    <Link to={m.id}>
                      {m.text ? (m.text.length > 40 ? `${m.text.slice(0, 40)}…` : m.text) : `#${m.id}`}
                    </Link>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {attachmentSummary(m, t)}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                title: t("moments.status"),
                dataIndex: "status",
                render: (s: MomentStatus) => <MomentStatusTag status={s} />,
              },
              {
                title: t("moments.publishAt"),
                dataIndex: "publishAt",
                render: (at: string) => formatDateTime(at, language),
              },
              {
                title: t("moments.membersPublished"),
                key: "members",
                align: "right",
                render: (_: unknown, m) =>
                  m.counts.members > 0 ? `${m.counts.membersPublished} / ${m.counts.members}` : "—",
              },
              {
                title: t("moments.likes"),
                key: "likes",
                align: "right",
                render: (_: unknown, m) => m.counts.likes,
              },
              {
                title: t("moments.comments"),
                key: "comments",
                align: "right",
                render: (_: unknown, m) => m.counts.comments,
              },
              {
                title: t("common.actions"),
                key: "actions",
                render: (_: unknown, m) =>
                  m.status === "scheduled" || m.status === "published" ? (
                    <Popconfirm
                      title={t("moments.cancelConfirm")}
                      okText={t("moments.cancel")}
                      cancelText={t("common.cancel")}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => cancel(m)}
                    >
                      <Button size="small" danger>
                        {t("moments.cancel")}
                      </Button>
                    </Popconfirm>
                  ) : null,
              },
            ]}
          />
        </>
      )}
    </>
  );
}
