// Per-day joins by QR, leaves and groups WeCom auto-created for one group code, as an ECharts line chart.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { GroupCodeDay } from "../../api/index.ts";
import { DailyStatsChart } from "../../lib/DailyStatsChart.tsx";

export function GroupCodeStatsChart({ days }: { days: GroupCodeDay[] }) {
  const { t } = useTranslation();
  const series = useMemo(
    () =>
      (
        [
          ["joins", "#1677ff"],
          ["leaves", "#cf1322"],
          ["groupsCreated", "#faad14"],
        ] as const
      ).map(([key, color]) => ({ key, color, label: t(`groupCodes.stats.${key}`) })),
    [t],
  );
  return <DailyStatsChart days={days} series={series} testId="group-code-chart" />;
}
