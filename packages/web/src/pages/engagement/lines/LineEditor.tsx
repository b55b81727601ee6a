// Create a message line (name, exit on order, steps) or, at /:id/steps, replace a line's steps (a new version).
// Each step: day N at HH:MM after joining, or N hours after, and the text. Server validation lands on the fields
// (a step out of order on its timing); nothing typed is lost on an error.
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Flex, Form, Input, InputNumber, Radio, Space, Switch } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { api } from "../../../api/index.ts";
import { useSaveFailure } from "../../../lib/FormErrorAlert.tsx";
import { PageTitle } from "../../PageTitle.tsx";
import { linePath } from "./linePaths.ts";
import { NEW_STEP, type StepValues, toSteps, toValues } from "./lineSteps.ts";

interface Values {
  name?: string;
  exitOnOrder: boolean;
  steps?: StepValues[];
}

const INITIAL: Values = { exitOnOrder: true, steps: [NEW_STEP] };

function StepFields({ index }: { index: number }) {
  const { t } = useTranslation();
  const kind = Form.useWatch(["steps", index, "timing", "kind"]) ?? "day";
  return (
    <>
      <Form.Item name={[index, "timing", "kind"]} label={t("journeys.timingKind")}>
        <Radio.Group
          optionType="button"
          options={(["day", "hours"] as const).map((k) => ({ value: k, label: t(`journeys.kinds.${k}`) }))}
        />
      </Form.Item>
      {kind === "day" ? (
        <Space align="start">
          <Form.Item name={[index, "timing", "day"]} label={t("journeys.day")}>
            <InputNumber min={0} max={365} data-testid={`step-${index}-day`} />
          </Form.Item>
          <Form.Item name={[index, "timing", "at"]} label={t("journeys.at")}>
            <Input style={{ width: 110 }} placeholder="20:00" data-testid={`step-${index}-at`} />
          </Form.Item>
        </Space>
      ) : (
        <Form.Item name={[index, "timing", "hours"]} label={t("journeys.hours")}>
          <InputNumber min={0} max={8760} data-testid={`step-${index}-hours`} />
        </Form.Item>
      )}
      <Form.Item name={[index, "content", "text"]} label={t("journeys.text")}>
        <Input.TextArea
          rows={3}
          maxLength={4000}
          showCount
          placeholder={t("journeys.textPlaceholder")}
          data-testid={`step-${index}-text`}
        />
      </Form.Item>
    </>
  );
}

export function LineEditor({ corpId }: { corpId: string }) {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const failure = useSaveFailure(form);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!id) return;
    api.journeys.get(corpId, id).then(
      (j) => form.setFieldsValue({ name: j.name, exitOnOrder: j.exitOnOrder, steps: toValues(j.steps) }),
      (reason) => failure.fail(reason),
    );
  }, [corpId, id, form, failure.fail]);

  async function submit(values: Values) {
    setSaving(true);
    failure.clear();
    try {
      const steps = toSteps(values.steps);
      const saved = id
        ? await api.journeys.updateSteps(corpId, id, steps)
        : await api.journeys.create(corpId, {
            name: values.name?.trim() ?? "",
            exitOnOrder: values.exitOnOrder,
            steps,
          });
      void message.success(t(id ? "journeys.saved" : "journeys.created"));
      navigate(linePath(saved.id));
    } catch (reason) {
      failure.fail(reason);
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <PageTitle
        title={t(id ? "journeys.editTitle" : "journeys.createTitle")}
        description={t("journeys.formDescription")}
      />
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
          <Form.Item name="name" label={t("journeys.name")}>
            <Input
              maxLength={100}
              disabled={!!id}
              placeholder={t("journeys.namePlaceholder")}
              data-testid="line-name"
            />
          </Form.Item>
          <Form.Item
            name="exitOnOrder"
            label={t("journeys.exitOnOrder")}
            extra={t("journeys.exitOnOrderHelp")}
            valuePropName="checked"
          >
            <Switch disabled={!!id} />
          </Form.Item>
        </Card>
        <Form.List name="steps">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Card
                  key={field.key}
                  size="small"
                  title={t("journeys.step", { n: i + 1 })}
                  style={{ marginBottom: 12 }}
                  extra={
                    fields.length > 1 && (
                      <Button
                        size="small"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t("journeys.removeStep")}
                        onClick={() => remove(field.name)}
                      />
                    )
                  }
                >
                  <StepFields index={field.name} />
                </Card>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add(NEW_STEP)} style={{ marginBottom: 16 }}>
                {t("journeys.addStep")}
              </Button>
            </>
          )}
        </Form.List>
        <Flex gap={8}>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="line-save">
            {t("journeys.save")}
          </Button>
          <Button onClick={() => navigate(id ? linePath(id) : "..")}>{t("common.cancel")}</Button>
        </Flex>
      </Form>
    </>
  );
}
