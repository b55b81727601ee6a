// Enrol a saved segment on a line: its members once, or also customers who match later. Sets the line's segment
// source (PUT …/settings, keeping the line's rules, cap and live codes); the server's segment enroller enrols
// them within about a minute.
import { App, Button, Card, Flex, Radio, Select, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Journey, type JourneySegmentSource } from "../../../api/index.ts";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";

const settingsOf = (line: Journey, segment: JourneySegmentSource | null) => ({
  exitOnOrder: line.exitOnOrder,
  rules: line.rules,
  cap: line.cap,
  liveCodeIds: line.liveCodeIds,
  segment,
});

export function LineSegment({
  corpId,
  line,
  onSaved,
}: {
  corpId: string;
  line: Journey;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const segments = useApiData(() => api.segments.list(corpId, language === "en" ? "en" : "zh"));
  const [segmentId, setSegmentId] = useState<string | undefined>(undefined);
  const [mode, setMode] = useState<JourneySegmentSource["mode"]>("once");
  const [busy, setBusy] = useState(false);
  const items = segments.data?.items ?? [];
  const current = line.segment ? items.find((s) => s.id === line.segment?.segmentId) : undefined;

  async function save(segment: JourneySegmentSource | null) {
    setBusy(true);
    try {
      await api.journeys.updateSettings(corpId, line.id, settingsOf(line, segment));
      void message.success(t(segment ? "journeys.segmentSet" : "journeys.segmentRemoved"));
      setSegmentId(undefined);
      onSaved();
    } catch (reason) {
      void message.error(errorText(reason));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t("journeys.segmentTitle")} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t("journeys.segmentHelp")}</Typography.Paragraph>
      {line.segment && (
        <Flex gap={12} align="center" style={{ marginBottom: 12 }}>
          <span data-testid="line-segment-current">
            {t("journeys.segmentCurrent", {
              name: current?.name ?? line.segment.segmentId,
              mode: t(`journeys.segmentModes.${line.segment.mode}`),
            })}
          </span>
          <Button size="small" onClick={() => save(null)} loading={busy}>
            {t("journeys.segmentRemove")}
          </Button>
        </Flex>
      )}
      {!segments.loading && items.length === 0 ? (
        <Typography.Text type="secondary">{t("journeys.segmentNone")}</Typography.Text>
      ) : (
        <Flex gap={12} align="center" wrap>
          <Select
            style={{ minWidth: 240 }}
            placeholder={t("journeys.segmentPick")}
            loading={segments.loading}
            value={segmentId}
            onChange={setSegmentId}
            options={items.map((s) => ({ value: s.id, label: s.name }))}
            data-testid="line-segment-select"
          />
          <Radio.Group
            value={mode}
            onChange={(e) => setMode(e.target.value)}
            options={(["once", "continuous"] as const).map((m) => ({
              value: m,
              label: t(`journeys.segmentModes.${m}`),
            }))}
          />
          <Button
            type="primary"
            disabled={!segmentId}
            loading={busy}
            onClick={() => segmentId && save({ segmentId, mode })}
            data-testid="line-segment-enroll"
          >
            {t("journeys.segmentEnroll")}
          </Button>
        </Flex>
      )}
    </Card>
  );
}
