// Picks any of the corp's materials (image, video or file) for a mass send; the value is the material id.
import { Select, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { api, type MaterialKind } from "../../../api/index.ts";
import { useApiData } from "../../../lib/useApiData.ts";

const KIND_COLOR: Record<MaterialKind, string> = { image: "blue", video: "purple", file: "default" };

export function MaterialPicker({
  corpId,
  kind,
  value,
  onChange,
  id,
}: {
  corpId: string;
  /** Only materials of this kind (a mini program's cover is an image). */
  kind?: MaterialKind;
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const { data, loading } = useApiData(() => api.materials.list(corpId, kind ? { kind } : {}));
  return (
    <Select
      id={id}
      allowClear
      showSearch
      optionFilterProp="label"
      loading={loading}
      placeholder={t("massSends.materialPlaceholder")}
      value={value}
      onChange={(v) => onChange?.(v)}
      options={(data?.items ?? []).map((m) => ({ value: m.id, label: m.name, kind: m.kind }))}
      optionRender={(option) => (
        <span>
          <Tag color={KIND_COLOR[option.data.kind]}>{t(`massSends.materialKinds.${option.data.kind}`)}</Tag>
          {option.data.label}
        </span>
      )}
    />
  );
}
