// One customer, 360°: profile, every member's follow relation (remark, tags, add way, state, added at),
// other records of the same person, groups, and the timeline of what happened.
import {
  Avatar,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Space,
  Table,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from "antd";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, type CustomerDetail as Detail, type Follow, type TimelineEntry } from "../../api/index.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { LoadError } from "../LoadError.tsx";
import { CustomerOrdersCard } from "../orders/CustomerOrdersCard.tsx";
import { PageTitle } from "../PageTitle.tsx";
import { customerPath } from "./paths.ts";
import { CustomerStageCard } from "./stages/CustomerStageCard.tsx";
import { reasonText } from "./stages/stageTexts.ts";

const STATUS_COLOR: Record<Follow["status"], string> = {
  active: "green",
  pending: "gold",
  deleted_by_member: "default",
  deleted_by_customer: "red",
  transferred: "blue",
};

const TIMELINE_COLOR: Record<string, string> = {
  "customer.added": "green",
  "customer.deleted_member": "red",
  "customer.deleted_by_member": "gray",
  "customer.transferred": "blue",
  "customer.transfer_failed": "red",
  "order.created": "purple",
};

export function CustomerDetail() {
  const { id = "" } = useParams();
  const { data: c, error, reload } = useApiData(() => api.customers.get(id));
  if (error !== undefined) return <LoadError error={error} onRetry={reload} />;
  if (!c) return <Card loading />;
  return <Customer360 c={c} onChanged={reload} />;
}

