// Create or edit a live code: name and state, the staff pool with its strategy and caps, backup staff,
// channel tags and the code's welcome message. Server validation lands on the fields; nothing typed is
// lost on an error.
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Space, Switch } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { api, type LiveCode, type LiveCodeInput, type StaffInput, type Strategy } from "../../api/index.ts";
import { useSaveFailure } from "../../lib/FormErrorAlert.tsx";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { TagSelect } from "../customers/TagSelect.tsx";
import { WelcomeFields } from "../engagement/WelcomeFields.tsx";
import { toWelcomeContent, type WelcomeDraft } from "../engagement/welcomeContent.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";
import { LIVE_CODES_PATH, liveCodePath } from "./paths.ts";
import { StaffPoolField } from "./StaffPoolField.tsx";

const STATE = /^[A-Za-z0-9_.-]+$/;
const STRATEGIES: Strategy[] = ["rotation", "least_load", "weighted"];

interface Values {
  name: string;
  state?: string;
  strategy: Strategy;
  dailyCap: number | null;
  staff: StaffInput[];
  backupStaff: StaffInput[];
  tagIds: string[];
  skipVerify: boolean;
  storeName?: string;
  remark?: string;
  enabled: boolean;
  welcomeOn: boolean;
  welcome?: WelcomeDraft;
}

const NEW_CODE: Values = {
  name: "",
  strategy: "rotation",
  dailyCap: null,
  staff: [{ userid: "", weight: 1, dailyCap: null, schedule: [] }],
  backupStaff: [],
  tagIds: [],
  skipVerify: true,
  enabled: true,
  welcomeOn: true,
  welcome: { text: "", attachments: [] },
};

function valuesOf(code: LiveCode): Values {
  const staff = (s: LiveCode["staff"][number]) => ({
    userid: s.userid,
    weight: s.weight,
    dailyCap: s.dailyCap,
    schedule: s.schedule,
  });
  return {
    name: code.name,
    state: code.state,
    strategy: code.strategy,
    dailyCap: code.dailyCap,
    staff: code.staff.map(staff),
    backupStaff: code.backupStaff.map(staff),
    tagIds: code.tagIds,
    skipVerify: code.skipVerify,
    storeName: code.storeName ?? undefined,
    remark: code.remark ?? undefined,
    enabled: code.enabled,
    welcomeOn: code.welcome !== null,
    welcome: code.welcome
      ? { text: code.welcome.text, attachments: code.welcome.attachments as WelcomeDraft["attachments"] }
      : { text: "", attachments: [] },
  };
}

function cleanStaff(list: StaffInput[] | undefined): StaffInput[] {
  return (list ?? []).map((s) => ({
    userid: (s.userid ?? "").trim(),
    weight: s.weight ?? 1,
    dailyCap: s.dailyCap ?? null,
    schedule: s.schedule ?? [],
  }));
}

function toInput(v: Values): LiveCodeInput {
  const state = v.state?.trim();
  return {
    name: v.name.trim(),
    ...(state ? { state } : {}),
    strategy: v.strategy,
    dailyCap: v.dailyCap ?? null,
    staff: cleanStaff(v.staff),
    backupStaff: cleanStaff(v.backupStaff),
    tagIds: v.tagIds ?? [],
    skipVerify: v.skipVerify,
    storeName: v.storeName?.trim() || null,
    remark: v.remark?.trim() || null,
    enabled: v.enabled,
    welcome: v.welcomeOn ? toWelcomeContent(v.welcome) : null,
  };
}

export function LiveCodeEditor({ corpId }: { corpId: string }) {
  const { id } = useParams();
  const existing = useApiData(() => (id ? api.liveCodes.get(corpId, id) : Promise.resolve(undefined)));
  if (existing.error !== undefined) return <LoadError error={existing.error} onRetry={existing.reload} />;
  if (id && !existing.data) return <Card loading />;
  return <LiveCodeForm corpId={corpId} code={existing.data} />;
}

