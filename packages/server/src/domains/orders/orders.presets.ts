// Column-mapping presets for platform exports (fixtures/imports/README.md) and the generic mapping. Columns are
// found by trimmed header text, never by position; each field lists the headers to try, in order.
import type { OrderStatus } from "./orders.tables.ts";

export type Field =
  | "orderNo"
  | "status"
  | "amount"
  | "refundAmount"
  | "refundStatus"
  | "orderedAt"
  | "paidAt"
  | "phone"
  | "unionid"
  | "buyerName"
  | "itemName"
  | "sku"
  | "category"
  | "quantity"
  | "itemAmount";

export const FIELDS: Field[] = [
  "orderNo",
  "status",
  "amount",
  "refundAmount",
  "refundStatus",
  "orderedAt",
  "paidAt",
  "phone",
  "unionid",
  "buyerName",
  "itemName",
  "sku",
  "category",
  "quantity",
  "itemAmount",
];

/** What a row's status becomes; `pending` is an unpaid order (kept, never counted as a purchase). */
export type ImportStatus = OrderStatus;

export interface Preset {
  name: string;
  /** orders.source of what it imports. */
  source: string;
  /** One row per order, or one row per order line (lines of an order share its number). */
  grain: "order" | "line";
  /**
   * An items file (淘宝 宝贝报表, 有赞 商品维度): fills the items and categories of orders already imported from the
   * order file of the same export; an order not yet known is created only when its rows carry amount and time.
   */
  enrich?: boolean;
  columns: Partial<Record<Field, string[]>>;
  statuses: Record<string, ImportStatus>;
  /** Separator of several product names in one order-grain cell. */
  itemsSeparator?: RegExp;
  /** Derive a category from the merchant SKU code when there is no category column. */
  categoryFromSku?: boolean;
  /** UTC offset of the file's zone-less times (China: +8). */
  tzOffsetMinutes: number;
}

const TAOBAO_STATUSES: Record<string, ImportStatus> = {
  等待买家付款: "pending",
  买家已付款等待卖家发货: "paid",
  卖家部分发货: "paid",
  卖家已发货等待买家确认: "paid",
  交易成功: "paid",
  交易关闭: "cancelled",
};

const YOUZAN_STATUSES: Record<string, ImportStatus> = {
  待付款: "pending",
  待成团: "paid",
  待接单: "paid",
  待发货: "paid",
  已发货: "paid",
  交易完成: "paid",
  交易成功: "paid",
  交易关闭: "cancelled",
  已关闭: "cancelled",
};

const DOUYIN_STATUSES: Record<string, ImportStatus> = {
  待支付: "pending",
  备货中: "paid",
  待发货: "paid",
  部分发货: "paid",
  已发货: "paid",
  已支付: "paid",
  已完成: "paid",
  已关闭: "cancelled",
};

const XIAOE_STATUSES: Record<string, ImportStatus> = {
  待付款: "pending",
  已支付: "paid",
  待发货: "paid",
  已发货: "paid",
  已完成: "paid",
  退款中: "paid",
  已退款: "refunded",
  已关闭: "cancelled",
};

const GENERIC_STATUSES: Record<string, ImportStatus> = {
  ...TAOBAO_STATUSES,
  ...YOUZAN_STATUSES,
  ...DOUYIN_STATUSES,
  ...XIAOE_STATUSES,
  paid: "paid",
  completed: "paid",
  refunded: "refunded",
  cancelled: "cancelled",
  canceled: "cancelled",
  closed: "cancelled",
  pending: "pending",
  unpaid: "pending",
  已付款: "paid",
  已退款: "refunded",
  已取消: "cancelled",
};

