// Per-day numbers as an ECharts line chart: one line per series, days on the x axis (MM-DD).
import { useMemo } from "react";
import { EChart, type EChartOption } from "./EChart.tsx";

export interface DailySeries<K extends string> {
  key: K;
  label: string;
  color: string;
}

export function DailyStatsChart<K extends string>({
  days,
  series,
  testId,
}: {
  days: ({ day: string } & Record<K, number>)[];
  series: DailySeries<K>[];
  testId?: string;
}) {
  const option = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: "category", data: days.map((d) => d.day.slice(5)) },
      yAxis: { type: "value", minInterval: 1 },
      series: series.map((s) => ({
        name: s.label,
        type: "line",
        smooth: true,
        symbolSize: 6,
        itemStyle: { color: s.color },
        data: days.map((d) => d[s.key]),
      })),
    }),
    [days, series],
  );
  return <EChart option={option} {...(testId ? { testId } : {})} />;
}
