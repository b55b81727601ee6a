// 引流获客 → 门店活码 (区域活码): the stores, the store codes with their QR, and the 千店千群 report as tabs
// (/acquisition/store-codes?tab=…), and the store form (/stores/new, /stores/:id/edit).
import { Tabs } from "antd";
import { useTranslation } from "react-i18next";
import { Route, Routes, useSearchParams } from "react-router";
import { RequireCorp } from "../../corps/RequireCorp.tsx";
import { NotFoundPage } from "../NotFoundPage.tsx";
import { PageTitle } from "../PageTitle.tsx";
import type { StoreTab } from "./stores/paths.ts";
import { StoreCodePanel } from "./stores/StoreCodePanel.tsx";
import { StoreEditor } from "./stores/StoreEditor.tsx";
import { StoreList } from "./stores/StoreList.tsx";
import { StoreReportPanel } from "./stores/StoreReportPanel.tsx";

const TABS: StoreTab[] = ["stores", "codes", "report"];

function StoresHome({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const asked = params.get("tab") as StoreTab | null;
  const tab: StoreTab = asked && TABS.includes(asked) ? asked : "stores";
  return (
    <>
      <PageTitle
        title={t("nav.pages.acquisition.storeCodes.title")}
        description={t("nav.pages.acquisition.storeCodes.description")}
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={[
          { key: "stores", label: t("stores.tab"), children: <StoreList corpId={corpId} /> },
          { key: "codes", label: t("storeCodes.tab"), children: <StoreCodePanel corpId={corpId} /> },
          { key: "report", label: t("storeReport.tab"), children: <StoreReportPanel corpId={corpId} /> },
        ]}
      />
    </>
  );
}

export function StoreCodesPage() {
  return (
    <RequireCorp>
      {(corpId) => (
        <Routes key={corpId}>
          <Route index element={<StoresHome corpId={corpId} />} />
          <Route path="stores/new" element={<StoreEditor corpId={corpId} />} />
          <Route path="stores/:id/edit" element={<StoreEditor corpId={corpId} />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      )}
    </RequireCorp>
  );
}
