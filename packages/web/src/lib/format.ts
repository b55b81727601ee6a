// Date formatting in the console's language. Times are shown in the browser's time zone until
// corps carry their own (CONSOLE.md: dates in the corp's time zone).

export function formatDateTime(value: string | null | undefined, language: string): string {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(language === "en" ? "en-GB" : "zh-CN", {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(date);
}
