// One mass send: its status and settings, the report filling in as results are pulled (the page asks again
// every few seconds while it is sending; "refresh" pulls from WeCom now), the senders' tasks with remind and
// cancel, and the recipients by status.
import { ReloadOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Descriptions, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { api, type MassSendView } from "../../../api/index.ts";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";
import { LoadError } from "../../LoadError.tsx";
import { PageTitle } from "../../PageTitle.tsx";
import { MASS_SENDS_PATH } from "./paths.ts";
import { RecipientList } from "./RecipientList.tsx";
import { ReportCard } from "./ReportCard.tsx";
import { isMoving, STATUS_COLOR } from "./report.ts";
import { SenderTable } from "./SenderTable.tsx";
import { TargetText } from "./TargetText.tsx";
import { useMassSend } from "./useMassSend.ts";
import { useMassText } from "./useMassText.ts";
import { useSegments } from "./useSegmentNames.ts";

export function MassSendDetail({ corpId }: { corpId: string }) {
  const { id = "" } = useParams();
  const { view, error, reload, replace } = useMassSend(corpId, id);
  if (!view && error !== undefined) return <LoadError error={error} onRetry={reload} />;
  if (!view) return <Card loading />;
  return <Detail corpId={corpId} view={view} pollError={error} onReload={reload} onView={replace} />;
}

function Detail({
  corpId,
  view,
  pollError,
  onReload,
  onView,
}: {
  corpId: string;
  view: MassSendView;
  pollError: unknown;
  onReload: () => void;
  onView: (v: MassSendView) => void;
}) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const gate = useMassText();
  const segments = useSegments(corpId);
  const [busy, setBusy] = useState<"refresh" | "remind" | "cancel">();

  async function act(kind: "refresh" | "remind" | "cancel") {
    setBusy(kind);
    try {
      if (kind === "remind") {
        const { reminded } = await api.massSends.remind(corpId, view.id);
        void message.success(t("massSends.remindDone", { count: reminded }));
        onReload();
      } else {
        onView(await api.massSends[kind](corpId, view.id));
        void message.success(t(kind === "refresh" ? "massSends.refreshed" : "massSends.cancelled"));
      }
    } catch (reason) {
      void message.error(errorText(reason));
    } finally {
      setBusy(undefined);
    }
  }

  const moving = isMoving(view, Date.now());
  const attachments = view.content.attachments.length;

  return (
    <>
      <PageTitle
        title={view.name}
        description={t("massSends.detailDescription")}
        extra={
          <Space>
            <Button onClick={() => navigate(MASS_SENDS_PATH)}>{t("massSends.backToList")}</Button>
            <Button
              type="primary"
              icon={<ReloadOutlined />}
              loading={busy === "refresh"}
              onClick={() => act("refresh")}
              data-testid="mass-send-refresh"
            >
              {t("massSends.refresh")}
            </Button>
          </Space>
        }
      />
      {pollError !== undefined && <LoadError error={pollError} onRetry={onReload} />}
      {view.status === "paused" && view.pausedReason && (
        <Alert
          type="warning"
          showIcon
          title={t("massSends.pausedBecause", { reason: gate.reason(view.pausedReason) })}
          style={{ marginBottom: 16 }}
        />
      )}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t("massSends.columns.status")}>
            <Space>
              <Tag color={STATUS_COLOR[view.status]} data-testid="mass-send-status">
                {t(`massSends.status.${view.status}`)}
              </Tag>
              {moving && <Typography.Text type="secondary">{t("massSends.live")}</Typography.Text>}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t("massSends.columns.target")}>
            <TargetText target={view.target} segments={segments.byId} />
          </Descriptions.Item>
          <Descriptions.Item label={t("massSends.columns.scheduledAt")}>
            {view.scheduledAt ? formatDateTime(view.scheduledAt, language) : t("massSends.immediately")}
          </Descriptions.Item>
          <Descriptions.Item label={t("massSends.onQuota")}>
            {view.onQuota === "drop" ? t("massSends.onQuotaDrop") : t("massSends.onQuotaDefer")}
          </Descriptions.Item>
          <Descriptions.Item label={t("massSends.createdAt")}>
            {formatDateTime(view.createdAt, language)}
          </Descriptions.Item>
          <Descriptions.Item label={t("massSends.attachments", { count: attachments, max: 9 })}>
            {view.content.attachments.map((a, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: attachments have no id and never reorder here
              <Tag key={i}>{a.kind === "material" ? t("massSends.kinds.material") : a.title}</Tag>
            ))}
            {attachments === 0 && "—"}
          </Descriptions.Item>
          <Descriptions.Item label={t("massSends.text")} span={2}>
            <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>
              {view.content.text || "—"}
            </Typography.Paragraph>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <ReportCard report={view.report} />
      <SenderTable
        view={view}
        busy={busy === "refresh" ? undefined : busy}
        onRemind={() => act("remind")}
        onCancel={() => act("cancel")}
      />
      <RecipientList corpId={corpId} id={view.id} version={`${view.report.updatedAt ?? ""}:${view.status}`} />
    </>
  );
}