function LiveCodeForm({ corpId, code }: { corpId: string; code: LiveCode | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const _errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const failure = useSaveFailure(form);
  const [saving, setSaving] = useState(false);
  const strategy = Form.useWatch("strategy", form);
  const welcomeOn = Form.useWatch("welcomeOn", form);

  async function submit(values: Values) {
    setSaving(true);
    failure.clear();
    try {
      const input = toInput(values);
      const saved = code
        ? await api.liveCodes.update(corpId, code.id, (({ state: _state, ...patch }) => patch)(input))
        : await api.liveCodes.create(corpId, input);
      void message.success(code ? t("liveCodes.saved") : t("liveCodes.created"));
      navigate(liveCodePath(saved.id));
    } catch (reason) {
      failure.fail(reason);
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <PageTitle
        title={code ? t("liveCodes.editTitle", { name: code.name }) : t("liveCodes.createTitle")}
        description={t("liveCodes.formDescription")}
      />
      {failure.alert}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={code ? valuesOf(code) : NEW_CODE}
        onFinish={submit}
        scrollToFirstError
        autoComplete="off"
      >
        <Card title={t("liveCodes.basics")} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="name"
                label={t("liveCodes.name")}
                rules={[
                  { required: true, whitespace: true, message: t("validation.nameRequired") },
                  { max: 60, message: t("validation.tooLong", { max: 60 }) },
                ]}
              >
                <Input placeholder={t("liveCodes.namePlaceholder")} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="state"
                label={t("liveCodes.state")}
                extra={code ? t("liveCodes.stateFixed") : t("liveCodes.stateHelp")}
                rules={[
                  { max: 30, message: t("validation.stateTooLong") },
                  { pattern: STATE, message: t("validation.stateChars") },
                ]}
              >
                <Input disabled={code !== undefined} placeholder={t("liveCodes.statePlaceholder")} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="storeName"
                label={t("liveCodes.storeName")}
                extra={t("liveCodes.storeNameHelp")}
              >
                <Input maxLength={60} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="remark" label={t("liveCodes.remark")}>
                <Input maxLength={30} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="enabled" label={t("liveCodes.enabled")} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="skipVerify"
                label={t("liveCodes.skipVerify")}
                valuePropName="checked"
                tooltip={t("liveCodes.skipVerifyHelp")}
              >
                <Switch />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title={t("liveCodes.pool")} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={14}>
              <Form.Item
                name="strategy"
                label={t("liveCodes.strategy")}
                extra={t(`liveCodes.strategyHelp.${strategy ?? "rotation"}`)}
              >
                <Radio.Group
                  optionType="button"
                  options={STRATEGIES.map((s) => ({ value: s, label: t(`liveCodes.strategies.${s}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item name="dailyCap" label={t("liveCodes.dailyCap")} extra={t("liveCodes.dailyCapHelp")}>
                <InputNumber
                  min={1}
                  max={10000}
                  precision={0}
                  placeholder={t("liveCodes.noCap")}
                  style={{ width: "100%" }}
                />
              </Form.Item>
            </Col>
          </Row>
          <StaffPoolField corpId={corpId} name="staff" showWeight={strategy === "weighted"} />
        </Card>

        <Card title={t("liveCodes.backup")} style={{ marginBottom: 16 }}>
          <Alert type="info" showIcon title={t("liveCodes.backupHelp")} style={{ marginBottom: 12 }} />
          <StaffPoolField corpId={corpId} name="backupStaff" showWeight={strategy === "weighted"} />
        </Card>

        <Card title={t("liveCodes.tags")} style={{ marginBottom: 16 }}>
          <Form.Item
            name="tagIds"
            extra={t("liveCodes.tagsHelp")}
            rules={[{ type: "array", max: 20, message: t("validation.tooMany", { max: 20 }) }]}
          >
            <TagSelect corpId={corpId} placeholder={t("liveCodes.tagsPlaceholder")} />
          </Form.Item>
        </Card>

        <Card
          title={t("liveCodes.welcome")}
          extra={
            <Form.Item name="welcomeOn" valuePropName="checked" noStyle>
              <Switch aria-label={t("liveCodes.welcomeOn")} />
            </Form.Item>
          }
          style={{ marginBottom: 16 }}
        >
          {welcomeOn ? (
            <WelcomeFields prefix={["welcome"]} />
          ) : (
            <Alert type="info" title={t("liveCodes.welcomeOff")} />
          )}
        </Card>

        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            {code ? t("common.save") : t("liveCodes.create")}
          </Button>
          <Button onClick={() => navigate(code ? liveCodePath(code.id) : LIVE_CODES_PATH)}>
            {t("common.cancel")}
          </Button>
        </Space>
      </Form>
    </>
  );
}
