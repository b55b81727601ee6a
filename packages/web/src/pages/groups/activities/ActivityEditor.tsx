// A new group activity: its kind (check-in, lottery, red packets), groups, keyword, dates and participant tags,
// then by kind the check-in milestones (every N days or once at N), the lottery's prizes with odds and stock,
// or the red-packet budget and amounts (in yuan here, cents on the wire). Server validation lands on the fields
// (odds over 100 %, an empty coupon pool); nothing typed is lost.
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Radio, Row, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import {
  type ActivityKind,
  api,
  type GroupActivityConfig,
  type GroupActivityInput,
} from "../../../api/index.ts";
import { useSaveFailure } from "../../../lib/FormErrorAlert.tsx";
import { useApiData } from "../../../lib/useApiData.ts";
import { GroupPicker } from "../../../pickers/GroupPicker.tsx";
import { TagSelect } from "../../customers/TagSelect.tsx";
import { PageTitle } from "../../PageTitle.tsx";
import { RewardFields, toReward } from "../../rewards/RewardFields.tsx";
import { ACTIVITIES_PATH } from "./paths.ts";

type RewardValues = { kind?: string; poolId?: string; name?: string };

interface Values {
  kind: ActivityKind;
  name?: string;
  chatIds?: string[];
  keyword?: string;
  startsOn?: string;
  endsOn?: string;
  tagIds?: string[];
  config: {
    tiers?: { days?: number; repeat?: boolean; reward?: RewardValues }[];
    prizes?: { name?: string; oddsPercent?: number; quantity?: number; reward?: RewardValues }[];
    drawsPerDay?: number;
    budgetCents?: number;
    mode?: "fixed" | "random";
    amountCents?: number;
    minCents?: number;
    maxCents?: number;
  };
}

const today = () => new Date().toISOString().slice(0, 10);
const KEYWORDS: Record<ActivityKind, string> = { checkin: "打卡", lottery: "抽奖", redpacket: "红包" };
const cents = (yuan: number | undefined) =>
  yuan === undefined || yuan === null ? undefined : Math.round(yuan * 100);

function toConfig(v: Values): GroupActivityConfig {
  const c = v.config ?? {};
  if (v.kind === "checkin")
    return {
      kind: "checkin",
      tiers: (c.tiers ?? []).map((tier) => ({
        days: tier.days ?? 0,
        repeat: tier.repeat === true,
        reward: toReward(tier.reward),
      })),
    };
  if (v.kind === "lottery")
    return {
      kind: "lottery",
      drawsPerDay: c.drawsPerDay ?? 1,
      prizes: (c.prizes ?? []).map((p) => ({
        name: p.name?.trim() ?? "",
        oddsPercent: p.oddsPercent ?? 0,
        quantity: p.quantity ?? 0,
        reward: toReward(p.reward),
      })),
    };
  const mode = c.mode ?? "fixed";
  return {
    kind: "redpacket",
    budgetCents: cents(c.budgetCents) ?? 0,
    mode,
    ...(mode === "fixed"
      ? { amountCents: cents(c.amountCents) }
      : { minCents: cents(c.minCents), maxCents: cents(c.maxCents) }),
  };
}

function toInput(v: Values): GroupActivityInput {
  return {
    name: v.name?.trim() ?? "",
    chatIds: v.chatIds ?? [],
    keyword: v.keyword?.trim() ? v.keyword.trim() : null,
    startsOn: v.startsOn ?? "",
    endsOn: v.endsOn ? v.endsOn : null,
    tagIds: v.tagIds ?? [],
    config: toConfig(v),
  };
}

