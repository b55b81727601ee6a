// One message line: status (pause/resume), version, customers on / through / off it, each step with how many wait
// for it and how many messages it planned or skipped, enrolling a saved segment and enrolling customers by hand.
import { App, Button, Card, Descriptions, Flex, Input, Space, Statistic, Table } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, type JourneyStep } from "../../../api/index.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";
import { LoadError } from "../../LoadError.tsx";
import { PageTitle } from "../../PageTitle.tsx";
import { LineSegment } from "./LineSegment.tsx";
import { LineStatusTag } from "./LineStatusTag.tsx";
import { LINES_PATH } from "./linePaths.ts";
import { timingLabel } from "./lineSteps.ts";

export function LineDetail({ corpId }: { corpId: string }) {
  const id = useParams().id as string;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data: line, error, reload } = useApiData(() => api.journeys.get(corpId, id));
  const [ids, setIds] = useState("");
  const [busy, setBusy] = useState(false);

  async function act(run: () => Promise<string>) {
    setBusy(true);
    try {
      void message.success(await run());
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    } finally {
      setBusy(false);
    }
  }

  const toggle = () =>
    act(async () => {
      const next = line?.status === "active" ? "paused" : "active";
      await api.journeys.setStatus(corpId, id, next);
      return t(next === "paused" ? "journeys.paused" : "journeys.resumed");
    });

  const enroll = () =>
    act(async () => {
      const list = ids
        .split(/\s+/)
        .map((s) => s.trim())
        .filter(Boolean);
      const r = await api.journeys.enroll(corpId, id, list);
      setIds("");
      const text = t("journeys.enrolled", { enrolled: r.enrolled, already: r.already });
      return r.unknown.length > 0 ? `${text}；${t("journeys.unknown", { ids: r.unknown.join(", ") })}` : text;
    });

  return (
    <>
      <PageTitle
        title={line?.name ?? ""}
        extra={
          <Space>
            <Link to={LINES_PATH}>{t("journeys.backToList")}</Link>
            {line && (
              <>
                <Link to="steps">
                  <Button>{t("journeys.editSteps")}</Button>
                </Link>
                <Button onClick={toggle} loading={busy} data-testid="line-toggle">
                  {t(line.status === "active" ? "journeys.pause" : "journeys.resume")}
                </Button>
              </>
            )}
          </Space>
        }
      />
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      {line && (
        <>
          <Card style={{ marginBottom: 16 }}>
            <Descriptions
              size="small"
              items={[
                {
                  key: "status",
                  label: t("journeys.status"),
                  children: <LineStatusTag status={line.status} />,
                },
                { key: "version", label: t("journeys.version"), children: line.version },
                {
                  key: "exit",
                  label: t("journeys.exitOnOrder"),
                  children: line.exitOnOrder ? "✓" : "—",
                },
              ]}
            />
            <Flex gap={48} style={{ marginTop: 12 }}>
              {(["active", "done", "exited"] as const).map((k) => (
                <Statistic
                  key={k}
                  title={t(`journeys.counts.${k}`)}
                  value={line.enrollments[k]}
                  data-testid={`line-count-${k}`}
                />
              ))}
            </Flex>
          </Card>
          <Card title={t("journeys.steps")} style={{ marginBottom: 16 }}>
            <Table<JourneyStep & { n: number }>
              rowKey="n"
              pagination={false}
              dataSource={line.steps.map((s, n) => ({ ...s, n }))}
              columns={[
                { title: "#", dataIndex: "n", render: (n: number) => n + 1, width: 48 },
                { title: t("journeys.when"), key: "when", render: (_: unknown, s) => timingLabel(s) },
                { title: t("journeys.text"), key: "text", render: (_: unknown, s) => s.content.text ?? "" },
                {
                  title: t("journeys.waiting"),
                  key: "waiting",
                  align: "right",
                  render: (_: unknown, s) => (
                    <span data-testid={`step-${s.n + 1}-waiting`}>{line.enrollments.atStep[s.n] ?? 0}</span>
                  ),
                },
                {
                  title: t("journeys.planned"),
                  key: "planned",
                  align: "right",
                  render: (_: unknown, s) => (
                    <span data-testid={`step-${s.n + 1}-planned`}>
                      {line.enrollments.plannedAtStep[s.n] ?? 0}
                    </span>
                  ),
                },
                {
                  title: t("journeys.skippedCol"),
                  key: "skipped",
                  align: "right",
                  render: (_: unknown, s) => (
                    <span data-testid={`step-${s.n + 1}-skipped`}>
                      {line.enrollments.skippedAtStep[s.n] ?? 0}
                    </span>
                  ),
                },
              ]}
            />
          </Card>
          <LineSegment corpId={corpId} line={line} onSaved={reload} />
          <Card title={t("journeys.enrollTitle")}>
            <Input.TextArea
              rows={3}
              value={ids}
              onChange={(e) => setIds(e.target.value)}
              placeholder={t("journeys.enrollPlaceholder")}
              data-testid="line-enroll-ids"
            />
            <Flex justify="space-between" align="center" style={{ marginTop: 8 }}>
              <span style={{ color: "rgba(0,0,0,0.45)" }}>{t("journeys.enrollHelp")}</span>
              <Button
                type="primary"
                onClick={enroll}
                loading={busy}
                disabled={!ids.trim()}
                data-testid="line-enroll"
              >
                {t("journeys.enroll")}
              </Button>
            </Flex>
          </Card>
        </>
      )}
    </>
  );
}
