// Progress of a bulk tag job, polled once a second while it runs; a stopped job says why and can resume.
import { Alert, App, Button, Progress, Space, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type TagJob } from "../../api/index.ts";
import { useErrorText } from "../../lib/useErrorText.ts";

const POLL_MS = 1000;

export function TagJobProgress({
  corpId,
  jobId,
  onClose,
  onFinished,
}: {
  corpId: string;
  jobId: string;
  onClose: () => void;
  onFinished: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [job, setJob] = useState<TagJob>();
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation restarts polling after a resume
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await api.tags.job(corpId, jobId);
        if (!live) return;
        setJob(next);
        setError(undefined);
        if (next.status === "pending" || next.status === "running") timer = setTimeout(poll, POLL_MS);
        else if (next.status === "done") onFinished();
      } catch (reason) {
        if (live) setError(reason);
      }
    };
    void poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [corpId, jobId, generation]);

  async function resume() {
    try {
      await api.tags.resumeJob(corpId, jobId);
      setGeneration((g) => g + 1);
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  if (error !== undefined) {
    return (
      <Alert
        type="error"
        showIcon
        title={errorText(error)}
        closable
        onClose={onClose}
        style={{ marginBottom: 16 }}
      />
    );
  }
  if (!job) return null;
  const percent = job.total === 0 ? 100 : Math.floor(((job.done + job.failed) / job.total) * 100);
  const running = job.status === "pending" || job.status === "running";
  return (
    <Alert
      type={job.status === "failed" ? "error" : running ? "info" : "success"}
      showIcon
      closable={!running}
      onClose={onClose}
      style={{ marginBottom: 16 }}
      title={t(`customers.job.${job.status}`)}
      description={
        <Space direction="vertical" style={{ width: "100%" }}>
          <Progress
            percent={percent}
            status={job.status === "failed" ? "exception" : running ? "active" : "success"}
            data-testid="tag-job-progress"
          />
          <Typography.Text type="secondary">
            {t("customers.job.counts", { done: job.done, total: job.total, failed: job.failed })}
          </Typography.Text>
          {job.error && <Typography.Text type="danger">{job.error}</Typography.Text>}
          {job.status === "failed" && (
            <Button size="small" onClick={() => void resume()}>
              {t("customers.job.resume")}
            </Button>
          )}
        </Space>
      }
    />
  );
}
