// 触达 → 跟进计划: follow-up tasks per member (what to say to whom by when, closed with the customer's response)
// and the response-time SLA per member with its breaches (/engagement/follow-ups, /sla).
import { Tabs } from "antd";
import { useTranslation } from "react-i18next";
import { Route, Routes, useNavigate } from "react-router";
import { RequireCorp } from "../../../corps/RequireCorp.tsx";
import { NotFoundPage } from "../../NotFoundPage.tsx";
import { PageTitle } from "../../PageTitle.tsx";
import { FollowupTasks } from "./FollowupTasks.tsx";
import { SlaReport } from "./SlaReport.tsx";

const PATH = "/engagement/follow-ups";

function FollowupsHome({ corpId, tab }: { corpId: string; tab: "tasks" | "sla" }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <PageTitle
        title={t("nav.pages.engagement.followUps.title")}
        description={t("nav.pages.engagement.followUps.description")}
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate(k === "sla" ? `${PATH}/sla` : PATH)}
        items={[
          {
            key: "tasks",
            label: t("followups.tabs.tasks"),
            children: tab === "tasks" ? <FollowupTasks corpId={corpId} /> : null,
          },
          {
            key: "sla",
            label: t("followups.tabs.sla"),
            children: tab === "sla" ? <SlaReport corpId={corpId} /> : null,
          },
        ]}
      />
    </>
  );
}

export function FollowupsPage() {
  return (
    <RequireCorp>
      {(corpId) => (
        <Routes key={corpId}>
          <Route index element={<FollowupsHome corpId={corpId} tab="tasks" />} />
          <Route path="sla" element={<FollowupsHome corpId={corpId} tab="sla" />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      )}
    </RequireCorp>
  );
}
