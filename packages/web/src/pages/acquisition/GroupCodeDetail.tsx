// One group code: its QR code (PNG download), the groups it fills (chosen or auto-created), and per-day
// joins, leaves and auto-created groups over a chosen range with a chart.
import { DownloadOutlined, EditOutlined } from "@ant-design/icons";
import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Image,
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
import { api, type GroupCode } from "../../api/index.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { daysBefore, fillDays } from "../../lib/days.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { useGroups } from "../../pickers/useGroups.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";
import { GROUP_CODES_PATH } from "./paths.ts";

// ECharts is loaded only when a chart is shown.
const GroupCodeStatsChart = lazy(() =>
  import("./GroupCodeStatsChart.tsx").then((m) => ({ default: m.GroupCodeStatsChart })),
);

const RANGES = [7, 30, 90] as const;
type RangeDays = (typeof RANGES)[number];

export function GroupCodeDetail({ corpId }: { corpId: string }) {
  const { id = "" } = useParams();
  const { data: code, error, reload } = useApiData(() => api.groupCodes.get(corpId, id));
  if (error !== undefined) return <LoadError error={error} onRetry={reload} />;
  if (!code) return <Card loading />;
  return <Detail corpId={corpId} code={code} />;
}

function Detail({ corpId, code }: { corpId: string; code: GroupCode }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const navigate = useNavigate();
  const groups = useGroups(
    corpId,
    code.chats.map((c) => c.chatId),
  );
  const [range, setRange] = useState<RangeDays>(30);
  // Days are the code's calendar days: the first answer says which day is today there.
  const [today, setToday] = useState<string>();
  const stats = useApiData(async () => {
    const day = today ?? (await api.groupCodes.stats(corpId, code.id)).today;
    if (!today) setToday(day);
    const from = daysBefore(day, range - 1);
    const result = await api.groupCodes.stats(corpId, code.id, { from, to: day });
    return { ...result, days: fillDays(from, day, result.days, { joins: 0, leaves: 0, groupsCreated: 0 }) };
  });
  const qrUrl = api.groupCodes.qrPngUrl(corpId, code.id);

  function pickRange(next: RangeDays) {
    setRange(next);
    stats.reload();
  }

  return (
    <>
      <PageTitle
        title={code.name}
        description={t("groupCodes.detailDescription")}
        extra={
          <Space>
            <Button onClick={() => navigate(GROUP_CODES_PATH)}>{t("groupCodes.backToList")}</Button>
            <Button type="primary" icon={<EditOutlined />} onClick={() => navigate("edit")}>
              {t("common.edit")}
            </Button>
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card title={t("groupCodes.qr")}>
            {code.qrCode ? (
              <Space direction="vertical" align="center" style={{ width: "100%" }}>
                <Image
                  src={qrUrl}
                  alt={t("groupCodes.qrAlt", { name: code.name })}
                  width={220}
                  preview={false}
                  data-testid="group-code-qr"
                />
                <Button icon={<DownloadOutlined />} href={`${qrUrl}?download=1`} download>
                  {t("groupCodes.downloadPng")}
                </Button>
              </Space>
            ) : (
              <Empty description={t("groupCodes.noQr")} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card style={{ marginBottom: 16 }}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={t("groupCodes.state")}>
                <Typography.Text code copyable>
                  {code.state}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t("groupCodes.joinsTotal")}>
                <span data-testid="group-code-joins">{code.joinsTotal}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t("groupCodes.autoCreate")}>
                {code.autoCreateRoom
                  ? `${t("groupCodes.on")}${code.roomBaseName ? ` · ${code.roomBaseName}${code.roomBaseId ?? ""}` : ""}`
                  : t("groupCodes.off")}
              </Descriptions.Item>
              <Descriptions.Item label={t("groupCodes.remark")}>{code.remark ?? "—"}</Descriptions.Item>
              <Descriptions.Item label={t("groupCodes.createdAt")}>
                {formatDateTime(code.createdAt, language)}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t("groupCodes.groups")}>
            <Table
              rowKey="chatId"
              size="small"
              pagination={false}
              dataSource={code.chats}
              data-testid="group-code-groups"
              columns={[
                {
                  title: t("groupCodes.groupsLabel"),
                  dataIndex: "chatId",
                  render: (chatId: string) => {
                    const g = groups.get(chatId);
                    return g ? (
                      g.name || t("pickers.unnamedGroup")
                    ) : (
                      <Typography.Text code>{chatId}</Typography.Text>
                    );
                  },
                },
                {
                  title: t("groupCodes.ownerAndSize"),
                  key: "meta",
                  render: (_: unknown, c) => {
                    const g = groups.get(c.chatId);
                    return g ? (
                      <Typography.Text type="secondary">
                        {t("pickers.groupMeta", {
                          owner: g.ownerName ?? g.owner ?? "—",
                          count: g.memberCount,
                        })}
                        {g.dismissed && (
                          <Tag color="red" style={{ marginInlineStart: 8 }}>
                            {t("pickers.dismissed")}
                          </Tag>
                        )}
                      </Typography.Text>
                    ) : (
                      "—"
                    );
                  },
                },
                {
                  title: t("groupCodes.originLabel"),
                  dataIndex: "origin",
                  render: (origin: "configured" | "auto") => (
                    <Tag color={origin === "auto" ? "gold" : undefined}>
                      {t(`groupCodes.origin.${origin}`)}
                    </Tag>
                  ),
                },
                {
                  title: t("groupCodes.addedAt"),
                  dataIndex: "addedAt",
                  render: (at: string) => formatDateTime(at, language),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>

      <Card
        title={t("groupCodes.dailyStats")}
        style={{ marginTop: 16 }}
        extra={
          <Segmented<RangeDays>
            value={range}
            onChange={pickRange}
            options={RANGES.map((n) => ({ value: n, label: t("groupCodes.lastDays", { n }) }))}
          />
        }
      >
        {stats.error !== undefined && <LoadError error={stats.error} onRetry={stats.reload} />}
        {stats.data && (
          <>
            <Row gutter={16} style={{ marginBottom: 8 }}>
              <Col span={8}>
                <Statistic title={t("groupCodes.totalJoins")} value={stats.data.totals.joins} />
              </Col>
              <Col span={8}>
                <Statistic title={t("groupCodes.totalLeaves")} value={stats.data.totals.leaves} />
              </Col>
              <Col span={8}>
                <Statistic
                  title={t("groupCodes.totalGroupsCreated")}
                  value={stats.data.totals.groupsCreated}
                />
              </Col>
            </Row>
            <Suspense fallback={<Card loading variant="borderless" />}>
              <GroupCodeStatsChart days={stats.data.days} />
            </Suspense>
          </>
        )}
      </Card>
    </>
  );
}
