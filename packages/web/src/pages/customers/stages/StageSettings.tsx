// Stage settings: rename, reorder, add and remove stages (a stage holding customers asks where they go), and
// the churn days. Every form keeps what was typed on an error and shows the server's field errors.
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  Divider,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type ChurnSettings, fieldErrors, type Stage } from "../../../api/index.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";
import { LoadError } from "../../LoadError.tsx";

interface Props {
  corpId: string;
  open: boolean;
  onClose: () => void;
  onChanged: () => void;
}

export function StageSettings({ corpId, open, onClose, onChanged }: Props) {
  const { t } = useTranslation();
  return (
    <Drawer title={t("stages.settings")} open={open} onClose={onClose} size="large" destroyOnHidden>
      {open && <SettingsBody corpId={corpId} onChanged={onChanged} />}
    </Drawer>
  );
}

function useNameRules(taken: string[]) {
  const { t } = useTranslation();
  const names = new Set(taken.map((n) => n.toLowerCase()));
  return [
    { required: true, whitespace: true, message: t("stages.nameRequired") },
    { max: 30, message: t("stages.nameTooLong") },
    {
      validator: (_: unknown, value: string | undefined) =>
        value && names.has(value.trim().toLowerCase())
          ? Promise.reject(new Error(t("stages.nameTaken")))
          : Promise.resolve(),
    },
  ];
}

