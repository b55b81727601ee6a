// A moment's status as a coloured tag.
import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { MomentStatus } from "../../api/index.ts";

const COLORS: Record<MomentStatus, string> = {
  scheduled: "blue",
  publishing: "processing",
  published: "green",
  failed: "red",
  cancelled: "default",
};

export function MomentStatusTag({ status }: { status: MomentStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="moment-status">
      {t(`moments.statuses.${status}`)}
    </Tag>
  );
}
