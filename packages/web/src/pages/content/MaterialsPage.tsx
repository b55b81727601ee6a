// 内容 → 素材库: images, videos and files kept by Siyu; welcome messages (and later mass sends) pick from here.
import { UploadOutlined } from "@ant-design/icons";
import { Alert, App, Button, Image, Popconfirm, Segmented, Space, Table, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Material, type MaterialKind } from "../../api/index.ts";
import { RequireCorp } from "../../corps/RequireCorp.tsx";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";

export function MaterialsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle
        title={t("nav.pages.content.materials.title")}
        description={t("nav.pages.content.materials.description")}
      />
      <RequireCorp>{(corpId) => <Materials key={corpId} corpId={corpId} />}</RequireCorp>
    </>
  );
}

const size = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;

function Materials({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [kind, setKind] = useState<MaterialKind | "all">("all");
  const { data, error, loading, reload } = useApiData(() =>
    api.materials.list(corpId, kind === "all" ? {} : { kind }),
  );
  const [uploading, setUploading] = useState(false);

  async function upload(file: File) {
    setUploading(true);
    try {
      const m = await api.materials.upload(corpId, file);
      void message.success(t("materials.uploaded", { name: m.name }));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    } finally {
      setUploading(false);
    }
  }

  async function remove(m: Material) {
    try {
      await api.materials.remove(corpId, m.id);
      void message.success(t("materials.deleted"));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Alert type="info" showIcon message={t("materials.limits")} />
      <Space wrap>
        <Segmented
          value={kind}
          onChange={(v) => {
            setKind(v as MaterialKind | "all");
            reload();
          }}
          options={[
            { value: "all", label: t("materials.all") },
            ...(["image", "video", "file"] as const).map((k) => ({
              value: k,
              label: t(`materials.kinds.${k}`),
            })),
          ]}
        />
        <Upload
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={uploading}>
            {t("materials.upload")}
          </Button>
        </Upload>
      </Space>
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      <Table<Material>
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t("materials.empty") }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t("materials.preview"),
            key: "preview",
            width: 96,
            render: (_v, m) =>
              m.kind === "image" ? (
                <Image
                  width={64}
                  height={64}
                  style={{ objectFit: "cover" }}
                  src={api.materials.contentUrl(corpId, m.id)}
                  alt={m.name}
                />
              ) : (
                t(`materials.kinds.${m.kind}`)
              ),
          },
          {
            title: t("materials.name"),
            dataIndex: "name",
            render: (name: string, m) => (
              <a href={api.materials.contentUrl(corpId, m.id)} target="_blank" rel="noreferrer">
                {name}
              </a>
            ),
          },
          {
            title: t("materials.kind"),
            dataIndex: "kind",
            render: (k: MaterialKind) => t(`materials.kinds.${k}`),
          },
          { title: t("materials.size"), dataIndex: "size", render: size },
          {
            title: t("materials.createdAt"),
            dataIndex: "createdAt",
            render: (v: string) => formatDateTime(v, language),
          },
          {
            title: t("common.actions"),
            key: "actions",
            render: (_v, m) => (
              <Popconfirm title={t("materials.deleteConfirm")} onConfirm={() => remove(m)}>
                <Button size="small" danger>
                  {t("common.delete")}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Space>
  );
}
