// The corp's message lines: name, status, the steps' times, and how many customers are on, through or off each.
import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, type Journey } from "../../../api/index.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { LoadError } from "../../LoadError.tsx";
import { PageTitle } from "../../PageTitle.tsx";
import { LineStatusTag } from "./LineStatusTag.tsx";
import { timingLabel } from "./lineSteps.ts";

export function LineList({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useApiData(() => api.journeys.list(corpId));
  const items = data?.items ?? [];
  const create = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate("new")}>
      {t("journeys.create")}
    </Button>
  );
  return (
    <>
      <PageTitle
        title={t("nav.pages.engagement.lines.title")}
        description={t("nav.pages.engagement.lines.description")}
        extra={create}
      />
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      {!loading && !error && items.length === 0 ? (
        <Card>
          <Empty
            description={
              <>
                <Typography.Title level={5}>{t("journeys.emptyTitle")}</Typography.Title>
                <Typography.Text type="secondary">{t("journeys.emptyText")}</Typography.Text>
              </>
            }
          >
            {create}
          </Empty>
        </Card>
      ) : (
        <Table<Journey>
          rowKey="id"
          loading={loading}
          dataSource={items}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            {
              title: t("journeys.name"),
              dataIndex: "name",
              render: (name: string, j) => <Link to={j.id}>{name}</Link>,
            },
            {
              title: t("journeys.status"),
              dataIndex: "status",
              render: (s: Journey["status"]) => <LineStatusTag status={s} />,
            },
            {
              title: t("journeys.stepsSummary"),
              key: "steps",
              render: (_: unknown, j) => j.steps.map(timingLabel).join(" · "),
            },
            ...(["active", "done", "exited"] as const).map((k) => ({
              title: t(`journeys.counts.${k}`),
              key: k,
              align: "right" as const,
              render: (_: unknown, j: Journey) => j.enrollments[k],
            })),
            { title: t("journeys.version"), dataIndex: "version", align: "right" as const },
          ]}
        />
      )}
    </>
  );
}
