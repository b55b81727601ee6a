// The gate's recent decisions (send, defer until, drop), newest first, filtered by outcome and rule, each with
// its reason in the console's language.
import { ReloadOutlined } from "@ant-design/icons";
import { Button, Card, Select, Space, Table } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type GateAction, type GateDecision } from "../../api/index.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useApiData } from "../../lib/useApiData.ts";
import { LoadError } from "../LoadError.tsx";
import { ActionTag, useGateText } from "./gateText.tsx";

export function GateDecisions({ corpId, ruleNames }: { corpId: string; ruleNames: string[] }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const gateText = useGateText();
  const [action, setAction] = useState<GateAction>();
  const [rule, setRule] = useState<string>();
  const { data, error, loading, reload } = useApiData(() =>
    api.sendGate.decisions(corpId, { ...(action ? { action } : {}), ...(rule ? { rule } : {}), limit: 200 }),
  );
  const filterBy = (next: { action?: GateAction | undefined; rule?: string | undefined }) => {
    if ("action" in next) setAction(next.action);
    if ("rule" in next) setRule(next.rule);
    // Batched with the filter change: the reload runs with the loader of the next render.
    reload();
  };

  return (
    <Card
      title={t("sendGate.logTitle")}
      extra={
        <Button icon={<ReloadOutlined />} onClick={reload}>
          {t("sendGate.refresh")}
        </Button>
      }
    >
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<GateAction | "">
          aria-label={t("sendGate.logAction")}
          style={{ width: 160 }}
          value={action ?? ""}
          onChange={(v) => filterBy({ action: v === "" ? undefined : v })}
          options={[
            { value: "", label: `${t("sendGate.logAction")}: ${t("sendGate.logAll")}` },
            ...(["send", "defer", "drop"] as const).map((a) => ({
              value: a,
              label: t(`sendGate.actions.${a}`),
            })),
          ]}
        />
        <Select<string>
          aria-label={t("sendGate.logRule")}
          style={{ width: 200 }}
          value={rule ?? ""}
          onChange={(v) => filterBy({ rule: v === "" ? undefined : v })}
          options={[
            { value: "", label: `${t("sendGate.logRule")}: ${t("sendGate.logAll")}` },
            ...ruleNames.map((r) => ({ value: r, label: gateText.rule(r) })),
          ]}
        />
      </Space>
      <Table<GateDecision>
        data-testid="gate-decisions"
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t("sendGate.logEmpty") }}
        columns={[
          {
            title: t("sendGate.logTime"),
            dataIndex: "decidedAt",
            width: 170,
            render: (v: string) => formatDateTime(v, language),
          },
          {
            title: t("sendGate.logAction"),
            dataIndex: "action",
            width: 90,
            render: (a: GateAction) => <ActionTag action={a} />,
          },
          {
            title: t("sendGate.logRule"),
            dataIndex: "rule",
            width: 130,
            render: (r: string | null) => (r ? gateText.rule(r) : ""),
          },
          {
            title: t("sendGate.logReason"),
            key: "reason",
            render: (_: unknown, d) =>
              d.deferUntil
                ? `${gateText.reason(d.reason)} — ${t("sendGate.deferUntil", { time: formatDateTime(d.deferUntil, language) })}`
                : gateText.reason(d.reason),
          },
          { title: t("sendGate.logRecipient"), dataIndex: "recipient", width: 160, ellipsis: true },
          { title: t("sendGate.logSender"), dataIndex: "sender", width: 120, ellipsis: true },
          { title: t("sendGate.logPlanner"), dataIndex: "planner", width: 110 },
        ]}
      />
    </Card>
  );
}
