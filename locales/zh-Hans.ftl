# 简体中文读者看到的句子。消息是 Telegram HTML：放入的文本变量由机器人先转义。


help =
    我根据<b>青岛日报</b> { $pages } 个版面、{ $articles } 篇报道回答问题（日期：{ $dates }）。

    直接把问题发给我，我用报道原文回答并标注来源 [1]，点来源按钮可查看原文段落。
    在群里：用 /ask 问题、@我，或回复我的消息。{ $ttl } 分钟内的追问会接着上文；/new 开始新对话，/cancel 停止正在写的回答。在任何聊天里输入 <code>@{ $bot } 问题</code> 也可以提问。

    { $commands }
help-offline = 现在是离线模式（未配置大模型）：回答直接引用报道原文，不加改写。
help-admin = 管理员还可以发送版面文件（.txt、.md、.docx、.pdf、.html，或 .jsonl、.csv 导出）来加入。
no-dates = 无日期
start-question = 你的问题：<i>{ $question }</i>
start-unknown = 这个链接我不认识（可能被截断了），请直接在这里提问。

cmd-ask = 提问（群聊中使用）：/ask 问题
cmd-new = 开始新对话
cmd-cancel = 停止正在写的回答
cmd-help = 我知道什么、怎么问
cmd-stats = 索引状态
cmd-pages = 已收录的版面
cmd-reindex = 重建索引（管理员）
cmd-remove = 删除版面（管理员）
cmd-feedback = 读者点了 👎 的回答（管理员）

stats-title = 📊 <b>索引状态</b>
stats-pages = 版面：{ $value }
stats-articles = 文章：{ $value }
stats-chunks = 片段：{ $value }
stats-embedder = 嵌入模型：{ $value }（{ $dim } 维）
stats-model = 大模型：{ $value }
stats-no-model = 未配置（离线回答）
stats-indexed = 最近索引：{ $value }
stats-never = 尚未建立
usage-title = 📈 <b>使用情况</b>
usage-row =
    { $questions ->
        [0] { $period }还没有人提问。
       *[other] { $period } { $questions } 个问题：{ $answered } 个有答案{ $offline ->
            [0] {""}
           *[other] （{ $offline } 个离线）
        }，{ $refused } 个报道中没有；中位用时 { $p50 } 秒
    }
usage-today = 今天
usage-week = 最近 7 天

pages-none = 还没有收录任何版面。
pages-title = 📰 <b>已收录 { $count } 个版面</b>
pages-line = • { $head } — { $articles } 篇，{ $chunks } 个片段{ $dates }

unknown-command = 没有 { $command } 这个命令。可用命令：
    { $commands }
empty-question = 请在 /ask 后面写下问题，例如点下面的一个：
caption-needed = 请用文字写下问题（也可以写在图片或文件的说明里）。
voice-untranscribed = 这里听不了语音消息，请打字提问。
voice-too-long-chat = 这条语音太长了（{ $seconds } 秒，最多 { $max } 秒），请打字提问或发一条短一些的。
voice-heard = 🎙 <i>{ $text }</i>
rate-limited = 提问太频繁了，请稍等一分钟再试。
apology = 抱歉，处理时出错了，请再试一次。
not-allowed = 抱歉，这个机器人不对外开放。
new-conversation = 好的，已开始新对话，请提问。
sources = 来源
passage-gone = 这段原文已不在索引中。
passage-open = 查看原版面
passage-sent-privately = 已私信发给你。
passage-open-bot = 请先私聊 @{ $bot }，再查看来源。
stop-button = ⏹ 停止
stopped = ⏹ <i>已停止。</i>
nothing-to-cancel = 现在没有正在写的回答。
stop-not-yours = 只有提问的人可以停止这个回答。
cancelled = 已停止。
vote-up = 谢谢点赞 👍
vote-down = 谢谢反馈，我们会改进 👎
vote-changed = 已改为新的评价
vote-gone = 这个回答太旧了，无法评价。

inline-hint = 输入关于青岛日报的问题
inline-refused = 报道中没有提到，在对话中换个问法
inline-too-short = 请输入完整的问题，不只是一个词
inline-answer = 青岛日报的回答
inline-too-fast = 提问太频繁，请稍等
inline-open = 在对话中提问

