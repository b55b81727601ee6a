// The segment editor: a visual builder and a text box kept in sync (edit either), the live count and a sample of
// customers, and errors shown at the offending row or text range. Saves name, description and the AST.
import {
  Alert,
  Avatar,
  Button,
  Card,
  Col,
  Form,
  Input,
  List,
  Row,
  Space,
  Statistic,
  Tag,
  Typography,
} from "antd";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  api,
  type SavedSegment,
  type SegmentExpr,
  type SegmentIssue,
  type SegmentLang,
  type SegmentPreview,
} from "../../../api/index.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";
import { Builder } from "./Builder.tsx";
import { type BuilderGroup, fromExpr, nodeForPath, toExpr } from "./model.ts";
import { type PreviewInput, usePreview } from "./usePreview.ts";

export function useSegmentLang(): SegmentLang {
  const { i18n } = useTranslation();
  return i18n.language === "en" ? "en" : "zh";
}

export function SegmentEditor({
  corpId,
  segment,
  onSaved,
  onCancel,
}: {
  corpId: string;
  segment?: SavedSegment;
  onSaved: (s: SavedSegment) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const lang = useSegmentLang();
  const errorText = useErrorText();
  const pickers = useApiData(() => api.segments.pickers(corpId));
  const [root, setRoot] = useState<BuilderGroup>(() => fromExpr(segment?.expr));
  const [text, setText] = useState(segment?.text ?? "");
  const [name, setName] = useState(segment?.name ?? "");
  const [description, setDescription] = useState(segment?.description ?? "");
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<{ field?: string; message: string }>();

  const onResult = useCallback((r: SegmentPreview, input: PreviewInput) => {
    if ("expr" in input) setText(r.text);
    else setRoot(fromExpr(r.expr));
  }, []);
  const preview = usePreview(corpId, lang, onResult);

  const built = useMemo(() => toExpr(root), [root]);
  // First preview of an existing segment.
  const initial = segment?.expr;
  const request = preview.request;
  useEffect(() => {
    if (initial) request({ expr: initial });
  }, [initial, request]);

  function changeBuilder(next: BuilderGroup) {
    setRoot(next);
    const { expr } = toExpr(next);
    preview.request(expr ? { expr } : null);
    if (!expr) setText("");
  }

  function changeText(next: string) {
    setText(next);
    preview.request(next.trim() ? { text: next } : null);
    if (!next.trim()) setRoot(fromExpr(null));
  }

  const rowErrors = useMemo(() => {
    const m = new Map<string, string>();
    if (preview.issuesFor !== "expr") return m;
    for (const issue of preview.issues) {
      const key = nodeForPath(built.paths, issue.path);
      if (key) m.set(key, issue.message);
    }
    return m;
  }, [preview.issues, preview.issuesFor, built.paths]);

  async function save() {
    if (!name.trim()) {
      setSaveError({ field: "name", message: t("segments.nameRequired") });
      return;
    }
    const expr: SegmentExpr | null = built.expr;
    const input =
      text.trim() && (preview.issuesFor === "text" || !expr) ? { text } : expr ? { expr } : { text };
    setSaving(true);
    try {
      const body = { name: name.trim(), description: description.trim() || null, ...input };
      const saved = segment
        ? await api.segments.update(corpId, segment.id, body, lang)
        : await api.segments.create(corpId, body, lang);
      onSaved(saved);
    } catch (reason) {
      const code = (reason as { code?: string }).code;
      setSaveError({
        ...(code === "SEGMENT_NAME_TAKEN" ? { field: "name" } : {}),
        message: errorText(reason),
      });
    } finally {
      setSaving(false);
    }
  }

  const result = preview.result;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={15}>
        <Card
          title={segment ? segment.name : t("segments.newSegment")}
          extra={
            <Space>
              <Button onClick={onCancel}>{t("segments.back")}</Button>
              <Button type="primary" loading={saving} onClick={save} data-testid="segment-save">
                {t("segments.save")}
              </Button>
            </Space>
          }
        >
          <Form layout="vertical">
            <Row gutter={16}>
              <Col span={10}>
                <Form.Item
                  label={t("segments.name")}
                  required
                  validateStatus={saveError?.field === "name" ? "error" : undefined}
                  help={saveError?.field === "name" ? saveError.message : undefined}
                >
                  <Input
                    value={name}
                    onChange={(e) => setName(e.target.value)}
                    placeholder={t("segments.namePlaceholder")}
                    data-testid="segment-name"
                  />
                </Form.Item>
              </Col>
              <Col span={14}>
                <Form.Item label={t("segments.description")}>
                  <Input value={description} onChange={(e) => setDescription(e.target.value)} />
                </Form.Item>
              </Col>
            </Row>
            {saveError && !saveError.field && (
              <Alert type="error" showIcon message={saveError.message} style={{ marginBottom: 16 }} />
            )}
            <Form.Item label={t("segments.builder")}>
              <Builder root={root} pickers={pickers.data} errors={rowErrors} onChange={changeBuilder} />
            </Form.Item>
            <Form.Item label={t("segments.textLabel")} extra={t("segments.textHelp")}>
              <Input.TextArea
                value={text}
                onChange={(e) => changeText(e.target.value)}
                autoSize={{ minRows: 2, maxRows: 6 }}
                placeholder={t("segments.textPlaceholder")}
                status={preview.issuesFor === "text" && preview.issues.length ? "error" : undefined}
                data-testid="segment-text"
                spellCheck={false}
              />
            </Form.Item>
            {preview.issuesFor === "text" &&
              preview.issues.map((issue) => (
                <TextIssue key={`${issue.from}-${issue.to}-${issue.message}`} text={text} issue={issue} />
              ))}
            {preview.error !== undefined && (
              <Alert type="error" showIcon message={errorText(preview.error)} />
            )}
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <Card>
          <Statistic
            title={t("segments.count")}
            value={result ? result.count : "—"}
            loading={preview.loading && !result}
            valueRender={(node) => <span data-testid="segment-count">{node}</span>}
          />
          <Typography.Text type="secondary">
            {preview.loading
              ? t("segments.counting")
              : result
                ? t("segments.took", { ms: result.tookMs })
                : t("segments.noCondition")}
          </Typography.Text>
        </Card>
        {result && (
          <Card
            title={result.scope === "member" ? t("segments.sampleMember") : t("segments.sample")}
            style={{ marginTop: 16 }}
            size="small"
          >
            <List
              size="small"
              dataSource={result.sample}
              data-testid="segment-sample"
              renderItem={(c) => (
                <List.Item>
                  <List.Item.Meta
                    avatar={<Avatar src={c.avatar ?? undefined}>{c.name.slice(0, 1)}</Avatar>}
                    title={c.name}
                    description={
                      <Space size={4} wrap>
                        {c.owner && (
                          <Typography.Text type="secondary">{`${t("segments.owner")}: ${c.owner.name}`}</Typography.Text>
                        )}
                        {c.tags.slice(0, 4).map((tag) => (
                          <Tag key={tag.id}>{tag.name}</Tag>
                        ))}
                      </Space>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        )}
      </Col>
    </Row>
  );
}

/** A text error: what is wrong, in the console's language, with the offending range marked. */
function TextIssue({ text, issue }: { text: string; issue: SegmentIssue }) {
  const { t } = useTranslation();
  const from = issue.from ?? 0;
  const to = Math.max(issue.to ?? from, from);
  const what =
    issue.kind === "syntax"
      ? t("segments.issue.syntax", { expected: (issue.expected ?? []).join(" / ") })
      : t(`segments.issue.${issue.kind}`, { found: issue.found ?? "" });
  const similar =
    issue.kind === "unknown_name" && issue.candidates?.length
      ? ` ${t("segments.didYouMean", { names: issue.candidates.map((c) => c.name).join("、") })}`
      : "";
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 8 }}
      data-testid="segment-text-error"
      message={`${t("segments.errorAt", { from: from + 1, to: Math.max(to, from + 1) })}${what}${similar}`}
      description={
        <code style={{ whiteSpace: "pre-wrap" }}>
          {text.slice(0, from)}
          <mark data-testid="segment-error-range">{text.slice(from, to) || " "}</mark>
          {text.slice(to)}
        </code>
      }
    />
  );
}
