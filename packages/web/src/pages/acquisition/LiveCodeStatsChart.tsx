// Per-day adds, deletes by customer and net of one live code, as an ECharts line chart.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { LiveCodeStats } from "../../api/index.ts";
import { EChart, type EChartOption } from "../../lib/EChart.tsx";

export function LiveCodeStatsChart({ stats }: { stats: LiveCodeStats }) {
  const { t } = useTranslation();
  const option = useMemo<EChartOption>(() => {
    const series = (key: "adds" | "deletesByCustomer" | "net", color: string) => ({
      name: t(`liveCodes.stats.${key}`),
      type: "line",
      smooth: true,
      symbolSize: 6,
      itemStyle: { color },
      data: stats.days.map((d) => d[key]),
    });
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: "category", data: stats.days.map((d) => d.day.slice(5)) },
      yAxis: { type: "value", minInterval: 1 },
      series: [series("adds", "#1677ff"), series("deletesByCustomer", "#cf1322"), series("net", "#52c41a")],
    };
  }, [stats, t]);
  return <EChart option={option} testId="live-code-chart" />;
}
