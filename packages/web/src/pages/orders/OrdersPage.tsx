// 客户 → 订单: import order exports (presets per platform or a generic mapping) and browse the corp's orders,
// each linked to its customer when bound (by unionid, then phone).
import { Button, Card, Empty, Input, Select, Space, Table, Tag, Tooltip } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, type Order, type OrderFilter } from "../../api/index.ts";
import { RequireCorp } from "../../corps/RequireCorp.tsx";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { customerPath } from "../customers/paths.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";
import { yuan } from "./money.ts";
import { OrderImportCard } from "./OrderImportCard.tsx";

export const STATUS_COLOR: Record<Order["status"], string> = {
  paid: "green",
  refunded: "orange",
  cancelled: "default",
  pending: "gold",
};

export function OrdersPage() {
  return <RequireCorp>{(corpId) => <Orders key={corpId} corpId={corpId} />}</RequireCorp>;
}

function Orders({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<OrderFilter>({});
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const { data, error, loading, reload } = useApiData(() => api.orders.list(corpId, filter, { cursor }));
  const refilter = (f: OrderFilter) => {
    setFilter(f);
    setCursors([]);
    setTimeout(reload);
  };
  return (
    <>
      <PageTitle
        title={t("nav.pages.customers.orders.title")}
        description={t("nav.pages.customers.orders.description")}
      />
      <OrderImportCard corpId={corpId} onImported={() => refilter({ ...filter })} />
      <Card title={t("orders.listTitle")}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t("orders.searchPlaceholder")}
            onSearch={(q) => refilter({ ...filter, q: q || undefined })}
            style={{ width: 220 }}
          />
          <Select
            allowClear
            placeholder={t("orders.filterStatus")}
            style={{ width: 160 }}
            onChange={(status?: Order["status"]) => refilter({ ...filter, status })}
            options={(["paid", "refunded", "cancelled", "pending"] as const).map((s) => ({
              value: s,
              label: t(`orders.statuses.${s}`),
            }))}
          />
          <Select
            allowClear
            placeholder={t("orders.filterBound")}
            style={{ width: 180 }}
            onChange={(bound?: "yes" | "no") => refilter({ ...filter, bound })}
            options={[
              { value: "yes", label: t("orders.bound_yes") },
              { value: "no", label: t("orders.bound_no") },
            ]}
          />
        </Space>
        {error !== undefined ? (
          <LoadError error={error} onRetry={reload} />
        ) : (
          <>
            <OrderTable orders={data?.items ?? []} loading={loading} />
            <Space style={{ marginTop: 12 }}>
              <Button
                disabled={cursors.length === 0}
                onClick={() => {
                  setCursors((c) => c.slice(0, -1));
                  setTimeout(reload);
                }}
              >
                {t("customers.previous")}
              </Button>
              <Button
                disabled={!data?.nextCursor}
                onClick={() => {
                  if (data?.nextCursor) setCursors((c) => [...c, data.nextCursor!]);
                  setTimeout(reload);
                }}
              >
                {t("customers.next")}
              </Button>
            </Space>
          </>
        )}
      </Card>
    </>
  );
}

export function OrderTable({
  orders,
  loading,
  showCustomer = true,
}: {
  orders: Order[];
  loading?: boolean;
  showCustomer?: boolean;
}) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  return (
    <Table<Order>
      rowKey="id"
      size="small"
      loading={loading}
      pagination={false}
      dataSource={orders}
      scroll={{ x: true }}
      data-testid="orders-table"
      locale={{
        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("orders.emptyText")} />,
      }}
      columns={[
        { title: t("orders.orderNo"), dataIndex: "orderNo" },
        { title: t("orders.source"), dataIndex: "source", render: (s: string) => <Tag>{s}</Tag> },
        ...(showCustomer
          ? [
              {
                title: t("orders.customer"),
                dataIndex: "customerId",
                render: (id: string | null, o: Order) =>
                  id ? (
                    <Tooltip title={o.boundBy ? t(`orders.boundBy.${o.boundBy}`) : undefined}>
                      <Link to={customerPath(id)}>{o.customerName || id}</Link>
                    </Tooltip>
                  ) : (
                    <Tooltip title={o.phone ?? o.buyerName ?? undefined}>
                      <span style={{ color: "#999" }}>{t("orders.unbound")}</span>
                    </Tooltip>
                  ),
              },
            ]
          : []),
        {
          title: t("orders.amount"),
          dataIndex: "amountCents",
          align: "right" as const,
          render: (c: number) => yuan(c),
        },
        {
          title: t("orders.status"),
          dataIndex: "status",
          render: (s: Order["status"], o: Order) => (
            <Tooltip title={o.sourceStatus}>
              <Tag color={STATUS_COLOR[s]}>{t(`orders.statuses.${s}`)}</Tag>
            </Tooltip>
          ),
        },
        {
          title: t("orders.items"),
          dataIndex: "items",
          render: (items: Order["items"]) => items.map((i) => i.name).join("、") || "—",
        },
        {
          title: t("orders.orderedAt"),
          dataIndex: "orderedAt",
          render: (v: string) => formatDateTime(v, language),
        },
      ]}
    />
  );
}
