// The filters above the customer list: search (name, remark, phone), tags, staff, channel and the
// period the customer was added in. Applied on "search"; the list asks the API with them.
import { AutoComplete, Button, DatePicker, Flex, Input } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type CustomerFilter } from "../../api/index.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { TagSelect } from "./TagSelect.tsx";

export function CustomerFilters({
  corpId,
  initial,
  onApply,
}: {
  corpId: string;
  initial: CustomerFilter;
  onApply: (filter: CustomerFilter) => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState(initial.q ?? "");
  const [tags, setTags] = useState<string[]>(initial.tag ?? []);
  const [staff, setStaff] = useState(initial.staff ?? "");
  const [state, setState] = useState(initial.state ?? "");
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const liveCodes = useApiData(() => api.liveCodes.list(corpId));
  const channels = (liveCodes.data?.items ?? []).map((c) => ({
    value: c.state,
    label: `${c.name} (${c.state})`,
  }));

  function apply(next: { q?: string } = {}) {
    const [from, to] = range ?? [null, null];
    onApply({
      q: (next.q ?? q).trim() || undefined,
      tag: tags.length > 0 ? tags : undefined,
      staff: staff.trim() || undefined,
      state: state.trim() || undefined,
      addedFrom: from ? from.startOf("day").toISOString() : undefined,
      addedTo: to ? to.add(1, "day").startOf("day").toISOString() : undefined,
    });
  }

  function reset() {
    setQ("");
    setTags([]);
    setStaff("");
    setState("");
    setRange(null);
    onApply({});
  }

  return (
    <Flex gap={12} wrap style={{ marginBottom: 16 }}>
      <Input.Search
        allowClear
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={(value) => apply({ q: value })}
        placeholder={t("customers.searchPlaceholder")}
        aria-label={t("customers.search")}
        style={{ width: 260 }}
      />
      <TagSelect
        corpId={corpId}
        value={tags}
        onChange={setTags}
        placeholder={t("customers.filterTags")}
        style={{ minWidth: 220 }}
      />
      <Input
        allowClear
        value={staff}
        onChange={(e) => setStaff(e.target.value)}
        placeholder={t("customers.filterStaff")}
        aria-label={t("customers.filterStaff")}
        style={{ width: 160 }}
      />
      <AutoComplete
        allowClear
        value={state}
        onChange={(v: string | undefined) => setState(v ?? "")}
        options={channels}
        placeholder={t("customers.filterChannel")}
        aria-label={t("customers.filterChannel")}
        style={{ width: 200 }}
        filterOption={(input, option) =>
          String(option?.label ?? "")
            .toLowerCase()
            .includes(input.toLowerCase())
        }
      />
      <DatePicker.RangePicker
        value={range}
        onChange={(v) => setRange(v)}
        placeholder={[t("customers.addedFrom"), t("customers.addedTo")]}
      />
      <Button type="primary" onClick={() => apply()}>
        {t("customers.applyFilters")}
      </Button>
      <Button onClick={reset}>{t("customers.resetFilters")}</Button>
    </Flex>
  );
}
