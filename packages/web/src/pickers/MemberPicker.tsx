// Picks directory members (staff) by name or userid, searching the server as the user types. One member
// or several; members who are not active show why and cannot be newly chosen. When the directory has not
// been synced (or the member is new), a typed userid can still be used as it is.
import { Flex, Select, Tag, Typography } from "antd";
import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import { api, type Member } from "../api/index.ts";
import { type SearchPage, useRemoteSearch } from "./useRemoteSearch.ts";

const USERID = /^[A-Za-z0-9_.@-]{1,64}$/;

interface Common {
  corpId: string;
  id?: string;
  placeholder?: string;
  /** Offer the typed text as a userid when the directory does not list it (default true). */
  allowFree?: boolean;
  disabled?: boolean;
  style?: CSSProperties;
  "aria-label"?: string;
}
type Props =
  | (Common & { multiple?: false; value?: string; onChange?: (value: string | undefined) => void })
  | (Common & { multiple: true; value?: string[]; onChange?: (value: string[]) => void });

interface Option {
  value: string;
  label: string;
  disabled?: boolean;
  member?: Member;
  free?: boolean;
}

export function memberLabel(m: Pick<Member, "name" | "userid">): string {
  return m.name && m.name !== m.userid ? `${m.name}（${m.userid}）` : m.userid;
}

export function MemberPicker(props: Props) {
  const { t } = useTranslation();
  const { corpId, allowFree = true } = props;
  const selected = props.multiple ? (props.value ?? []) : props.value ? [props.value] : [];
  const remote = useRemoteSearch<Member>({
    scope: corpId,
    selected,
    keyOf: (m) => m.userid,
    search: async (q): Promise<SearchPage<Member>> => ({
      items: (await api.members.list(corpId, { ...(q ? { q } : {}), limit: 20 })).items,
    }),
    resolve: async (ids) => (await api.members.list(corpId, { ids, limit: 100 })).items,
  });

  const options: Option[] = remote.results.map((m) => ({
    value: m.userid,
    label: memberLabel(m),
    member: m,
    disabled: m.status !== "active" && !selected.includes(m.userid),
  }));
  const listed = new Set(options.map((o) => o.value));
  for (const userid of selected) {
    if (listed.has(userid)) continue;
    const m = remote.known(userid);
    options.unshift({ value: userid, label: m ? memberLabel(m) : userid, ...(m ? { member: m } : {}) });
    listed.add(userid);
  }
  // Offered once the directory has answered for the typed text and does not list it — not while a search is on
  // its way, whose answer would change the list under the pointer.
  const typed = remote.query.trim();
  if (allowFree && typed && remote.answered && USERID.test(typed) && !listed.has(typed)) {
    options.push({ value: typed, label: typed, free: true });
  }

  const statusTag = (m: Member) =>
    m.status === "active" ? null : (
      <Tag color={m.status === "left" ? "red" : "default"}>{t(`pickers.memberStatus.${m.status}`)}</Tag>
    );

  const common = {
    id: props.id,
    "aria-label": props["aria-label"],
    disabled: props.disabled,
    style: props.style,
    allowClear: true,
    loading: remote.loading,
    placeholder: props.placeholder ?? t("pickers.memberPlaceholder"),
    options,
    showSearch: {
      filterOption: false as const,
      searchValue: remote.query,
      onSearch: remote.setQuery,
      autoClearSearchValue: true,
    },
    onOpenChange: (open: boolean) => open && remote.activate(),
    onFocus: remote.activate,
    notFoundContent: remote.loading
      ? t("common.loading")
      : remote.error !== undefined
        ? t("pickers.searchFailed")
        : t("pickers.noMembers"),
    optionRender: (option: { data: Option }) => {
      const { member, free, value } = option.data;
      if (free) return <span data-testid="member-free">{t("pickers.useUserid", { userid: value })}</span>;
      if (!member) return value;
      const departments = member.departments
        .map((d) => d.name ?? t("pickers.departmentN", { id: d.id }))
        .join("、");
      return (
        <Flex justify="space-between" gap={8}>
          <span>
            {memberLabel(member)} {statusTag(member)}
          </span>
          <Typography.Text type="secondary" ellipsis style={{ maxWidth: "45%" }}>
            {departments}
          </Typography.Text>
        </Flex>
      );
    },
  };

  if (props.multiple) {
    const { onChange } = props;
    return (
      <Select<string[], Option>
        {...common}
        mode="multiple"
        value={props.value ?? []}
        onChange={(v) => {
          remote.setQuery("");
          onChange?.(v);
        }}
        maxTagCount="responsive"
      />
    );
  }
  const { onChange } = props;
  return (
    <Select<string | undefined, Option>
      {...common}
      value={props.value || undefined}
      onChange={(v) => {
        remote.setQuery("");
        onChange?.(v ?? undefined);
      }}
    />
  );
}
