// 工作台: today's numbers. For now the connected corps and the callback inbox; later capabilities
// add new customers, deletions, tasks due and what the send gate held back.
import { Button, Card, Col, Empty, Row, Statistic } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api } from "../api/index.ts";
import { useApiData } from "../lib/useApiData.ts";
import { LoadError } from "./LoadError.tsx";
import { PageTitle } from "./PageTitle.tsx";

export const DEAD_EVENTS_PATH = "/dashboard/dead-events";
const CORPS_PATH = "/settings/corps";

export function DashboardPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useApiData(() => api.dashboard());
  const inbox = data?.inbox;

  return (
    <>
      <PageTitle
        title={t("nav.pages.dashboard.overview.title")}
        description={t("nav.pages.dashboard.overview.description")}
      />
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      {data && data.corps === 0 && (
        <Card style={{ marginBottom: 16 }}>
          <Empty description={t("dashboard.noCorpText")}>
            <Button type="primary" onClick={() => navigate(CORPS_PATH)}>
              {t("dashboard.addCorp")}
            </Button>
          </Empty>
        </Card>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12} lg={8}>
          <Card loading={loading && !data}>
            <Statistic title={t("dashboard.corps")} value={data?.corps ?? 0} />
          </Card>
        </Col>
        <Col xs={24} sm={12} lg={8}>
          <Card loading={loading && !data}>
            <Statistic title={t("dashboard.receivedToday")} value={inbox?.receivedToday ?? 0} />
          </Card>
        </Col>
        <Col xs={24} sm={12} lg={8}>
          <Card loading={loading && !data}>
            <Statistic title={t("dashboard.pending")} value={inbox?.pending ?? 0} />
          </Card>
        </Col>
        <Col xs={24} sm={12} lg={8}>
          <Card loading={loading && !data}>
            <Statistic title={t("dashboard.processed")} value={inbox?.processed ?? 0} />
          </Card>
        </Col>
        <Col xs={24} sm={12} lg={8}>
          <Card
            loading={loading && !data}
            extra={<Link to={DEAD_EVENTS_PATH}>{t("dashboard.viewDead")}</Link>}
          >
            <Statistic
              title={t("dashboard.dead")}
              value={inbox?.dead ?? 0}
              styles={(inbox?.dead ?? 0) > 0 ? { content: { color: "#cf1322" } } : undefined}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
