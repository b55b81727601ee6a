// The WeCom task of each sender: whether the member has confirmed it, how many of their recipients got it,
// and how often they were reminded; reminding and cancelling act on every member who has not confirmed.
import { Button, Card, Popconfirm, Space, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { MassSendSender, MassSendView } from "../../../api/index.ts";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { canCancel, canRemind, REMIND_LIMIT, SENDER_STATUS_COLOR } from "./report.ts";

export function SenderTable({
  view,
  busy,
  onRemind,
  onCancel,
}: {
  view: MassSendView;
  busy: "remind" | "cancel" | undefined;
  onRemind: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const n = (v: number) => v.toLocaleString(language);
  return (
    <Card
      title={t("massSends.senders")}
      style={{ marginBottom: 16 }}
      extra={
        <Space>
          <Button
            disabled={!canRemind(view)}
            loading={busy === "remind"}
            onClick={onRemind}
            data-testid="mass-send-remind"
          >
            {t("massSends.remind")}
          </Button>
          <Popconfirm
            title={t("massSends.cancelConfirm")}
            okText={t("massSends.cancel")}
            cancelText={t("common.close")}
            okButtonProps={{ danger: true }}
            onConfirm={onCancel}
            disabled={!canCancel(view)}
          >
            <Button
              danger
              disabled={!canCancel(view)}
              loading={busy === "cancel"}
              data-testid="mass-send-cancel"
            >
              {t("massSends.cancel")}
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      <Table<MassSendSender>
        size="small"
        rowKey="sender"
        dataSource={view.senders}
        locale={{ emptyText: t("massSends.noSenders") }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="mass-send-senders"
        columns={[
          {
            title: t("massSends.sender"),
            key: "sender",
            render: (_: unknown, s) =>
              s.name && s.name !== s.sender ? `${s.name}（${s.sender}）` : s.sender,
          },
          {
            title: t("massSends.columns.status"),
            dataIndex: "status",
            render: (status: MassSendSender["status"]) => (
              <Tag color={SENDER_STATUS_COLOR[status]}>{t(`massSends.senderStatus.${status}`)}</Tag>
            ),
          },
          { title: t("massSends.recipients"), dataIndex: "recipients", align: "right", render: n },
          { title: t("massSends.sentCount"), dataIndex: "sent", align: "right", render: n },
          {
            title: t("massSends.reminded"),
            dataIndex: "remindedTimes",
            align: "right",
            render: (times: number) => `${times} / ${REMIND_LIMIT}`,
          },
        ]}
      />
    </Card>
  );
}
