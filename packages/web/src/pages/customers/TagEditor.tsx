// The modal behind every tag change: a new group with its first tags, more tags in a group, or a new
// name for a tag or a group. WeCom's limits (30 characters, no empty group) are checked first.
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Form, Input, Modal, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Tag, type TagGroup } from "../../api/index.ts";
import { useSaveFailure } from "../../lib/FormErrorAlert.tsx";
import { useErrorText } from "../../lib/useErrorText.ts";

export type TagEdit =
  | { kind: "newGroup" }
  | { kind: "addTags"; group: TagGroup }
  | { kind: "rename"; target: TagGroup | Tag; isGroup: boolean };

interface Values {
  groupName?: string;
  name?: string;
  tags?: { name: string }[];
}

export function TagEditor({
  corpId,
  edit,
  onClose,
  onSaved,
}: {
  corpId: string;
  edit: TagEdit;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const _errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const failure = useSaveFailure(form);
  const [saving, setSaving] = useState(false);
  const nameRules = [
    { required: true, whitespace: true, message: t("validation.nameRequired") },
    { max: 30, message: t("validation.tooLong", { max: 30 }) },
  ];

  async function submit(values: Values) {
    setSaving(true);
    failure.clear();
    try {
      const tags = (values.tags ?? []).map((x) => ({ name: x.name.trim() }));
      if (edit.kind === "newGroup")
        await api.tags.create(corpId, { groupName: values.groupName?.trim(), tags });
      else if (edit.kind === "addTags") await api.tags.create(corpId, { groupId: edit.group.id, tags });
      else await api.tags.update(corpId, edit.target.id, { name: values.name?.trim() });
      void message.success(t("tags.saved"));
      onSaved();
    } catch (reason) {
      failure.fail(reason);
    } finally {
      setSaving(false);
    }
  }

  const title =
    edit.kind === "newGroup"
      ? t("tags.newGroup")
      : edit.kind === "addTags"
        ? t("tags.addTagsTo", { name: edit.group.name })
        : t(edit.isGroup ? "tags.renameGroup" : "tags.renameTag", { name: edit.target.name });

  return (
    <Modal
      open
      title={title}
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
        initialValues={edit.kind === "rename" ? { name: edit.target.name } : { tags: [{ name: "" }] }}
      >
        {edit.kind === "rename" ? (
          <Form.Item name="name" label={t("tags.name")} rules={nameRules}>
            <Input maxLength={30} />
          </Form.Item>
        ) : (
          <>
            {edit.kind === "newGroup" && (
              <Form.Item name="groupName" label={t("tags.groupName")} rules={nameRules}>
                <Input maxLength={30} />
              </Form.Item>
            )}
            <Form.List
              name="tags"
              rules={[
                {
                  validator: async (_rule, value: unknown[] | undefined) => {
                    if ((value?.length ?? 0) === 0) throw new Error(t("tags.needOneTag"));
                  },
                },
              ]}
            >
              {(fields, { add, remove }, { errors }) => (
                <Form.Item label={t("tags.tags")}>
                  {fields.map((field, index) => (
                    <Space key={field.key} align="start" style={{ display: "flex" }}>
                      <Form.Item name={[field.name, "name"]} rules={nameRules} style={{ marginBottom: 8 }}>
                        <Input
                          maxLength={30}
                          placeholder={t("tags.tagN", { n: index + 1 })}
                          aria-label={t("tags.tagN", { n: index + 1 })}
                        />
                      </Form.Item>
                      <Button
                        type="text"
                        icon={<DeleteOutlined />}
                        aria-label={t("tags.removeRow")}
                        onClick={() => remove(field.name)}
                      />
                    </Space>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: "" })}>
                    {t("tags.addRow")}
                  </Button>
                  <Form.ErrorList errors={errors} />
                </Form.Item>
              )}
            </Form.List>
          </>
        )}
      </Form>
    </Modal>
  );
}
