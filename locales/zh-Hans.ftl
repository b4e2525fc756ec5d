# 简体中文读者看到的句子。消息是 Telegram HTML：放入的文本变量由机器人先转义。

example-question = 青岛去年帮中西部卖了多少农产品？

help =
    我根据<b>青岛日报</b> { $pages } 个版面、{ $articles } 篇报道回答问题（日期：{ $dates }）。

    直接把问题发给我，例如：<i>{ example-question }</i> 我用报道原文回答并标注来源 [1]，点来源按钮可查看原文段落。
    在群里：用 /ask 问题、@我，或回复我的消息。{ $ttl } 分钟内的追问会接着上文；/new 开始新对话，/cancel 停止正在写的回答。在任何聊天里输入 <code>@{ $bot } 问题</code> 也可以提问。

    { $commands }
help-admin = 管理员还可以发送版面文件（.txt、.md、.docx 或 .pdf）来加入。
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
usage-row = { $period }：{ $questions } 个问题 · 回答 { $answered } · 拒答 { $refused } · 离线 { $offline } · 中位用时 { $p50 }
usage-today = 今天
usage-week = 最近 7 天
usage-none = —

pages-none = 还没有收录任何版面。
pages-title = 📰 <b>已收录 { $count } 个版面</b>
pages-line = • { $head } — { $articles } 篇，{ $chunks } 个片段{ $dates }

unknown-command = 没有 { $command } 这个命令。可用命令：
    { $commands }
empty-question = 请写下问题，例如：/ask { example-question }
caption-needed = 请用文字写下问题（也可以写在图片或文件的说明里）。
voice-untranscribed = 这里听不了语音消息，请打字提问。
voice-too-long = 这条语音太长了（{ $seconds } 秒，最多 { $max } 秒），请打字提问或发一条短一些的。
voice-heard = 🎙 <i>{ $text }</i>
rate-limited = 提问太频繁了，请稍等一分钟再试。
apology = 抱歉，处理时出错了，请再试一次。
not-allowed = 抱歉，这个机器人不对外开放。
new-conversation = 好的，已开始新对话，请提问。
sources = 来源
passage-gone = 这段原文已不在索引中。
passage-inferred = （日期由版面推断）
passage-open = 查看原版面
back-to-answer = ⬅ 返回回答
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
inline-refused = 报道中没有提到
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
not-text = 不能加入 { $name }：只接受 .txt、.md、.docx 或 .pdf 文件。
too-large = 文件太大（{ $size } 字节），上限为 { $limit } 字节。

feedback-none = 还没有读者点 👎 的回答。
feedback-title = 👎 <b>第 { $n }/{ $total } 条</b> · { $time }
feedback-question = <b>问题</b>：{ $question }
feedback-answer = <b>回答</b>：{ $answer }
feedback-sources = <b>来源</b>：{ $sources }
feedback-no-sources = <b>来源</b>：无
