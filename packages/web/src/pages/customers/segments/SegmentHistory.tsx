// A saved segment's count history (on save, on preview, scheduled) as an ECharts line.
import { Empty, Modal } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { api, type SavedSegment } from "../../../api/index.ts";
import { EChart, type EChartOption } from "../../../lib/EChart.tsx";
import { useApiData } from "../../../lib/useApiData.ts";
import { LoadError } from "../../LoadError.tsx";

export function SegmentHistory({
  corpId,
  segment,
  onClose,
}: {
  corpId: string;
  segment: SavedSegment;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { data, error, reload } = useApiData(() => api.segments.counts(corpId, segment.id));
  const items = data?.items ?? [];
  const option = useMemo<EChartOption>(
    () => ({
      tooltip: {
        trigger: "axis",
        valueFormatter: (v: unknown) => String(v),
      },
      grid: { left: 48, right: 16, top: 24, bottom: 28 },
      xAxis: { type: "time" },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        {
          name: t("segments.count"),
          type: "line",
          step: "end",
          symbolSize: 6,
          itemStyle: { color: "#1677ff" },
          data: items.map((p) => [p.at, p.count, t(`segments.source.${p.source}`)]),
        },
      ],
    }),
    [items, t],
  );
  return (
    <Modal
      open
      title={t("segments.historyTitle", { name: segment.name })}
      onCancel={onClose}
      footer={null}
      width={720}
    >
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      {data && items.length === 0 ? (
        <Empty description={t("segments.historyEmpty")} />
      ) : (
        <EChart option={option} testId="segment-history-chart" />
      )}
    </Modal>
  );
}
