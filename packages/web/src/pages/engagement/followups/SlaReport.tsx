// Response times over the last 7 days: per member the conversations, replies, median first-reply time and
// breaches of the corp's limits, then the breaches themselves (who, which customer, when, whom it was told).
import { Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type SlaBreach, type SlaMember } from "../../../api/index.ts";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { LoadError } from "../../LoadError.tsx";

const WEEK = 7 * 86_400_000;

export function SlaReport({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const [period] = useState(() => {
    const to = Date.now() + 60_000;
    return { from: new Date(to - WEEK).toISOString(), to: new Date(to).toISOString() };
  });
  const { data, error, loading, reload } = useApiData(() =>
    api.followups.sla(corpId, period.from, period.to),
  );
  const duration = (s: number | null) =>
    s === null
      ? "—"
      : s < 60
        ? t("followups.sla.seconds", { n: s })
        : t("followups.sla.minutes", { m: Math.floor(s / 60), s: s % 60 });
  const names = new Map((data?.members ?? []).map((m) => [m.userid, m.name ?? m.userid]));
  return (
    <>
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      {data && (
        <Typography.Paragraph type="secondary">
          {t("followups.sla.limits", {
            first: data.settings.firstReplyMinutes,
            full: data.settings.fullAnswerMinutes,
          })}
        </Typography.Paragraph>
      )}
      <Table<SlaMember>
        data-testid="sla-members"
        rowKey="userid"
        loading={loading}
        dataSource={data?.members ?? []}
        locale={{ emptyText: t("followups.sla.empty") }}
        pagination={false}
        style={{ marginBottom: 24 }}
        columns={[
          { title: t("followups.member"), key: "member", render: (_: unknown, r) => r.name ?? r.userid },
          { title: t("followups.sla.exchanges"), dataIndex: "exchanges" },
          { title: t("followups.sla.replied"), dataIndex: "replied" },
          {
            title: t("followups.sla.median"),
            key: "median",
            render: (_: unknown, r) => duration(r.medianFirstReplySeconds),
          },
          { title: t("followups.sla.firstBreaches"), dataIndex: "firstReplyBreaches" },
          { title: t("followups.sla.fullBreaches"), dataIndex: "fullAnswerBreaches" },
        ]}
      />
      <Typography.Title level={5}>{t("followups.sla.breaches")}</Typography.Title>
      <Table<SlaBreach>
        data-testid="sla-breaches"
        rowKey="id"
        loading={loading}
        dataSource={data?.breaches ?? []}
        locale={{ emptyText: t("followups.sla.noBreaches") }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t("followups.member"),
            key: "member",
            render: (_: unknown, r) => names.get(r.userid) ?? r.userid,
          },
          {
            title: t("followups.customer"),
            key: "customer",
            render: (_: unknown, r) => r.customerName ?? r.externalUserId,
          },
          {
            title: t("followups.sla.kind"),
            key: "kind",
            render: (_: unknown, r) => t(`followups.sla.kinds.${r.kind}`),
          },
          {
            title: t("followups.sla.openedAt"),
            key: "opened",
            render: (_: unknown, r) => formatDateTime(r.openedAt, language),
          },
          {
            title: t("followups.sla.repliedAt"),
            key: "replied",
            render: (_: unknown, r) =>
              r.repliedAt ? formatDateTime(r.repliedAt, language) : t("followups.sla.notReplied"),
          },
          {
            title: t("followups.sla.alertedTo"),
            key: "alerted",
            render: (_: unknown, r) => r.alertedTo ?? "—",
          },
        ]}
      />
    </>
  );
}
