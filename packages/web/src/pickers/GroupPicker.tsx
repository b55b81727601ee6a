// Picks customer groups (客户群) by name, searching the server as the user types and loading more as the
// list scrolls (keyset pages). The value is chat ids in the order chosen; dismissed groups cannot be newly
// chosen, and a group chosen earlier keeps its name even when no search returns it.
import { Flex, Select, Tag, Typography } from "antd";
import type { CSSProperties, UIEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, type CustomerGroup } from "../api/index.ts";
import { useRemoteSearch } from "./useRemoteSearch.ts";

interface Option {
  value: string;
  label: string;
  disabled?: boolean;
  group?: CustomerGroup;
}

export function GroupPicker({
  corpId,
  value,
  onChange,
  max,
  owner,
  id,
  placeholder,
  style,
  "aria-label": ariaLabel,
}: {
  corpId: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  /** The most groups that may be chosen. */
  max?: number;
  /** Only groups this member owns. */
  owner?: string;
  id?: string;
  placeholder?: string;
  style?: CSSProperties;
  "aria-label"?: string;
}) {
  const { t } = useTranslation();
  const selected = value ?? [];
  const nameOf = (g: CustomerGroup) => g.name || t("pickers.unnamedGroup");
  const remote = useRemoteSearch<CustomerGroup>({
    scope: `${corpId}:${owner ?? ""}`,
    selected,
    keyOf: (g) => g.chatId,
    search: async (q, after) => {
      const page = await api.groups.list(corpId, {
        ...(q ? { q } : {}),
        ...(owner ? { owner } : {}),
        ...(after ? { after } : {}),
        dismissed: "false",
        limit: 20,
      });
      return { items: page.items, next: page.nextAfter };
    },
    resolve: async (ids) => (await api.groups.list(corpId, { ids, limit: 100 })).items,
  });

  const options: Option[] = remote.results.map((g) => ({
    value: g.chatId,
    label: nameOf(g),
    group: g,
    disabled: g.dismissed && !selected.includes(g.chatId),
  }));
  const listed = new Set(options.map((o) => o.value));
  for (const chatId of selected) {
    if (listed.has(chatId)) continue;
    const g = remote.known(chatId);
    options.unshift({ value: chatId, label: g ? nameOf(g) : chatId, ...(g ? { group: g } : {}) });
  }

  function onPopupScroll(e: UIEvent<HTMLDivElement>) {
    const el = e.currentTarget;
    if (remote.hasMore && el.scrollTop + el.clientHeight >= el.scrollHeight - 32) remote.loadMore();
  }

  return (
    <Select<string[], Option>
      id={id}
      aria-label={ariaLabel}
      mode="multiple"
      allowClear
      style={style}
      value={selected}
      onChange={(v) => {
        remote.setQuery("");
        onChange?.(v);
      }}
      {...(max ? { maxCount: max } : {})}
      loading={remote.loading}
      placeholder={placeholder ?? t("pickers.groupPlaceholder")}
      options={options}
      showSearch={{
        filterOption: false,
        searchValue: remote.query,
        onSearch: remote.setQuery,
        autoClearSearchValue: true,
      }}
      onOpenChange={(open) => open && remote.activate()}
      onFocus={remote.activate}
      onPopupScroll={onPopupScroll}
      notFoundContent={
        remote.loading
          ? t("common.loading")
          : remote.error !== undefined
            ? t("pickers.searchFailed")
            : t("pickers.noGroups")
      }
      optionRender={(option) => {
        const g = option.data.group;
        if (!g) return option.data.value;
        return (
          <Flex justify="space-between" gap={8} data-testid={`group-option-${g.chatId}`}>
            <span>
              {nameOf(g)} {g.dismissed && <Tag color="red">{t("pickers.dismissed")}</Tag>}
            </span>
            <Typography.Text type="secondary">
              {t("pickers.groupMeta", { owner: g.ownerName ?? g.owner ?? "—", count: g.memberCount })}
            </Typography.Text>
          </Flex>
        );
      }}
    />
  );
}
