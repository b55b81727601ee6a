// The visual builder: nested groups (AND/OR, each may be negated) of condition rows, with errors shown at the row
// they are about.
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Checkbox, Flex, Radio, Select, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { SegmentPickers } from "../../../api/index.ts";
import {
  type BuilderGroup,
  type BuilderNode,
  complete,
  emptyTerm,
  newKey,
  TERM_KINDS,
  type TermKind,
  updateNode,
} from "./model.ts";
import { TermEditor } from "./TermEditor.tsx";

interface Props {
  root: BuilderGroup;
  pickers: SegmentPickers | undefined;
  /** Error messages by node key. */
  errors: Map<string, string>;
  onChange: (root: BuilderGroup) => void;
}

export function Builder({ root, pickers, errors, onChange }: Props) {
  return <GroupView group={root} isRoot root={root} pickers={pickers} errors={errors} onChange={onChange} />;
}

function GroupView({ group, isRoot, ...props }: Props & { group: BuilderGroup; isRoot: boolean }) {
  const { t } = useTranslation();
  const { root, onChange, errors } = props;
  const set = (fn: (n: BuilderNode) => BuilderNode | null) => onChange(updateNode(root, group.key, fn));
  const add = (child: BuilderNode) =>
    set((n) => (n.kind === "group" ? { ...n, children: [...n.children, child] } : n));
  return (
    <div className={isRoot ? "siyu-segment-root" : "siyu-segment-group"} data-testid="segment-group">
      <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
        <Checkbox checked={group.negate} onChange={(e) => set((n) => ({ ...n, negate: e.target.checked }))}>
          {t("segments.not")}
        </Checkbox>
        <Radio.Group
          size="small"
          optionType="button"
          value={group.op}
          onChange={(e) => set((n) => (n.kind === "group" ? { ...n, op: e.target.value } : n))}
          options={[
            { value: "and", label: t("segments.allOf") },
            { value: "or", label: t("segments.anyOf") },
          ]}
        />
        {!isRoot && (
          <Button
            size="small"
            type="text"
            danger
            icon={<DeleteOutlined />}
            aria-label={t("segments.remove")}
            onClick={() => set(() => null)}
          />
        )}
      </Flex>
      <Flex vertical gap={8} style={{ paddingLeft: 16, borderLeft: "2px solid #d9d9d9" }}>
        {group.children.map((child, i) => (
          <div key={child.key}>
            {i > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`segments.${group.op}`)}
              </Typography.Text>
            )}
            {child.kind === "group" ? (
              <GroupView {...props} group={child} isRoot={false} />
            ) : (
              <RowView {...props} row={child} />
            )}
          </div>
        ))}
        <Space>
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => add({ kind: "row", key: newKey(), negate: false, term: emptyTerm("tag") })}
            data-testid="add-condition"
          >
            {t("segments.addCondition")}
          </Button>
          <Button
            size="small"
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => add({ kind: "group", key: newKey(), negate: false, op: "or", children: [] })}
          >
            {t("segments.addGroup")}
          </Button>
        </Space>
      </Flex>
      {errors.get(group.key) && <Typography.Text type="danger">{errors.get(group.key)}</Typography.Text>}
    </div>
  );
}

function RowView({ row, ...props }: Props & { row: Extract<BuilderNode, { kind: "row" }> }) {
  const { t } = useTranslation();
  const { root, onChange, pickers, errors } = props;
  const set = (fn: (n: BuilderNode) => BuilderNode | null) => onChange(updateNode(root, row.key, fn));
  const error = errors.get(row.key);
  return (
    <div data-testid="segment-row">
      <Flex gap={8} align="center" wrap>
        <Checkbox checked={row.negate} onChange={(e) => set((n) => ({ ...n, negate: e.target.checked }))}>
          {t("segments.not")}
        </Checkbox>
        <Select<TermKind>
          style={{ width: 150 }}
          value={row.term.term}
          onChange={(kind) => set((n) => ({ ...n, term: emptyTerm(kind) }) as BuilderNode)}
          options={TERM_KINDS.map((k) => ({ value: k, label: t(`segments.field.${k}`) }))}
          data-testid="term-kind"
        />
        <TermEditor
          term={row.term}
          pickers={pickers}
          onChange={(term) => set((n) => ({ ...n, term }) as BuilderNode)}
        />
        <Button
          size="small"
          type="text"
          danger
          icon={<DeleteOutlined />}
          aria-label={t("segments.remove")}
          onClick={() => set(() => null)}
        />
      </Flex>
      {!complete(row.term) && <Typography.Text type="warning">{t("segments.incomplete")}</Typography.Text>}
      {error && (
        <Typography.Text type="danger" data-testid="term-error">
          {error}
        </Typography.Text>
      )}
    </div>
  );
}
