// 工作台: today's numbers. For now the connected corps and the callback inbox; later capabilities
// add new customers, deletions, tasks due and what the send gate held back.
import { Button, Card, Col, Empty, Row, Statistic, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api } from "../api/index.ts";
import { useApiData } from "../lib/useApiData.ts";
import { LoadError } from "./LoadError.tsx";
import { PageTitle } from "./PageTitle.tsx";

export const DEAD_EVENTS_PATH = "/dashboard/dead-events";
const CORPS_PATH = "/settings/corps";
const DANGER = { content: { color: "#cf1322" } };

export function DashboardPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useApiData(() => api.dashboard());
  const inbox = data?.inbox;
  const waiting = loading && !data;

  return (
    <>
      <PageTitle
        title={t("nav.pages.dashboard.overview.title")}
        description={t("nav.pages.dashboard.overview.description")}
      />
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      {data?.corps === 0 && (
        <Card style={{ marginBottom: 16 }}>
          <Empty
            description={
              <>
                <Typography.Title level={5}>{t("dashboard.noCorpTitle")}</Typography.Title>
                <Typography.Text type="secondary">{t("dashboard.noCorpText")}</Typography.Text>
              </>
            }
          >
            <Button type="primary" onClick={() => navigate(CORPS_PATH)}>
              {t("dashboard.addCorp")}
            </Button>
          </Empty>
        </Card>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={6}>
          <Card loading={waiting} style={{ height: "100%" }}>
            <Statistic title={t("dashboard.corps")} value={data?.corps ?? 0} />
          </Card>
        </Col>
        <Col xs={24} lg={18}>
          <Card
            loading={waiting}
            title={t("dashboard.inboxTitle")}
            extra={<Link to={DEAD_EVENTS_PATH}>{t("dashboard.viewDead")}</Link>}
          >
            <Row gutter={[16, 16]}>
              <Col xs={12} md={6}>
                <Statistic title={t("dashboard.receivedToday")} value={inbox?.receivedToday ?? 0} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t("dashboard.pending")} value={inbox?.pending ?? 0} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t("dashboard.processed")} value={inbox?.processed ?? 0} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic
                  title={t("dashboard.dead")}
                  value={inbox?.dead ?? 0}
                  styles={(inbox?.dead ?? 0) > 0 ? DANGER : undefined}
                />
              </Col>
            </Row>
          </Card>
        </Col>
      </Row>
    </>
  );
}
