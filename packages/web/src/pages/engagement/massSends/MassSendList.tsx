// The mass sends of the current corp, newest first: status, target, send time and the report's main
// figures; the list keeps itself current while any send is moving.
import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, type MassSendView } from "../../../api/index.ts";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { LoadError } from "../../LoadError.tsx";
import { PageTitle } from "../../PageTitle.tsx";
import { massSendPath, NEW_MASS_SEND_PATH } from "./paths.ts";
import { isMoving, POLL_MS, STATUS_COLOR } from "./report.ts";
import { TargetText } from "./TargetText.tsx";
import { useInterval } from "./useInterval.ts";
import { useSegments } from "./useSegmentNames.ts";

export function MassSendList({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useApiData(() => api.massSends.list(corpId));
  const segments = useSegments(corpId);
  const items = data?.items ?? [];
  useInterval(reload, POLL_MS, error === undefined && items.some((s) => isMoving(s, Date.now())));

  const create = (
    <Button
      type="primary"
      icon={<PlusOutlined />}
      onClick={() => navigate(NEW_MASS_SEND_PATH)}
      data-testid="mass-send-new"
    >
      {t("massSends.create")}
    </Button>
  );
  const count = (n: number) => n.toLocaleString(language);

  return (
    <>
      <PageTitle
        title={t("nav.pages.engagement.massSends.title")}
        description={t("nav.pages.engagement.massSends.description")}
        extra={create}
      />
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      {error === undefined && !loading && items.length === 0 ? (
        <Card>
          <Empty
            description={
              <>
                <Typography.Title level={5}>{t("massSends.emptyTitle")}</Typography.Title>
                <Typography.Text type="secondary">{t("massSends.emptyText")}</Typography.Text>
              </>
            }
          >
            {create}
          </Empty>
        </Card>
      ) : (
        error === undefined && (
          <Table<MassSendView>
            rowKey="id"
            loading={loading && !data}
            dataSource={items}
            data-testid="mass-send-list"
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              {
                title: t("massSends.columns.name"),
                dataIndex: "name",
                render: (name: string, send) => <Link to={massSendPath(send.id)}>{name}</Link>,
              },
              {
                title: t("massSends.columns.status"),
                dataIndex: "status",
                render: (status: MassSendView["status"]) => (
                  <Tag color={STATUS_COLOR[status]}>{t(`massSends.status.${status}`)}</Tag>
                ),
              },
              {
                title: t("massSends.columns.target"),
                key: "target",
                render: (_: unknown, send) => <TargetText target={send.target} segments={segments.byId} />,
              },
              {
                title: t("massSends.columns.scheduledAt"),
                key: "scheduledAt",
                render: (_: unknown, send) =>
                  send.scheduledAt
                    ? formatDateTime(send.scheduledAt, language)
                    : `${t("massSends.immediately")} · ${formatDateTime(send.createdAt, language)}`,
              },
              {
                title: t("massSends.columns.sent"),
                key: "sent",
                align: "right",
                render: (_: unknown, send) => (
                  <span data-testid={`mass-send-sent-${send.id}`}>
                    {count(send.report.sent)} / {count(send.report.recipients)}
                  </span>
                ),
              },
              {
                title: t("massSends.columns.notFriend"),
                key: "notFriend",
                align: "right",
                render: (_: unknown, send) => count(send.report.notFriend),
              },
              {
                title: t("massSends.columns.quotaHit"),
                key: "quotaHit",
                align: "right",
                render: (_: unknown, send) => count(send.report.quotaHit),
              },
              {
                title: t("massSends.columns.unconfirmed"),
                key: "unconfirmed",
                align: "right",
                render: (_: unknown, send) => count(send.report.unconfirmed),
              },
            ]}
          />
        )
      )}
    </>
  );
}