function SettingsBody({ corpId, onChanged }: { corpId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data, error, reload } = useApiData(() => api.stages.pipeline(corpId));
  const [removing, setRemoving] = useState<Stage>();
  const [addForm] = Form.useForm<{ name: string }>();
  const nameRules = useNameRules((data?.stages ?? []).map((s) => s.name));

  if (error !== undefined) return <LoadError error={error} onRetry={reload} />;
  if (!data) return null;
  const stages = data.stages;
  const changed = () => {
    reload();
    onChanged();
  };

  async function move(index: number, by: -1 | 1) {
    const ids = stages.map((s) => s.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id!);
    try {
      await api.stages.reorder(corpId, ids);
      changed();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  async function add(values: { name: string }) {
    try {
      await api.stages.create(corpId, { name: values.name.trim() });
      addForm.resetFields();
      void message.success(t("stages.saved"));
      changed();
    } catch (reason) {
      const fields = fieldErrors(reason);
      if (fields.length > 0) {
        addForm.setFields(fields.map((f) => ({ name: f.field as never, errors: [f.message] })));
      } else void message.error(errorText(reason));
    }
  }

  return (
    <>
      <Typography.Title level={5}>{t("stages.stageList")}</Typography.Title>
      <List
        bordered
        dataSource={stages}
        data-testid="stage-settings-list"
        renderItem={(s, index) => (
          <List.Item
            actions={[
              <Button
                key="up"
                size="small"
                type="text"
                icon={<ArrowUpOutlined />}
                aria-label={t("stages.moveUp")}
                disabled={index === 0}
                onClick={() => void move(index, -1)}
              />,
              <Button
                key="down"
                size="small"
                type="text"
                icon={<ArrowDownOutlined />}
                aria-label={t("stages.moveDown")}
                disabled={index === stages.length - 1}
                onClick={() => void move(index, 1)}
              />,
              <Button
                key="remove"
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={`${t("stages.remove")} ${s.name}`}
                disabled={s.builtin}
                onClick={() => setRemoving(s)}
              />,
            ]}
          >
            <RenameField
              corpId={corpId}
              stage={s}
              others={stages.filter((o) => o.id !== s.id).map((o) => o.name)}
              onSaved={changed}
            />
          </List.Item>
        )}
      />
      <Form form={addForm} layout="inline" onFinish={(v) => void add(v)} style={{ marginTop: 12 }}>
        <Form.Item name="name" rules={nameRules} style={{ flex: 1 }}>
          <Input placeholder={t("stages.namePlaceholder")} aria-label={t("stages.name")} maxLength={40} />
        </Form.Item>
        <Button htmlType="submit" icon={<PlusOutlined />}>
          {t("stages.add")}
        </Button>
      </Form>
      <Divider />
      <ChurnForm corpId={corpId} settings={data.settings} onSaved={changed} />
      {removing && (
        <RemoveModal
          corpId={corpId}
          stage={removing}
          stages={stages}
          onDone={(moved) => {
            setRemoving(undefined);
            if (moved !== undefined) {
              void message.success(t("stages.removed", { count: moved }));
              changed();
            }
          }}
        />
      )}
    </>
  );
}

function RenameField({
  corpId,
  stage,
  others,
  onSaved,
}: {
  corpId: string;
  stage: Stage;
  others: string[];
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ name: string }>();
  const nameRules = useNameRules(others);

  async function save(values: { name: string }) {
    if (values.name.trim() === stage.name) return;
    try {
      await api.stages.rename(corpId, stage.id, values.name.trim());
      void message.success(t("stages.saved"));
      onSaved();
    } catch (reason) {
      const fields = fieldErrors(reason);
      if (fields.length > 0)
        form.setFields(fields.map((f) => ({ name: f.field as never, errors: [f.message] })));
      else void message.error(errorText(reason));
    }
  }

  return (
    <Form form={form} layout="inline" initialValues={{ name: stage.name }} onFinish={(v) => void save(v)}>
      <Form.Item name="name" rules={nameRules} style={{ marginBottom: 0 }}>
        <Input
          aria-label={`${t("stages.name")} ${stage.name}`}
          maxLength={40}
          style={{ width: 200 }}
          onBlur={() => form.submit()}
          suffix={stage.builtin ? <Tag style={{ marginInlineEnd: 0 }}>{t("stages.builtin")}</Tag> : undefined}
        />
      </Form.Item>
      <Typography.Text type="secondary">{t("stages.count", { count: stage.count })}</Typography.Text>
    </Form>
  );
}

function RemoveModal({
  corpId,
  stage,
  stages,
  onDone,
}: {
  corpId: string;
  stage: Stage;
  stages: Stage[];
  onDone: (moved?: number) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ moveTo?: string }>();
  const [busy, setBusy] = useState(false);

  async function remove(values: { moveTo?: string }) {
    setBusy(true);
    try {
      const result = await api.stages.remove(corpId, stage.id, values.moveTo);
      onDone(result.moved);
    } catch (reason) {
      const fields = fieldErrors(reason);
      if (fields.length > 0)
        form.setFields(fields.map((f) => ({ name: f.field as never, errors: [f.message] })));
      else void message.error(errorText(reason));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t("stages.removeTitle", { name: stage.name })}
      okText={t("stages.remove")}
      okButtonProps={{ danger: true, loading: busy }}
      cancelText={t("common.cancel")}
      onOk={() => form.submit()}
      onCancel={() => onDone()}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void remove(v)}>
        {stage.count === 0 ? (
          <Typography.Paragraph>{t("stages.removeEmpty")}</Typography.Paragraph>
        ) : (
          <>
            <Typography.Paragraph>{t("stages.removeHolds", { count: stage.count })}</Typography.Paragraph>
            <Form.Item
              name="moveTo"
              label={t("stages.moveTo")}
              rules={[{ required: true, message: t("stages.moveToRequired") }]}
            >
              <Select
                options={stages.filter((s) => s.id !== stage.id).map((s) => ({ value: s.id, label: s.name }))}
              />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

function ChurnForm({
  corpId,
  settings,
  onSaved,
}: {
  corpId: string;
  settings: ChurnSettings;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<ChurnSettings>();
  const days = [
    { required: true, message: t("stages.daysRequired") },
    { type: "number" as const, min: 1, max: 3650, message: t("stages.daysRange") },
  ];

  async function save(values: ChurnSettings) {
    try {
      await api.stages.settings(corpId, values);
      void message.success(t("stages.saved"));
      onSaved();
    } catch (reason) {
      const fields = fieldErrors(reason);
      if (fields.length > 0)
        form.setFields(fields.map((f) => ({ name: f.field as never, errors: [f.message] })));
      else void message.error(errorText(reason));
    }
  }

  return (
    <Form form={form} layout="vertical" initialValues={settings} onFinish={(v) => void save(v)}>
      <Typography.Title level={5}>{t("stages.churn")}</Typography.Title>
      <Typography.Paragraph type="secondary">{t("stages.churnHelp")}</Typography.Paragraph>
      <Flex gap={16} wrap>
        <Form.Item name="churnRiskDays" label={t("stages.churnRiskDays")} rules={days}>
          <InputNumber min={1} max={3650} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="churnedDays"
          label={t("stages.churnedDays")}
          dependencies={["churnRiskDays"]}
          rules={[
            ...days,
            ({ getFieldValue }) => ({
              validator: (_, value: number | undefined) =>
                value === undefined || value > (getFieldValue("churnRiskDays") as number)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t("stages.churnOrder"))),
            }),
          ]}
        >
          <InputNumber min={1} max={3650} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Flex>
      <Space>
        <Button type="primary" htmlType="submit">
          {t("common.save")}
        </Button>
      </Space>
    </Form>
  );
}
