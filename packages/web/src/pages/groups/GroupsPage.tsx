// 客户群 → 群列表: statistics per owner and per day over the live groups (dismissed groups left out), the
// group list with search, and a drawer with one group's owner, admins, notice, members and joins/leaves.
import { Card, Checkbox, Descriptions, Drawer, Input, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type CustomerGroup } from "../../api/index.ts";
import { RequireCorp } from "../../corps/RequireCorp.tsx";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { DailyStatsChart } from "../../lib/DailyStatsChart.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";

export function GroupsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle
        title={t("nav.pages.groups.list.title")}
        description={t("nav.pages.groups.list.description")}
      />
      <RequireCorp>
        {(corpId) => (
          <div key={corpId}>
            <GroupStatsCard corpId={corpId} />
            <GroupTable corpId={corpId} />
          </div>
        )}
      </RequireCorp>
    </>
  );
}

function useMoveSeries() {
  const { t } = useTranslation();
  return [
    { key: "joins" as const, label: t("groupList.joins"), color: "#1677ff" },
    { key: "leaves" as const, label: t("groupList.leaves"), color: "#ff4d4f" },
  ];
}

function GroupStatsCard({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useApiData(() => api.groupRegistry.stats(corpId));
  const series = useMoveSeries();
  return (
    <Card title={t("groupList.stats")} style={{ marginBottom: 16 }} loading={loading && !data}>
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      {data && (
        <>
          <Typography.Paragraph data-testid="group-totals">
            {t("groupList.totals", data.totals)}
          </Typography.Paragraph>
          {data.days.length > 0 && <DailyStatsChart days={data.days} series={series} testId="group-moves" />}
          <Table
            size="small"
            rowKey={(o) => o.owner ?? ""}
            dataSource={data.owners}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t("groupList.owner"), render: (_: unknown, o) => o.ownerName ?? o.owner ?? "—" },
              { title: t("groupList.groups"), dataIndex: "groups", width: 90 },
              { title: t("groupList.members"), dataIndex: "members", width: 90 },
              { title: t("groupList.customers"), dataIndex: "customers", width: 90 },
              { title: t("groupList.joins"), dataIndex: "joins", width: 90 },
              { title: t("groupList.leaves"), dataIndex: "leaves", width: 90 },
            ]}
          />
        </>
      )}
    </Card>
  );
}

function GroupTable({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const [q, setQ] = useState("");
  const [withDismissed, setWithDismissed] = useState(false);
  const [open, setOpen] = useState<string>();
  const { data, error, loading, reload } = useApiData(() =>
    api.groups.list(corpId, { q, limit: 200, ...(withDismissed ? {} : { dismissed: "false" as const }) }),
  );
  return (
    <Card
      title={t("groupList.list")}
      extra={
        <Space>
          <Input.Search
            allowClear
            placeholder={t("groupList.search")}
            aria-label={t("groupList.search")}
            onSearch={(v) => {
              setQ(v);
              setTimeout(reload);
            }}
            style={{ width: 240 }}
          />
          <Checkbox
            checked={withDismissed}
            onChange={(e) => {
              setWithDismissed(e.target.checked);
              setTimeout(reload);
            }}
          >
            {t("groupList.showDismissed")}
          </Checkbox>
        </Space>
      }
    >
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      <Table<CustomerGroup>
        data-testid="group-list"
        size="small"
        rowKey="chatId"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t("groupList.empty") }}
        onRow={(g) => ({ onClick: () => setOpen(g.chatId), style: { cursor: "pointer" } })}
        columns={[
          { title: t("groupList.name"), render: (_: unknown, g) => g.name || t("groupList.unnamed") },
          { title: t("groupList.owner"), render: (_: unknown, g) => g.ownerName ?? g.owner ?? "—" },
          { title: t("groupList.memberCount"), dataIndex: "memberCount", width: 90 },
          {
            title: t("groupList.status"),
            width: 110,
            render: (_: unknown, g) =>
              g.dismissed ? (
                <Tag>{t("groupList.dismissed")}</Tag>
              ) : (
                <Tag color="green">{t("groupList.normal")}</Tag>
              ),
          },
          {
            title: t("groupList.joinedAt"),
            dataIndex: "createdAt",
            width: 170,
            render: (v: string | null) => formatDateTime(v, language),
          },
        ]}
      />
      {open && <GroupDrawer corpId={corpId} chatId={open} onClose={() => setOpen(undefined)} />}
    </Card>
  );
}

function GroupDrawer({ corpId, chatId, onClose }: { corpId: string; chatId: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [language] = useLanguage();
  const series = useMoveSeries();
  const { data, error, reload } = useApiData(() => api.groupRegistry.detail(corpId, chatId));
  const scene = (s: number | null) =>
    s !== null && i18n.exists(`groupList.scenes.${s}`) ? t(`groupList.scenes.${s}`) : "—";
  return (
    <Drawer open width={760} title={data?.name || t("groupList.detail")} onClose={onClose} destroyOnHidden>
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      {data && (
        <>
          <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t("groupList.owner")}>
              {data.ownerName ?? data.owner ?? "—"}
            </Descriptions.Item>
            <Descriptions.Item label={t("groupList.admins")}>
              {data.admins.length ? data.admins.join("、") : t("groupList.none")}
            </Descriptions.Item>
            <Descriptions.Item label={t("groupList.members")}>
              {data.memberCount}（{t("groupList.customers")} {data.customers}）
            </Descriptions.Item>
            <Descriptions.Item label={t("groupList.status")}>
              {data.dismissed ? t("groupList.dismissed") : t("groupList.normal")}
              {data.stale && <Tag style={{ marginInlineStart: 8 }}>{t("groupList.stale")}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t("groupList.notice")} span={2}>
              {data.notice || t("groupList.none")}
            </Descriptions.Item>
          </Descriptions>
          {data.days.length > 0 && (
            <DailyStatsChart days={data.days} series={series} testId="group-detail-moves" />
          )}
          <Table
            size="small"
            rowKey="memberId"
            dataSource={data.members}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t("groupList.memberId"), render: (_: unknown, m) => m.name ?? m.memberId },
              {
                title: t("groupList.memberType"),
                width: 80,
                render: (_: unknown, m) =>
                  m.type === "staff" ? t("groupList.staff") : t("groupList.customer"),
              },
              {
                title: t("groupList.joinedAt"),
                width: 160,
                render: (_: unknown, m) => formatDateTime(m.joinedAt, language),
              },
              { title: t("groupList.joinScene"), width: 110, render: (_: unknown, m) => scene(m.joinScene) },
              { title: t("groupList.invitor"), width: 110, render: (_: unknown, m) => m.invitor ?? "—" },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
