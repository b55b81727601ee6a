// 风控 → 敏感词: the corp's sensitive-word list (bulk add by pasting one word per line, remove) and the
// customers who opted out of marketing (manual opt-out, opt back in).
import { useTranslation } from "react-i18next";
import { RequireCorp } from "../../corps/RequireCorp.tsx";
import { PageTitle } from "../PageTitle.tsx";
import { OptOutList } from "./OptOutList.tsx";
import { SensitiveWordList } from "./SensitiveWordList.tsx";

export function SensitiveWordsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle
        title={t("nav.pages.risk.sensitiveWords.title")}
        description={t("nav.pages.risk.sensitiveWords.description")}
      />
      <RequireCorp>
        {(corpId) => (
          <div key={corpId}>
            <SensitiveWordList corpId={corpId} />
            <OptOutList corpId={corpId} />
          </div>
        )}
      </RequireCorp>
    </>
  );
}
