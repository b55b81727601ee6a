// Write or edit a SOP: who it is for (staff members' customers by segment or tags, or groups by owner and name),
// how it goes out (a task with a WeCom reminder, or mass sends the owner confirms), the deadline before a task
// escalates to the team lead, and the calendar: entries on a date (a festival or campaign), daily, on weekdays,
// monthly, or N days after a customer joined. Server validation lands on the fields; nothing typed is lost.
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Spin,
} from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { api, type Sop, type SopInput, type SopSchedule } from "../../../api/index.ts";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { useSaveFailure } from "../../../lib/FormErrorAlert.tsx";
import { useApiData } from "../../../lib/useApiData.ts";
import { MemberPicker } from "../../../pickers/MemberPicker.tsx";
import { TagSelect } from "../../customers/TagSelect.tsx";
import { LoadError } from "../../LoadError.tsx";
import { PageTitle } from "../../PageTitle.tsx";
import { SOPS_PATH } from "./paths.ts";
import { toSchedule } from "./schedule.ts";

interface RuleRow {
  schedule: {
    kind?: SopSchedule["kind"];
    date?: string;
    at?: string;
    weekdays?: number[];
    day?: number | null;
  };
  content: { text?: string };
}

interface Values {
  name?: string;
  kind: "personal" | "group";
  mode: "remind" | "auto";
  deadlineHours: number;
  audience: { owners?: string[]; tagIds?: string[]; segmentId?: string; nameContains?: string };
  rules: RuleRow[];
}

const INITIAL: Values = {
  kind: "personal",
  mode: "remind",
  deadlineHours: 24,
  audience: {},
  rules: [{ schedule: { kind: "weekly", weekdays: [1], at: "09:00" }, content: {} }],
};

const KINDS: SopSchedule["kind"][] = ["date", "daily", "weekly", "monthly", "after_join"];

export function toSopInput(v: Values): SopInput {
  const a = v.audience ?? {};
  const audience =
    v.kind === "group"
      ? {
          ...(a.owners?.length ? { owners: a.owners } : {}),
          ...(a.nameContains?.trim() ? { nameContains: a.nameContains.trim() } : {}),
        }
      : {
          ...(a.owners?.length ? { owners: a.owners } : {}),
          ...(a.tagIds?.length ? { tagIds: a.tagIds } : {}),
          ...(a.segmentId ? { segmentId: a.segmentId } : {}),
        };
  return {
    name: v.name?.trim() ?? "",
    kind: v.kind,
    mode: v.mode,
    deadlineHours: v.deadlineHours,
    audience,
    rules: (v.rules ?? []).map((r) => ({
      schedule: toSchedule(r.schedule ?? {}),
      content: r.content?.text?.trim() ? { text: r.content.text } : {},
    })),
  };
}

function valuesOf(s: Sop): Values {
  return {
    name: s.name,
    kind: s.kind,
    mode: s.mode,
    deadlineHours: s.deadlineHours,
    audience: { ...s.audience },
    rules: s.rules.map((r) => ({
      schedule: { ...r.schedule } as RuleRow["schedule"],
      content: { ...(r.content.text !== undefined ? { text: r.content.text } : {}) },
    })),
  };
}

