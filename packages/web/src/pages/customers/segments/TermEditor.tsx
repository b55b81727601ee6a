// One condition row's value editor: a picker per term kind (tags, stages, channels, staff, stores, cities, dates,
// numbers). Lists of names are picked by id; cities, categories and activities may also be typed.
import { DatePicker, InputNumber, Select, Space } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import type { CatalogItem, Comparison, SegmentPickers, SegmentTerm } from "../../../api/index.ts";
import { dayStart, localDay, nextDay } from "./model.ts";

const CMPS: Comparison[] = [">=", ">", "=", "<", "<="];

function itemOptions(items: CatalogItem[]) {
  return items.map((i) => ({
    value: i.id,
    label: i.detail ? `${i.name}（${i.detail}）` : i.name,
    search: `${i.name} ${i.detail ?? ""} ${i.id}`,
  }));
}

export function TermEditor({
  term,
  pickers,
  onChange,
}: {
  term: SegmentTerm;
  pickers: SegmentPickers | undefined;
  onChange: (t: SegmentTerm) => void;
}) {
  const { t } = useTranslation();
  const multi = (items: CatalogItem[], value: string[], set: (v: string[]) => void, testId: string) => (
    <Select
      mode="multiple"
      style={{ minWidth: 260 }}
      value={value}
      onChange={set}
      options={itemOptions(items)}
      optionFilterProp="search"
      placeholder={t("segments.incomplete")}
      data-testid={testId}
    />
  );
  const free = (known: string[], value: string[], set: (v: string[]) => void, testId: string) => (
    <Select
      mode="tags"
      style={{ minWidth: 260 }}
      value={value}
      onChange={set}
      options={known.map((k) => ({ value: k, label: k }))}
      placeholder={t("segments.incomplete")}
      data-testid={testId}
    />
  );
  const cmp = (value: Comparison, set: (c: Comparison) => void) => (
    <Select
      style={{ width: 80 }}
      value={value}
      onChange={set}
      options={CMPS.map((c) => ({ value: c, label: c }))}
    />
  );
  const p = pickers;
  switch (term.term) {
    case "tag":
      return (
        <Space>
          <Select
            style={{ width: 120 }}
            value={term.match}
            onChange={(match) => onChange({ ...term, match })}
            options={[
              { value: "any", label: t("segments.match.any") },
              { value: "all", label: t("segments.match.all") },
            ]}
          />
          {multi(p?.tags ?? [], term.tagIds, (tagIds) => onChange({ ...term, tagIds }), "term-tags")}
        </Space>
      );
    case "stage":
      return multi(p?.stages ?? [], term.stages, (stages) => onChange({ ...term, stages }), "term-stages");
    case "channel":
      return multi(
        p?.channels ?? [],
        term.states,
        (states) => onChange({ ...term, states }),
        "term-channels",
      );
    case "staff":
      return multi(p?.staff ?? [], term.userids, (userids) => onChange({ ...term, userids }), "term-staff");
    case "store":
      return multi(
        p?.stores ?? [],
        term.storeIds,
        (storeIds) => onChange({ ...term, storeIds }),
        "term-stores",
      );
    case "city":
      return free(p?.cities ?? [], term.cities, (cities) => onChange({ ...term, cities }), "term-cities");
    case "category":
      return free(
        p?.categories ?? [],
        term.categories,
        (categories) => onChange({ ...term, categories }),
        "term-categories",
      );
    case "activity":
      return free(
        p?.activities ?? [],
        term.activities,
        (activities) => onChange({ ...term, activities }),
        "term-activities",
      );
    case "added": {
      const from = term.from ? dayjs(localDay(term.from)) : null;
      const to = term.to ? dayjs(localDay(new Date(Date.parse(term.to) - 1).toISOString())) : null;
      return (
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          value={[from, to]}
          onChange={(range) => {
            const next: SegmentTerm = { term: "added" };
            const a = range?.[0];
            const b = range?.[1];
            if (a) next.from = dayStart(a.format("YYYY-MM-DD"));
            if (b) next.to = dayStart(nextDay(b.format("YYYY-MM-DD")));
            onChange(next);
          }}
        />
      );
    }
    case "lastOrder":
      return (
        <Space>
          <span>≤</span>
          <InputNumber
            min={0}
            max={36500}
            precision={0}
            value={term.days}
            onChange={(v) => onChange({ ...term, days: v ?? 0 })}
            data-testid="term-days"
          />
          <span>{t("segments.withinDays")}</span>
        </Space>
      );
    case "orderCount":
      return (
        <Space>
          {cmp(term.cmp, (c) => onChange({ ...term, cmp: c }))}
          <InputNumber
            min={0}
            precision={0}
            value={term.value}
            onChange={(v) => onChange({ ...term, value: v ?? 0 })}
            data-testid="term-number"
          />
        </Space>
      );
    case "totalSpent":
      return (
        <Space>
          {cmp(term.cmp, (c) => onChange({ ...term, cmp: c }))}
          <InputNumber
            min={0}
            precision={2}
            step={10}
            value={term.valueCents / 100}
            onChange={(v) => onChange({ ...term, valueCents: Math.round((v ?? 0) * 100) })}
            data-testid="term-money"
          />
        </Space>
      );
  }
}
