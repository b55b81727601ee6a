// bench/keywords: chat-keyword matching for auto-tagging (issue 5: 10,000 keywords over ≥ 3 MB of Chinese chat
// text, target ≥ 30 MB/s). Siyu's Aho–Corasick matcher (folding included) against two baselines measured in the
// same run on the same text: one RegExp alternation of every keyword (case-insensitive; it cannot fold
// full-width forms, so it gets the pre-folded text for free), and a naive indexOf loop per keyword (also on
// pre-folded text). Throughput is in MB of UTF-8 text per second. One core, no I/O. Deterministic text.
// Usage: npm run bench -- keywords [megabytes=3] [keywords=10000]
import { buildKeywordMatcher, foldText } from "../packages/server/src/domains/auto-tags/keyword-matcher.ts";

const targetMb = Number(process.argv[2] ?? 3);
const keywordCount = Number(process.argv[3] ?? 10_000);

let seed = 20261122;
const rnd = (n: number) => {
  seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
  return seed % n;
};
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;

// ~600 frequent characters of everyday Chinese (chat register).
const common =
  "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感见明问力理尔点文几定本公特做外孩相西果走将月十实向声车全信重三机工物气每并别真打太新比才便夫再书部水像眼等体却加电主界门利海受听表德少克代员许稜先口由死安写性马光白或住难望教命花结乐色更拉东神记处让母父应直字场平报友关放至张认接告入笑内英军候民岁往何度山觉路带万男边风解叫任金快原吃妈变通师立象数四失满战远格士音轻目条呢病始达深完今提求清王化空业思切怎非找片罗钱紫吗语元喜曾离飞科言干流欢约各即指合反题必该论交终林请医晚制球决传画保读运及则房早院量苦火布品近坐产答星精视五连司巴奇管类未朋且婚台夜青北队久乎越观落尽形影红爸百令周吧识步希亚术留市半热送兴造谈容极随演收首根讲整式取照办强石古华拿计您装似足双妻尼转诉米称丽客南领节衣站黑刻统断福城故历惊脸选包紧争另建维绝树系伤示愿持千史谁准联妇纪基买志静阿诗独复痛消社算义竟确酒需单治卡幸兰念举仅钟怕共毛句息功官待究跟穿室易游程号居考突皮哪费倒价图具刚脑永歌响商礼细专黄块脚味灵改据般破引食仍存众注笔甚某沉血备习校默务土微娘须试怀料调广苏显赛查密议底列富梦错座参八除跑亮假印设线温虽掉京初养香停际致阳纸李纳验助激够严证帝饭忘趣支春集丈木研班普导顿睡展跳获艺六波察群皇段急庭创区奥器谢弟店否害草排背止组州朝封睛板角况曲馆育忙质河续哥呼若推境遇雨标姐充围案伦护冷警贝著雪索剧啊船险烟依斗值帮汉慢佛肯闻唱沙局伯族低玩资屋击速顾泪洲团圣旁堂兵七露园牛哭旅街劳型烈姑陈莫鱼异抱宝权鲁简态级票怪寻杀律胜份汽右洋范床舞秘午登楼贵吸责例追较职属渐左录丝牙党继托赶章智冲叶胡吉卖坚喝肉遗救修松临藏担戏善卫药悲敢靠伊村戴词森耳差短祖云规窗散迷油旧适乡架恩投弹铁博雷府压超负勒杂醒洗采毫嘴毕九冰既状乱景席珍童顶派素脱农疑练野按犯拍征坏骨余承置臓彩灯巨琴免环姆暗换技翻束增忍餐洛塞缺忆判欧层付阵玛批岛项狗休懂武革良恶恋委拥娜妙探呀营退摇弄桌熟诺宣银势奖宫忽套康供优课鸟喊降夏困刘罪亡鞋健模败伴守挥鲜财孤枪禁恐伙杰迹妹藸遍盖副坦牌江顺秋萨菜划授归浪听凡预奶雄升碃编典袋莱含盛济蒙棋端腿招释介烧误";
const products = [
  "口红",
  "粉底液",
  "精华",
  "面膜",
  "防晒霜",
  "眼霜",
  "卸妆油",
  "洗面奶",
  "爽肤水",
  "乳液",
  "香水",
  "腮红",
  "眉笔",
  "猫粮",
  "狗粮",
  "猫砂",
  "冻干",
  "奶粉",
  "纸尿裤",
  "婴儿车",
  "辅食",
  "耳机",
  "充电宝",
  "手机壳",
  "蓝牙音箱",
  "iPhone",
  "AirPods",
  "SK-II",
  "YSL",
  "Dior",
  "VIP会员",
  "优惠券",
  "积分",
  "直播间",
  "新品",
  "套装",
  "礼盒",
];
const templates = [
  "你好，请问{p}还有货吗？",
  "{p}多少钱呀",
  "昨天买的{p}什么时候发货",
  "有没有{p}的优惠券",
  "我想了解一下{p}",
  "好的谢谢",
  "收到了，很喜欢😊",
  "[微笑]",
  "在吗",
  "今天直播几点开始",
  "{p}和{q}哪个好",
  "订单号{n}帮我查一下",
  "能便宜点吗",
  "已付款",
  "退货怎么弄",
  "{p}适合干皮吗？",
  "ｏｋ",
  "ＯＫ好的",
  "包邮吗",
  "双十一有活动吗",
  "👍👍",
  "给我推荐一款{p}",
  "会员价是多少",
  "{p}过敏了怎么办",
  "快递到哪了",
  "门店在哪里",
  "可以开发票吗",
];

