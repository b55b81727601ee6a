// 设置 → 离职继承: departed members with their unassigned customers and groups (assign by rule or by hand),
// in-service transfers, and the transfers with their progress, before/after report and action list
// (/settings/inheritance, /settings/inheritance/onjob, /settings/inheritance/transfers[/:id]).
import { Alert, Button, Drawer, Progress, Table, Tabs, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Route, Routes, useNavigate, useParams } from "react-router";
import { api, type DepartedMember, type TransferJob } from "../../../api/index.ts";
import { RequireCorp } from "../../../corps/RequireCorp.tsx";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { LoadError } from "../../LoadError.tsx";
import { NotFoundPage } from "../../NotFoundPage.tsx";
import { PageTitle } from "../../PageTitle.tsx";
import { TransferDetail } from "./TransferDetail.tsx";
import { TransferForm } from "./TransferForm.tsx";

const PATH = "/settings/inheritance";
type TabKey = "departed" | "onjob" | "jobs";

function Departed({ corpId, onPlanned }: { corpId: string; onPlanned: (job: TransferJob) => void }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { data, error, loading, reload } = useApiData(() => api.inheritance.departed(corpId));
  const [assigning, setAssigning] = useState<DepartedMember | undefined>();
  return (
    <>
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      {data?.warnings.map((w) => (
        <Alert key={w} type="warning" showIcon title={w} style={{ marginBottom: 12 }} />
      ))}
      <Table<DepartedMember>
        data-testid="departed-members"
        rowKey="userid"
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t("inheritance.departed.empty") }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t("inheritance.departed.member"),
            key: "member",
            render: (_: unknown, m) => (m.name === m.userid ? m.userid : `${m.name}（${m.userid}）`),
          },
          {
            title: t("inheritance.departed.dimission"),
            key: "dimission",
            render: (_: unknown, m) => formatDateTime(m.dimissionTime, language),
          },
          { title: t("inheritance.departed.unassigned"), dataIndex: "unassigned" },
          { title: t("inheritance.departed.groups"), dataIndex: "groups" },
          {
            title: t("inheritance.departed.latest"),
            key: "latest",
            render: (_: unknown, m) =>
              m.latestJob ? (
                <Tag color={m.latestJob.status === "done" ? "green" : "processing"}>
                  {t(`inheritance.statuses.${m.latestJob.status}`)}
                </Tag>
              ) : null,
          },
          {
            title: "",
            key: "actions",
            render: (_: unknown, m) => (
              <Button
                size="small"
                type="primary"
                disabled={m.unassigned + m.customers + m.groups === 0}
                onClick={() => setAssigning(m)}
              >
                {t("inheritance.departed.assign")}
              </Button>
            ),
          },
        ]}
      />
      <Drawer
        open={assigning !== undefined}
        width={560}
        title={assigning ? t("inheritance.form.title", { name: assigning.name }) : ""}
        onClose={() => setAssigning(undefined)}
        destroyOnHidden
      >
        {assigning && (
          <TransferForm
            corpId={corpId}
            kind="resigned"
            handover={assigning.userid}
            onPlanned={(job) => {
              setAssigning(undefined);
              onPlanned(job);
            }}
          />
        )}
      </Drawer>
    </>
  );
}

function Jobs({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useApiData(() => api.inheritance.jobs(corpId));
  return (
    <>
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      <Table<TransferJob>
        data-testid="transfer-jobs"
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t("inheritance.jobs.empty") }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t("inheritance.jobs.handover"), dataIndex: "handoverName" },
          {
            title: t("inheritance.jobs.kind"),
            key: "kind",
            render: (_: unknown, j) => t(`inheritance.jobs.kinds.${j.kind}`),
          },
          {
            title: t("inheritance.jobs.mode"),
            key: "mode",
            render: (_: unknown, j) => t(`inheritance.jobs.modes.${j.mode}`),
          },
          {
            title: t("inheritance.jobs.progress"),
            key: "progress",
            render: (_: unknown, j) => {
              const open = j.customers.planned + j.customers.waiting;
              const total = j.before.customers;
              return (
                <Progress
                  size="small"
                  style={{ minWidth: 160 }}
                  percent={total === 0 ? 100 : Math.round(((total - open) / total) * 100)}
                  success={{ percent: total === 0 ? 0 : Math.round((j.customers.succeeded / total) * 100) }}
                  format={() => `${j.customers.succeeded}/${total}`}
                />
              );
            },
          },
          {
            title: t("inheritance.jobs.status"),
            key: "status",
            render: (_: unknown, j) => (
              <Tag color={j.status === "done" ? "green" : "processing"}>
                {t(`inheritance.statuses.${j.status}`)}
              </Tag>
            ),
          },
          {
            title: t("inheritance.jobs.created"),
            key: "created",
            render: (_: unknown, j) => formatDateTime(j.createdAt, language),
          },
          {
            title: "",
            key: "view",
            render: (_: unknown, j) => (
              <Button size="small" onClick={() => navigate(`${PATH}/transfers/${j.id}`)}>
                {t("inheritance.jobs.view")}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}

function JobDrawer({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id = "" } = useParams();
  const job = useApiData(() => api.inheritance.job(corpId, id));
  return (
    <Drawer
      open
      width={960}
      title={t("inheritance.detail.title", { name: job.data?.handoverName ?? "" })}
      onClose={() => navigate(`${PATH}/transfers`)}
    >
      {job.error !== undefined ? <LoadError error={job.error} onRetry={job.reload} /> : null}
      <TransferDetail corpId={corpId} jobId={id} />
    </Drawer>
  );
}

function Home({ corpId, tab }: { corpId: string; tab: TabKey }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const planned = (job: TransferJob) => navigate(`${PATH}/transfers/${job.id}`);
  const paths: Record<TabKey, string> = { departed: PATH, onjob: `${PATH}/onjob`, jobs: `${PATH}/transfers` };
  return (
    <>
      <PageTitle
        title={t("nav.pages.settings.inheritance.title")}
        description={t("nav.pages.settings.inheritance.description")}
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate(paths[k as TabKey])}
        items={[
          {
            key: "departed",
            label: t("inheritance.tabs.departed"),
            children: tab === "departed" ? <Departed corpId={corpId} onPlanned={planned} /> : null,
          },
          {
            key: "onjob",
            label: t("inheritance.tabs.onjob"),
            children:
              tab === "onjob" ? (
                <div style={{ maxWidth: 560 }}>
                  <TransferForm corpId={corpId} kind="onjob" onPlanned={planned} />
                </div>
              ) : null,
          },
          {
            key: "jobs",
            label: t("inheritance.tabs.jobs"),
            children: tab === "jobs" ? <Jobs corpId={corpId} /> : null,
          },
        ]}
      />
    </>
  );
}

export function InheritancePage() {
  return (
    <RequireCorp>
      {(corpId) => (
        <Routes key={corpId}>
          <Route index element={<Home corpId={corpId} tab="departed" />} />
          <Route path="onjob" element={<Home corpId={corpId} tab="onjob" />} />
          <Route path="transfers" element={<Home corpId={corpId} tab="jobs" />} />
          <Route
            path="transfers/:id"
            element={
              <>
                <Home corpId={corpId} tab="jobs" />
                <JobDrawer corpId={corpId} />
              </>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      )}
    </RequireCorp>
  );
}