admin-only = 只有管理员可以这样做，没有做任何更改。
admin-private = 只有管理员可以查看，而且只能在与我的私聊中查看。
busy = 索引正在重建中，请等它完成。
reindex-started = ⏳ 正在重建索引…
progress-parse = 解析版面 { $done }/{ $total }
progress-embed = 版面 { $done }/{ $total }，已计算 { $embedded } 段向量
progress-store = 写入索引
progress-optimize = 更新检索索引
progress-done = 即将完成
progress = ⏳ 正在重建索引：{ $stage }…
indexed = ✅ 索引已重建：{ $pages } 个版面，{ $articles } 篇文章，{ $chunks } 个片段，用时 { $seconds } 秒。
indexed-after = ✅ { $what }。索引：{ $pages } 个版面，{ $articles } 篇文章，{ $chunks } 个片段，用时 { $seconds } 秒。
skipped = ⚠️ <code>{ $file }</code>：{ $reason }
failed = ❌ 失败：{ $reason }
interrupted = ⏹ 因重启而中断。如仍需要，请再发一次。
added = 已加入 { $file }
removed = 已删除 { $file }
adding = ⏳ 正在加入 <code>{ $file }</code>…
removing = ⏳ 正在删除 <code>{ $file }</code>…
remove-pick = 要删除哪个版面？（第 { $page }/{ $pages } 页）
remove-none = 还没有收录任何版面，没有可删除的。
remove-confirm = 从索引中删除 <code>{ $file }</code>？之后不再用它回答问题。
remove-yes = 🗑 删除
remove-no = 保留
remove-kept = 没有删除任何版面。
remove-gone = 这个版面已不在索引中，见 /pages。
previous = ◀
next = ▶
not-text = 不能加入 { $name }：只接受 .txt、.md、.docx、.pdf、.html、.jsonl 或 .csv 文件。
too-large = 文件太大（{ $size } 字节），上限为 { $limit } 字节。

feedback-none = 还没有读者点 👎 的回答。
feedback-title = 👎 <b>第 { $n }/{ $total } 条</b> · { $time }
feedback-question = <b>问题</b>：{ $question }
feedback-answer = <b>回答</b>：{ $answer }
feedback-sources = <b>来源</b>：{ $sources }
feedback-no-sources = <b>来源</b>：无

# 版面出处。日期有四种形式：年月日、年月、月日、月。
source-paper = { $paper ->
    [qingdao-daily] 青岛日报
   *[other] { $name }
}
source-date = { $shape ->
    [ymd] { $year }年{ source-month }{ $day }日
    [ym] { $year }年{ source-month }
    [md] { source-month }{ $day }日
   *[m] { source-month }
}
source-month = { $month }月
source-page = 第{ $number }版
source-part = 第{ $number }段
source-separator = {" "}
list-separator = 、
pages-dates = ，{ $dates }

## answer-actions
answer-more-detail = 更详细
answer-action-not-yours = 只有提问的人可以让它重新回答。
answer-action-gone = 这个回答太旧了，请重新提问。
answer-action-busy = 正在写，请稍候。

## 核心自己写的文字：拒绝的理由（UserError 的代码，纯文本，也用于日志和命令行）和答案前后的说明。变量按原样放入。

question-empty = 问题是空的
question-too-long = 问题太长：{ $length } 个字，最多 { $max } 个字
voice-unavailable = 这里不识别语音消息，请输入文字提问
voice-too-long = 语音太长：{ $seconds } 秒，最长 { $max } 秒
voice-empty = 语音是空的
voice-timeout = 语音识别超时，请重试，或直接输入文字提问
voice-unheard = 没有从语音中识别出文字，请说清楚一些，或直接输入文字提问
voice-cancelled = 语音识别已取消
voice-failed = 语音识别出错，这条语音没能识别，请稍后重试，或直接输入文字提问
file-name-unusable = “{ $file }”不能用作文件名：请用 page-2025-03-01.txt 这样的简单名字
file-not-report = “{ $file }”不是报道文件：只接受 .txt、.md、.docx、.pdf、.html、.jsonl 或 .csv 文件
file-not-word = { $file } 无法作为 Word 文档（.docx）读取
file-not-pdf = { $file } 无法作为 PDF 读取
file-no-text-layer = { $file } 没有文字层（可能是扫描件）：请发送文字版，或从排版软件导出的 PDF
file-binary-kind = { $file } 不是文本文件（{ $kind ->
        [png] PNG 图片
        [jpeg] JPEG 图片
        [gif] GIF 图片
        [pdf] PDF 文件
        [zip] ZIP 压缩包（Word 或 Excel 文件？）
       *[ole] 旧版 Word 或 Excel 文件
    }）
file-unknown-encoding = { $file } 不是可识别编码（UTF-8、UTF-16、GBK/GB18030 或 Big5）的文本
file-too-large = { $file } 太大：{ $size } 字节，上限 { $max } 字节
file-name-control = 文件名里有控制字符（如 NUL）：请改名后重新发送
file-name-too-long = 文件名太长：{ $bytes } 字节，最多 { $max } 字节（约 { $chars } 个汉字）：请改名后重新发送
file-name-path = 文件名不能含有“/”或“\”，也不能以“.”开头：请改名后重新发送
file-name-reserved = “{ $name }”是系统保留的设备名：请改名后重新发送
page-copy-failed = 删除前无法保留该版面的副本（原因见日志）：什么也没有删除
file-too-many-pages = { $file } 有 { $pages } 页，上限 { $max } 页：请只发送一期的版面
file-unpacks-too-large = { $file } 解压后文字和排版有 { $size } MB，上限 { $max } MB：请拆分文档
file-too-many-tags = { $file } 有 { $tags } 个 XML 标签（段落、文字块、格式），上限 { $max } 个：请拆分文档
file-read-too-slow = { $file } 读取超过 { $seconds } 秒（停在{ $stage ->
        [unpacking] 解压
        [page] 第 { $page } 页（共 { $pages } 页）
       *[text] 提取文字
    }）：请发送较小的文件