function sentence(): string {
  if (rnd(3) === 0) {
    let s = "";
    const len = 6 + rnd(30);
    for (let i = 0; i < len; i++) s += common[rnd(common.length)];
    return s + pick(["。", "！", "？", "~", "", "～", "…"]);
  }
  return pick(templates)
    .replace("{p}", pick(products))
    .replace("{q}", pick(products))
    .replace("{n}", String(100000000 + rnd(899999999)));
}

function chatText(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const line = sentence();
    parts.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  return parts.join("\n");
}

function keywordList(n: number): string[] {
  const set = new Set<string>();
  for (const p of products) set.add(p);
  for (const p of ["直播", "优惠", "发货", "退货", "发票", "过敏", "干皮", "双十一", "会员价", "ipHONE"])
    set.add(p);
  while (set.size < n) {
    const len = 2 + rnd(3);
    let k = "";
    for (let i = 0; i < len; i++) k += common[rnd(common.length)];
    set.add(k);
  }
  return [...set].slice(0, n);
}

/** Median milliseconds per run over `runs` runs after one warm-up run (the machine is shared: medians, not means). */
function time<T>(fn: () => T, runs: number): { ms: number; result: T } {
  let result = fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = fn();
    samples.push(performance.now() - start);
  }
  samples.sort((x, y) => x - y);
  return { ms: samples[Math.floor(samples.length / 2)]!, result };
}

const text = chatText(targetMb * 1024 * 1024);
const mb = Buffer.byteLength(text) / (1024 * 1024);
const keywords = keywordList(keywordCount);
console.log(
  `text: ${mb.toFixed(2)} MB UTF-8 (${text.length.toLocaleString()} code units); ${keywords.length} keywords`,
);

const build = time(() => buildKeywordMatcher(keywords), 9);
const matcher = build.result;
console.log(`build: ${build.ms.toFixed(1)} ms, ${matcher.states.toLocaleString()} states`);

const ac = time(() => matcher.scan(text), 31);
const acMbs = mb / (ac.ms / 1000);
console.log(
  `aho-corasick (folding included): ${ac.ms.toFixed(1)} ms, ${acMbs.toFixed(1)} MB/s, ${ac.result} matches`,
);

const folded = foldText(text);
const escaped = keywords.map((k) => foldText(k).replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
// Longest first so the alternation prefers the longer keyword at a position (it still misses overlaps).
escaped.sort((a, b) => b.length - a.length);
const alternation = new RegExp(escaped.join("|"), "g");
// The alternation is far too slow for the whole text: it runs on the first 32,768 code units.
const regexSlice = folded.slice(0, 32 * 1024);
const regexMb = Buffer.byteLength(regexSlice) / (1024 * 1024);
const regex = time(() => {
  let n = 0;
  alternation.lastIndex = 0;
  while (alternation.exec(regexSlice) !== null) n++;
  return n;
}, 1);
const regexMbs = regexMb / (regex.ms / 1000);
console.log(
  `regex alternation (pre-folded text, first ${regexMb.toFixed(2)} MB): ${regex.ms.toFixed(1)} ms, ${regexMbs.toFixed(2)} MB/s, ${regex.result} matches (no overlaps)`,
);

const foldedKeywords = keywords.map(foldText);
const naive = time(() => {
  let n = 0;
  for (const k of foldedKeywords) for (let i = folded.indexOf(k); i !== -1; i = folded.indexOf(k, i + 1)) n++;
  return n;
}, 1);
const naiveMbs = mb / (naive.ms / 1000);
console.log(
  `indexOf per keyword (pre-folded text): ${naive.ms.toFixed(1)} ms, ${naiveMbs.toFixed(2)} MB/s, ${naive.result} matches`,
);
if (naive.result !== ac.result)
  throw new Error(`match counts differ: ${ac.result} vs indexOf ${naive.result}`);

const figures = [
  {
    bench: "keywords",
    metric: "mb_per_s",
    value: round(acMbs),
    baseline: round(regexMbs),
    ratio: round(acMbs / regexMbs),
  },
  {
    bench: "keywords",
    metric: "mb_per_s_vs_indexof",
    value: round(acMbs),
    baseline: round(naiveMbs),
    ratio: round(acMbs / naiveMbs),
  },
  { bench: "keywords", metric: "build_ms", value: round(build.ms), baseline: null, ratio: null },
];
for (const f of figures) console.log(JSON.stringify(f));

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
