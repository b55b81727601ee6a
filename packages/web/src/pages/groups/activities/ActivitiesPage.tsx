// 客户群 → 群活动: check-ins, lotteries and red-packet campaigns (list, figures, pause/end), the rewards they
// handed out (to mark handed over), and the editor for a new one (/groups/activities, /rewards, /new).
import { PlusOutlined } from "@ant-design/icons";
import { Button, Tabs } from "antd";
import { useTranslation } from "react-i18next";
import { Route, Routes, useNavigate } from "react-router";
import { RequireCorp } from "../../../corps/RequireCorp.tsx";
import { NotFoundPage } from "../../NotFoundPage.tsx";
import { PageTitle } from "../../PageTitle.tsx";
import { RewardsTable } from "../../rewards/RewardsTable.tsx";
import { ActivityEditor } from "./ActivityEditor.tsx";
import { ActivityList } from "./ActivityList.tsx";
import { ACTIVITIES_PATH } from "./paths.ts";

function ActivitiesHome({ corpId, tab }: { corpId: string; tab: "list" | "rewards" }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <PageTitle
        title={t("nav.pages.groups.activities.title")}
        description={t("nav.pages.groups.activities.description")}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`${ACTIVITIES_PATH}/new`)}>
            {t("groupActivities.create")}
          </Button>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate(k === "rewards" ? `${ACTIVITIES_PATH}/rewards` : ACTIVITIES_PATH)}
        items={[
          {
            key: "list",
            label: t("groupActivities.tabs.list"),
            children: tab === "list" ? <ActivityList corpId={corpId} /> : null,
          },
          {
            key: "rewards",
            label: t("groupActivities.tabs.rewards"),
            children: tab === "rewards" ? <RewardsTable corpId={corpId} filter={{}} /> : null,
          },
        ]}
      />
    </>
  );
}

export function ActivitiesPage() {
  return (
    <RequireCorp>
      {(corpId) => (
        <Routes key={corpId}>
          <Route index element={<ActivitiesHome corpId={corpId} tab="list" />} />
          <Route path="rewards" element={<ActivitiesHome corpId={corpId} tab="rewards" />} />
          <Route path="new" element={<ActivityEditor corpId={corpId} />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      )}
    </RequireCorp>
  );
}
