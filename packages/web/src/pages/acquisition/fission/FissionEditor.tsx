// A new fission campaign: name, the staff invitees add, the retention window, reward tiers (invites → a voucher
// from a coupon pool or a manual reward), the poster's texts and the message sent with it. Server validation lands
// on the fields (a 0-invite tier, an empty coupon pool); nothing typed is lost.
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Col, Form, Input, InputNumber, Row, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { api, type FissionInput } from "../../../api/index.ts";
import { useSaveFailure } from "../../../lib/FormErrorAlert.tsx";
import { useApiData } from "../../../lib/useApiData.ts";
import { MemberPicker } from "../../../pickers/MemberPicker.tsx";
import { PageTitle } from "../../PageTitle.tsx";
import { RewardFields, toReward } from "../../rewards/RewardFields.tsx";
import { FISSION_PATH, fissionPath } from "./paths.ts";

interface Values {
  name?: string;
  staff?: string[];
  windowHours: number;
  tiers: { invites?: number | null; reward?: { kind?: string; poolId?: string; name?: string } }[];
  poster: { title?: string; subtitle?: string };
  joinText?: string;
}

const INITIAL: Values = {
  windowHours: 48,
  tiers: [{ invites: 3, reward: { kind: "manual" } }],
  poster: { title: "邀请好友 领好礼", subtitle: "扫码添加顾问，助力好友领奖" },
  joinText: "邀请好友扫码添加顾问，即可解锁奖励！这是您的专属海报：",
};

function toInput(v: Values): FissionInput {
  return {
    name: v.name?.trim() ?? "",
    staff: v.staff ?? [],
    windowHours: v.windowHours,
    tiers: (v.tiers ?? []).map((tier) => ({ invites: tier.invites ?? 0, reward: toReward(tier.reward) })),
    poster: {
      materialId: null,
      title: v.poster?.title?.trim() ?? "",
      subtitle: v.poster?.subtitle?.trim() ?? "",
    },
    ...(v.joinText?.trim() ? { joinText: v.joinText.trim() } : {}),
  };
}

export function FissionEditor({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const failure = useSaveFailure(form);
  const [saving, setSaving] = useState(false);
  const pools = useApiData(() => api.couponPools.list(corpId));

  async function submit(values: Values) {
    setSaving(true);
    failure.clear();
    try {
      const created = await api.fission.create(corpId, toInput(values));
      void message.success(t("fission.saved"));
      navigate(fissionPath(created.id));
    } catch (reason) {
      failure.fail(reason);
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <PageTitle title={t("fission.createTitle")} description={t("fission.formDescription")} />
      {failure.alert}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={INITIAL}
        onFinish={submit}
        scrollToFirstError
        autoComplete="off"
      >
        <Card style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="name"
                label={t("fission.name")}
                rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
              >
                <Input maxLength={60} placeholder={t("fission.namePlaceholder")} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="windowHours" label={t("fission.windowHours")} extra={t("fission.windowHelp")}>
                <InputNumber min={0} max={720} addonAfter={t("fission.hours")} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="staff" label={t("fission.staff")} extra={t("fission.staffHelp")}>
                <MemberPicker corpId={corpId} multiple aria-label={t("fission.staff")} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card title={t("fission.tiers")} style={{ marginBottom: 16 }}>
          <Form.List name="tiers">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Card
                    size="small"
                    key={field.key}
                    style={{ marginBottom: 12 }}
                    data-testid={`tier-${field.name}`}
                  >
                    <Row gutter={12}>
                      <Col xs={24} md={5}>
                        <Form.Item name={[field.name, "invites"]} label={t("fission.invites")}>
                          <InputNumber
                            min={0}
                            max={1000}
                            addonAfter={t("fission.invitesSuffix")}
                            aria-label={t("fission.invites")}
                          />
                        </Form.Item>
                      </Col>
                      <RewardFields
                        name={[field.name, "reward"]}
                        path={["tiers", field.name, "reward"]}
                        pools={pools.data?.items ?? []}
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
                  </Card>
                ))}
                <Button
                  icon={<PlusOutlined />}
                  disabled={fields.length >= 5}
                  onClick={() => add({ reward: { kind: "manual" } })}
                >
                  {t("fission.addTier")}
                </Button>
              </>
            )}
          </Form.List>
        </Card>
        <Card style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name={["poster", "title"]} label={t("fission.posterTitle")}>
                <Input maxLength={30} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={["poster", "subtitle"]} label={t("fission.posterSubtitle")}>
                <Input maxLength={60} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="joinText" label={t("fission.joinText")} extra={t("fission.joinTextHelp")}>
                <Input.TextArea rows={2} maxLength={300} showCount />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            {t("common.save")}
          </Button>
          <Button onClick={() => navigate(FISSION_PATH)}>{t("common.cancel")}</Button>
        </Space>
      </Form>
    </>
  );
}
