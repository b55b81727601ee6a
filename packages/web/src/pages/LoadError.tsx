// A failed load: the translated reason and a retry button.
import { Alert, Button } from "antd";
import { useTranslation } from "react-i18next";
import { useErrorText } from "../lib/useErrorText.ts";

export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <Alert
      type="error"
      showIcon
      title={errorText(error)}
      action={
        <Button size="small" onClick={onRetry}>
          {t("common.retry")}
        </Button>
      }
      style={{ marginBottom: 16 }}
    />
  );
}
