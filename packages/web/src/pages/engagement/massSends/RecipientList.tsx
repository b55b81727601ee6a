// Who a send went to, by status, a page at a time (keyset), each with their sender and the reason the
// system gave (e.g. deferred by the send gate). The first page follows the report as it fills in.
import { Button, Card, Flex, Select, Table, Tag, Typography } from "antd";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type MassRecipient, RECIPIENT_STATUSES, type RecipientStatus } from "../../../api/index.ts";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { LoadError } from "../../LoadError.tsx";
import { RECIPIENT_STATUS_COLOR } from "./report.ts";
import { useMassText } from "./useMassText.ts";

const PAGE = 50;

export function RecipientList({ corpId, id, version }: { corpId: string; id: string; version: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const gate = useMassText();
  const [status, setStatus] = useState<RecipientStatus | "">("");
  const [items, setItems] = useState<MassRecipient[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [pages, setPages] = useState(0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();
  const seq = useRef(0);

  const load = useCallback(
    (after?: string) => {
      const mine = ++seq.current;
      setLoading(true);
      api.massSends
        .recipients(corpId, id, { ...(status ? { status } : {}), ...(after ? { after } : {}), limit: PAGE })
        .then((page) => {
          if (mine !== seq.current) return;
          setItems((prev) => (after ? [...prev, ...page.items] : page.items));
          setNext(page.next);
          setPages((p) => (after ? p + 1 : 1));
          setError(undefined);
        })
        .catch((reason: unknown) => mine === seq.current && setError(reason))
        .finally(() => mine === seq.current && setLoading(false));
    },
    [corpId, id, status],
  );

  // A new filter starts over; a report update refreshes the first page unless more were loaded.
  const pagesRef = useRef(pages);
  pagesRef.current = pages;
  const loaded = useRef<string>("");
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the refresh trigger
  useEffect(() => {
    const key = `${status}`;
    if (loaded.current !== key || pagesRef.current <= 1) load();
    loaded.current = key;
  }, [status, version, load]);

  return (
    <Card
      title={t("massSends.recipientList")}
      extra={
        <Select<RecipientStatus | "">
          value={status}
          onChange={setStatus}
          style={{ width: 160 }}
          data-testid="recipient-status"
          options={[
            { value: "", label: t("massSends.allStatuses") },
            ...RECIPIENT_STATUSES.map((s) => ({ value: s, label: t(`massSends.recipientStatus.${s}`) })),
          ]}
        />
      }
    >
      {error !== undefined && <LoadError error={error} onRetry={() => load()} />}
      <Table<MassRecipient>
        size="small"
        rowKey={(r) => `${r.recipient}:${r.sender ?? ""}`}
        loading={loading && items.length === 0}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: t("massSends.noRecipients") }}
        data-testid="mass-send-recipients"
        columns={[
          {
            title: t("massSends.recipient"),
            key: "recipient",
            render: (_: unknown, r) => (
              <Flex vertical>
                <span>{r.name ?? r.recipient}</span>
                {r.name && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.recipient}
                  </Typography.Text>
                )}
              </Flex>
            ),
          },
          { title: t("massSends.sender"), dataIndex: "sender", render: (s: string | null) => s ?? "—" },
          {
            title: t("massSends.columns.status"),
            dataIndex: "status",
            render: (s: RecipientStatus) => (
              <Tag color={RECIPIENT_STATUS_COLOR[s]}>{t(`massSends.recipientStatus.${s}`)}</Tag>
            ),
          },
          {
            title: t("massSends.reason"),
            dataIndex: "reason",
            render: (reason: string | null) => (reason ? gate.reason(reason) : "—"),
          },
          {
            title: t("massSends.sentAt"),
            dataIndex: "sentAt",
            render: (at: string | null) => (at ? formatDateTime(at, language) : "—"),
          },
        ]}
      />
      {next && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button loading={loading} onClick={() => load(next)}>
            {t("massSends.loadMore")}
          </Button>
        </Flex>
      )}
    </Card>
  );
}
