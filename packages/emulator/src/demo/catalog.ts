// The demo brand's product catalogue: four categories the SCRM segments on, with realistic prices (fen).

export interface Product {
  category: "beauty" | "electronics" | "pet_food" | "mother_baby";
  name: string;
  priceFen: number;
}

export const CATEGORY_LABELS: Record<Product["category"], string> = {
  beauty: "美妆护肤",
  electronics: "数码电子",
  pet_food: "宠物食品",
  mother_baby: "母婴用品",
};

export const PRODUCTS: Product[] = [
  { category: "beauty", name: "修护精华液 50ml", priceFen: 108_000 },
  { category: "beauty", name: "抗皱眼霜 15ml", priceFen: 62_000 },
  { category: "beauty", name: "氨基酸洁面乳", priceFen: 12_900 },
  { category: "beauty", name: "丝绒哑光口红", priceFen: 32_000 },
  { category: "beauty", name: "防晒乳 SPF50+", priceFen: 23_800 },
  { category: "electronics", name: "降噪蓝牙耳机", priceFen: 189_900 },
  { category: "electronics", name: "智能手环 8", priceFen: 24_900 },
  { category: "electronics", name: "65W 氮化镓充电器", priceFen: 14_900 },
  { category: "electronics", name: "便携投影仪", priceFen: 299_900 },
  { category: "pet_food", name: "全价成猫粮 2kg", priceFen: 28_900 },
  { category: "pet_food", name: "无谷鲜肉狗粮 6kg", priceFen: 56_800 },
  { category: "pet_food", name: "冻干零食礼包", priceFen: 9_900 },
  { category: "mother_baby", name: "婴儿配方奶粉 3段 800g", priceFen: 29_800 },
  { category: "mother_baby", name: "超薄纸尿裤 L 码", priceFen: 15_900 },
  { category: "mother_baby", name: "婴儿推车", priceFen: 159_900 },
  { category: "mother_baby", name: "宝宝辅食米粉", priceFen: 6_800 },
];