function Customer360({ c, onChanged }: { c: Detail; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const [language] = useLanguage();
  // Timeline entries name tags by id; show their names.
  const tagList = useApiData(() => api.tags.list(c.corpId));
  const tagName = new Map(
    (tagList.data?.groups ?? []).flatMap((g) => g.tags.map((tag) => [tag.id, tag.name])),
  );

  const known = (prefix: string, value: string | number) =>
    i18n.exists(`${prefix}.${value}`) ? t(`${prefix}.${value}`) : String(value);
  const describe = (e: TimelineEntry) => {
    if (e.kind === "stage.moved") return stageMove(e);
    const parts = Object.entries(e.detail)
      .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => {
        const value = Array.isArray(v)
          ? v.map((x) => tagName.get(String(x)) ?? String(x)).join("、")
          : String(v);
        return `${known("customers.detailKeys", k)}: ${value}`;
      });
    return parts.join(" · ");
  };

  const stageMove = (e: TimelineEntry) => {
    const d = e.detail as { fromName?: string | null; toName?: string; reason?: string; rule?: string };
    const change = d.fromName
      ? t("stages.timelineChange", { from: d.fromName, to: d.toName })
      : t("stages.timelineStart", { to: d.toName });
    return `${change} · ${reasonText(t, d.reason ?? "", d.rule ?? null, (k) => i18n.exists(k))}`;
  };
  const eventTitle = (kind: string) =>
    kind === "stage.moved" ? t("stages.timelineMoved") : known("customers.events", kind);

  return (
    <>
      <PageTitle
        title={c.name || c.externalUserId}
        description={t("nav.pages.customers.profile.description")}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card title={t("customers.profile")} style={{ height: "100%" }}>
            <Space align="start" size="large" style={{ marginBottom: 16 }}>
              <Avatar size={56} style={{ background: c.gender === 2 ? "#eb2f96" : "#1677ff" }}>
                {c.name.slice(0, 1)}
              </Avatar>
              <Space direction="vertical" size={0}>
                <Typography.Title level={4} style={{ margin: 0 }} data-testid="customer-name">
                  {c.name}
                </Typography.Title>
                <Typography.Text type="secondary">{known("customers.types", c.type)}</Typography.Text>
              </Space>
            </Space>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t("customers.gender")}>
                {known("customers.genders", c.gender)}
              </Descriptions.Item>
              <Descriptions.Item label={t("customers.phone")}>{c.phones.join("、") || "—"}</Descriptions.Item>
              {c.corpName && (
                <Descriptions.Item label={t("customers.corpName")}>{c.corpName}</Descriptions.Item>
              )}
              {c.position && (
                <Descriptions.Item label={t("customers.position")}>{c.position}</Descriptions.Item>
              )}
              <Descriptions.Item label="external_userid">
                <Typography.Text copyable style={{ fontSize: 12 }}>
                  {c.externalUserId}
                </Typography.Text>
              </Descriptions.Item>
              {c.unionid && <Descriptions.Item label="unionid">{c.unionid}</Descriptions.Item>}
              <Descriptions.Item label={t("customers.firstSeen")}>
                {formatDateTime(c.createdAt, language)}
              </Descriptions.Item>
            </Descriptions>
            {c.person.customers.length > 0 && (
              <>
                <Typography.Title level={5}>{t("customers.samePerson")}</Typography.Title>
                <Space direction="vertical" size={2}>
                  {c.person.customers.map((o) => (
                    <Space key={o.id}>
                      <Link to={customerPath(o.id)}>{o.name || o.externalUserId}</Link>
                      <Tag>{t(`customers.via.${o.via}`)}</Tag>
                    </Space>
                  ))}
                </Space>
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <CustomerStageCard corpId={c.corpId} customerId={c.id} onMoved={onChanged} />
          <Card title={t("customers.follows", { count: c.follows.length })} style={{ marginBottom: 16 }}>
            <Table<Follow>
              rowKey="userid"
              size="small"
              pagination={false}
              dataSource={c.follows}
              scroll={{ x: true }}
              columns={[
                {
                  title: t("customers.staff"),
                  dataIndex: "userid",
                  render: (userid: string, f) => (
                    <Tooltip title={userid}>
                      <span>{f.memberName ?? userid}</span>
                    </Tooltip>
                  ),
                },
                {
                  title: t("customers.status"),
                  dataIndex: "status",
                  render: (s: Follow["status"]) => (
                    <Tag color={STATUS_COLOR[s]}>{t(`customers.statuses.${s}`)}</Tag>
                  ),
                },
                {
                  title: t("customers.remark"),
                  dataIndex: "remark",
                  render: (remark: string, f) => (
                    <Space direction="vertical" size={0}>
                      <span>{remark || "—"}</span>
                      {f.description && <Typography.Text type="secondary">{f.description}</Typography.Text>}
                    </Space>
                  ),
                },
                {
                  title: t("customers.tags"),
                  dataIndex: "tags",
                  render: (tags: Follow["tags"]) => (
                    <Space size={[4, 4]} wrap>
                      {tags.map((tag) => (
                        <Tooltip key={tag.id} title={tag.groupName}>
                          <Tag color="blue">{tag.name}</Tag>
                        </Tooltip>
                      ))}
                    </Space>
                  ),
                },
                {
                  title: t("customers.addWay"),
                  dataIndex: "addWay",
                  render: (w: number | null) => (w === null ? "—" : known("customers.addWays", w)),
                },
                { title: t("customers.channel"), dataIndex: "state", render: (s: string | null) => s ?? "—" },
                {
                  title: t("customers.addedAt"),
                  dataIndex: "addedAt",
                  render: (v: string | null) => formatDateTime(v, language),
                },
              ]}
            />
          </Card>
          {c.groups.length > 0 && (
            <Card title={t("customers.groups", { count: c.groups.length })} style={{ marginBottom: 16 }}>
              <Space size={[8, 8]} wrap>
                {c.groups.map((g) => (
                  <Tag key={g.chatId}>{g.name || g.chatId}</Tag>
                ))}
              </Space>
            </Card>
          )}
          <CustomerOrdersCard orders={c.orders} />
          <Card title={t("customers.timeline")}>
            {c.timeline.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("customers.noTimeline")} />
            ) : (
              <Timeline
                data-testid="customer-timeline"
                items={c.timeline.map((e, i) => ({
                  key: `${e.occurredAt}-${i}`,
                  color: TIMELINE_COLOR[e.kind] ?? "blue",
                  content: (
                    <Space direction="vertical" size={0}>
                      <Typography.Text strong>
                        {eventTitle(e.kind)}
                        {e.userid && <Typography.Text type="secondary"> · {e.userid}</Typography.Text>}
                      </Typography.Text>
                      {describe(e) && <Typography.Text type="secondary">{describe(e)}</Typography.Text>}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatDateTime(e.occurredAt, language)}
                      </Typography.Text>
                    </Space>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
