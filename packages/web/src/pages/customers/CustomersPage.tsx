// 客户 → 客户列表: filters on top, a keyset-paginated table (newest first), and bulk tagging of a
// selection or of everything the filter matches, with progress that survives leaving the page.
import { DownloadOutlined, TagsOutlined } from "@ant-design/icons";
import { App, Avatar, Button, Card, Empty, Flex, Select, Space, Table, Tag, Tooltip, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, type CustomerFilter, type CustomerSummary, type Follow } from "../../api/index.ts";
import { RequireCorp } from "../../corps/RequireCorp.tsx";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";
import { BulkTagModal } from "./BulkTagModal.tsx";
import { CustomerFilters } from "./CustomerFilters.tsx";
import { customersCsv, downloadText, EXPORT_LIMIT } from "./exportCsv.ts";
import { customerPath } from "./paths.ts";
import { TagJobProgress } from "./TagJobProgress.tsx";
import { rememberedTagJob, rememberTagJob } from "./tagJobs.ts";

const PAGE_SIZES = [20, 50, 100];

export function CustomersPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle
        title={t("nav.pages.customers.list.title")}
        description={t("nav.pages.customers.list.description")}
      />
      <RequireCorp>{(corpId) => <CustomerList key={corpId} corpId={corpId} />}</RequireCorp>
    </>
  );
}

function firstAdded(follows: Follow[]): string | null {
  const dates = follows.map((f) => f.addedAt).filter((d): d is string => d !== null);
  return dates.sort()[0] ?? null;
}

function isEmptyFilter(filter: CustomerFilter): boolean {
  return Object.values(filter).every((v) => v === undefined || (Array.isArray(v) && v.length === 0));
}

