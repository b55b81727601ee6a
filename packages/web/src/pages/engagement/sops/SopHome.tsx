// The SOP page: the SOPs (what fires when, task counts) and, on the second tab, the tasks per owner.
import { PlusOutlined } from "@ant-design/icons";
import { Button, Tabs } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { PageTitle } from "../../PageTitle.tsx";
import { SOP_TASKS_PATH, SOPS_PATH } from "./paths.ts";
import { SopList } from "./SopList.tsx";
import { SopTasks } from "./SopTasks.tsx";

export function SopHome({ corpId, tab }: { corpId: string; tab: "sops" | "tasks" }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <PageTitle
        title={t("nav.pages.engagement.sop.title")}
        description={t("nav.pages.engagement.sop.description")}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`${SOPS_PATH}/new`)}>
            {t("sops.create")}
          </Button>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate(k === "tasks" ? SOP_TASKS_PATH : SOPS_PATH)}
        items={[
          {
            key: "sops",
            label: t("sops.tabs.sops"),
            children: tab === "sops" ? <SopList corpId={corpId} /> : null,
          },
          {
            key: "tasks",
            label: t("sops.tabs.tasks"),
            children: tab === "tasks" ? <SopTasks corpId={corpId} /> : null,
          },
        ]}
      />
    </>
  );
}
