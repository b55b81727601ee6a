// The imported phone lists with their progress.
import { Card, Table } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { api, type BulkAddList } from "../../../api/index.ts";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { LoadError } from "../../LoadError.tsx";

export function BulkAddListsCard({ corpId, version }: { corpId: string; version: number }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { data, error, loading, reload } = useApiData(() => api.bulkAdds.lists(corpId));
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the reload trigger
  useEffect(() => {
    if (version > 0) reload();
  }, [version]);
  return (
    <Card title={t("bulkAdds.listsTitle")} style={{ marginBottom: 16 }}>
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      <Table<BulkAddList>
        data-testid="bulk-lists"
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t("bulkAdds.emptyLists") }}
        columns={[
          { title: t("bulkAdds.listName"), dataIndex: "name" },
          { title: t("bulkAdds.added"), dataIndex: "added", width: 90 },
          { title: t("bulkAdds.alreadyFriends"), dataIndex: "alreadyFriends", width: 100 },
          {
            title: t("bulkAdds.progress"),
            key: "progress",
            render: (_: unknown, l) => t("bulkAdds.progressText", { ...l.leads }),
          },
          {
            title: t("bulkAdds.createdAt"),
            dataIndex: "createdAt",
            width: 170,
            render: (v: string) => formatDateTime(v, language),
          },
        ]}
      />
    </Card>
  );
}
