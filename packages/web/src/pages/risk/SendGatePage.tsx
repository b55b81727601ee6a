// 风控 → 发送闸门: the gate's rules in order, each explained with its current setting; the corp's settings;
// a dry run of one message; and the log of what the gate decided, with reasons.
import { useTranslation } from "react-i18next";
import { api } from "../../api/index.ts";
import { RequireCorp } from "../../corps/RequireCorp.tsx";
import { useApiData } from "../../lib/useApiData.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";
import { GateDecisions } from "./GateDecisions.tsx";
import { GateRules } from "./GateRules.tsx";
import { GateSettingsForm } from "./GateSettingsForm.tsx";
import { GateTryBox } from "./GateTryBox.tsx";

export function SendGatePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle
        title={t("nav.pages.risk.sendGate.title")}
        description={t("nav.pages.risk.sendGate.description")}
      />
      <RequireCorp>{(corpId) => <SendGate key={corpId} corpId={corpId} />}</RequireCorp>
    </>
  );
}

function SendGate({ corpId }: { corpId: string }) {
  const rules = useApiData(() => api.sendGate.rules());
  const settings = useApiData(() => api.sendGate.settings(corpId));
  const facts = useApiData(async () => {
    const [words, optOuts, restrictions, churn] = await Promise.all([
      api.sensitiveWords.list(corpId),
      api.optOuts.list(corpId),
      api.restrictions.list(corpId),
      api.churnWatch.overview(corpId),
    ]);
    return {
      words: words.items.length,
      optOuts: optOuts.items.length,
      restricted: new Set(restrictions.items.map((r) => r.userid)).size,
      paused: churn.paused.filter((p) => p.resumedAt === null).length,
    };
  });
  const ruleNames = (rules.data?.items ?? []).map((r) => r.name);
  const error = rules.error ?? settings.error ?? facts.error;
  return (
    <>
      {error !== undefined && (
        <LoadError
          error={error}
          onRetry={() => {
            rules.reload();
            settings.reload();
            facts.reload();
          }}
        />
      )}
      <GateRules
        rules={rules.data?.items}
        settings={settings.data}
        facts={facts.data}
        loading={rules.loading || settings.loading}
      />
      {settings.data && (
        <GateSettingsForm corpId={corpId} settings={settings.data} onSaved={() => settings.reload()} />
      )}
      <GateTryBox corpId={corpId} />
      <GateDecisions corpId={corpId} ruleNames={ruleNames} />
    </>
  );
}
