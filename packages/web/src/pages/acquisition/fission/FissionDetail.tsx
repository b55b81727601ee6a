// One fission campaign: its funnel (posters → scans → adds → qualified, and why invites were void), the entry
// code, the leaderboard and the rewards granted; pause, resume or end it.
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { api, type FissionParticipant, type FissionStatus } from "../../../api/index.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";
import { LoadError } from "../../LoadError.tsx";
import { PageTitle } from "../../PageTitle.tsx";
import { RewardsTable } from "../../rewards/RewardsTable.tsx";
import { FISSION_PATH } from "./paths.ts";

export function FissionDetail({ corpId }: { corpId: string }) {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const campaign = useApiData(() => api.fission.get(corpId, id));
  const board = useApiData(() => api.fission.leaderboard(corpId, id));
  if (campaign.error !== undefined) return <LoadError error={campaign.error} onRetry={campaign.reload} />;
  const c = campaign.data;
  if (!c) return <Spin />;

  async function setStatus(status: FissionStatus) {
    try {
      await api.fission.setStatus(corpId, id, status);
      campaign.reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }
  const voids = Object.entries(c.funnel.void);

  return (
    <>
      <PageTitle
        title={c.name}
        description={c.tiers
          .map((tier) => t("fission.tierSummary", { invites: tier.invites, reward: tier.reward.name }))
          .join("；")}
        extra={
          <Space>
            <Tag>{t(`fission.status.${c.status}`)}</Tag>
            {c.status === "active" && (
              <Button onClick={() => setStatus("paused")}>{t("fission.pause")}</Button>
            )}
            {c.status === "paused" && (
              <Button onClick={() => setStatus("active")}>{t("fission.resume")}</Button>
            )}
            {c.status !== "ended" && (
              <Button danger onClick={() => setStatus("ended")}>
                {t("fission.end")}
              </Button>
            )}
            <Button onClick={() => navigate(FISSION_PATH)}>{t("fission.back")}</Button>
          </Space>
        }
      />
      <Card title={t("fission.funnelTitle")} style={{ marginBottom: 16 }} data-testid="fission-funnel">
        <Row gutter={16}>
          {(["posters", "scans", "adds", "qualified", "pending"] as const).map((k) => (
            <Col key={k} xs={12} md={4} data-testid={`funnel-${k}`}>
              <Statistic title={t(`fission.funnel.${k}`)} value={c.funnel[k]} />
            </Col>
          ))}
          <Col xs={12} md={4}>
            <Statistic title={t("fission.funnel.rewarded")} value={c.funnel.rewardedParticipants} />
          </Col>
        </Row>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 4 }}>
          {t("fission.scansHelp")}
        </Typography.Paragraph>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t("fission.voidTitle")}>
            {voids.length === 0
              ? t("fission.noVoid")
              : voids.map(([reason, n]) => `${t(`fission.voidReasons.${reason}`)} ${n}`).join(" · ")}
          </Descriptions.Item>
          <Descriptions.Item label={t("fission.entry")}>
            {c.entryQrCode ? (
              <Typography.Link href={c.entryQrCode} target="_blank">
                {c.entryQrCode}
              </Typography.Link>
            ) : (
              "—"
            )}
            <Typography.Text type="secondary"> {t("fission.entryHelp")}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t("fission.leaderboard")} style={{ marginBottom: 16 }}>
        {board.error !== undefined ? (
          <LoadError error={board.error} onRetry={board.reload} />
        ) : (
          <Table<FissionParticipant>
            rowKey="id"
            size="small"
            loading={board.loading}
            dataSource={board.data?.items ?? []}
            locale={{ emptyText: t("fission.emptyBoard") }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t("fission.rank"), dataIndex: "rank", width: 70 },
              {
                title: t("fission.participant"),
                key: "p",
                render: (_: unknown, p) => p.name || p.externalUserId,
              },
              { title: t("fission.qualified"), dataIndex: "qualified" },
              { title: t("fission.pending"), dataIndex: "pending" },
              { title: t("fission.tiersReached"), dataIndex: "tiersReached" },
              { title: t("fission.posterViews"), dataIndex: "posterViews" },
              {
                title: t("fission.poster"),
                key: "poster",
                render: (_: unknown, p) => (
                  <Typography.Link href={p.posterUrl} target="_blank">
                    {t("fission.openPoster")}
                  </Typography.Link>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Card title={t("fission.rewardsTitle")}>
        <RewardsTable corpId={corpId} filter={{ source: "fission", sourceId: id }} />
      </Card>
    </>
  );
}
