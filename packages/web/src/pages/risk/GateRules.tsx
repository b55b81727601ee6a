// The send gate's rules in the order the server applies them, each said in the console's language with the
// corp's current setting for it. The server's own (English) description is used only for a rule the console
// does not know yet, and only in English.
import { Card, Table, Tag, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { GateRuleInfo, GateSettings } from "../../api/index.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";

export interface GateFactsSummary {
  words: number;
  optOuts: number;
  restricted: number;
  /** Planners churn watch paused. */
  paused: number;
}

export function GateRules({
  rules,
  settings,
  facts,
  loading,
}: {
  rules: GateRuleInfo[] | undefined;
  settings: GateSettings | undefined;
  facts: GateFactsSummary | undefined;
  loading: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [language] = useLanguage();
  const known = (name: string) => i18n.exists(`sendGate.rules.${name}.title`);

  function current(name: string): ReactNode {
    if (!settings) return null;
    const s = settings;
    const onOff = (on: boolean) => (
      <Tag color={on ? "green" : "default"}>{t(`sendGate.values.${on ? "on" : "off"}`)}</Tag>
    );
    switch (name) {
      case "attachments":
        return t("sendGate.values.attachments", { n: s.attachmentsWarnAbove });
      case "sensitive_words":
        return (
          <>
            {facts ? t("sendGate.values.words", { count: facts.words }) : null}{" "}
            <Link to="/risk/sensitive-words">{t("sendGate.manage")}</Link>
          </>
        );
      case "opt_out":
        return (
          <>
            {t("sendGate.values.optOut", {
              count: facts?.optOuts ?? 0,
              keywords: s.optOutKeywords.join(language === "en" ? ", " : "、"),
            })}{" "}
            <Link to="/risk/sensitive-words">{t("sendGate.manage")}</Link>
          </>
        );
      case "sender_health":
        return (
          <>
            {t("sendGate.values.sender", { count: facts?.restricted ?? 0 })}{" "}
            <Link to="/risk/account-health">{t("sendGate.manage")}</Link>
          </>
        );
      case "paused_planner":
        return (
          <>
            {t("sendGate.values.paused", { count: facts?.paused ?? 0 })}{" "}
            <Link to="/risk/complaints">{t("sendGate.manage")}</Link>
          </>
        );
      case "quiet_hours":
        return s.quietHours ? (
          <span data-testid="current-quiet-hours">
            {t("sendGate.values.quiet", { start: s.quietHours.start, end: s.quietHours.end })}
          </span>
        ) : (
          onOff(false)
        );
      case "active_window":
        return onOff(s.activeWindows);
      case "receive_quota":
        return (
          <span data-testid="current-quota">
            {t("sendGate.values.quota", {
              policy: t(`sendGate.policies.${s.quota.policy}`),
              onHit: t(`sendGate.onHit.${s.quota.onHit}`),
            })}
          </span>
        );
      case "touch_cap":
        return s.touchCap
          ? t("sendGate.values.touchCap", {
              max: s.touchCap.max,
              days: s.touchCap.days,
              onHit: t(`sendGate.onHit.${s.touchCap.onHit}`),
            })
          : onOff(false);
      default:
        return <Typography.Text type="secondary">{t("sendGate.always")}</Typography.Text>;
    }
  }

  return (
    <Card title={t("sendGate.rulesTitle")} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t("sendGate.rulesIntro")}</Typography.Paragraph>
      <Table<GateRuleInfo & { n: number }>
        data-testid="gate-rules"
        rowKey="name"
        size="small"
        loading={loading}
        pagination={false}
        dataSource={(rules ?? []).map((r, i) => ({ ...r, n: i + 1 }))}
        columns={[
          { title: "#", dataIndex: "n", width: 48 },
          {
            title: t("sendGate.ruleColumn"),
            dataIndex: "name",
            width: 160,
            render: (name: string) => (known(name) ? t(`sendGate.rules.${name}.title`) : name),
          },
          {
            title: t("sendGate.explainColumn"),
            key: "text",
            render: (_: unknown, r) =>
              known(r.name) ? t(`sendGate.rules.${r.name}.text`) : language === "en" ? r.description : "",
          },
          {
            title: t("sendGate.currentColumn"),
            key: "current",
            width: 320,
            render: (_: unknown, r) => current(r.name),
          },
        ]}
      />
    </Card>
  );
}
