// 设置 → 企业: the connected WeCom corps and the form to add one.
import { PlusOutlined } from "@ant-design/icons";
import { App, Button, Table } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Corp } from "../../api/index.ts";
import { useCorps } from "../../corps/CorpsContext.tsx";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";
import { CorpForm } from "./CorpForm.tsx";
import { CorpSync } from "./CorpSync.tsx";

export function CorpsPage() {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useCorps().corps;
  const [adding, setAdding] = useState(false);

  return (
    <>
      <PageTitle
        title={t("corps.title")}
        description={t("nav.pages.settings.corps.description")}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t("corps.add")}
          </Button>
        }
      />
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      <Table<Corp>
        rowKey="corpId"
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t("corps.empty") }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t("corps.name"), dataIndex: "name" },
          { title: t("corps.corpId"), dataIndex: "corpId" },
          { title: t("corps.apiBase"), dataIndex: "apiBase" },
          {
            title: t("corps.createdAt"),
            dataIndex: "createdAt",
            render: (v: string) => formatDateTime(v, language),
          },
          {
            title: t("sync.title"),
            key: "sync",
            render: (_: unknown, corp) => <CorpSync corpId={corp.corpId} />,
          },
        ]}
      />
      <CorpForm
        open={adding}
        onClose={() => setAdding(false)}
        onCreated={() => {
          setAdding(false);
          void message.success(t("corps.created"));
          reload();
        }}
      />
    </>
  );
}
