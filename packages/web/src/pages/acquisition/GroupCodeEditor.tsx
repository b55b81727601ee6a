// Create or edit a group live code: name and state, up to 5 customer groups chosen with the group picker,
// and whether WeCom opens new groups (with a base name and first number) when all are full. Server
// validation lands on the fields; nothing typed is lost on an error.
import { App, Button, Card, Col, Form, Input, InputNumber, Row, Space, Switch } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { ApiError, api, type GroupCode, type GroupCodeInput } from "../../api/index.ts";
import { useSaveFailure } from "../../lib/FormErrorAlert.tsx";
import { useApiData } from "../../lib/useApiData.ts";
import { GroupPicker } from "../../pickers/GroupPicker.tsx";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";
import { GROUP_CODES_PATH, groupCodePath } from "./paths.ts";

const STATE = /^[A-Za-z0-9_.-]+$/;
const MAX_GROUPS = 5;

interface Values {
  name: string;
  state?: string;
  remark?: string;
  chatIds: string[];
  autoCreateRoom: boolean;
  roomBaseName?: string;
  roomBaseId?: number | null;
}

const NEW_CODE: Values = { name: "", chatIds: [], autoCreateRoom: true, roomBaseId: null };

function valuesOf(code: GroupCode): Values {
  return {
    name: code.name,
    state: code.state,
    remark: code.remark ?? undefined,
    chatIds: code.chats.map((c) => c.chatId),
    autoCreateRoom: code.autoCreateRoom,
    roomBaseName: code.roomBaseName ?? undefined,
    roomBaseId: code.roomBaseId,
  };
}

function toInput(v: Values): GroupCodeInput {
  const state = v.state?.trim();
  return {
    name: v.name.trim(),
    ...(state ? { state } : {}),
    remark: v.remark?.trim() || null,
    chatIds: v.chatIds ?? [],
    autoCreateRoom: v.autoCreateRoom,
    roomBaseName: v.autoCreateRoom ? v.roomBaseName?.trim() || null : null,
    roomBaseId: v.autoCreateRoom ? (v.roomBaseId ?? null) : null,
  };
}

export function GroupCodeEditor({ corpId }: { corpId: string }) {
  const { id } = useParams();
  const existing = useApiData(() => (id ? api.groupCodes.get(corpId, id) : Promise.resolve(undefined)));
  if (existing.error !== undefined) return <LoadError error={existing.error} onRetry={existing.reload} />;
  if (id && !existing.data) return <Card loading />;
  return <GroupCodeForm corpId={corpId} code={existing.data} />;
}

function GroupCodeForm({ corpId, code }: { corpId: string; code: GroupCode | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const failure = useSaveFailure(form);
  const [saving, setSaving] = useState(false);
  const autoCreate = Form.useWatch("autoCreateRoom", form);

  async function submit(values: Values) {
    setSaving(true);
    failure.clear();
    try {
      const input = toInput(values);
      const saved = code
        ? await api.groupCodes.update(corpId, code.id, (({ state: _state, ...patch }) => patch)(input))
        : await api.groupCodes.create(corpId, input);
      void message.success(code ? t("groupCodes.saved") : t("groupCodes.created"));
      navigate(groupCodePath(saved.id));
    } catch (reason) {
      failure.fail(reason);
      // WeCom refusing a group says why in group terms, on the group field.
      if (
        reason instanceof ApiError &&
        reason.code === "WECOM_REJECTED" &&
        (reason.details as { path?: unknown } | undefined)?.path === "/chatIds"
      ) {
        form.setFields([{ name: "chatIds", errors: [t("groupCodes.groupRejected")] }]);
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <PageTitle
        title={code ? t("groupCodes.editTitle", { name: code.name }) : t("groupCodes.createTitle")}
        description={t("groupCodes.formDescription")}
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
        <Card title={t("groupCodes.basics")} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="name"
                label={t("groupCodes.name")}
                rules={[
                  { required: true, whitespace: true, message: t("validation.nameRequired") },
                  { max: 60, message: t("validation.tooLong", { max: 60 }) },
                ]}
              >
                <Input placeholder={t("groupCodes.namePlaceholder")} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="state"
                label={t("groupCodes.state")}
                extra={code ? t("groupCodes.stateFixed") : t("groupCodes.stateHelp")}
                rules={[
                  { max: 30, message: t("validation.stateTooLong") },
                  { pattern: STATE, message: t("validation.stateChars") },
                ]}
              >
                <Input disabled={code !== undefined} placeholder={t("groupCodes.statePlaceholder")} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="remark"
                label={t("groupCodes.remark")}
                rules={[{ max: 30, message: t("validation.tooLong", { max: 30 }) }]}
              >
                <Input />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title={t("groupCodes.groups")} style={{ marginBottom: 16 }}>
          <Form.Item
            name="chatIds"
            label={t("groupCodes.groupsLabel")}
            extra={t("groupCodes.groupsHelp")}
            rules={[
              { required: true, type: "array", min: 1, message: t("validation.groupsRequired") },
              { type: "array", max: MAX_GROUPS, message: t("validation.groupsTooMany") },
            ]}
          >
            <GroupPicker corpId={corpId} max={MAX_GROUPS} />
          </Form.Item>
          <Form.Item
            name="autoCreateRoom"
            label={t("groupCodes.autoCreate")}
            valuePropName="checked"
            extra={t("groupCodes.autoCreateHelp")}
          >
            <Switch />
          </Form.Item>
          {autoCreate && (
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item
                  name="roomBaseName"
                  label={t("groupCodes.roomBaseName")}
                  extra={t("groupCodes.roomBaseNameHelp")}
                  rules={[{ max: 40, message: t("validation.tooLong", { max: 40 }) }]}
                >
                  <Input placeholder={t("groupCodes.roomBaseNamePlaceholder")} />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item name="roomBaseId" label={t("groupCodes.roomBaseId")}>
                  <InputNumber min={1} max={1_000_000} precision={0} style={{ width: "100%" }} />
                </Form.Item>
              </Col>
            </Row>
          )}
        </Card>

        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            {code ? t("common.save") : t("groupCodes.create")}
          </Button>
          <Button onClick={() => navigate(code ? groupCodePath(code.id) : GROUP_CODES_PATH)}>
            {t("common.cancel")}
          </Button>
        </Space>
      </Form>
    </>
  );
}
