// Money in cents shown as yuan.
export const yuan = (cents: number) =>
  `¥${(cents / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
