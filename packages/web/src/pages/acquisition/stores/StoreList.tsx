// The corp's stores: search, city and status filters, each store's staff, groups and customers, whether it is
// open now, its staff and group QR codes, edit and delete; an empty state that says where to start.
import { PlusOutlined, QrcodeOutlined } from "@ant-design/icons";
import {
  App,
  Badge,
  Button,
  Card,
  Empty,
  Flex,
  Image,
  Input,
  Popconfirm,
  Popover,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { api, type Store } from "../../../api/index.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";
import { LoadError } from "../../LoadError.tsx";
import { editStorePath, NEW_STORE_PATH } from "./paths.ts";
import { StoreImport } from "./StoreImport.tsx";

type StatusFilter = "all" | "open" | "closed";

function matches(s: Store, search: string, city: string | undefined, status: StatusFilter): boolean {
  if (city && s.city !== city) return false;
  if (status !== "all" && s.status !== status) return false;
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  return [
    s.name,
    s.city,
    s.district ?? "",
    s.address ?? "",
    ...s.staff.map((m) => `${m.name ?? ""} ${m.userid}`),
  ]
    .join(" ")
    .toLowerCase()
    .includes(needle);
}

export function StoreList({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data, error, loading, reload } = useApiData(() => api.stores.list(corpId));
  const [search, setSearch] = useState("");
  const [city, setCity] = useState<string>();
  const [status, setStatus] = useState<StatusFilter>("all");
  const items = data?.items ?? [];
  const cities = useMemo(() => [...new Set(items.map((s) => s.city))].sort(), [items]);
  const shown = useMemo(
    () => items.filter((s) => matches(s, search, city, status)),
    [items, search, city, status],
  );

  async function remove(store: Store) {
    try {
      await api.stores.remove(corpId, store.id);
      void message.success(t("stores.deleted"));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  const create = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(NEW_STORE_PATH)}>
      {t("stores.create")}
    </Button>
  );

  if (error !== undefined) return <LoadError error={error} onRetry={reload} />;
  if (!loading && items.length === 0) {
    return (
      <Card>
        <Empty
          description={
            <>
              <Typography.Title level={5}>{t("stores.emptyTitle")}</Typography.Title>
              <Typography.Text type="secondary">{t("stores.emptyText")}</Typography.Text>
            </>
          }
        >
          <Space direction="vertical">
            {create}
            <StoreImport corpId={corpId} onDone={reload} />
          </Space>
        </Empty>
      </Card>
    );
  }

  const qr = (store: Store, kind: "staff" | "group") => (
    <Space direction="vertical" align="center">
      <Image
        src={api.stores.qrUrl(corpId, store.id, kind)}
        width={180}
        preview={false}
        alt={t(kind === "staff" ? "stores.staffQr" : "stores.groupQr")}
      />
      <Button size="small" href={`${api.stores.qrUrl(corpId, store.id, kind)}&download=1`} download>
        {t("stores.downloadPng")}
      </Button>
    </Space>
  );

  return (
    <>
      <Flex gap={12} wrap justify="space-between" style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap>
          <Input.Search
            allowClear
            placeholder={t("stores.searchPlaceholder")}
            style={{ width: 260 }}
            onSearch={setSearch}
            onChange={(e) => setSearch(e.target.value)}
          />
          <Select
            allowClear
            placeholder={t("stores.allCities")}
            style={{ width: 160 }}
            value={city}
            onChange={setCity}
            options={cities.map((c) => ({ value: c, label: c }))}
          />
          <Segmented<StatusFilter>
            value={status}
            onChange={setStatus}
            options={[
              { value: "all", label: t("stores.filterAll") },
              { value: "open", label: t("stores.statuses.open") },
              { value: "closed", label: t("stores.statuses.closed") },
            ]}
          />
        </Flex>
        <Space>
          <StoreImport corpId={corpId} onDone={reload} />
          {create}
        </Space>
      </Flex>
      <Table<Store>
        rowKey="id"
        loading={loading}
        dataSource={shown}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 960 }}
        columns={[
          {
            title: t("stores.name"),
            key: "name",
            render: (_v, s) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{s.name}</Typography.Text>
                <Typography.Text type="secondary">
                  {[s.district, s.address].filter(Boolean).join(" ") || "—"}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t("stores.city"), dataIndex: "city", key: "city", width: 100 },
          {
            title: t("stores.status"),
            key: "status",
            width: 120,
            render: (_v, s) =>
              s.status === "closed" ? (
                <Badge status="default" text={t("stores.statuses.closed")} />
              ) : s.openNow ? (
                <Badge status="success" text={t("stores.openNow")} />
              ) : (
                <Badge status="warning" text={t("stores.outsideHours")} />
              ),
          },
          {
            title: t("stores.staff"),
            key: "staff",
            render: (_v, s) => (
              <Space size={[4, 4]} wrap>
                {s.staff.map((m) => (
                  <Tag key={m.userid}>{m.name || m.userid}</Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t("stores.groups"),
            key: "groups",
            render: (_v, s) =>
              s.groups.length === 0 ? (
                <Typography.Text type="secondary">—</Typography.Text>
              ) : (
                <Space size={[4, 4]} wrap>
                  {s.groups.map((g) => (
                    <Tag key={g.chatId} color="blue">
                      {g.name || g.chatId}
                      {g.memberCount !== null ? ` · ${g.memberCount}` : ""}
                    </Tag>
                  ))}
                </Space>
              ),
          },
          {
            title: t("stores.customers"),
            dataIndex: "customers",
            key: "customers",
            width: 90,
            align: "right",
          },
          {
            title: t("common.actions"),
            key: "actions",
            width: 240,
            render: (_v, s) => (
              <Space size={0} wrap>
                <Popover content={qr(s, "staff")} title={t("stores.staffQr")} trigger="click">
                  <Button type="link" icon={<QrcodeOutlined />} disabled={!s.qrCode}>
                    {t("stores.staffQrShort")}
                  </Button>
                </Popover>
                {s.joinQrCode && (
                  <Popover content={qr(s, "group")} title={t("stores.groupQr")} trigger="click">
                    <Button type="link">{t("stores.groupQrShort")}</Button>
                  </Popover>
                )}
                <Button type="link" onClick={() => navigate(editStorePath(s.id))}>
                  {t("common.edit")}
                </Button>
                <Popconfirm title={t("stores.deleteConfirm", { name: s.name })} onConfirm={() => remove(s)}>
                  <Button type="link" danger>
                    {t("common.delete")}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
