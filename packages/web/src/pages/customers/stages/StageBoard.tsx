// The stage board: one column per stage with its count and a page of customers (latest arrivals first, more on
// demand); dragging a card to another column moves the customer (kept on failure: the card goes back).
import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { App, Avatar, Badge, Button, Card, Empty, Flex, Tag, Tooltip, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, type StageCard, type StageColumn } from "../../../api/index.ts";
import { useLanguage } from "../../../i18n/useLanguage.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { useApiData } from "../../../lib/useApiData.ts";
import { useErrorText } from "../../../lib/useErrorText.ts";
import { LoadError } from "../../LoadError.tsx";
import { customerPath } from "../paths.ts";
import { reasonText } from "./stageTexts.ts";

const PAGE = 20;

export function StageBoard({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data, error, loading, reload } = useApiData(() => api.stages.board(corpId, PAGE));
  const [columns, setColumns] = useState<StageColumn[]>([]);
  const [dragging, setDragging] = useState<StageCard>();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor),
  );

  useEffect(() => {
    if (data) setColumns(data.columns);
  }, [data]);

  if (error !== undefined) return <LoadError error={error} onRetry={reload} />;
  if (loading && columns.length === 0) return <Card loading />;
  if (columns.every((c) => c.stage.count === 0)) {
    return (
      <Card>
        <Empty
          description={
            <>
              <Typography.Title level={5}>{t("stages.emptyTitle")}</Typography.Title>
              <Typography.Text type="secondary">{t("stages.emptyText")}</Typography.Text>
            </>
          }
        />
      </Card>
    );
  }

  /** Moves a card between columns in the board's state (counts included). */
  function shift(cols: StageColumn[], card: StageCard, from: string, to: string): StageColumn[] {
    return cols.map((c) => {
      if (c.stage.id === from) {
        return {
          ...c,
          stage: { ...c.stage, count: c.stage.count - 1 },
          items: c.items.filter((i) => i.id !== card.id),
        };
      }
      if (c.stage.id === to) {
        return { ...c, stage: { ...c.stage, count: c.stage.count + 1 }, items: [card, ...c.items] };
      }
      return c;
    });
  }

  function onDragStart(e: DragStartEvent) {
    setDragging((e.active.data.current as { card: StageCard } | undefined)?.card);
  }

  async function onDragEnd(e: DragEndEvent) {
    setDragging(undefined);
    const drag = e.active.data.current as { card: StageCard; from: string } | undefined;
    const to = (e.over?.data.current as { stageId: string } | undefined)?.stageId;
    if (!drag || !to || to === drag.from) return;
    const target = columns.find((c) => c.stage.id === to)?.stage;
    const moved: StageCard = { ...drag.card, source: "manual", reason: "manual", rule: null };
    setColumns((cols) => shift(cols, moved, drag.from, to));
    try {
      const now = await api.stages.move(corpId, drag.card.id, to);
      setColumns((cols) =>
        cols.map((c) =>
          c.stage.id === to
            ? {
                ...c,
                items: c.items.map((i) => (i.id === moved.id ? { ...i, enteredAt: now.enteredAt } : i)),
              }
            : c,
        ),
      );
      void message.success(
        t("stages.moved", { name: drag.card.name || drag.card.externalUserId, stage: target?.name }),
      );
    } catch (reason) {
      setColumns((cols) => shift(cols, drag.card, to, drag.from));
      void message.error(errorText(reason));
    }
  }

  async function loadMore(stageId: string, cursor: string) {
    try {
      const page = await api.stages.column(corpId, stageId, { cursor, limit: PAGE });
      setColumns((cols) =>
        cols.map((c) =>
          c.stage.id === stageId
            ? {
                ...c,
                items: [...c.items, ...page.items.filter((i) => !c.items.some((x) => x.id === i.id))],
                nextCursor: page.nextCursor,
              }
            : c,
        ),
      );
    } catch (reason) {
      void message.error(errorText(reason));
    }
  }

  return (
    <DndContext sensors={sensors} onDragStart={onDragStart} onDragEnd={(e) => void onDragEnd(e)}>
      <Flex
        gap={12}
        align="flex-start"
        style={{ overflowX: "auto", paddingBottom: 12 }}
        data-testid="stage-board"
      >
        {columns.map((c) => (
          <Column key={c.stage.id} column={c} onMore={loadMore} />
        ))}
      </Flex>
      <DragOverlay>{dragging ? <CardBody card={dragging} /> : null}</DragOverlay>
    </DndContext>
  );
}

