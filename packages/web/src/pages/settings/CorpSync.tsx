// One corp's sync with WeCom in the corps table: "sync now", the running run's phase and counts
// (polled while it runs, so the page can be left and come back to), and how the last run ended.
import { SyncOutlined } from "@ant-design/icons";
import { App, Button, Popover, Progress, Space, Typography } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { api, type SyncRun } from "../../api/index.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";

const POLL_MS = 1000;
const PHASES = ["directory", "tags", "customers", "groups", "sweep", "done"];
const COUNTS = ["members", "tags", "customers", "relations", "groups"];

function Counts({ run }: { run: SyncRun }) {
  const { t } = useTranslation();
  const repairs = Object.entries(run.repairs).filter(([, n]) => n > 0);
  return (
    <Space direction="vertical" size={2}>
      {COUNTS.filter((k) => run.progress[k] !== undefined).map((k) => (
        <Typography.Text key={k}>
          {t(`sync.counts.${k}`)}: {run.progress[k]}
        </Typography.Text>
      ))}
      {repairs.length > 0 && (
        <Typography.Text type="secondary">
          {t("sync.repairs", { count: repairs.reduce((sum, [, n]) => sum + n, 0) })}
        </Typography.Text>
      )}
      {run.error && <Typography.Text type="danger">{run.error}</Typography.Text>}
    </Space>
  );
}

export function CorpSync({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data, reload } = useApiData(() => api.sync.status(corpId));
  const current = data?.current ?? null;
  const last = data?.runs[0];

  useEffect(() => {
    if (!current) return;
    const timer = setTimeout(reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [current, reload]);

  async function start(resume: boolean) {
    try {
      await api.sync.start(corpId, resume ? { resume: true } : { kind: "full" });
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  if (current) {
    const step = Math.max(0, PHASES.indexOf(current.phase));
    return (
      <Popover content={<Counts run={current} />} title={t("sync.running")}>
        <Space direction="vertical" size={0} style={{ minWidth: 180 }} data-testid={`sync-${corpId}`}>
          <Typography.Text>
            <SyncOutlined spin /> {t(`sync.phases.${current.phase}`, { defaultValue: current.phase })}
          </Typography.Text>
          <Progress percent={Math.round((step / (PHASES.length - 1)) * 100)} size="small" status="active" />
          {current.progress.customers !== undefined && (
            <Typography.Text type="secondary">
              {t("sync.counts.customers")}: {current.progress.customers}
            </Typography.Text>
          )}
        </Space>
      </Popover>
    );
  }

  return (
    <Space direction="vertical" size={2} data-testid={`sync-${corpId}`}>
      <Space>
        <Button size="small" icon={<SyncOutlined />} onClick={() => void start(false)}>
          {t("sync.now")}
        </Button>
        {last?.status === "failed" && (
          <Button size="small" onClick={() => void start(true)}>
            {t("sync.resume")}
          </Button>
        )}
      </Space>
      {last ? (
        <Popover content={<Counts run={last} />} title={t(`sync.kinds.${last.kind}`)}>
          <Typography.Text type={last.status === "failed" ? "danger" : "secondary"}>
            {t(`sync.last.${last.status}`, {
              at: formatDateTime(last.finishedAt ?? last.createdAt, language),
            })}
            {last.status === "done" && last.progress.customers !== undefined
              ? ` · ${t("sync.counts.customers")} ${last.progress.customers}`
              : ""}
          </Typography.Text>
        </Popover>
      ) : (
        <Typography.Text type="secondary">{t("sync.never")}</Typography.Text>
      )}
    </Space>
  );
}
