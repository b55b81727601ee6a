// Picks one of the corp's materials of a kind, or uploads a new one on the spot; the value is the material id.
import { UploadOutlined } from "@ant-design/icons";
import { App, Button, Select, Space, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type MaterialKind } from "../../api/index.ts";
import { useCorps } from "../../corps/CorpsContext.tsx";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";

export const ACCEPT: Record<MaterialKind, string> = {
  image: "image/png,image/jpeg",
  video: "video/mp4",
  file: "*/*",
};

export function MaterialSelect({
  kind,
  value,
  onChange,
  id,
}: {
  kind: MaterialKind;
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const corpId = useCorps().current?.corpId ?? "";
  const { data, reload } = useApiData(() => api.materials.list(corpId, { kind }));
  const [uploading, setUploading] = useState(false);

  async function upload(file: File) {
    setUploading(true);
    try {
      const m = await api.materials.upload(corpId, file);
      reload();
      onChange?.(m.id);
      void message.success(t("materials.uploaded", { name: m.name }));
    } catch (reason) {
      void message.error(errorText(reason));
    } finally {
      setUploading(false);
    }
  }

  return (
    <Space.Compact style={{ width: "100%" }}>
      <Select
        id={id}
        allowClear
        showSearch
        optionFilterProp="label"
        placeholder={t("materials.choose")}
        value={value}
        onChange={(v) => onChange?.(v)}
        options={(data?.items ?? []).map((m) => ({ value: m.id, label: m.name }))}
      />
      <Upload
        accept={ACCEPT[kind]}
        showUploadList={false}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={uploading}>
          {t("materials.upload")}
        </Button>
      </Upload>
    </Space.Compact>
  );
}
