// The modal that creates or edits one auto-tagging rule: its kind (fixed once created), name, tags to add and
// remove, and the kind's settings — keyword list, tracked link, order thresholds, live thresholds, activity,
// moment interaction.
// Server validation lands on the fields; input survives errors.
import { App, Form, Input, InputNumber, Modal, Select, Switch } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type RuleConfig, type RuleInput, type RuleKind, type TagRule } from "../../api/index.ts";
import { useSaveFailure } from "../../lib/FormErrorAlert.tsx";
import { useApiData } from "../../lib/useApiData.ts";
import { TagSelect } from "./TagSelect.tsx";

/** One of the corp's moments, or none (= any moment). */
function MomentSelect({
  corpId,
  value,
  onChange,
  id,
}: {
  corpId: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const { data, loading } = useApiData(() => api.moments.list(corpId, { limit: 200 }));
  return (
    <Select
      id={id}
      allowClear
      showSearch
      optionFilterProp="label"
      loading={loading}
      placeholder={t("autoTags.anyMoment")}
      value={value}
      onChange={(v) => onChange?.(v)}
      options={(data?.items ?? []).map((m) => ({
        value: m.id,
        label: `#${m.id} ${m.text.slice(0, 30) || t(`moments.attachmentTypes.${m.attachments[0]?.type ?? "none"}`)}`,
      }))}
    />
  );
}

export const RULE_KINDS: RuleKind[] = ["keyword", "link", "order", "live", "activity", "moment"];

interface Values {
  kind: RuleKind;
  name: string;
  enabled: boolean;
  addTags: string[];
  removeTags: string[];
  config: {
    keywords?: string[];
    from?: "customer" | "anyone";
    url?: string;
    title?: string;
    alert?: boolean;
    minTotalYuan?: number | null;
    minOrders?: number | null;
    categories?: string[];
    withinDays?: number | null;
    liveId?: string;
    minWatchMinutes?: number | null;
    commented?: boolean;
    spoke?: boolean;
    activity?: string;
    activityKind?: string;
    momentId?: string;
    interaction?: "like" | "comment" | "any";
  };
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? undefined : v);

function toConfig(kind: RuleKind, c: Values["config"]): RuleConfig {
  switch (kind) {
    case "keyword":
      return {
        keywords: (c.keywords ?? []).map((k) => k.trim()).filter(Boolean),
        from: c.from ?? "customer",
      };
    case "link":
      return { url: (c.url ?? "").trim(), title: c.title?.trim() || undefined, alert: c.alert ?? true };
    case "order": {
      const yuan = num(c.minTotalYuan);
      return {
        minTotalCents: yuan === undefined ? undefined : Math.round(yuan * 100),
        minOrders: num(c.minOrders),
        categories: c.categories?.length ? c.categories : undefined,
        withinDays: num(c.withinDays),
      };
    }
    case "live":
      return {
        liveId: c.liveId?.trim() || undefined,
        minWatchMinutes: num(c.minWatchMinutes),
        commented: c.commented || undefined,
        spoke: c.spoke || undefined,
      };
    case "activity":
      return {
        activity: (c.activity ?? "").trim(),
        kind: (c.activityKind || undefined) as "live" | undefined,
      };
    case "moment":
      return { momentId: c.momentId || undefined, interaction: c.interaction ?? "any" };
  }
}

function fromRule(rule: TagRule | undefined): Values {
  const c = (rule?.config ?? {}) as Record<string, unknown>;
  const cents = c.minTotalCents as number | undefined;
  return {
    kind: rule?.kind ?? "keyword",
    name: rule?.name ?? "",
    enabled: rule?.enabled ?? true,
    addTags: rule?.addTags.map((t) => t.id) ?? [],
    removeTags: rule?.removeTags.map((t) => t.id) ?? [],
    config: {
      keywords: (c.keywords as string[] | undefined) ?? [],
      from: (c.from as "customer" | "anyone" | undefined) ?? "customer",
      url: c.url as string | undefined,
      title: c.title as string | undefined,
      alert: (c.alert as boolean | undefined) ?? true,
      minTotalYuan: cents === undefined ? null : cents / 100,
      minOrders: (c.minOrders as number | undefined) ?? null,
      categories: (c.categories as string[] | undefined) ?? [],
      withinDays: (c.withinDays as number | undefined) ?? null,
      liveId: c.liveId as string | undefined,
      minWatchMinutes: (c.minWatchMinutes as number | undefined) ?? null,
      commented: (c.commented as boolean | undefined) ?? false,
      spoke: (c.spoke as boolean | undefined) ?? false,
      activity: c.activity as string | undefined,
      activityKind: c.kind as string | undefined,
      momentId: c.momentId as string | undefined,
      interaction: (c.interaction as "like" | "comment" | "any" | undefined) ?? "any",
    },
  };
}

export function AutoTagEditor({
  corpId,
  existing,
  onClose,
  onSaved,
}: {
  corpId: string;
  existing: TagRule | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const failure = useSaveFailure(form);
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch("kind", form) ?? existing?.kind ?? "keyword";

  async function submit(values: Values) {
    setSaving(true);
    failure.clear();
    const input: RuleInput = {
      kind: values.kind,
      name: values.name,
      enabled: values.enabled,
      addTags: values.addTags ?? [],
      removeTags: values.removeTags ?? [],
      config: toConfig(values.kind, values.config ?? {}),
    };
    try {
      if (existing) await api.autoTags.update(corpId, existing.id, input);
      else await api.autoTags.create(corpId, input);
      void message.success(t("autoTags.saved"));
      onSaved();
    } catch (reason) {
      failure.fail(reason);
    } finally {
      setSaving(false);
    }
  }

  const c = (name: string) => ["config", name];
  return (
    <Modal
      open
      width={720}
      title={existing ? t("autoTags.edit", { name: existing.name }) : t("autoTags.create")}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {failure.alert}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        autoComplete="off"
        initialValues={fromRule(existing)}
      >
        <Form.Item
          name="kind"
          label={t("autoTags.kind")}
          extra={existing ? t("autoTags.kindFixed") : undefined}
        >
          <Select
            disabled={existing !== undefined}
            options={RULE_KINDS.map((k) => ({ value: k, label: t(`autoTags.kinds.${k}`) }))}
            data-testid="rule-kind"
          />
        </Form.Item>
        <Form.Item name="name" label={t("autoTags.name")}>
          <Input maxLength={60} placeholder={t("autoTags.namePlaceholder")} />
        </Form.Item>
        <Form.Item name="enabled" label={t("autoTags.enabled")} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="addTags" label={t("autoTags.addTags")}>
          <TagSelect corpId={corpId} placeholder={t("autoTags.tagsPlaceholder")} />
        </Form.Item>
        <Form.Item name="removeTags" label={t("autoTags.removeTags")}>
          <TagSelect corpId={corpId} placeholder={t("autoTags.tagsPlaceholder")} />
        </Form.Item>
        {kind === "keyword" && (
          <>
            <Form.Item
              name={c("keywords")}
              label={t("autoTags.keywords")}
              extra={t("autoTags.keywordsHelp")}
              getValueProps={(v: string[] | undefined) => ({ value: (v ?? []).join("\n") })}
              normalize={(text: string) => text.split("\n")}
            >
              <Input.TextArea rows={6} data-testid="rule-keywords" />
            </Form.Item>
            <Form.Item name={c("from")} label={t("autoTags.from")}>
              <Select
                options={[
                  { value: "customer", label: t("autoTags.fromCustomer") },
                  { value: "anyone", label: t("autoTags.fromAnyone") },
                ]}
              />
            </Form.Item>
          </>
        )}
        {kind === "link" && (
          <>
            <Form.Item name={c("url")} label={t("autoTags.url")} extra={t("autoTags.urlHelp")}>
              <Input placeholder="https://" />
            </Form.Item>
            <Form.Item name={c("title")} label={t("autoTags.linkTitle")}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name={c("alert")} label={t("autoTags.alert")} valuePropName="checked">
              <Switch />
            </Form.Item>
          </>
        )}
        {kind === "order" && (
          <>
            <Form.Item name={c("minTotalYuan")} label={t("autoTags.minTotal")}>
              <InputNumber min={0} step={100} addonAfter="¥" style={{ width: 240 }} />
            </Form.Item>
            <Form.Item name={c("minOrders")} label={t("autoTags.minOrders")}>
              <InputNumber min={1} style={{ width: 240 }} />
            </Form.Item>
            <Form.Item name={c("categories")} label={t("autoTags.categories")}>
              <Select mode="tags" tokenSeparators={[",", "，"]} open={false} />
            </Form.Item>
            <Form.Item name={c("withinDays")} label={t("autoTags.withinDays")}>
              <InputNumber min={1} max={3650} style={{ width: 240 }} />
            </Form.Item>
          </>
        )}
        {kind === "live" && (
          <>
            <Form.Item name={c("liveId")} label={t("autoTags.liveId")} extra={t("autoTags.liveIdHelp")}>
              <Input />
            </Form.Item>
            <Form.Item name={c("minWatchMinutes")} label={t("autoTags.minWatchMinutes")}>
              <InputNumber min={0} max={1440} style={{ width: 240 }} data-testid="rule-min-watch" />
            </Form.Item>
            <Form.Item name={c("commented")} label={t("autoTags.commented")} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name={c("spoke")} label={t("autoTags.spoke")} valuePropName="checked">
              <Switch />
            </Form.Item>
          </>
        )}
        {kind === "activity" && (
          <>
            <Form.Item name={c("activity")} label={t("autoTags.activity")} extra={t("autoTags.activityHelp")}>
              <Input />
            </Form.Item>
            <Form.Item name={c("activityKind")} label={t("autoTags.activityKind")}>
              <Select
                allowClear
                options={["live", "checkin", "lottery", "fission", "other"].map((k) => ({
                  value: k,
                  label: t(`autoTags.activityKinds.${k}`),
                }))}
              />
            </Form.Item>
          </>
        )}
        {kind === "moment" && (
          <>
            <Form.Item name={c("momentId")} label={t("autoTags.moment")} extra={t("autoTags.momentHelp")}>
              <MomentSelect corpId={corpId} />
            </Form.Item>
            <Form.Item name={c("interaction")} label={t("autoTags.interaction")}>
              <Select
                options={(["any", "like", "comment"] as const).map((k) => ({
                  value: k,
                  label: t(`autoTags.interactions.${k}`),
                }))}
              />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