export function SopEditor({ corpId }: { corpId: string }) {
  const { id } = useParams();
  const { t } = useTranslation();
  const [language] = useLanguage();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const failure = useSaveFailure(form);
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch("kind", form) ?? "personal";
  const existing = useApiData(() => (id ? api.sops.get(corpId, id) : Promise.resolve(undefined)));
  const segments = useApiData(() => api.segments.list(corpId, language === "en" ? "en" : "zh"));

  useEffect(() => {
    if (existing.data) form.setFieldsValue(valuesOf(existing.data));
  }, [existing.data, form]);

  async function submit(values: Values) {
    setSaving(true);
    failure.clear();
    try {
      const input = toSopInput(values);
      if (id) await api.sops.update(corpId, id, input);
      else await api.sops.create(corpId, input);
      void message.success(t("sops.saved"));
      navigate(SOPS_PATH);
    } catch (reason) {
      failure.fail(reason);
    } finally {
      setSaving(false);
    }
  }

  if (id && existing.error !== undefined)
    return <LoadError error={existing.error} onRetry={existing.reload} />;
  if (id && existing.loading && !existing.data) return <Spin />;

  return (
    <>
      <PageTitle
        title={id ? t("sops.editTitle") : t("sops.createTitle")}
        description={t("sops.formDescription")}
      />
      {failure.alert}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={INITIAL}
        onFinish={submit}
        onValuesChange={(changed) =>
          form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof Values, errors: [] })))
        }
        scrollToFirstError
        autoComplete="off"
      >
        <Card style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="name"
                label={t("sops.name")}
                rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
              >
                <Input maxLength={100} placeholder={t("sops.namePlaceholder")} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="deadlineHours" label={t("sops.deadlineHours")} extra={t("sops.deadlineHelp")}>
                <InputNumber min={1} max={720} addonAfter={t("sops.hours")} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="kind" label={t("sops.kind")}>
                <Radio.Group
                  optionType="button"
                  options={(["personal", "group"] as const).map((k) => ({
                    value: k,
                    label: t(`sops.kinds.${k}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="mode" label={t("sops.mode")} extra={t("sops.modeHelp")}>
                <Radio.Group
                  optionType="button"
                  options={(["remind", "auto"] as const).map((k) => ({
                    value: k,
                    label: t(`sops.modes.${k}`),
                  }))}
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title={t("sops.audience")} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name={["audience", "owners"]} label={t("sops.owners")} extra={t("sops.ownersHelp")}>
                <MemberPicker corpId={corpId} multiple placeholder={t("sops.allOwners")} />
              </Form.Item>
            </Col>
            {kind === "personal" ? (
              <>
                <Col xs={24} md={12}>
                  <Form.Item name={["audience", "tagIds"]} label={t("sops.tags")}>
                    <TagSelect corpId={corpId} placeholder={t("sops.anyTags")} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name={["audience", "segmentId"]} label={t("sops.segment")}>
                    <Select
                      allowClear
                      placeholder={t("sops.anySegment")}
                      loading={segments.loading}
                      options={(segments.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
                    />
                  </Form.Item>
                </Col>
              </>
            ) : (
              <Col xs={24} md={12}>
                <Form.Item name={["audience", "nameContains"]} label={t("sops.groupName")}>
                  <Input maxLength={100} placeholder={t("sops.groupNamePlaceholder")} />
                </Form.Item>
              </Col>
            )}
          </Row>
        </Card>

        <Card title={t("sops.calendar")} style={{ marginBottom: 16 }}>
          <Form.List name="rules">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <RuleFields
                    key={field.key}
                    index={field.name}
                    groupKind={kind === "group"}
                    onRemove={fields.length > 1 ? () => remove(field.name) : undefined}
                  />
                ))}
                <Button
                  icon={<PlusOutlined />}
                  disabled={fields.length >= 100}
                  onClick={() => add({ schedule: { kind: "daily", at: "09:00" }, content: {} })}
                >
                  {t("sops.addEntry")}
                </Button>
              </>
            )}
          </Form.List>
        </Card>

        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            {t("common.save")}
          </Button>
          <Button onClick={() => navigate(SOPS_PATH)}>{t("common.cancel")}</Button>
        </Space>
      </Form>
    </>
  );
}

function RuleFields({
  index,
  groupKind,
  onRemove,
}: {
  index: number;
  groupKind: boolean;
  onRemove: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<Values>();
  const scheduleKind = Form.useWatch(["rules", index, "schedule", "kind"], form) as
    | SopSchedule["kind"]
    | undefined;
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid={`sop-entry-${index}`}>
      <Row gutter={12} align="top">
        <Col xs={24} md={6}>
          <Form.Item name={[index, "schedule", "kind"]} label={t("sops.when")}>
            <Select
              aria-label={t("sops.when")}
              options={KINDS.filter((k) => !(groupKind && k === "after_join")).map((k) => ({
                value: k,
                label: t(`sops.scheduleKinds.${k}`),
              }))}
            />
          </Form.Item>
        </Col>
        {scheduleKind === "date" && (
          <Col xs={24} md={6}>
            <Form.Item name={[index, "schedule", "date"]} label={t("sops.date")}>
              <Input type="date" aria-label={t("sops.date")} />
            </Form.Item>
          </Col>
        )}
        {scheduleKind === "weekly" && (
          <Col xs={24} md={10}>
            <Form.Item name={[index, "schedule", "weekdays"]} label={t("sops.weekdaysLabel")}>
              <Checkbox.Group
                options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: t(`sops.weekdays.${d}`) }))}
              />
            </Form.Item>
          </Col>
        )}
        {(scheduleKind === "monthly" || scheduleKind === "after_join") && (
          <Col xs={24} md={6}>
            <Form.Item
              name={[index, "schedule", "day"]}
              label={scheduleKind === "monthly" ? t("sops.dayOfMonth") : t("sops.daysAfterJoin")}
              extra={scheduleKind === "monthly" ? t("sops.monthEndHelp") : undefined}
            >
              <InputNumber
                min={scheduleKind === "monthly" ? 1 : 0}
                max={scheduleKind === "monthly" ? 31 : 365}
              />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={4}>
          <Form.Item name={[index, "schedule", "at"]} label={t("sops.at")}>
            <Input type="time" aria-label={t("sops.at")} />
          </Form.Item>
        </Col>
        {onRemove && (
          <Col flex="none" style={{ paddingTop: 30 }}>
            <Button icon={<DeleteOutlined />} aria-label={t("common.delete")} onClick={onRemove} />
          </Col>
        )}
      </Row>
      <Form.Item
        name={[index, "content", "text"]}
        label={t("sops.text")}
        rules={[{ required: true, whitespace: true, message: t("sops.textRequired") }]}
        style={{ marginBottom: 0 }}
      >
        <Input.TextArea rows={3} maxLength={4000} showCount placeholder={t("sops.textPlaceholder")} />
      </Form.Item>
    </Card>
  );
}