file-too-much-text = { $file } 文字太多：超过 { $max } 个字符
file-looks-binary = { $file } 像是二进制文件，不是文本
file-empty = { $file } 是空文件
page-work-failed = 读取 { $file } 失败（原因见日志）：索引没有改变
page-work-out-of-memory = 读取 { $file } 用了超过 { $max } MB 内存，已停止：请拆分文件；索引没有改变
records-unreadable = 无法把 { $file } 读作 CSV 记录：{ $why }
records-no-body = { $file } 中没有带正文的记录：稿件导出需要 body 字段（以及 title、date、page、url，如有）
article-no-body = { $file } 中没有稿件正文：页面里没有可读的段落
download-too-large = 文件太大：{ $size } 字节，上限 { $max } 字节
seeds-dir-unreadable = 无法读取报道目录 { $dir }：请把 SEEDS_DIR 设为存放 .txt 版面的目录
seeds-none-readable = { $dir } 中没有可读的 .txt 或 .md 报道{ $why }
page-not-indexed = 索引里没有 { $file } 这个版面（见 /pages）
index-would-be-empty = 删除后索引里将没有任何版面，无法回答问题
index-not-built = 索引尚未建立：请先运行 npm run ingest
index-busy = 索引正在更新，请等它完成
index-embedder-mismatch = 索引由 { $built } 建立，当前配置的是 { $configured }：请运行 npm run ingest（或 /reindex）重建索引

answer-refusal = 报道中没有找到这个问题的答案。
answer-missing = 报道里没有{ $missing }的信息。
answer-missing-nearest = 报道里没有{ $missing }的信息。相近的报道：
answer-offline = 离线模式（{ $reason ->
        [no-model] 未配置大模型
        [quick] 快速回答，未调用大模型
        [timeout] 大模型超时
        [error] 大模型调用失败
       *[unsupported] 大模型的回答与原文不符
    }）：以下是报道中最相关的原文。
answer-time-within = { $span }的报道：
answer-time-elsewhere = { $span }的报道里没有找到；以下是其他日期的报道：

## 索引变更或就绪检查中出错的是什么（详情见日志）。
failure-object-store-credentials = 对象存储拒绝了访问凭据
failure-object-store-bucket = 对象存储的存储桶不存在
failure-object-store-unreachable = 无法连接对象存储
failure-index-unreadable = 索引无法读取
failure-disk-full = 服务器磁盘已满
failure-file-access = 服务器上的文件无法读写
failure-outside-api = 外部接口（向量或对话模型）没有响应
failure-unexpected = 意外错误，详情见日志

## small talk：问候、致谢、“你是谁”，以及拒答时的建议（回答由核心写，示例问题来自最新的报道）
small-talk-greeting = 你好！我是青岛日报问答机器人：问我报道里的事，我用报道原文回答，并标出处。
small-talk-thanks = 不客气！还想知道什么，直接问我。
small-talk-about = 我是青岛日报问答机器人：根据收录的报道回答问题，引用原文并标出处；报道里没有的，我会直说。
small-talk-examples = 可以这样问我（点一下就问）：
answer-refusal-rephrase = { answer-refusal }可以换个问法：用报道里的说法，或问得更具体些。
answer-refusal-nearest = { answer-refusal }可以换个问法，或看看相近的报道：

## timeline
cmd-timeline = 按日期列出某个话题的报道：/timeline 话题
timeline-usage = 用法：<code>/timeline 话题</code>，例如 <code>/timeline 消费帮扶</code>：按日期列出提到它的报道，每篇一行。
timeline-none = 报道里没有提到“{ $topic }”。
timeline-title = “{ $topic }”的报道，按日期排列（共 { $count } 篇，第 { $page }/{ $pages } 页）：
timeline-undated = 日期不详
timeline-topic-too-long = 话题太长了：请用几个词说。

## answers with dates
answer-dated-latest = 截至{ $date }，{ $figure }
answer-dated-earlier = 此前的报道：
answer-dated-line = { $date }：{ $figure }

## admin
remove-unknown = ❌ 索引中没有 <code>{ $file }</code>，见 /pages。

## spans
answer-quoted-before = 上一条回答已经引用了这段报道：“{ $start }”
