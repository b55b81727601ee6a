// The live codes of the current corp, paged on the server (keyset): filters on top, today's numbers,
// enable/disable in place, and an empty state that says how to start.
import { PlusOutlined } from "@ant-design/icons";
import {
  App,
  Badge,
  Button,
  Card,
  Empty,
  Flex,
  Input,
  Popconfirm,
  Segmented,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, type LiveCode } from "../../api/index.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";

type StatusFilter = "all" | "enabled" | "disabled";
const PAGE_SIZE = 20;

export function LiveCodeList({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<StatusFilter>("all");
  // Keyset paging on the server: the cursors of the pages seen so far; cursors[i] opens page i.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [pageIndex, setPageIndex] = useState(0);
  const { data, error, loading, reload } = useApiData(() =>
    api.liveCodes.list(corpId, {
      ...(search.trim() ? { q: search.trim() } : {}),
      ...(status === "all" ? {} : { enabled: status === "enabled" ? "true" : "false" }),
      ...(cursors[pageIndex] ? { after: cursors[pageIndex] } : {}),
      limit: PAGE_SIZE,
    }),
  );
  const [toggling, setToggling] = useState<string>();
  const items = data?.items ?? [];
  const filtered = search.trim() !== "" || status !== "all";

  function restart(next: { search?: string; status?: StatusFilter }) {
    if (next.search !== undefined) setSearch(next.search);
    if (next.status !== undefined) setStatus(next.status);
    setCursors([undefined]);
    setPageIndex(0);
    reload();
  }

  function goNext() {
    if (!data?.nextAfter) return;
    setCursors((c) => [...c.slice(0, pageIndex + 1), data.nextAfter ?? undefined]);
    setPageIndex((i) => i + 1);
    reload();
  }

  function goPrevious() {
    setPageIndex((i) => Math.max(0, i - 1));
    reload();
  }

  async function setEnabled(code: LiveCode, enabled: boolean) {
    setToggling(code.id);
    try {
      await api.liveCodes.update(corpId, code.id, { enabled });
      void message.success(enabled ? t("liveCodes.enabledDone") : t("liveCodes.disabledDone"));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    } finally {
      setToggling(undefined);
    }
  }

  async function remove(code: LiveCode) {
    try {
      await api.liveCodes.remove(corpId, code.id);
      void message.success(t("liveCodes.deleted"));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  const create = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate("new")}>
      {t("liveCodes.create")}
    </Button>
  );

  return (
    <>
      <PageTitle
        title={t("nav.pages.acquisition.liveCodes.title")}
        description={t("nav.pages.acquisition.liveCodes.description")}
        extra={create}
      />
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      {!loading && !error && items.length === 0 && !filtered && pageIndex === 0 ? (
        <Card>
          <Empty
            description={
              <>
                <Typography.Title level={5}>{t("liveCodes.emptyTitle")}</Typography.Title>
                <Typography.Text type="secondary">{t("liveCodes.emptyText")}</Typography.Text>
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
              placeholder={t("liveCodes.searchPlaceholder")}
              style={{ width: 280 }}
              defaultValue={search}
              onSearch={(value) => restart({ search: value })}
              onChange={(e) => e.target.value === "" && restart({ search: "" })}
            />
            <Segmented<StatusFilter>
              value={status}
              onChange={(value) => restart({ status: value })}
              options={[
                { value: "all", label: t("liveCodes.filterAll") },
                { value: "enabled", label: t("liveCodes.filterEnabled") },
                { value: "disabled", label: t("liveCodes.filterDisabled") },
              ]}
            />
          </Flex>
          <Table<LiveCode>
            rowKey="id"
            loading={loading}
            dataSource={items}
            locale={{ emptyText: t("liveCodes.noMatch") }}
            pagination={false}
            columns={[
              {
                title: t("liveCodes.name"),
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
                title: t("liveCodes.staff"),
                key: "staff",
                render: (_: unknown, code) => (
                  <Space size={[4, 4]} wrap>
                    {code.staff.map((s) => (
                      <Tag
                        key={s.userid}
                        color={code.routing.offeredUsers.includes(s.userid) ? "blue" : undefined}
                      >
                        {s.userid}
                      </Tag>
                    ))}
                    {code.backupStaff.length > 0 && (
                      <Typography.Text type="secondary">
                        {t("liveCodes.backupCount", { count: code.backupStaff.length })}
                      </Typography.Text>
                    )}
                  </Space>
                ),
              },
              {
                title: t("liveCodes.strategy"),
                dataIndex: "strategy",
                render: (s: LiveCode["strategy"]) => t(`liveCodes.strategies.${s}`),
              },
              {
                title: t("liveCodes.todayAdds"),
                key: "today",
                align: "right",
                render: (_: unknown, code) => (
                  <Tooltip
                    title={t("liveCodes.todayTip", {
                      deletes: code.today.deletesByCustomer,
                      net: code.today.net,
                    })}
                  >
                    <span data-testid={`today-adds-${code.id}`}>{code.today.adds}</span>
                  </Tooltip>
                ),
              },
              {
                title: t("liveCodes.wecomSync"),
                key: "routing",
                render: (_: unknown, code) =>
                  code.routing.lastSyncError ? (
                    <Tooltip title={code.routing.lastSyncError}>
                      <Badge status="error" text={t("liveCodes.syncFailed")} />
                    </Tooltip>
                  ) : code.routing.syncPending ? (
                    <Badge status="processing" text={t("liveCodes.syncPending")} />
                  ) : (
                    <Badge status="success" text={t("liveCodes.synced")} />
                  ),
              },
              {
                title: t("liveCodes.enabled"),
                dataIndex: "enabled",
                render: (enabled: boolean, code) => (
                  <Switch
                    checked={enabled}
                    loading={toggling === code.id}
                    aria-label={t("liveCodes.enabled")}
                    onChange={(next) => void setEnabled(code, next)}
                  />
                ),
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
                      title={t("liveCodes.deleteConfirm")}
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
          {(pageIndex > 0 || data?.nextAfter) && (
            <Flex justify="flex-end" align="center" gap={8} style={{ marginTop: 16 }}>
              <Typography.Text type="secondary">{t("customers.pageN", { n: pageIndex + 1 })}</Typography.Text>
              <Button disabled={pageIndex === 0 || loading} onClick={goPrevious}>
                {t("customers.previous")}
              </Button>
              <Button disabled={!data?.nextAfter || loading} onClick={goNext}>
                {t("customers.next")}
              </Button>
            </Flex>
          )}
        </>
      )}
    </>
  );
}