export const PRESETS: Record<string, Preset> = {
  taobao: {
    name: "taobao",
    source: "taobao",
    grain: "order",
    columns: {
      orderNo: ["订单编号"],
      status: ["订单状态"],
      amount: ["买家实际支付金额"],
      refundAmount: ["退款金额"],
      orderedAt: ["订单创建时间"],
      paidAt: ["订单付款时间"],
      phone: ["联系手机", "联系电话"],
      buyerName: ["买家会员名", "收货人姓名"],
      itemName: ["宝贝标题"],
    },
    statuses: TAOBAO_STATUSES,
    itemsSeparator: /[，]/,
    tzOffsetMinutes: 480,
  },
  "taobao-items": {
    name: "taobao-items",
    source: "taobao",
    grain: "line",
    enrich: true,
    columns: {
      orderNo: ["订单编号"],
      status: ["订单状态"],
      itemName: ["标题"],
      sku: ["商家编码", "外部系统编号"],
      quantity: ["购买数量"],
      itemAmount: ["价格"],
    },
    statuses: TAOBAO_STATUSES,
    categoryFromSku: true,
    tzOffsetMinutes: 480,
  },
  youzan: {
    name: "youzan",
    source: "youzan",
    grain: "order",
    columns: {
      orderNo: ["订单号"],
      status: ["订单状态"],
      amount: ["订单实付金额", "订单实收金额"],
      refundAmount: ["订单已退款金额"],
      refundStatus: ["订单退款状态"],
      orderedAt: ["订单创建时间"],
      paidAt: ["买家付款时间"],
      phone: ["买家手机号", "收货人手机号/提货人手机号"],
      buyerName: ["买家昵称", "收货人/提货人"],
      itemName: ["全部商品名称"],
    },
    statuses: YOUZAN_STATUSES,
    itemsSeparator: /[;；]/,
    tzOffsetMinutes: 480,
  },
  "youzan-items": {
    name: "youzan-items",
    source: "youzan",
    grain: "line",
    enrich: true,
    columns: {
      orderNo: ["订单号"],
      status: ["订单商品状态"],
      amount: ["商品实际成交金额"],
      refundAmount: ["商品已退款金额"],
      refundStatus: ["商品退款状态"],
      orderedAt: ["交易成功时间", "商品发货时间"],
      phone: ["收货人手机号/提货人手机号"],
      buyerName: ["收货人/提货人"],
      itemName: ["商品名称"],
      sku: ["规格编码", "商品编码"],
      category: ["商品类目"],
      quantity: ["商品数量"],
      itemAmount: ["商品实际成交金额"],
    },
    statuses: YOUZAN_STATUSES,
    tzOffsetMinutes: 480,
  },
  douyin: {
    name: "douyin",
    source: "douyin",
    grain: "line",
    columns: {
      orderNo: ["主订单编号"],
      status: ["订单状态"],
      refundStatus: ["售后状态"],
      amount: ["订单应付金额"],
      orderedAt: ["订单提交时间"],
      paidAt: ["支付完成时间"],
      phone: ["收件人手机号"],
      buyerName: ["收件人"],
      itemName: ["选购商品"],
      sku: ["商家编码"],
      quantity: ["商品数量"],
      itemAmount: ["订单应付金额"],
    },
    statuses: DOUYIN_STATUSES,
    categoryFromSku: true,
    tzOffsetMinutes: 480,
  },
  xiaoe: {
    name: "xiaoe",
    source: "xiaoe",
    grain: "order",
    columns: {
      orderNo: ["订单号"],
      status: ["订单状态"],
      amount: ["实付金额"],
      orderedAt: ["下单时间"],
      paidAt: ["支付时间"],
      phone: ["手机号", "收货人手机号"],
      buyerName: ["用户昵称", "收货人"],
      itemName: ["商品名称"],
      category: ["商品类型"],
      quantity: ["购买数量"],
      itemAmount: ["实付金额"],
    },
    statuses: XIAOE_STATUSES,
    tzOffsetMinutes: 480,
  },
};

export const PRESET_NAMES = [...Object.keys(PRESETS), "generic"] as const;

export interface GenericMapping {
  /** orders.source of the imported orders (default "generic"). */
  source?: string;
  grain?: "order" | "line";
  /** Field → the header text of the column holding it. */
  columns: Partial<Record<Field, string>>;
  /** Extra status words → status (added to the built-in list). */
  statuses?: Record<string, ImportStatus>;
  tzOffsetMinutes?: number;
}

/** The preset for a generic mapping chosen by the caller. */
export function genericPreset(m: GenericMapping): Preset {
  const columns: Partial<Record<Field, string[]>> = {};
  for (const [field, header] of Object.entries(m.columns)) {
    if (header) columns[field as Field] = [header];
  }
  const statuses: Record<string, ImportStatus> = { ...GENERIC_STATUSES };
  for (const [k, v] of Object.entries(m.statuses ?? {})) statuses[statusKey(k)] = v;
  return {
    name: "generic",
    source: m.source ?? "generic",
    grain: m.grain ?? "order",
    columns,
    statuses,
    itemsSeparator: /[;；，]/,
    tzOffsetMinutes: m.tzOffsetMinutes ?? 480,
  };
}

/** Status words compared without spaces, punctuation or case (`买家已付款，等待卖家发货` = `买家已付款,等待卖家发货`). */
export function statusKey(s: string): string {
  return s.replace(/[\s,，。.、;；:：_-]/g, "").toLowerCase();
}
