// One live code: its QR code (PNG download), the pool and who is offered now, the welcome message, and
// per-day numbers over a chosen range with a chart.
import { DownloadOutlined, EditOutlined } from "@ant-design/icons";
import {
  Alert,
  Badge,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Image,
  List,
  Row,
  Segmented,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from "antd";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { api, type LiveCode, type ScheduleRange, type StaffView } from "../../api/index.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { attachmentSummary } from "../engagement/welcomeContent.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";
import { LIVE_CODES_PATH } from "./paths.ts";

// ECharts is loaded only when a chart is shown.
const LiveCodeStatsChart = lazy(() =>
  import("./LiveCodeStatsChart.tsx").then((m) => ({ default: m.LiveCodeStatsChart })),
);

const RANGES = [7, 30, 90] as const;
type RangeDays = (typeof RANGES)[number];

function daysBefore(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - n);
  return date.toISOString().slice(0, 10);
}

export function LiveCodeDetail({ corpId }: { corpId: string }) {
  const { id = "" } = useParams();
  const { data: code, error, reload } = useApiData(() => api.liveCodes.get(corpId, id));
  if (error !== undefined) return <LoadError error={error} onRetry={reload} />;
  if (!code) return <Card loading />;
  return <Detail corpId={corpId} code={code} />;
}

