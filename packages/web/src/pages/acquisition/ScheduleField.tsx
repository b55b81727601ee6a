// One staff member's weekly online schedule inside the live code form: weekday × time ranges; no ranges
// means always online.
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Flex, Form, Select, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { ScheduleRange } from "../../api/index.ts";
import type { NamePath } from "../../lib/formErrors.ts";
import { minutesOf, overlaps, TIME_OPTIONS, WEEKDAYS, workdays } from "./schedule.ts";

const timeOptions = TIME_OPTIONS.map((value) => ({ value, label: value }));

export function ScheduleField({
  name,
  fullName,
  emptyText,
  rangesText,
}: {
  name: NamePath;
  fullName: NamePath;
  /** Shown when there are no ranges (default: always online); store open hours say "open all day". */
  emptyText?: string;
  rangesText?: string;
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  return (
    <Form.List
      name={name}
      rules={[
        {
          validator: async (_rule, value: Partial<ScheduleRange>[] | undefined) => {
            const [first] = overlaps(value ?? []);
            if (first) throw new Error(t("validation.overlapAt", { a: first[1] + 1, b: first[0] + 1 }));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Flex vertical gap={4}>
          <Typography.Text type="secondary">
            {fields.length === 0
              ? (emptyText ?? t("liveCodes.alwaysOnline"))
              : (rangesText ?? t("liveCodes.onlineRanges"))}
          </Typography.Text>
          {fields.map((field) => (
            <Space key={field.key} align="start" wrap>
              <Form.Item name={[field.name, "weekday"]} noStyle>
                <Select
                  style={{ width: 96 }}
                  aria-label={t("liveCodes.weekday")}
                  options={WEEKDAYS.map((d) => ({ value: d, label: t(`liveCodes.weekdays.${d}`) }))}
                />
              </Form.Item>
              <Form.Item name={[field.name, "start"]} noStyle>
                <Select
                  style={{ width: 96 }}
                  aria-label={t("liveCodes.start")}
                  options={timeOptions}
                  showSearch
                />
              </Form.Item>
              <Typography.Text>–</Typography.Text>
              <Form.Item
                name={[field.name, "end"]}
                style={{ marginBottom: 0 }}
                dependencies={[[...fullName, field.name, "start"]]}
                rules={[
                  {
                    validator: async (_rule, end: string | undefined) => {
                      const start = form.getFieldValue([...fullName, field.name, "start"]) as
                        | string
                        | undefined;
                      if (start && end && minutesOf(end) <= minutesOf(start)) {
                        throw new Error(t("validation.endAfterStart"));
                      }
                    },
                  },
                ]}
              >
                <Select
                  style={{ width: 96 }}
                  aria-label={t("liveCodes.end")}
                  options={timeOptions}
                  showSearch
                />
              </Form.Item>
              <Button
                type="text"
                icon={<DeleteOutlined />}
                aria-label={t("liveCodes.removeRange")}
                onClick={() => remove(field.name)}
              />
            </Space>
          ))}
          <Space>
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => add({ weekday: 1, start: "09:00", end: "18:00" })}
            >
              {t("liveCodes.addRange")}
            </Button>
            {fields.length === 0 && (
              <Button size="small" onClick={() => form.setFieldValue(fullName, workdays())}>
                {t("liveCodes.workdaysPreset")}
              </Button>
            )}
          </Space>
          {errors.length > 0 && (
            <Typography.Text type="danger" role="alert">
              {errors}
            </Typography.Text>
          )}
        </Flex>
      )}
    </Form.List>
  );
}
