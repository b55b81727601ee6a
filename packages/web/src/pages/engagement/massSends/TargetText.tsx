// A send's target in words: the segment's name, or how many customer groups.
import { useTranslation } from "react-i18next";
import type { MassSendTarget, SavedSegment } from "../../../api/index.ts";

export function TargetText({
  target,
  segments,
}: {
  target: MassSendTarget;
  segments: Map<string, SavedSegment>;
}) {
  const { t } = useTranslation();
  if (target.kind === "groups") return <>{t("massSends.targetGroups", { count: target.chatIds.length })}</>;
  const name = segments.get(target.segmentId)?.name;
  return <>{t("massSends.targetSegment", { name: name ?? t("massSends.unknownSegment") })}</>;
}