function Detail({ corpId, code }: { corpId: string; code: LiveCode }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const navigate = useNavigate();
  const tagList = useApiData(() => api.tags.list(corpId));
  const tagName = new Map(
    (tagList.data?.groups ?? []).flatMap((g) => g.tags.map((tag) => [tag.id, tag.name])),
  );
  const [range, setRange] = useState<RangeDays>(30);
  const [today, setToday] = useState<string>();
  const stats = useApiData(async () => {
    const result = await api.liveCodes.stats(
      corpId,
      code.id,
      today ? { from: daysBefore(today, range - 1), to: today } : {},
    );
    if (!today) setToday(result.to);
    return result;
  });

  function pickRange(next: RangeDays) {
    setRange(next);
    stats.reload();
  }

  const schedule = (ranges: ScheduleRange[]) =>
    ranges.length === 0
      ? t("liveCodes.alwaysOnline")
      : ranges.map((r) => `${t(`liveCodes.weekdays.${r.weekday}`)} ${r.start}–${r.end}`).join("，");

  const staffRows = [
    ...code.staff.map((s) => ({ ...s, role: "primary" as const })),
    ...code.backupStaff.map((s) => ({ ...s, role: "backup" as const })),
  ];

  return (
    <>
      <PageTitle
        title={code.name}
        description={t("liveCodes.detailDescription")}
        extra={
          <Space>
            <Button onClick={() => navigate(LIVE_CODES_PATH)}>{t("liveCodes.backToList")}</Button>
            <Button type="primary" icon={<EditOutlined />} onClick={() => navigate("edit")}>
              {t("common.edit")}
            </Button>
          </Space>
        }
      />
      {!code.enabled && (
        <Alert type="warning" showIcon title={t("liveCodes.disabledNotice")} style={{ marginBottom: 16 }} />
      )}
      {code.routing.lastSyncError && (
        <Alert
          type="error"
          showIcon
          title={t("liveCodes.syncFailed")}
          description={code.routing.lastSyncError}
          style={{ marginBottom: 16 }}
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card title={t("liveCodes.qr")}>
            {code.qrCode ? (
              <Space direction="vertical" align="center" style={{ width: "100%" }}>
                <Image
                  src={code.qrPngUrl}
                  alt={t("liveCodes.qrAlt", { name: code.name })}
                  width={220}
                  preview={false}
                  data-testid="live-code-qr"
                />
                <Button icon={<DownloadOutlined />} href={`${code.qrPngUrl}?download=1`} download>
                  {t("liveCodes.downloadPng")}
                </Button>
              </Space>
            ) : (
              <Empty description={t("liveCodes.noQr")} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card title={t("liveCodes.today")} style={{ marginBottom: 16 }}>
            <Row gutter={16}>
              <Col span={8}>
                <Statistic title={t("liveCodes.stats.adds")} value={code.today.adds} />
              </Col>
              <Col span={8}>
                <Statistic
                  title={t("liveCodes.stats.deletesByCustomer")}
                  value={code.today.deletesByCustomer}
                />
              </Col>
              <Col span={8}>
                <Statistic title={t("liveCodes.stats.net")} value={code.today.net} />
              </Col>
            </Row>
          </Card>
          <Card>
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={t("liveCodes.state")}>
                <Typography.Text code copyable>
                  {code.state}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t("liveCodes.strategy")}>
                {t(`liveCodes.strategies.${code.strategy}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t("liveCodes.dailyCap")}>
                {code.dailyCap ?? t("liveCodes.noCap")}
              </Descriptions.Item>
              <Descriptions.Item label={t("liveCodes.enabled")}>
                <Badge
                  status={code.enabled ? "success" : "default"}
                  text={code.enabled ? t("liveCodes.on") : t("liveCodes.off")}
                />
              </Descriptions.Item>
              <Descriptions.Item label={t("liveCodes.offeredNow")}>
                {code.routing.offeredUsers.length > 0
                  ? code.routing.offeredUsers.join("、")
                  : t("liveCodes.nobodyOffered")}
              </Descriptions.Item>
              <Descriptions.Item label={t("liveCodes.tags")}>
                {code.tagIds.length > 0
                  ? code.tagIds.map((id) => <Tag key={id}>{tagName.get(id) ?? id}</Tag>)
                  : "—"}
              </Descriptions.Item>
              <Descriptions.Item label={t("liveCodes.storeName")}>{code.storeName ?? "—"}</Descriptions.Item>
              <Descriptions.Item label={t("liveCodes.createdAt")}>
                {formatDateTime(code.createdAt, language)}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
      </Row>

      <Card
        title={t("liveCodes.dailyStats")}
        style={{ marginTop: 16 }}
        extra={
          <Segmented<RangeDays>
            value={range}
            onChange={pickRange}
            options={RANGES.map((n) => ({ value: n, label: t("liveCodes.lastDays", { n }) }))}
          />
        }
      >
        {stats.error !== undefined && <LoadError error={stats.error} onRetry={stats.reload} />}
        {stats.data && (
          <>
            <Row gutter={16} style={{ marginBottom: 8 }}>
              <Col span={8}>
                <Statistic title={t("liveCodes.totalAdds")} value={stats.data.total.adds} />
              </Col>
              <Col span={8}>
                <Statistic title={t("liveCodes.totalDeletes")} value={stats.data.total.deletesByCustomer} />
              </Col>
              <Col span={8}>
                <Statistic title={t("liveCodes.totalNet")} value={stats.data.total.net} />
              </Col>
            </Row>
            <Suspense fallback={<Card loading bordered={false} />}>
              <LiveCodeStatsChart stats={stats.data} />
            </Suspense>
            {stats.data.byStaff.length > 0 && (
              <Table
                rowKey="userid"
                size="small"
                pagination={false}
                style={{ marginTop: 16 }}
                dataSource={stats.data.byStaff}
                columns={[
                  { title: t("liveCodes.userid"), dataIndex: "userid" },
                  { title: t("liveCodes.stats.adds"), dataIndex: "adds", align: "right" },
                  {
                    title: t("liveCodes.stats.deletesByCustomer"),
                    dataIndex: "deletesByCustomer",
                    align: "right",
                  },
                ]}
              />
            )}
          </>
        )}
      </Card>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={14}>
          <Card title={t("liveCodes.pool")}>
            <Table<StaffView & { role: "primary" | "backup" }>
              rowKey="userid"
              size="small"
              pagination={false}
              dataSource={staffRows}
              columns={[
                { title: t("liveCodes.userid"), dataIndex: "userid" },
                {
                  title: t("liveCodes.role"),
                  dataIndex: "role",
                  render: (role: string) =>
                    role === "backup" ? <Tag>{t("liveCodes.roleBackup")}</Tag> : t("liveCodes.rolePrimary"),
                },
                ...(code.strategy === "weighted"
                  ? [{ title: t("liveCodes.weight"), dataIndex: "weight" }]
                  : []),
                {
                  title: t("liveCodes.staffDailyCap"),
                  dataIndex: "dailyCap",
                  render: (cap: number | null) => cap ?? code.dailyCap ?? t("liveCodes.noCap"),
                },
                { title: t("liveCodes.addsToday"), dataIndex: "addsToday", align: "right" },
                {
                  title: t("liveCodes.schedule"),
                  dataIndex: "schedule",
                  render: (ranges: ScheduleRange[]) => (
                    <Typography.Text type="secondary">{schedule(ranges)}</Typography.Text>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t("liveCodes.welcome")}>
            {code.welcome ? (
              <>
                <Typography.Paragraph style={{ whiteSpace: "pre-wrap" }} data-testid="live-code-welcome">
                  {code.welcome.text}
                </Typography.Paragraph>
                {code.welcome.attachments.length > 0 && (
                  <List
                    size="small"
                    bordered
                    dataSource={code.welcome.attachments}
                    renderItem={(a) => (
                      <List.Item>
                        <Tag>{t(`welcome.types.${a.type}`)}</Tag>
                        <Typography.Text ellipsis>{attachmentSummary(a)}</Typography.Text>
                      </List.Item>
                    )}
                  />
                )}
              </>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("liveCodes.noWelcome")} />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
