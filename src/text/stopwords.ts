/**
 * Words that carry no topic: question words, particles, and the reporter's vocabulary of asking
 * ("一共", "具体"). They are dropped when matching a question against passages.
 */
const CHINESE = `的 了 是 在 和 与 及 或 有 没有 吗 呢 吧 啊 么 什么 啥 哪 哪些 哪个 哪里 哪儿 哪天 哪年 哪几 哪几个 哪两 几 几个 几家 几项 多少 多 多大 多长 多久 怎么 怎样 怎么样 如何 为什么 为何 是否 是不是 能否 一共 总共 共 合计 具体 具体地 分别 各 各自 目前 现在 如今 当时 那时 报道 报告 提到 说 讲 指出 认为 这 那 这个 那个 这些 那些 这次 那次 这样 那样 其 其中 它 他 她 他们 它们 我们 你 您 也 都 还 就 又 才 被 把 对 给 从 到 向 往 于 以 为 让 使 将 要 会 能 可以 可 得 地 着 过 个 些 种 次 里 中 上 下 内 外 前 后 时 时候 呢 啦 嘛 请问 一下 到底 究竟 主要 大概 大约 左右 一 一个 哪一 谁 何 何时 什么时候 多少钱 是什么 叫什么 有哪些 有什么 呀 哇 咯 喽 来着 听说 搞 弄 整 干 那边 这边`;

const ENGLISH = `a an the and or of to in on at by for from with about as into over under than then that this these those is are was were be been being do does did done has have had having it its it's they them their there here what which who whom whose when where why how many much long whether will would can could should may might must shall according so such not no yes if any some each every all both either neither per via also just only very more most less least new newly year years many
make makes made up get gets got give gives given take takes taken appear appears appeared page pages
report reports reported article articles newspaper paper papers say says said mention mentions mentioned`;

export const STOPWORDS: ReadonlySet<string> = new Set([...CHINESE.split(/\s+/), ...ENGLISH.split(/\s+/)]);
