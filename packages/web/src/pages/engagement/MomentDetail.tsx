// One customer moment: what it carries and to whom, its status (with WeCom's reasons when it failed or refused
// staff or tags), each staff member's posting status, and the customers' likes and comments pulled from WeCom.
import { ReloadOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Popconfirm,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { api, type MomentDetail as Detail } from "../../api/index.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { customerPath } from "../customers/paths.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";
import { attachmentSummary } from "./MomentList.tsx";
import { MomentStatusTag } from "./MomentStatusTag.tsx";
import { MOMENTS_PATH } from "./momentPaths.ts";

export function MomentDetail({ corpId }: { corpId: string }) {
  const { id = "" } = useParams();
  const { data, error, reload } = useApiData(() => api.moments.get(corpId, id));
  if (error !== undefined) return <LoadError error={error} onRetry={reload} />;
  if (!data) return <Card loading />;
  return <View corpId={corpId} moment={data} reload={reload} />;
}

function View({ corpId, moment: m, reload }: { corpId: string; moment: Detail; reload: () => void }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);

  async function act(fn: () => Promise<unknown>, done: (r: unknown) => string) {
    setBusy(true);
    try {
      const r = await fn();
      void message.success(done(r));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    } finally {
      setBusy(false);
    }
  }

  const cancellable = m.status === "scheduled" || m.status === "published";
  return (
    <>
      <PageTitle
        title={m.text ? (m.text.length > 30 ? `${m.text.slice(0, 30)}…` : m.text) : `#${m.id}`}
        description={t("nav.pages.engagement.moments.description")}
        extra={
          <Space>
            <Button onClick={() => navigate(MOMENTS_PATH)}>{t("moments.backToList")}</Button>
            {m.status === "published" && (
              <Button
                icon={<ReloadOutlined />}
                loading={busy}
                onClick={() =>
                  act(
                    () => api.moments.refresh(corpId, m.id),
                    (r) => t("moments.refreshed", { n: (r as { newInteractions: number }).newInteractions }),
                  )
                }
              >
                {t("moments.refresh")}
              </Button>
            )}
            {cancellable && (
              <Popconfirm
                title={t("moments.cancelConfirm")}
                okText={t("moments.cancel")}
                cancelText={t("common.cancel")}
                okButtonProps={{ danger: true }}
                onConfirm={() =>
                  act(
                    () => api.moments.cancel(corpId, m.id),
                    () => t("moments.cancelled"),
                  )
                }
              >
                <Button danger loading={busy}>
                  {t("moments.cancel")}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      />
      {m.error && (
        <Alert
          type="error"
          showIcon
          title={t("moments.error")}
          description={m.error}
          style={{ marginBottom: 16 }}
        />
      )}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {(
          [
            ["membersPublished", `${m.counts.membersPublished} / ${m.counts.members}`],
            ["likes", m.counts.likes],
            ["comments", m.counts.comments],
            ["customers", m.counts.customers],
          ] as const
        ).map(([key, value]) => (
          <Col xs={12} md={6} key={key}>
            <Card>
              <Statistic
                title={t(`moments.${key}`)}
                value={value}
                valueRender={(v) => <span data-testid={`moment-${key}`}>{v}</span>}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t("moments.status")}>
            <MomentStatusTag status={m.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t("moments.publishAt")}>
            {formatDateTime(m.publishAt, language)}
          </Descriptions.Item>
          <Descriptions.Item label={t("moments.text")} span={2}>
            <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>
              {m.text || "—"}
            </Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={t("moments.attachments")} span={2}>
            <Space wrap>
              <span>{attachmentSummary(m, t)}</span>
              {m.attachments.map((a, i) =>
                a.type === "link" ? (
                  <Typography.Link key={a.url} href={a.url} target="_blank" rel="noreferrer">
                    {a.url}
                  </Typography.Link>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the same material may appear twice
                  <Tag key={`${a.materialId}-${i}`}>{a.name ?? a.materialId}</Tag>
                ),
              )}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t("moments.senders")}>
            {m.senders.length > 0 ? m.senders.join("、") : t("moments.allMembers")}
          </Descriptions.Item>
          <Descriptions.Item label={t("moments.visibleTags")}>
            {m.visibleTags.length > 0
              ? m.visibleTags.map((tag) => <Tag key={tag.id}>{tag.name ?? tag.id}</Tag>)
              : t("moments.allCustomers")}
          </Descriptions.Item>
          {m.invalidSenders.length > 0 && (
            <Descriptions.Item label={t("moments.invalidSenders")}>
              {m.invalidSenders.join("、")}
            </Descriptions.Item>
          )}
          {m.invalidTags.length > 0 && (
            <Descriptions.Item label={t("moments.invalidTags")}>{m.invalidTags.join("、")}</Descriptions.Item>
          )}
          <Descriptions.Item label={t("moments.polledAt")}>
            {m.polledAt ? formatDateTime(m.polledAt, language) : t("common.never")}
          </Descriptions.Item>
          <Descriptions.Item label={t("moments.createdAt")}>
            {formatDateTime(m.createdAt, language)}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t("moments.members")} style={{ marginBottom: 16 }}>
        <Table
          rowKey="userid"
          size="small"
          pagination={false}
          dataSource={m.members}
          data-testid="moment-members"
          locale={{ emptyText: t("moments.noMembers") }}
          columns={[
            {
              title: t("moments.member"),
              key: "member",
              render: (_: unknown, r) =>
                r.name && r.name !== r.userid ? `${r.name}（${r.userid}）` : r.userid,
            },
            {
              title: t("moments.status"),
              key: "published",
              render: (_: unknown, r) =>
                r.published ? (
                  <Tag color="green">{t("moments.published")}</Tag>
                ) : (
                  <Tag>{t("moments.notPublished")}</Tag>
                ),
            },
            {
              title: t("moments.seenAt"),
              dataIndex: "publishedSeenAt",
              render: (at: string | null) => (at ? formatDateTime(at, language) : "—"),
            },
            { title: t("moments.likes"), dataIndex: "likes", align: "right" },
            { title: t("moments.comments"), dataIndex: "comments", align: "right" },
          ]}
        />
      </Card>
      <Card title={t("moments.interactions")}>
        <Table
          rowKey={(r) => `${r.externalUserId}/${r.userid}/${r.kind}/${r.at}`}
          size="small"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={m.interactions}
          data-testid="moment-interactions"
          locale={{ emptyText: t("moments.noInteractions") }}
          columns={[
            {
              title: t("moments.customer"),
              key: "customer",
              render: (_: unknown, r) =>
                r.customerId ? (
                  <Link to={customerPath(r.customerId)}>{r.customerName || r.externalUserId}</Link>
                ) : (
                  r.customerName || r.externalUserId
                ),
            },
            {
              title: t("moments.kind"),
              dataIndex: "kind",
              render: (k: "like" | "comment") => (
                <Tag color={k === "like" ? "magenta" : "blue"}>{t(`moments.kinds.${k}`)}</Tag>
              ),
            },
            { title: t("moments.member"), dataIndex: "userid" },
            { title: t("moments.at"), dataIndex: "at", render: (at: string) => formatDateTime(at, language) },
          ]}
        />
      </Card>
    </>
  );
}