function Column({
  column,
  onMore,
}: {
  column: StageColumn;
  onMore: (stageId: string, cursor: string) => void;
}) {
  const { t } = useTranslation();
  const { stage } = column;
  const { setNodeRef, isOver } = useDroppable({ id: `stage:${stage.id}`, data: { stageId: stage.id } });
  return (
    <Card
      ref={setNodeRef}
      size="small"
      data-testid={`stage-column-${stage.key}`}
      data-stage-name={stage.name}
      title={
        <Flex justify="space-between" align="center" gap={8}>
          <Typography.Text strong ellipsis>
            {stage.name}
          </Typography.Text>
          <Badge
            count={t("stages.count", { count: stage.count })}
            color={isOver ? "#1677ff" : "#8c8c8c"}
            data-testid="stage-count"
          />
        </Flex>
      }
      style={{
        width: 264,
        flex: "0 0 264px",
        background: isOver ? "#e6f4ff" : "#fafafa",
        transition: "background 0.15s",
      }}
      styles={{ body: { padding: 8, minHeight: 120 } }}
    >
      <Flex vertical gap={8}>
        {column.items.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("stages.emptyColumn")} />
        )}
        {column.items.map((card) => (
          <DraggableCard key={card.id} card={card} from={stage.id} />
        ))}
        {column.nextCursor && (
          <Button size="small" type="link" onClick={() => onMore(stage.id, column.nextCursor!)}>
            {t("stages.loadMore")}
          </Button>
        )}
      </Flex>
    </Card>
  );
}

function DraggableCard({ card, from }: { card: StageCard; from: string }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: `customer:${card.id}`,
    data: { card, from },
  });
  return (
    <div
      ref={setNodeRef}
      {...listeners}
      {...attributes}
      data-testid={`stage-card-${card.id}`}
      style={{ opacity: isDragging ? 0.35 : 1, cursor: "grab", touchAction: "none" }}
    >
      <CardBody card={card} />
    </div>
  );
}

function CardBody({ card }: { card: StageCard }) {
  const { t, i18n } = useTranslation();
  const [language] = useLanguage();
  const owners = card.owners.map((o) => o.name ?? o.userid).join("、");
  return (
    <Card size="small" styles={{ body: { padding: 8 } }}>
      <Flex gap={8} align="flex-start">
        <Avatar src={card.avatar ?? undefined} size={32}>
          {(card.name || card.externalUserId).slice(0, 1)}
        </Avatar>
        <Flex vertical style={{ minWidth: 0, flex: 1 }}>
          <Flex justify="space-between" gap={4}>
            <Link to={customerPath(card.id)} onPointerDown={(e) => e.stopPropagation()}>
              <Typography.Text strong ellipsis style={{ maxWidth: 150 }}>
                {card.name || card.externalUserId}
              </Typography.Text>
            </Link>
            {card.source === "manual" && <Tag style={{ marginInlineEnd: 0 }}>{t("stages.manualTag")}</Tag>}
          </Flex>
          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
            {t("stages.owners")}: {owners || t("stages.noOwner")}
          </Typography.Text>
          <Tooltip title={formatDateTime(card.enteredAt, language)}>
            <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
              {reasonText(t, card.reason, card.rule, (k) => i18n.exists(k))}
            </Typography.Text>
          </Tooltip>
        </Flex>
      </Flex>
    </Card>
  );
}