export function ActivityEditor({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const failure = useSaveFailure(form);
  const [saving, setSaving] = useState(false);
  const pools = useApiData(() => api.couponPools.list(corpId));
  const kind = (Form.useWatch("kind", form) ?? "checkin") as ActivityKind;
  const mode = Form.useWatch(["config", "mode"], form) ?? "fixed";
  const poolList = pools.data?.items ?? [];

  async function submit(values: Values) {
    setSaving(true);
    failure.clear();
    try {
      await api.groupActivities.create(corpId, toInput(values));
      void message.success(t("groupActivities.saved"));
      navigate(ACTIVITIES_PATH);
    } catch (reason) {
      failure.fail(reason);
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <PageTitle
        title={t("groupActivities.createTitle")}
        description={t("groupActivities.formDescription")}
      />
      {failure.alert}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          kind: "checkin",
          keyword: KEYWORDS.checkin,
          startsOn: today(),
          config: {
            tiers: [
              { days: 7, repeat: true, reward: { kind: "voucher" } },
              { days: 21, repeat: false, reward: { kind: "manual" } },
            ],
            prizes: [{ quantity: 10, reward: { kind: "manual" } }],
            drawsPerDay: 1,
            mode: "fixed",
          },
        }}
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.kind) form.setFieldValue("keyword", KEYWORDS[changed.kind]);
        }}
        onFinish={submit}
        scrollToFirstError
        autoComplete="off"
      >
        <Card style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24}>
              <Form.Item name="kind" label={t("groupActivities.kind")}>
                <Radio.Group
                  optionType="button"
                  options={(["checkin", "lottery", "redpacket"] as const).map((k) => ({
                    value: k,
                    label: t(`groupActivities.kinds.${k}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="name"
                label={t("groupActivities.name")}
                rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
              >
                <Input maxLength={60} placeholder={t("groupActivities.namePlaceholder")} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="keyword"
                label={t("groupActivities.keyword")}
                extra={t("groupActivities.keywordHelp")}
              >
                <Input maxLength={20} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="chatIds" label={t("groupActivities.groups")}>
                <GroupPicker corpId={corpId} aria-label={t("groupActivities.groups")} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="startsOn" label={t("groupActivities.startsOn")}>
                <Input type="date" aria-label={t("groupActivities.startsOn")} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="endsOn" label={t("groupActivities.endsOn")}>
                <Input type="date" aria-label={t("groupActivities.endsOn")} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="tagIds"
                label={t("groupActivities.tags")}
                extra={t("groupActivities.tagsHelp")}
              >
                <TagSelect corpId={corpId} />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        {kind === "checkin" && (
          <Card title={t("groupActivities.milestones")} style={{ marginBottom: 16 }}>
            <Form.List name={["config", "tiers"]}>
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Row gutter={12} key={field.key} data-testid={`milestone-${field.name}`}>
                      <Col xs={12} md={3}>
                        <Form.Item name={[field.name, "days"]} label={t("groupActivities.days")}>
                          <InputNumber min={1} max={366} addonAfter={t("groupActivities.daysSuffix")} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={3} style={{ paddingTop: 30 }}>
                        <Form.Item name={[field.name, "repeat"]} valuePropName="checked">
                          <Checkbox>{t("groupActivities.repeat")}</Checkbox>
                        </Form.Item>
                      </Col>
                      <RewardFields
                        name={[field.name, "reward"]}
                        path={["config", "tiers", field.name, "reward"]}
                        pools={poolList}
                      />
                      {fields.length > 1 && (
                        <Col flex="none" style={{ paddingTop: 30 }}>
                          <Button
                            icon={<DeleteOutlined />}
                            aria-label={t("common.delete")}
                            onClick={() => remove(field.name)}
                          />
                        </Col>
                      )}
                    </Row>
                  ))}
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add({ repeat: false, reward: { kind: "manual" } })}
                  >
                    {t("groupActivities.addMilestone")}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>
        )}

        {kind === "lottery" && (
          <Card title={t("groupActivities.prizes")} style={{ marginBottom: 16 }}>
            <Form.List name={["config", "prizes"]}>
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Row gutter={12} key={field.key} data-testid={`prize-${field.name}`}>
                      <Col xs={24} md={4}>
                        <Form.Item name={[field.name, "name"]} label={t("groupActivities.prizeName")}>
                          <Input maxLength={60} aria-label={t("groupActivities.prizeName")} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={3}>
                        <Form.Item name={[field.name, "oddsPercent"]} label={t("groupActivities.odds")}>
                          <InputNumber
                            min={0}
                            max={1000}
                            step={0.5}
                            addonAfter="%"
                            aria-label={t("groupActivities.odds")}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={3}>
                        <Form.Item name={[field.name, "quantity"]} label={t("groupActivities.quantity")}>
                          <InputNumber min={1} max={100000} />
                        </Form.Item>
                      </Col>
                      <RewardFields
                        name={[field.name, "reward"]}
                        path={["config", "prizes", field.name, "reward"]}
                        pools={poolList}
                      />
                      {fields.length > 1 && (
                        <Col flex="none" style={{ paddingTop: 30 }}>
                          <Button
                            icon={<DeleteOutlined />}
                            aria-label={t("common.delete")}
                            onClick={() => remove(field.name)}
                          />
                        </Col>
                      )}
                    </Row>
                  ))}
                  <Space>
                    <Button
                      icon={<PlusOutlined />}
                      onClick={() => add({ quantity: 10, reward: { kind: "manual" } })}
                    >
                      {t("groupActivities.addPrize")}
                    </Button>
                  </Space>
                </>
              )}
            </Form.List>
            <Form.Item
              name={["config", "drawsPerDay"]}
              label={t("groupActivities.drawsPerDay")}
              style={{ marginTop: 16 }}
            >
              <InputNumber min={1} max={10} />
            </Form.Item>
          </Card>
        )}

        {kind === "redpacket" && (
          <Card title={t("groupActivities.kinds.redpacket")} style={{ marginBottom: 16 }}>
            <Alert
              type="info"
              showIcon
              message={t("groupActivities.paymentNote")}
              style={{ marginBottom: 16 }}
            />
            <Row gutter={16}>
              <Col xs={24} md={6}>
                <Form.Item name={["config", "budgetCents"]} label={t("groupActivities.budget")}>
                  <InputNumber min={0.01} step={1} addonAfter={t("groupActivities.yuan")} />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item name={["config", "mode"]} label={t("groupActivities.mode")}>
                  <Radio.Group
                    optionType="button"
                    options={(["fixed", "random"] as const).map((m) => ({
                      value: m,
                      label: t(`groupActivities.modes.${m}`),
                    }))}
                  />
                </Form.Item>
              </Col>
              {mode === "fixed" ? (
                <Col xs={24} md={6}>
                  <Form.Item name={["config", "amountCents"]} label={t("groupActivities.amount")}>
                    <InputNumber min={0.01} step={0.5} addonAfter={t("groupActivities.yuan")} />
                  </Form.Item>
                </Col>
              ) : (
                <>
                  <Col xs={12} md={6}>
                    <Form.Item name={["config", "minCents"]} label={t("groupActivities.minAmount")}>
                      <InputNumber min={0.01} step={0.5} addonAfter={t("groupActivities.yuan")} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6}>
                    <Form.Item name={["config", "maxCents"]} label={t("groupActivities.maxAmount")}>
                      <InputNumber min={0.01} step={0.5} addonAfter={t("groupActivities.yuan")} />
                    </Form.Item>
                  </Col>
                </>
              )}
            </Row>
          </Card>
        )}

        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            {t("common.save")}
          </Button>
          <Button onClick={() => navigate(ACTIVITIES_PATH)}>{t("common.cancel")}</Button>
        </Space>
      </Form>
    </>
  );
}
