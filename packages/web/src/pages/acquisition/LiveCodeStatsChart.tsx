// Per-day adds, deletes by customer and net of one live code, as an ECharts line chart.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { LiveCodeStats } from "../../api/index.ts";
import { DailyStatsChart } from "../../lib/DailyStatsChart.tsx";

export function LiveCodeStatsChart({ stats }: { stats: LiveCodeStats }) {
  const { t } = useTranslation();
  const series = useMemo(
    () =>
      (
        [
          ["adds", "#1677ff"],
          ["deletesByCustomer", "#cf1322"],
          ["net", "#52c41a"],
        ] as const
      ).map(([key, color]) => ({ key, color, label: t(`liveCodes.stats.${key}`) })),
    [t],
  );
  return <DailyStatsChart days={stats.days} series={series} testId="live-code-chart" />;
}
