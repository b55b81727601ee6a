// Picks corp tags by name, grouped by tag group (as mirrored from WeCom); the value is tag ids. Ids the
// corp no longer has still show, so nothing selected silently disappears.
import { Select } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/index.ts";
import { useApiData } from "../../lib/useApiData.ts";

export function TagSelect({
  corpId,
  value,
  onChange,
  placeholder,
  id,
  style,
}: {
  corpId: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  placeholder?: string;
  id?: string;
  style?: React.CSSProperties;
}) {
  const { t } = useTranslation();
  const { data, loading } = useApiData(() => api.tags.list(corpId));
  const options = useMemo(() => {
    const groups = (data?.groups ?? []).map((g) => ({
      label: g.name,
      title: g.name,
      options: g.tags.map((tag) => ({ value: tag.id, label: tag.name, search: `${g.name} ${tag.name}` })),
    }));
    const known = new Set(groups.flatMap((g) => g.options.map((o) => o.value)));
    const unknown = (value ?? []).filter((v) => !known.has(v));
    if (unknown.length > 0 && !loading) {
      groups.push({
        label: t("tags.unknown"),
        title: t("tags.unknown"),
        options: unknown.map((v) => ({ value: v, label: v, search: v })),
      });
    }
    return groups;
  }, [data, value, loading, t]);

  return (
    <Select
      id={id}
      mode="multiple"
      allowClear
      loading={loading}
      value={value}
      onChange={onChange}
      placeholder={placeholder ?? t("tags.pick")}
      options={options}
      optionFilterProp="search"
      style={style}
      maxTagCount="responsive"
    />
  );
}