function CustomerList({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [filter, setFilter] = useState<CustomerFilter>(() => ({ q: params.get("q") ?? undefined }));
  const [limit, setLimit] = useState(20);
  // Keyset paging: the cursors of the pages seen so far; cursors[i] opens page i.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [pageIndex, setPageIndex] = useState(0);
  const [selected, setSelected] = useState<string[]>([]);
  const [bulk, setBulk] = useState<{ customerIds: string[] } | { filter: CustomerFilter }>();
  const [jobId, setJobId] = useState(() => rememberedTagJob(corpId));
  const { data, error, loading, reload } = useApiData(() =>
    api.customers.list(corpId, filter, { cursor: cursors[pageIndex], limit }),
  );
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [exporting, setExporting] = useState(false);

  // Export of the current filter: every page, newest first, up to EXPORT_LIMIT rows.
  async function exportFilter() {
    setExporting(true);
    const all: CustomerSummary[] = [];
    try {
      let cursor: string | undefined;
      do {
        const page = await api.customers.list(corpId, filter, { cursor, limit: 200 });
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && all.length < EXPORT_LIMIT);
      const csv = customersCsv(all.slice(0, EXPORT_LIMIT), {
        name: t("customers.csv.name"),
        externalUserId: "external_userid",
        phones: t("customers.phone"),
        staff: t("customers.staff"),
        remarks: t("customers.remark"),
        tags: t("customers.tags"),
        channels: t("customers.channel"),
        addedAt: t("customers.addedAt"),
      });
      downloadText(`customers-${new Date().toISOString().slice(0, 10)}.csv`, csv);
      void message.success(
        all.length > EXPORT_LIMIT
          ? t("customers.csv.capped", { count: EXPORT_LIMIT })
          : t("customers.csv.done", { count: all.length }),
      );
    } catch (reason) {
      void message.error(errorText(reason));
    } finally {
      setExporting(false);
    }
  }

  function restart(next: { filter?: CustomerFilter; limit?: number }) {
    if (next.filter) setFilter(next.filter);
    if (next.limit) setLimit(next.limit);
    setCursors([undefined]);
    setPageIndex(0);
    reload();
  }

  function goNext() {
    if (!data?.nextCursor) return;
    setCursors((c) => [...c.slice(0, pageIndex + 1), data.nextCursor ?? undefined]);
    setPageIndex((i) => i + 1);
    reload();
  }

  function goPrevious() {
    setPageIndex((i) => Math.max(0, i - 1));
    reload();
  }

  function startedJob(id: string) {
    setBulk(undefined);
    setSelected([]);
    setJobId(id);
    rememberTagJob(corpId, id);
  }

  const items = data?.items ?? [];
  const nothingYet = !loading && !error && items.length === 0 && pageIndex === 0 && isEmptyFilter(filter);

  return (
    <>
      {jobId && (
        <TagJobProgress
          corpId={corpId}
          jobId={jobId}
          onFinished={reload}
          onClose={() => {
            setJobId(undefined);
            rememberTagJob(corpId, undefined);
          }}
        />
      )}
      <CustomerFilters corpId={corpId} initial={filter} onApply={(f) => restart({ filter: f })} />
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      {nothingYet ? (
        <Card>
          <Empty
            description={
              <>
                <Typography.Title level={5}>{t("customers.emptyTitle")}</Typography.Title>
                <Typography.Text type="secondary">{t("customers.emptyText")}</Typography.Text>
              </>
            }
          >
            <Space>
              <Button type="primary" onClick={() => navigate("/settings/corps")}>
                {t("customers.goSync")}
              </Button>
              <Button onClick={() => navigate("/acquisition/live-codes")}>
                {t("customers.goLiveCodes")}
              </Button>
            </Space>
          </Empty>
        </Card>
      ) : (
        <>
          <Table<CustomerSummary>
            rowKey="id"
            loading={loading}
            dataSource={items}
            pagination={false}
            locale={{ emptyText: t("customers.noMatch") }}
            rowSelection={{
              selectedRowKeys: selected,
              preserveSelectedRowKeys: true,
              onChange: (keys) => setSelected(keys.map(String)),
            }}
            columns={[
              {
                title: t("customers.customer"),
                key: "name",
                render: (_: unknown, c) => (
                  <Space>
                    <Avatar style={{ background: c.gender === 2 ? "#eb2f96" : "#1677ff" }}>
                      {c.name.slice(0, 1)}
                    </Avatar>
                    <Space direction="vertical" size={0}>
                      <Link to={customerPath(c.id)}>{c.name || c.externalUserId}</Link>
                      {c.corpName && <Typography.Text type="secondary">{c.corpName}</Typography.Text>}
                    </Space>
                  </Space>
                ),
              },
              {
                title: t("customers.staff"),
                key: "follows",
                render: (_: unknown, c) => (
                  <Space direction="vertical" size={0}>
                    {c.follows.map((f) => (
                      <Typography.Text
                        key={f.userid}
                        type={f.status === "active" ? undefined : "secondary"}
                        delete={f.status.startsWith("deleted")}
                      >
                        {f.memberName ?? f.userid}
                        {f.remark && <Typography.Text type="secondary"> · {f.remark}</Typography.Text>}
                      </Typography.Text>
                    ))}
                  </Space>
                ),
              },
              {
                title: t("customers.tags"),
                key: "tags",
                render: (_: unknown, c) => {
                  const tags = new Map(c.follows.flatMap((f) => f.tags.map((tag) => [tag.id, tag])));
                  return (
                    <Space size={[4, 4]} wrap>
                      {[...tags.values()].map((tag) => (
                        <Tooltip key={tag.id} title={tag.groupName}>
                          <Tag>{tag.name}</Tag>
                        </Tooltip>
                      ))}
                    </Space>
                  );
                },
              },
              {
                title: t("customers.channel"),
                key: "state",
                render: (_: unknown, c) =>
                  [...new Set(c.follows.map((f) => f.state).filter(Boolean))].join("、") || "—",
              },
              {
                title: t("customers.phone"),
                key: "phones",
                render: (_: unknown, c) => c.phones.join("、") || "—",
              },
              {
                title: t("customers.addedAt"),
                key: "addedAt",
                render: (_: unknown, c) => formatDateTime(firstAdded(c.follows), language),
              },
            ]}
          />
          <Flex justify="space-between" align="center" wrap gap={12} style={{ marginTop: 16 }}>
            <Space wrap>
              <Button
                icon={<TagsOutlined />}
                disabled={selected.length === 0}
                onClick={() => setBulk({ customerIds: selected })}
              >
                {t("customers.bulkSelected", { count: selected.length })}
              </Button>
              <Button
                icon={<TagsOutlined />}
                disabled={items.length === 0}
                onClick={() => setBulk({ filter })}
              >
                {t("customers.bulkFilter")}
              </Button>
              <Button
                icon={<DownloadOutlined />}
                loading={exporting}
                disabled={items.length === 0}
                onClick={() => void exportFilter()}
              >
                {t("customers.csv.export")}
              </Button>
              {selected.length > 0 && (
                <Button type="link" onClick={() => setSelected([])}>
                  {t("customers.clearSelection")}
                </Button>
              )}
            </Space>
            <Space>
              <Typography.Text type="secondary">{t("customers.pageN", { n: pageIndex + 1 })}</Typography.Text>
              <Button disabled={pageIndex === 0 || loading} onClick={goPrevious}>
                {t("customers.previous")}
              </Button>
              <Button disabled={!data?.nextCursor || loading} onClick={goNext}>
                {t("customers.next")}
              </Button>
              <Select
                value={limit}
                onChange={(v) => restart({ limit: v })}
                options={PAGE_SIZES.map((n) => ({ value: n, label: t("customers.perPage", { n }) }))}
                aria-label={t("customers.pageSize")}
              />
            </Space>
          </Flex>
        </>
      )}
      {bulk && (
        <BulkTagModal
          corpId={corpId}
          target={bulk}
          onClose={() => setBulk(undefined)}
          onStarted={startedJob}
        />
      )}
    </>
  );
}
