// The group live codes of the current corp: a search on top, each code's groups and joins so far, and an
// empty state that says how to start.
import { PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Empty, Flex, Input, Popconfirm, Space, Table, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, type GroupCode } from "../../api/index.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { useGroups } from "../../pickers/useGroups.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";

function matches(code: GroupCode, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  return [code.name, code.state, code.remark ?? ""].some((v) => v.toLowerCase().includes(needle));
}

export function GroupCodeList({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data, error, loading, reload } = useApiData(() => api.groupCodes.list(corpId));
  const [search, setSearch] = useState("");
  const items = data?.items ?? [];
  const shown = useMemo(() => items.filter((c) => matches(c, search)), [items, search]);
  const groups = useGroups(
    corpId,
    items.flatMap((c) => c.chats.map((chat) => chat.chatId)),
  );

  async function remove(code: GroupCode) {
    try {
      await api.groupCodes.remove(corpId, code.id);
      void message.success(t("groupCodes.deleted"));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  const create = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate("new")}>
      {t("groupCodes.create")}
    </Button>
  );

  return (
    <>
      <PageTitle
        title={t("nav.pages.acquisition.groupCodes.title")}
        description={t("nav.pages.acquisition.groupCodes.description")}
        extra={create}
      />
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      {!loading && !error && items.length === 0 ? (
        <Card>
          <Empty
            description={
              <>
                <Typography.Title level={5}>{t("groupCodes.emptyTitle")}</Typography.Title>
                <Typography.Text type="secondary">{t("groupCodes.emptyText")}</Typography.Text>
              </>
            }
          >
            {create}
          </Empty>
        </Card>
      ) : (
        <>
          <Flex gap={12} wrap style={{ marginBottom: 16 }}>
            <Input.Search
              allowClear
              placeholder={t("groupCodes.searchPlaceholder")}
              style={{ width: 280 }}
              onSearch={setSearch}
              onChange={(e) => setSearch(e.target.value)}
            />
          </Flex>
          <Table<GroupCode>
            rowKey="id"
            loading={loading}
            dataSource={shown}
            locale={{ emptyText: t("groupCodes.noMatch") }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              {
                title: t("groupCodes.name"),
                dataIndex: "name",
                render: (name: string, code) => (
                  <Space direction="vertical" size={0}>
                    <Link to={code.id}>{name}</Link>
                    <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
                      {code.state}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                title: t("groupCodes.groups"),
                key: "groups",
                render: (_: unknown, code) => (
                  <Space size={[4, 4]} wrap>
                    {code.chats.map((c) => {
                      const g = groups.get(c.chatId);
                      return (
                        <Tag key={c.chatId} color={c.origin === "auto" ? "gold" : undefined}>
                          {g ? g.name || t("pickers.unnamedGroup") : c.chatId}
                        </Tag>
                      );
                    })}
                  </Space>
                ),
              },
              {
                title: t("groupCodes.joinsTotal"),
                dataIndex: "joinsTotal",
                align: "right",
                render: (n: number, code) => <span data-testid={`group-code-joins-${code.id}`}>{n}</span>,
              },
              {
                title: t("groupCodes.autoCreate"),
                dataIndex: "autoCreateRoom",
                render: (on: boolean) => (on ? t("groupCodes.on") : t("groupCodes.off")),
              },
              {
                title: t("groupCodes.createdAt"),
                dataIndex: "createdAt",
                render: (at: string) => formatDateTime(at, language),
              },
              {
                title: t("common.actions"),
                key: "actions",
                render: (_: unknown, code) => (
                  <Space>
                    <Button size="small" onClick={() => navigate(`${code.id}/edit`)}>
                      {t("common.edit")}
                    </Button>
                    <Popconfirm
                      title={t("groupCodes.deleteConfirm")}
                      okText={t("common.delete")}
                      cancelText={t("common.cancel")}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => remove(code)}
                    >
                      <Button size="small" danger>
                        {t("common.delete")}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        </>
      )}
    </>
  );
}
