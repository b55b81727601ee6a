// Title and one-line purpose at the top of every page, with room for the page's main actions.
import { Flex, Typography } from "antd";
import type { ReactNode } from "react";

export function PageTitle({
  title,
  description,
  extra,
}: {
  title: string;
  description?: string;
  extra?: ReactNode;
}) {
  return (
    <Flex justify="space-between" align="flex-start" gap={16} className="siyu-page-title">
      <div>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {title}
        </Typography.Title>
        {description && <Typography.Paragraph type="secondary">{description}</Typography.Paragraph>}
      </div>
      {extra}
    </Flex>
  );
}
