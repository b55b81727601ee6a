// 外呼设置: each category's repurchase cycle (days) and best call windows ("11:30-12:30, 18:30-19:30"), editable;
// the defaults come from seed 000. Saving replaces the corp's planner settings; the server checks every field.
import { App, Button, Card, Input, InputNumber, Table } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type CallCategorySetting, type CallSettings } from "../../../api/index.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";

const windowsText = (c: CallCategorySetting) => c.windows.map((w) => `${w.start}-${w.end}`).join(", ");
const parseWindows = (text: string) =>
  text
    .split(/[,，;；\s]+/)
    .filter((p) => p !== "")
    .map((p) => {
      const [start = "", end = ""] = p.split("-");
      return { start, end };
    });

export function CallSettingsCard({ corpId, onSaved }: { corpId: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const loaded = useApiData(() => api.callCampaigns.settings(corpId));
  const [draft, setDraft] = useState<CallSettings>();
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (!loaded.data) return;
    setDraft(loaded.data.settings);
    setTexts(Object.fromEntries(loaded.data.settings.categories.map((c) => [c.key, windowsText(c)])));
  }, [loaded.data]);

  const setCycle = (key: string, side: "min" | "max", v: number | null) =>
    setDraft(
      (d) =>
        d && {
          ...d,
          categories: d.categories.map((c) =>
            c.key === key ? { ...c, cycleDays: { ...c.cycleDays, [side]: v ?? 0 } } : c,
          ),
        },
    );

  async function save() {
    if (!draft) return;
    setSaving(true);
    try {
      const next = {
        ...draft,
        categories: draft.categories.map((c) => ({ ...c, windows: parseWindows(texts[c.key] ?? "") })),
      };
      await api.callCampaigns.saveSettings(corpId, next);
      void message.success(t("callCampaigns.settings.saved"));
      loaded.reload();
      onSaved();
    } catch (reason) {
      void message.error(errorText(reason));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card
      title={t("callCampaigns.settings.title")}
      style={{ marginBottom: 16 }}
      extra={
        <Button type="primary" loading={saving} onClick={() => void save()}>
          {t("callCampaigns.settings.save")}
        </Button>
      }
    >
      <Table<CallCategorySetting>
        data-testid="call-settings"
        rowKey="key"
        size="small"
        pagination={false}
        loading={loaded.loading}
        dataSource={draft?.categories ?? []}
        columns={[
          { title: t("callCampaigns.settings.category"), dataIndex: "label", width: 120 },
          {
            title: t("callCampaigns.settings.cycle"),
            key: "cycle",
            width: 220,
            render: (_: unknown, c: CallCategorySetting) => (
              <>
                <InputNumber
                  size="small"
                  min={1}
                  value={c.cycleDays.min}
                  onChange={(v) => setCycle(c.key, "min", v)}
                />
                {" – "}
                <InputNumber
                  size="small"
                  min={1}
                  value={c.cycleDays.max}
                  onChange={(v) => setCycle(c.key, "max", v)}
                />
              </>
            ),
          },
          {
            title: t("callCampaigns.settings.windows"),
            key: "windows",
            render: (_: unknown, c: CallCategorySetting) => (
              <Input
                size="small"
                aria-label={`${c.label} ${t("callCampaigns.settings.windows")}`}
                value={texts[c.key] ?? ""}
                onChange={(e) => setTexts((x) => ({ ...x, [c.key]: e.target.value }))}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
