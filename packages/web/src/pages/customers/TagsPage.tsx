// 客户 → 标签: the corp's tag groups and tags as mirrored from WeCom, with customer counts; create
// groups and tags, rename and delete them (each change goes to WeCom first).
import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { Tag as AntTag, App, Button, Card, Col, Empty, Popconfirm, Row, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Tag, type TagGroup } from "../../api/index.ts";
import { RequireCorp } from "../../corps/RequireCorp.tsx";
import { useApiData } from "../../lib/useApiData.ts";
import { useErrorText } from "../../lib/useErrorText.ts";
import { LoadError } from "../LoadError.tsx";
import { PageTitle } from "../PageTitle.tsx";
import { type TagEdit, TagEditor } from "./TagEditor.tsx";

export function TagsPage() {
  return <RequireCorp>{(corpId) => <TagGroups key={corpId} corpId={corpId} />}</RequireCorp>;
}

function TagGroups({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data, error, loading, reload } = useApiData(() => api.tags.list(corpId));
  const [editing, setEditing] = useState<TagEdit>();
  const groups = data?.groups ?? [];

  async function remove(target: TagGroup | Tag) {
    try {
      await api.tags.remove(corpId, target.id);
      void message.success(t("tags.deleted"));
      reload();
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  const deleteButton = (target: TagGroup | Tag, confirm: string, label: string) => (
    <Popconfirm
      title={confirm}
      okText={t("common.delete")}
      cancelText={t("common.cancel")}
      okButtonProps={{ danger: true }}
      onConfirm={() => remove(target)}
    >
      <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={label} />
    </Popconfirm>
  );

  return (
    <>
      <PageTitle
        title={t("nav.pages.customers.tags.title")}
        description={t("nav.pages.customers.tags.description")}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ kind: "newGroup" })}>
            {t("tags.newGroup")}
          </Button>
        }
      />
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      {!loading && !error && groups.length === 0 ? (
        <Card>
          <Empty
            description={
              <>
                <Typography.Title level={5}>{t("tags.emptyTitle")}</Typography.Title>
                <Typography.Text type="secondary">{t("tags.emptyText")}</Typography.Text>
              </>
            }
          >
            <Button type="primary" onClick={() => setEditing({ kind: "newGroup" })}>
              {t("tags.newGroup")}
            </Button>
          </Empty>
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {groups.map((g) => (
            <Col key={g.id} xs={24} md={12} xl={8}>
              <Card
                loading={loading && !data}
                title={g.name}
                data-testid={`tag-group-${g.name}`}
                extra={
                  <Space size={0}>
                    <Button
                      size="small"
                      type="text"
                      icon={<PlusOutlined />}
                      aria-label={t("tags.addTags")}
                      onClick={() => setEditing({ kind: "addTags", group: g })}
                    />
                    <Button
                      size="small"
                      type="text"
                      icon={<EditOutlined />}
                      aria-label={t("tags.renameGroup")}
                      onClick={() => setEditing({ kind: "rename", target: g, isGroup: true })}
                    />
                    {deleteButton(g, t("tags.deleteGroupConfirm"), t("tags.deleteGroup"))}
                  </Space>
                }
              >
                <Space direction="vertical" style={{ width: "100%" }}>
                  {g.tags.map((tag) => (
                    <Space key={tag.id} style={{ width: "100%", justifyContent: "space-between" }}>
                      <AntTag color="blue">{tag.name}</AntTag>
                      <Space size={0}>
                        <Typography.Text type="secondary" style={{ marginInlineEnd: 8 }}>
                          {t("tags.customerCount", { count: tag.customers })}
                        </Typography.Text>
                        <Button
                          size="small"
                          type="text"
                          icon={<EditOutlined />}
                          aria-label={t("tags.renameTag", { name: tag.name })}
                          onClick={() => setEditing({ kind: "rename", target: tag, isGroup: false })}
                        />
                        {deleteButton(
                          tag,
                          t("tags.deleteTagConfirm"),
                          t("tags.deleteTag", { name: tag.name }),
                        )}
                      </Space>
                    </Space>
                  ))}
                </Space>
              </Card>
            </Col>
          ))}
        </Row>
      )}
      {editing && (
        <TagEditor
          corpId={corpId}
          edit={editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            reload();
          }}
        />
      )}
    </>
  );
}
