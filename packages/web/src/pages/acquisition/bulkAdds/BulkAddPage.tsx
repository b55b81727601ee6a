// 引流获客 → 批量加好友 (A5): import a phone list, see the lists' progress, and the daily add tasks per member.
import { Alert } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../api/index.ts";
import { RequireCorp } from "../../../corps/RequireCorp.tsx";
import { useApiData } from "../../../lib/useApiData.ts";
import { PageTitle } from "../../PageTitle.tsx";
import { BulkAddImportCard } from "./BulkAddImportCard.tsx";
import { BulkAddListsCard } from "./BulkAddListsCard.tsx";
import { BulkAddTasksCard } from "./BulkAddTasksCard.tsx";

export function BulkAddPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle
        title={t("nav.pages.acquisition.bulkAdd.title")}
        description={t("nav.pages.acquisition.bulkAdd.description")}
      />
      <RequireCorp>{(corpId) => <BulkAdds key={corpId} corpId={corpId} />}</RequireCorp>
    </>
  );
}

function BulkAdds({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const settings = useApiData(() => api.accountHealth.settings(corpId));
  const [version, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);
  return (
    <>
      <Alert
        type="info"
        showIcon
        title={t("bulkAdds.intro", { days: settings.data?.taskExpiryDays ?? 3 })}
        style={{ marginBottom: 16 }}
      />
      <BulkAddImportCard corpId={corpId} onImported={bump} />
      <BulkAddListsCard corpId={corpId} version={version} />
      <BulkAddTasksCard corpId={corpId} version={version} onChanged={bump} />
    </>
  );
}
